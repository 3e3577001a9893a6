"""Atom feeds as canned queries with atom_* columns, drawn by our own renderer (feedgen).

Feeds: `feed_search` (new releases of the search page's query and filters: q, region, source,
kind, district, date_from, date_to, each optional, so a feed of a region or a source without words
works too; dates as ГГГГ-ММ-ДД or ДД.ММ.ГГГГ), `feed_source?source=` (one source),
`feed_events?kind=` (new / edited / removed / reappeared, when the archive has events).

A feed holds the FEED_SIZE releases the archive saw last, newest publication first. Each entry is
dated as Atom means it (RFC 4287): <published> is when the release was published (its UTC instant,
or 00:00 of its date in the source's zone when the site gave only a day), <updated> the last
change the archive saw (`changed_at`), else the publication. The feed's title says what was
subscribed to, in Russian («Пресс-релизы: инвестиции · Курганская область»).

The canned queries `search` / `search_by_date` (search_sql) are served here too, with the
publication moment as ISO 8601 with its offset (`published_iso`) beside the local date, time and
zone, and the snippet as plain text (`snippet`) beside the highlighted one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from datasette.utils.asgi import Request, Response

from archive.fts_tables import ATTACHMENT_STEMS_TABLE
from archive.regions import district_name
from archive.serve import search_sql
from archive.serve.labels import EVENT_KINDS, kind_label, parse_instant, ru_date

FEED_SIZE = 50
FEED_TITLES = {  # the canned queries' titles, on Datasette's pages
    "feed_search": "Лента: новые пресс-релизы поиска",
    "feed_source": "Лента: новые пресс-релизы источника",
    "feed_events": "Лента: изменения в архиве",
}
FEED_HEADINGS = {  # the feeds' own titles begin so, then say what was subscribed to
    "feed_search": "Пресс-релизы",
    "feed_source": "Пресс-релизы",
    "feed_events": "Изменения в архиве",
}
DATE_FILTERS = ("date_from", "date_to")
SEARCH_PAGE_FEEDS = ("feed_search", "feed_source")  # their parameters are the search page's
_RU_DATE_GLOB = "[0-9][0-9].[0-9][0-9].[0-9][0-9][0-9][0-9]"
_KEY_COLUMN = re.compile(r"\+?\bk\.(\w+)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RELEASE = (
    "'pressarchive:release:' || r.release_id AS atom_id, r.title AS atom_title,"
    " coalesce({changed}r.published_utc, r.first_seen) AS atom_updated,"
    " '/-/release/' || r.release_id AS atom_link, coalesce(s.title, r.source) AS atom_author_name,"
    " coalesce(r.lead, substr(r.body_text, 1, 500)) AS atom_content, r.published_date, r.published_time,"
    " r.published_utc, r.timezone, {changed_column} AS changed_at, r.first_seen"
)
# of a search's row `h`, which carries the release's published_utc (search_sql.CARRIED_COLUMN): no
# second lookup of the release (by its release_id: an index page that is seldom in the page cache)
_UTC = f"h.{search_sql.CARRIED_COLUMN}"
_ISO_OFFSET_MINUTES = (
    "CAST(round((julianday(h.published_date || ' ' || substr(h.published_time, 1, 5))"
    f" - julianday({_UTC})) * 1440) AS INTEGER)"
)
PUBLISHED_ISO = (
    f"CASE WHEN {_UTC} > '' AND h.published_time > '' THEN h.published_date || 'T'"
    " || substr(h.published_time, 1, 5) || ':00' || printf('%s%02d:%02d',"
    f" CASE WHEN {_ISO_OFFSET_MINUTES} < 0 THEN '-' ELSE '+' END, abs({_ISO_OFFSET_MINUTES}) / 60,"
    f" abs({_ISO_OFFSET_MINUTES}) % 60) ELSE h.published_date END AS published_iso"
)
PUBLISHED_ISO_HELP = (
    "Время публикации — местное, в часовом поясе источника (timezone); published_iso — тот же момент"
    " в ISO 8601 со смещением (2026-12-03T11:45:00+05:00), а если сайт указал только день — дата;"
    " title и snippet — простой текст, title_html и snippet_html — с подсветкой <mark>."
)


def _iso_date(param: str) -> str:
    """SQL for a date parameter as ГГГГ-ММ-ДД, also when written ДД.ММ.ГГГГ."""
    return (
        f"(CASE WHEN :{param} GLOB '{_RU_DATE_GLOB}' THEN substr(:{param}, 7, 4) || '-'"
        f" || substr(:{param}, 4, 2) || '-' || substr(:{param}, 1, 2) ELSE :{param} END)"
    )


def _optional_filters() -> list[str]:
    """Every filter of the search page, each applied only when its parameter is set; the tests
    read the keys `k` (no `+`: a browse may use their indexes)."""
    tests = []
    for name, test in search_sql.FILTERS.items():
        test = _KEY_COLUMN.sub(r"k.\1", test)
        if name in DATE_FILTERS:
            test = test.replace(f":{name}", _iso_date(name))
        tests.append(f"(:{name} = '' OR {test})")
    return tests


def feed_hits_sql(limit: int) -> str:
    """The newest `limit` releases (the highest rowids: the archive's order of arrival) of the
    query and filters; without a query, of the filters alone. Params q and every filter."""
    fts, keys = search_sql.FTS, search_sql.KEYS
    where = " AND ".join(_optional_filters())
    words = (
        f"SELECT {fts}.rowid AS rid FROM {fts} CROSS JOIN {keys} k ON k.release_rowid = {fts}.rowid"
        f" WHERE :q <> '' AND {fts} MATCH ru_stem_query(:q) AND {where}"
        f" ORDER BY {fts}.rowid DESC LIMIT {limit}"
    )
    browse = (
        f"SELECT k.release_rowid AS rid FROM {keys} k WHERE :q = '' AND {where}"
        f" ORDER BY k.release_rowid DESC LIMIT {limit}"
    )
    return f"SELECT rid FROM ({words}) UNION ALL SELECT rid FROM ({browse})"


def _entry_columns(release_columns: frozenset[str]) -> str:
    has_changes = "changed_at" in release_columns
    return _RELEASE.format(
        changed="r.changed_at, " if has_changes else "",
        changed_column="r.changed_at" if has_changes else "NULL",
    )


def _unescaped(column: str) -> str:
    """SQL: a column of escaped HTML with <mark>s (archive.snippets) as plain text."""
    text = f"replace(replace({column}, '<mark>', ''), '</mark>', '')"
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "''"), ("&amp;", "&")):
        text = f"replace({text}, '{entity}', '{char}')"
    return text


def _with_published_iso(sql: str) -> str:
    """The search's rows (search_sql.DISPLAY_COLUMNS), then the moment with its offset and the
    snippet as plain text."""
    shown = ", ".join(f"h.{column}" for column in search_sql.DISPLAY_COLUMNS)
    return f"SELECT {shown}, {PUBLISHED_ISO}, {_unescaped('h.snippet_html')} AS snippet FROM ({sql}) h"


def canned_queries(tables: frozenset[str], release_columns: frozenset[str]) -> dict[str, Any]:
    """The archive's canned queries (search, feeds) for what this database has."""
    entry = _entry_columns(release_columns)
    newest_published = (
        f" JOIN {search_sql.KEYS} k ON k.release_rowid = r.rowid ORDER BY k.sort_key DESC, r.rowid DESC"
    )
    queries: dict[str, Any] = {
        name: {
            **query,
            "sql": _with_published_iso(query["sql"]),
            "description": f"{query.get('description', '')} {PUBLISHED_ISO_HELP}".strip(),
        }
        for name, query in search_sql.canned_queries(ATTACHMENT_STEMS_TABLE in tables).items()
    }
    queries["feed_search"] = {
        "title": FEED_TITLES["feed_search"],
        "sql": f"SELECT r.release_id, {entry} FROM ({feed_hits_sql(FEED_SIZE)}) h"
        " JOIN releases r ON r.rowid = h.rid LEFT JOIN sources s ON s.name = r.source" + newest_published,
    }
    queries["feed_source"] = {
        "title": FEED_TITLES["feed_source"],
        "sql": f"SELECT r.release_id, {entry} FROM (SELECT rowid AS rid FROM releases"
        f" WHERE source = :source ORDER BY rowid DESC LIMIT {FEED_SIZE}) h"
        " JOIN releases r ON r.rowid = h.rid LEFT JOIN sources s ON s.name = r.source" + newest_published,
    }
    if "events" in tables:
        queries["feed_events"] = {
            "title": FEED_TITLES["feed_events"],
            "sql": "SELECT e.id AS event_id, e.kind, 'pressarchive:event:' || e.id AS atom_id,"
            " CASE e.kind WHEN 'new' THEN 'Новый: ' WHEN 'edited' THEN 'Изменён: '"
            " WHEN 'removed' THEN 'Удалён: ' WHEN 'reappeared' THEN 'Снова на сайте: ' ELSE '' END"
            " || r.title AS atom_title, e.at AS atom_updated, e.at AS atom_published,"
            " '/-/release/' || r.release_id AS atom_link, coalesce(s.title, r.source) AS atom_author_name,"
            " coalesce(r.lead, substr(r.body_text, 1, 500)) AS atom_content"
            " FROM events e JOIN releases r ON r.release_id = e.release_id"
            " LEFT JOIN sources s ON s.name = r.source"
            " WHERE (:kind = '' OR e.kind = :kind) AND (:source = '' OR e.source = :source)"
            f" ORDER BY e.at DESC, e.id DESC LIMIT {FEED_SIZE}",
        }
    return queries


# --- dates ----------------------------------------------------------------------------------------


def _zone(name: str | None) -> dt.tzinfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _instant(value: Any) -> dt.datetime | None:
    """A stored UTC stamp ('2026-02-11T12:20:00Z') as an aware datetime; None when there is none."""
    return parse_instant(value) if isinstance(value, str) else None


def published_moment(row: Mapping[str, Any]) -> dt.datetime | None:
    """When the release was published: its UTC instant; for a date without a time, 00:00 of that
    day (the first of the month for a month) in the source's zone; None without a date."""
    if row.get("atom_published"):
        return _instant(row["atom_published"])
    exact = _instant(row.get("published_utc"))
    if exact is not None:
        return exact
    date = str(row.get("published_date") or "")
    try:
        day = dt.date.fromisoformat(date[:10] if len(date) >= 10 else f"{date[:7]}-01")
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=_zone(row.get("timezone")))


