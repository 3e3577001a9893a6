"""Atom feeds through datasette-atom 0.9: canned queries with atom_* columns, and a thin renderer.

Feeds: `feed_search?q=` (new releases matching a stemmed query, narrowed by the search page's
filters: region, source, kind, district, dates), `feed_source?source=` (one
source), `feed_events?kind=` (new / edited / removed / reappeared, when the archive has events).
The renderer wraps datasette-atom's: it gives each feed a Russian title naming its parameters,
makes atom_link absolute, and answers a query with no rows with a valid empty feed (datasette-atom
0.9 fails on that with a 500).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape as xml_escape

from datasette.utils.asgi import Request, Response

from archive.serve import search_sql
from archive.serve.labels import EVENT_KINDS

FEED_SIZE = 50
FEED_TITLES = {
    "feed_search": "Архив пресс-релизов: поиск",
    "feed_source": "Архив пресс-релизов: источник",
    "feed_events": "Архив пресс-релизов: события",
}
_FEED_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_ENTRY = (
    "'pressarchive:release:' || r.release_id AS atom_id, r.title AS atom_title, {updated} AS atom_updated,"
    " '/-/release/' || r.release_id AS atom_link, coalesce(s.title, r.source) AS atom_author_name,"
    " coalesce(r.lead, substr(r.body_text, 1, 500)) AS atom_content"
)


def _updated(release_columns: frozenset[str]) -> str:
    return "coalesce(r.changed_at, r.first_seen)" if "changed_at" in release_columns else "r.first_seen"


def canned_queries(tables: frozenset[str], release_columns: frozenset[str]) -> dict[str, Any]:
    """The archive's canned queries (search, feeds) for what this database has."""
    entry = _ENTRY.format(updated=_updated(release_columns))
    queries: dict[str, Any] = {
        **search_sql.canned_queries(),
        # newest = highest rowid (releases are inserted as the archive first sees them): the FTS
        # index and the source index give that order without reading every matching row
        "feed_search": {
            "title": FEED_TITLES["feed_search"],
            "sql": f"SELECT r.release_id, {entry} FROM ({search_sql.feed_hits_sql(FEED_SIZE)}) h"
            " JOIN releases r ON r.rowid = h.rid LEFT JOIN sources s ON s.name = r.source"
            " ORDER BY r.first_seen DESC, r.rowid DESC",
        },
        "feed_source": {
            "title": FEED_TITLES["feed_source"],
            "sql": f"SELECT r.release_id, {entry} FROM (SELECT rowid AS rid FROM releases"
            f" WHERE source = :source ORDER BY rowid DESC LIMIT {FEED_SIZE}) h"
            " JOIN releases r ON r.rowid = h.rid LEFT JOIN sources s ON s.name = r.source"
            " ORDER BY r.first_seen DESC, r.rowid DESC",
        },
    }
    if "events" in tables:
        queries["feed_events"] = {
            "title": FEED_TITLES["feed_events"],
            "sql": "SELECT e.id AS event_id, e.kind, 'pressarchive:event:' || e.id AS atom_id,"
            " CASE e.kind WHEN 'new' THEN 'Новый: ' WHEN 'edited' THEN 'Изменён: '"
            " WHEN 'removed' THEN 'Удалён: ' WHEN 'reappeared' THEN 'Снова на сайте: ' ELSE '' END"
            " || r.title AS atom_title, e.at AS atom_updated, '/-/release/' || r.release_id AS atom_link,"
            " coalesce(s.title, r.source) AS atom_author_name,"
            " coalesce(r.lead, substr(r.body_text, 1, 500)) AS atom_content"
            " FROM events e JOIN releases r ON r.release_id = e.release_id"
            " LEFT JOIN sources s ON s.name = r.source"
            " WHERE (:kind = '' OR e.kind = :kind) AND (:source = '' OR e.source = :source)"
            f" ORDER BY e.at DESC, e.id DESC LIMIT {FEED_SIZE}",
        }
    return queries


def _title(query_name: str | None, request: Request) -> str:
    base = FEED_TITLES.get(query_name or "", "Архив пресс-релизов")
    values = [
        EVENT_KINDS.get(v, v) for k, v in parse_qsl(request.query_string) if not k.startswith("_") and v
    ]
    return f"{base}: {' · '.join(values)}" if values else base


def _retitle(body: bytes | str, title: str) -> bytes:
    """Put our title in the feed's first <title> (datasette-atom titles a canned query by its SQL)."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    text = _FEED_TITLE.sub(lambda _: f"<title>{xml_escape(title)}</title>", text, count=1)
    return text.encode("utf-8")


def _empty_feed(request: Request, title: str) -> Response:
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(title)
    feed.updated(dt.datetime.now(dt.UTC))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


def render_atom(
    datasette: Any, request: Request, sql: str, columns: list[str], rows: list[Any], database: str,
    table: str | None, query_name: str | None, view_name: str, data: dict[str, Any],
) -> Response:  # fmt: skip
    import datasette_atom

    title = _title(query_name, request)
    if not rows:
        return _empty_feed(request, title)
    absolute = []
    for row in rows:
        item = dict(row)
        link = item.get("atom_link")
        if isinstance(link, str) and link.startswith("/"):
            item["atom_link"] = datasette.absolute_url(request, datasette.urls.path(link))
        absolute.append(item)
    response: Response = datasette_atom.render_atom(
        datasette, request, sql, columns, absolute, database, table, None, view_name, data
    )
    response.body = _retitle(response.body, title)
    return response


def can_render_atom(columns: list[str]) -> bool:
    return {"atom_id", "atom_updated", "atom_title"}.issubset(columns)
