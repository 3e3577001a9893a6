"""What is checked before Datasette sees a request, and what its English 4xx JSON says in Russian.

- `_timelimit` and `_through`, which Datasette 0.65.5 parses without checking (a letter in
  `_timelimit` or broken JSON in `_through` was a 500), are refused with a Russian 400 when they
  are not what they must be;
- a reader's own SQL (`?sql=` on a database, `_where=` on a table), where the operator turned it
  on, runs one at a time (SQL_AT_ONCE): a second one meanwhile gets a Russian 429, so such queries
  never hold more than one of Datasette's SQL threads and the search keeps the others;
- Datasette's own JSON answers for a reader's mistake ("Invalid _shape: …", SQL errors) carry their
  message in Russian, like the errors the plugin explains (archive.serve.errors).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from datasette.utils.asgi import Request

from archive.serve import errors

logger = logging.getLogger(__name__)

SQL_AT_ONCE = 1
_TIMELIMIT = re.compile(r"[1-9][0-9]{0,6}")
FACET_ARGS = ("_facet", "_facet_date", "_facet_array")  # Datasette reads a value starting "{" as JSON
_DATABASE_PAGE = re.compile(r"^/[^/]+$")  # /<db>, /<db>.json, /<db>.csv: where ?sql= runs

Scope = dict[str, Any]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def problem(pairs: list[tuple[str, str]]) -> str | None:
    """The Russian reason to refuse these query arguments; None when they may go on."""
    for key, value in pairs:
        if key == "_timelimit" and not _TIMELIMIT.fullmatch(value):
            return "Ограничение времени запроса (_timelimit) — целое число миллисекунд больше нуля."
        if key in FACET_ARGS and value.startswith("{") and not _is_json_object(value):
            return f"Параметр {key} — имя столбца или JSON-объект; «{value[:40]}» ни то ни другое."
        if key == "_through" and not _is_through(value):
            return (
                "Параметр _through — JSON-объект с ключами table, column и value, например"
                ' {"table": "events", "column": "kind", "value": "new"}.'
            )
    return None


def _is_json_object(value: str) -> bool:
    try:
        return isinstance(json.loads(value), dict)
    except ValueError:
        return False


def _is_through(value: str) -> bool:
    try:
        found = json.loads(value)
    except ValueError:
        return False
    return (
        isinstance(found, dict)
        and all(isinstance(found.get(key), str) for key in ("table", "column"))
        and isinstance(found.get("value"), str | int | float)
    )


def own_sql(path: str, pairs: list[tuple[str, str]]) -> bool:
    """Whether the request runs SQL the reader wrote."""
    keys = {key for key, _ in pairs}
    return "_where" in keys or ("sql" in keys and bool(_DATABASE_PAGE.match(path)))


class SqlGate:
    """At most SQL_AT_ONCE readers' own SQL statements at a time; the rest are refused, not queued."""

    def __init__(self, size: int = SQL_AT_ONCE) -> None:
        self.free = size

    def take(self) -> bool:
        if self.free <= 0:
            return False
        self.free -= 1
        return True

    def give_back(self) -> None:
        self.free += 1


def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    gate = SqlGate()

    def wrap(app: Any) -> Any:
        async def middleware(scope: Scope, receive: Any, send: Send) -> None:
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            query = (scope.get("query_string") or b"").decode("latin-1")
            pairs = parse_qsl(query, keep_blank_values=True)
            refused = problem(pairs)
            if refused is not None:
                await _refuse(datasette, scope, receive, send, 400, refused)
                return
            send = _russian_json_errors(send)
            if not (datasette.setting("default_allow_sql") and own_sql(scope.get("path", ""), pairs)):
                await app(scope, receive, send)
                return
            if not gate.take():
                message = "Сейчас выполняется другой SQL-запрос. Повторите свой через несколько секунд."
                await _refuse(datasette, scope, receive, send, 429, message)
                return
            try:
                await app(scope, receive, send)
            finally:
                gate.give_back()

        return middleware

    return wrap


async def _refuse(datasette: Any, scope: Scope, receive: Any, send: Send, status: int, message: str) -> None:
    scope = {"csrftoken": lambda: "", **scope}  # outside Datasette's CSRF layer: the page has no form
    response = await errors.error_response(datasette, Request(scope, receive), status, message)
    await response.asgi_send(send)


def _russian_json_errors(send: Send) -> Send:
    """`send` that rewrites the "error" of a 4xx JSON answer into Russian when it is English."""
    held: dict[str, Any] = {}
    body = bytearray()

    async def russian_send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start" and _is_json_4xx(message):
            held["start"] = message
            return
        if "start" not in held or message["type"] != "http.response.body":
            await send(message)
            return
        body.extend(message.get("body", b""))
        if message.get("more_body"):
            return
        text = _translated(bytes(body))
        start = held.pop("start")
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(text)).encode("latin-1")))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": text})

    return russian_send


def _is_json_4xx(start: dict[str, Any]) -> bool:
    if not 400 <= int(start.get("status", 200)) < 500:
        return False
    headers = dict((k.lower(), v) for k, v in start.get("headers", []))
    return b"json" in headers.get(b"content-type", b"")


def _translated(body: bytes) -> bytes:
    try:
        found = json.loads(body)
    except ValueError:
        return body
    if not isinstance(found, dict) or not isinstance(found.get("error"), str):
        return body
    found["error"] = errors.russian(found["error"])
    return json.dumps(found, ensure_ascii=False).encode("utf-8")