def entry_dates(row: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """(published, updated) of an entry: updated is the last edit the archive saw (`changed_at`
    after `first_seen`; a new release's changed_at is its first_seen), else the publication."""
    first_seen = _instant(row.get("first_seen"))
    published = published_moment(row) or first_seen or _instant(row.get("atom_updated"))
    changed = _instant(row.get("changed_at"))
    if changed is not None and first_seen is not None and changed <= first_seen:
        changed = None
    if published is None:
        published = changed or dt.datetime.now(dt.UTC)
    updated = changed if changed is not None and changed > published else published
    return published, updated


# --- titles ---------------------------------------------------------------------------------------


async def _source_title(datasette: Any, database: str, name: str) -> str:
    try:
        result = await datasette.get_database(database).execute(
            "SELECT title FROM sources WHERE name = ?", [name]
        )
    except Exception:  # a title is not worth an error page
        return name
    return (result.rows[0][0] if result.rows else None) or name


def _subscription(request: Request) -> dict[str, str]:
    """The feed's own parameters (q and the filters), without Datasette's `_` ones."""
    return {k: v.strip() for k, v in parse_qsl(request.query_string) if not k.startswith("_") and v.strip()}


async def feed_title(datasette: Any, database: str, query_name: str | None, request: Request) -> str:
    """What was subscribed to: «Пресс-релизы: инвестиции · Курганская область · с 1 марта 2026»."""
    base = FEED_HEADINGS.get(query_name or "", "Архив пресс-релизов")
    args = _subscription(request)
    parts: list[str] = [args["q"]] if args.get("q") else []
    if args.get("kind") and query_name == "feed_events":
        parts.append(EVENT_KINDS.get(args["kind"], args["kind"]))
    if args.get("source"):
        parts.append(await _source_title(datasette, database, args["source"]))
    if args.get("region"):
        parts.append(args["region"])
    if args.get("district"):
        parts.append(f"{district_name(args['district']) or args['district']} федеральный округ")
    if args.get("kind") and query_name != "feed_events":
        parts.append(kind_label(args["kind"]))
    for name, word in (("date_from", "с"), ("date_to", "по")):
        if args.get(name):
            parts.append(f"{word} {ru_date(_normal_date(args[name]))}")
    if not parts:
        return f"{base}: все" if query_name != "feed_events" else base
    return f"{base}: {' · '.join(parts)}"


def _normal_date(value: str) -> str:
    found = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", value)
    return f"{found[3]}-{found[2]}-{found[1]}" if found else value


# --- the renderer ---------------------------------------------------------------------------------


def xml_text(value: Any) -> str:
    """Text XML 1.0 can hold: a control character from a site or a URL is dropped, not a 500."""
    return _NOT_XML.sub("", str(value or ""))


async def render_atom(
    datasette: Any, request: Request, sql: str, columns: list[str], rows: list[Any], database: str,
    table: str | None, query_name: str | None, view_name: str, data: dict[str, Any],
) -> Response:  # fmt: skip
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(xml_text(request.url))
    feed.link(href=xml_text(request.url), rel="self")
    if query_name in SEARCH_PAGE_FEEDS:  # the same subscription as a page to read
        page = datasette.urls.path("/-/search") + "?" + urlencode(_subscription(request))
        feed.link(href=xml_text(datasette.absolute_url(request, page)), rel="alternate", type="text/html")
    feed.title(xml_text(await feed_title(datasette, database, query_name, request)))
    newest: dt.datetime | None = None
    for row in reversed(rows):  # feedgen puts each new entry first
        item = dict(row)
        published, updated = entry_dates(item)
        newest = updated if newest is None or updated > newest else newest
        entry = feed.add_entry()
        entry.id(xml_text(item["atom_id"]))
        entry.title(xml_text(item["atom_title"]))
        entry.published(published)
        entry.updated(updated)
        link = item.get("atom_link")
        if isinstance(link, str) and link:
            if link.startswith("/"):
                link = datasette.absolute_url(request, datasette.urls.path(link))
            entry.link(href=xml_text(link))
        if item.get("atom_author_name"):
            entry.author({"name": xml_text(item["atom_author_name"])})
        if item.get("atom_content"):
            entry.content(xml_text(item["atom_content"]), type="text")
    feed.updated(newest or dt.datetime.now(dt.UTC))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


def can_render_atom(columns: list[str]) -> bool:
    return {"atom_id", "atom_updated", "atom_title"}.issubset(columns)
