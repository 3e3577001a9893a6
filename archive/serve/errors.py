"""Errors in Russian, and never a bare 500 for something a reader typed.

Datasette's own `?_search=` (exact word forms) passes FTS5 syntax through, so a lone quote or
`NEAR(` gives "fts5: syntax error"; a slow query gives an English time-limit message. Those are
turned into Russian explanations with a pointer to the morphology-aware search, as HTML or JSON.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError

from archive.serve.limits import ResultTooBig

logger = logging.getLogger(__name__)

_SEARCH_SYNTAX = (
    "fts5:",
    "unterminated string",
    "unknown special query",
    "no such column",
    "malformed MATCH",
)
# Datasette 0.65.5's English messages for a table or query address a reader can get wrong (a stale
# link, a hand-edited URL): (pattern, Russian text); all of them are the reader's mistake, so 400.
_DATASETTE_MESSAGES = (
    (
        r"You do not have permission to view this table",
        "Это служебная таблица архива (например, часть полнотекстового индекса): читателям её страницы"
        " не показываются.",
    ),
    (
        r"Cannot sort table by (.+)",
        "Таблицу нельзя отсортировать по столбцу «{0}»: такого столбца нет или по нему таблица не"
        " сортируется (большие таблицы — только по столбцам, для которых это быстро).",
    ),
    (
        r"Cannot use _sort and _sort_desc at the same time",
        "Сортировать можно в одну сторону: по возрастанию (_sort) или по убыванию (_sort_desc), не сразу.",
    ),
    (r"_size must be a positive integer", "Число строк на странице (_size) должно быть целым и больше нуля."),
    (r"_size must be <= (\d+)", "Больше {0} строк на одной странице показать нельзя (_size)."),
    (r"_(no)?col=(.*) - invalid columns", "В таблице нет столбцов «{1}»."),
    (r"Statement must be a SELECT", "Выполнять можно только запросы на чтение (SELECT)."),
    (r"Invalid SQL", "Такой SQL-запрос выполнить нельзя."),
    (
        r"Invalid _shape: (.*)",
        "Формата ответа «{0}» нет (_shape): есть objects, arrays, array, object и arrayfirst.",
    ),
    (
        r".*string or blob too big.*",
        "В запросе получается слишком длинное значение (больше 16 МиБ): такой запрос сервер не выполняет.",
    ),
    (r".*null character.*", "В адресе есть нулевой байт (%00): такой запрос выполнить нельзя."),
    (r".*out of memory.*", "Запросу не хватило памяти сервера, он остановлен. Упростите запрос."),
    (
        r"execute-sql|.*permission to execute SQL.*|_where= is not allowed",
        "Свои SQL-запросы на этом сервере выключены. Пользуйтесь поиском, таблицами и готовыми запросами"
        " архива (их список — на странице базы).",
    ),
)
STATUS_TITLES = {
    400: "Запрос не получилось выполнить",
    403: "Доступ запрещён",
    404: "Страница не найдена",
    405: "Архив только для чтения",
    500: "Внутренняя ошибка",
}


def explain(exception: Exception, request: Any) -> tuple[int, str] | None:
    """(status, Russian message) for the errors a reader can cause; None for everything else."""
    message = str(getattr(exception, "message", None) or (exception.args[0] if exception.args else ""))
    search = request.args.get("_search") or request.args.get("q") or request.args.get("_ru")
    if isinstance(exception, DatasetteError) and search and any(s in message for s in _SEARCH_SYNTAX):
        return 400, (
            f"Поисковый запрос «{search}» содержит символы, которые точный поиск понимает как команды "
            "(кавычки, скобки, двоеточие, NEAR). Уберите их или воспользуйтесь поиском с учётом морфологии: "
            "он принимает любой текст."
        )
    if isinstance(exception, OverflowError):  # a number in a filter beyond SQLite's 64-bit integers
        return 400, "Число в адресе слишком велико: в архиве таких значений нет."
    if isinstance(exception, MemoryError):  # SQLite's heap limit (archive.serve.limits)
        return 400, "Запросу не хватило памяти сервера, он остановлен. Упростите запрос."
    if "took too long" in message or "interrupted" in message.lower():
        return 400, "Запрос выполнялся слишком долго и был остановлен. Уточните запрос или добавьте фильтр."
    if isinstance(exception, ResultTooBig):
        return 400, message
    if isinstance(exception, Base400 | DatasetteError | sqlite3.Error) and (
        translated := datasette_message(message)
    ):
        status = getattr(exception, "status", 400)
        return status if 400 <= status < 500 else 400, translated
    if isinstance(exception, Base400 | DatasetteError):
        status = getattr(exception, "status", 400)
        if status == 404:
            return 404, message if _is_russian(message) else "Такой страницы в архиве нет."
        if status == 405:
            return 405, "Архив открыт только для чтения: изменять данные через сайт нельзя."
        return status, message if _is_russian(message) else f"Ошибка: {message}"
    return None


def russian(message: str) -> str:
    """A message for a reader: Datasette's English translated, anything else English prefixed."""
    return datasette_message(message) or (message if _is_russian(message) else f"Ошибка: {message}")


def datasette_message(message: str) -> str | None:
    """Datasette's English text of a reader's mistake, in Russian; None for any other message."""
    for pattern, russian in _DATASETTE_MESSAGES:
        if found := re.fullmatch(pattern, message.strip(), re.S):
            return russian.format(*(group or "" for group in found.groups()))
    return None


def _is_russian(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" for ch in text)


async def error_response(datasette: Any, request: Any, status: int, message: str) -> Response:
    if request.path.split("?")[0].endswith((".json", ".atom", ".csv")):
        return Response.json({"ok": False, "error": message, "status": status}, status=status)
    query = request.args.get("_search") or request.args.get("q") or ""
    context = {
        "status": status,
        "title": STATUS_TITLES.get(status, "Ошибка"),
        "error": message,
        "search_url": datasette.urls.path("/-/search") + ("?" + urlencode({"q": query}) if query else ""),
    }
    html = await datasette.render_template("error.html", context, request=request, view_name="error")
    return Response.html(html, status=status)


def handle(datasette: Any, request: Any, exception: Exception) -> Any:
    explained = explain(exception, request)
    if explained is None:
        logger.error("unexpected error on %s", request.path, exc_info=exception)
        explained = (500, "Внутренняя ошибка архива. Попробуйте ещё раз или сообщите администратору.")
    status, message = explained

    async def inner() -> Response:
        return await error_response(datasette, request, status, message)

    return inner
