"""A search as a file for Russian Excel: /-/search/excel?<the search page's parameters>.

Russian Excel opens a CSV by double click only when it is UTF-8 with a BOM, separated by `;`
(its list separator), with CRLF line ends; anything else shows as mojibake in one column. So the
file is written that way, with Russian column names and labels (the source's title, not its code;
«МСК+2», not an IANA zone), plain text (no <mark>), and every hit of the search, not a page of
them, up to MAX_ROWS (the first data row says when the search found more; so does the header
X-Pressarchive-Truncated).

A cell that starts with = + - @ (or a tab / carriage return) is a formula to Excel: a hostile
site's title could run one. Such a cell gets a leading apostrophe, which Excel shows as text.

The hits are found once (their rowids, in the page's order); the rows are then read and written
CHUNK at a time, so a 50,000-row file is never held in memory whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from datasette.utils.asgi import AsgiStream

from archive.regions import federal_district
from archive.search import parse_query
from archive.serve import errors, search_sql
from archive.serve.labels import kind_label, parse_instant, ru_number
from archive.serve.schema import read_schema
from archive.serve.search_view import SearchForm, read_form
from archive.serve.time_labels import MOSCOW, moscow_time, msk_offset_label

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000
CHUNK = 500
FRAGMENT_CHARS = 300
TRUNCATED_HEADER = "X-Pressarchive-Truncated"
INTERRUPTED = "Выгрузка прервана из-за ошибки базы данных: файл неполный, скачайте его ещё раз."
COLUMNS = (
    "Дата публикации",
    "Время",
    "Часовой пояс",
    "Заголовок",
    "Источник",
    "Регион",
    "Федеральный округ",
    "Тип издателя",
    "Ссылка на оригинал",
    "Ссылка в архиве",
    "Изменён",
    "Удалён с сайта",
    "Фрагмент",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG = re.compile(r"<[^>]*>")
_UNSAFE_NAME = re.compile(r"[^\w\- ]+")

_MATCH = f"{search_sql.FTS} MATCH ru_stem_query(:q, :found)"
_KEYS_OF_FTS = f"{search_sql.KEYS} k ON k.release_rowid = {search_sql.FTS}.rowid"


@dataclass(frozen=True)
class Hits:
    rowids: list[int]  # in the order of the file, at most MAX_ROWS
    total: int  # every hit of the search


def hits_sql(active: Sequence[str], has_query: bool, sort: str) -> str:
    """The rowids of every hit in the search page's order, up to :limit; params q (when
    `has_query`), the active filters' values, limit.

    With a query: FTS5 finds the matches, by relevance (bm25, title weighted as on the page, over
    every match: the page ranks only the newest RANK_WINDOW of a very common query) or newest
    first; without one (a browse of filters), the search keys alone, newest first.
    """
    if not has_query:
        where = " AND ".join(search_sql.BROWSE_FILTERS[name] for name in active) or "1"
        return (
            f"SELECT k.release_rowid FROM {search_sql.KEYS} k WHERE {where}"
            " ORDER BY k.sort_key DESC, k.release_rowid DESC LIMIT :limit"
        )
    fts = search_sql.FTS
    where = " AND ".join([_MATCH, *(search_sql.FILTERS[name] for name in active)])
    if sort == "date":
        order = f"k.sort_key DESC, {fts}.rowid DESC"
    else:
        order = f"{search_sql.BM25.format(fts=fts)}, {fts}.rowid DESC"
    return f"SELECT {fts}.rowid FROM {fts} JOIN {_KEYS_OF_FTS} WHERE {where} ORDER BY {order} LIMIT :limit"


def count_sql(active: Sequence[str], has_query: bool) -> str:
    if not has_query:
        browse = " AND ".join(search_sql.BROWSE_FILTERS[name] for name in active) or "1"
        return f"SELECT count(*) FROM {search_sql.KEYS} k WHERE {browse}"
    where = " AND ".join([_MATCH, *(search_sql.FILTERS[name] for name in active)])
    return f"SELECT count(*) FROM {search_sql.FTS} JOIN {_KEYS_OF_FTS} WHERE {where}"


def _params(form: SearchForm, active: Sequence[str], has_query: bool) -> dict[str, Any]:
    params: dict[str, Any] = {name: form.values[name] for name in active}
    if has_query:
        params["q"] = form.values["q"]
        params["found"] = form.values.get("found", "")  # where the words are (search_view.FOUND_LABELS)
    return params


def find_hits(conn: sqlite3.Connection, form: SearchForm, limit: int | None = None) -> Hits:
    """Every hit of the form's search (at most `limit`, MAX_ROWS by default), and how many in all."""
    limit = MAX_ROWS if limit is None else limit
    active = form.active_filters
    has_query = bool(form.values.get("q"))
    params = _params(form, active, has_query)
    sql = hits_sql(active, has_query, form.values.get("sort", "relevance"))
    rowids = [row[0] for row in conn.execute(sql, {**params, "limit": limit + 1})]
    if len(rowids) <= limit:
        return Hits(rowids, len(rowids))
    total = conn.execute(count_sql(active, has_query), params).fetchone()[0]
    return Hits(rowids[:limit], int(total))


