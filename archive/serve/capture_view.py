"""The archived copy of a page (/-/capture/<id>): the response as the crawler received it.

The record is read from its WARC file (captures.warc_file is relative to the data directory,
the database's folder). A revisit record has no payload: the earlier response with the same
payload digest is shown instead. The page's HTML is shown only after nh3 (no scripts, no
handlers, no javascript: links) under a strict Content-Security-Policy; `?raw=1` gives the
payload as plain text.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from typing import Any

from datasette.utils.asgi import NotFound, Response

from archive.serve.html import safe_markup

logger = logging.getLogger(__name__)

CSP = "script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def decode_payload(body: bytes, content_type: str | None) -> str:
    """Bytes -> text by the HTTP charset, else the page's <meta charset>, else UTF-8 (with care)."""
    candidates = []
    for source in (content_type.encode("latin-1", "replace") if content_type else b"", body[:4096]):
        found = _CHARSET.search(source)
        if found:
            candidates.append(found.group(1).decode("ascii", "replace"))
    for encoding in [*candidates, "utf-8"]:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1251", errors="replace")


def resolve_warc(data_dir: Path, warc_file: str) -> Path:
    """The WARC file's path, refusing anything outside the data directory."""
    root = data_dir.resolve()
    path = (root / warc_file).resolve()
    if not path.is_relative_to(root):
        raise NotFound("Архивная копия хранится вне каталога архива и не показывается.")
    return path


async def _capture(db: Any, capture_id: int) -> dict[str, Any]:
    result = await db.execute("SELECT * FROM captures WHERE id = ?", [capture_id])
    if not result.rows:
        raise NotFound(f"В архиве нет копии страницы с номером {capture_id}.")
    capture = dict(result.rows[0])
    if capture["record_type"] != "revisit":
        return capture
    original = await db.execute(
        "SELECT * FROM captures WHERE payload_digest = ? AND record_type = 'response' AND id < ?"
        " ORDER BY url = ? DESC, id DESC LIMIT 1",
        [capture["payload_digest"], capture_id, capture["url"]],
    )
    if not original.rows:
        raise NotFound("Копия записана как повтор более ранней, но ранняя копия не найдена.")
    return {**dict(original.rows[0]), "revisit": capture}


async def read_capture(db: Any, capture_id: int) -> tuple[dict[str, Any], str, str | None]:
    """The capture row, its payload as text, and its Content-Type."""
    from archive.warc import read_record  # warcio is only needed when someone opens a copy

    capture = await _capture(db, capture_id)
    path = resolve_warc(Path(db.path).parent, capture["warc_file"])
    try:
        record = await asyncio.to_thread(read_record, path, capture["warc_offset"])
    except (OSError, ValueError) as exc:
        logger.warning("capture %s unreadable: %s", capture_id, exc)
        raise NotFound(f"Файл архивной копии не читается ({capture['warc_file']}).") from exc
    content_type = record.header("Content-Type")
    return capture, decode_payload(record.body, content_type), content_type


async def capture_page(datasette: Any, request: Any) -> Response:
    db = datasette.get_database()
    try:
        capture_id = int(request.url_vars["capture_id"])
    except ValueError as exc:
        raise NotFound("Неверный номер архивной копии.") from exc
    capture, text, content_type = await read_capture(db, capture_id)
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    if request.args.get("raw"):
        return Response.text(text, headers=headers)
    is_html = "html" in (content_type or "text/html").lower()
    context = {
        "capture": capture,
        "content_type": content_type,
        "page": safe_markup(_HEAD.sub("", text), capture["url"]) if is_html else None,
        "text": None if is_html else text,
        "raw_url": datasette.urls.path(f"/-/capture/{capture_id}") + "?raw=1",
    }
    html = await datasette.render_template("capture.html", context, request=request, view_name="capture")
    return Response.html(html, headers=headers)