def guard(value: str) -> str:
    """A cell Excel must not read as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _plain(value: str | None, limit: int | None = None) -> str:
    text = value or ""
    text = " ".join((_TAG.sub(" ", text) if "<" in text else text).split())
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return text


def _ru_day(value: str | None) -> str:
    """'2026-02-11' -> '11.02.2026' (a date Russian Excel reads as a date); else as is."""
    try:
        return dt.date.fromisoformat((value or "")[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return value or ""


def _moscow_instant(value: str | None) -> str:
    """A UTC stamp -> '21.02.2026 06:00 МСК'; '' when there is none."""
    moment = parse_instant(value)
    if moment is None:
        return value or ""
    return f"{moment.astimezone(ZoneInfo(MOSCOW)):%d.%m.%Y %H:%M} МСК"


def _zone_label(row: dict[str, Any]) -> str:
    """«МСК+2» for the source's zone, its offset as on the release's day (the moment only picks the
    day, so its own zone does not matter)."""
    date, time = row.get("published_date") or "", row.get("published_time") or "12:00"
    try:
        moment = dt.datetime.fromisoformat(f"{date[:10]}T{time[:5]}").replace(tzinfo=dt.UTC)
    except ValueError:
        moment = None
    return msk_offset_label(row.get("timezone"), moment)


@dataclass(frozen=True)
class SourceInfo:
    title: str
    district: str


def _when(row: dict[str, Any], moscow: bool) -> tuple[str, str, str]:
    """(date, time, zone label) as the file shows them: local to the source, or with `moscow` (the
    page's ?time=msk) a timed release on Moscow's clock; a day without a time stays the local day."""
    date, time = row.get("published_date") or "", (row.get("published_time") or "")[:5]
    converted = moscow_time(time, date, row.get("timezone")) if moscow else None
    if converted is not None:
        return _ru_day(converted[0]), converted[1], "МСК"
    return _ru_day(date), time, _zone_label(row)


def cells(
    row: dict[str, Any], source: SourceInfo | None, archive_url: str, moscow: bool = False
) -> list[str]:
    """One release as the file's cells, in COLUMNS order."""
    values = [
        *_when(row, moscow),
        _plain(row.get("title")),
        source.title if source else row.get("source") or "",
        row.get("region") or "",
        source.district if source else federal_district(row.get("region") or "") or "",
        kind_label(row.get("publisher_kind")),
        row.get("canonical_url") or row.get("url") or "",
        archive_url,
        _moscow_instant(row.get("changed_at")),
        _moscow_instant(row.get("removed_at")),
        _plain(row.get("lead") or row.get("body_start"), FRAGMENT_CHARS),
    ]
    return [guard(str(value)) for value in values]


def _release_sql(release_columns: frozenset[str], count: int) -> str:
    history = [
        f"r.{c}" if c in release_columns else f"NULL AS {c}"
        for c in ("changed_at", "removed_at", "lead", "canonical_url")
    ]
    return (
        "SELECT r.rowid AS rid, r.release_id, r.title, r.published_date, r.published_time, r.timezone,"
        " r.source, r.region, r.publisher_kind, r.url,"
        f" substr(r.body_text, 1, {FRAGMENT_CHARS * 2}) AS body_start, "
        + ", ".join(history)
        + f" FROM releases r WHERE r.rowid IN ({', '.join('?' * count)})"
    )


def read_releases(conn: sqlite3.Connection, rowids: Sequence[int], columns: frozenset[str]) -> list[dict]:
    """The releases of these rowids, in this order (a release gone since is left out)."""
    cursor = conn.execute(_release_sql(columns, len(rowids)), list(rowids))
    names = [d[0] for d in cursor.description]
    found = {row[0]: dict(zip(names, tuple(row), strict=True)) for row in cursor}
    return [found[rid] for rid in rowids if rid in found]


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _csv_text(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


def truncation_note(shown: int, total: int) -> str:
    return f"Показаны первые {ru_number(shown)} из {ru_number(total)} найденных релизов"


def file_name(form: SearchForm, today: dt.date) -> tuple[str, str]:
    """(ASCII fallback, Russian name) of the file, both ending in .csv."""
    words = _UNSAFE_NAME.sub(" ", form.values.get("q") or "").split()
    what = "_".join(words)[:60]
    ascii_what = "_".join(what.encode("ascii", "ignore").decode().split("_")).strip("_") or "poisk"
    stamp = today.isoformat()
    return f"pressarchive-{ascii_what}-{stamp}.csv", f"Пресс-релизы-{what or 'все'}-{stamp}.csv"


def _disposition(form: SearchForm) -> str:
    fallback, name = file_name(form, dt.datetime.now(dt.UTC).date())
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def _sources(db: Any) -> dict[str, SourceInfo]:
    result = await db.execute("SELECT * FROM sources")
    found = {}
    for row in result.rows:
        item = dict(row)
        district = item.get("federal_district") or federal_district(item.get("region") or "") or ""
        found[item["name"]] = SourceInfo(item.get("title") or item["name"], district)
    return found


async def excel_page(datasette: Any, request: Any) -> Any:
    """The route: a CSV download, or a Russian 400 page when the parameters cannot be used."""
    db = datasette.get_database()
    form = read_form(request.args)
    q = form.values.get("q") or ""
    if q and parse_query(q).is_empty and not form.problems:
        form.problems.append("В запросе нет слов для поиска.")
    if form.problems:
        return await errors.error_response(datasette, request, 400, " ".join(form.problems))
    schema = await read_schema(db)
    if not schema.searchable:
        return await errors.error_response(datasette, request, 404, "В этой базе нет архива для поиска.")
    try:
        hits = await db.execute_fn(lambda conn: find_hits(conn, form))
        sources = await _sources(db)
    except sqlite3.Error:
        logger.exception("export failed for %r", request.query_string)
        return await errors.error_response(
            datasette, request, 400, "Выгрузку не удалось подготовить. Уточните запрос или фильтры."
        )
    headers = {"content-disposition": _disposition(form)}
    if hits.total > len(hits.rowids):
        headers[TRUNCATED_HEADER] = f"{len(hits.rowids)} of {hits.total}"
    # once, not per row: absolute_url costs about 0.5 ms (a third of a 50,000-row file's time)
    release_url = str(datasette.absolute_url(request, datasette.urls.path("/-/release/")))

    def archive_url(release_id: str) -> str:
        return release_url + quote(release_id, safe="")

    async def stream(writer: Any) -> None:
        head: list[Sequence[str]] = [COLUMNS]
        if hits.total > len(hits.rowids):
            head.append([truncation_note(len(hits.rowids), hits.total)] + [""] * (len(COLUMNS) - 1))
        await writer.write("\ufeff" + _csv_text(head))
        for chunk in _chunks(hits.rowids, CHUNK):
            try:
                rows = await db.execute_fn(
                    lambda conn, ids=chunk: read_releases(conn, ids, schema.release_columns)
                )
            except sqlite3.Error:  # the headers are sent: the file itself must say it is cut
                logger.exception("export cut short for %r", request.query_string)
                await writer.write(_csv_text([[INTERRUPTED] + [""] * (len(COLUMNS) - 1)]))
                return
            lines = (
                cells(row, sources.get(row["source"]), archive_url(row["release_id"]), form.moscow_time)
                for row in rows
            )
            await writer.write(_csv_text(lines))

    return AsgiStream(stream, headers=headers, content_type="text/csv; charset=utf-8")
