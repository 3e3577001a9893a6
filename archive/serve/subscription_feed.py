"""/-/subscription/<token>.atom: the newest releases matching one saved search, for a feed reader.

The token is the subscription's secret (archive.subscriptions): whoever has the URL reads the feed,
no login. The page only reads; a token that is not in the archive is a 404 in Russian.
"""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote, urlencode

from datasette.utils.asgi import Response

from archive.subscriptions import BY_TOKEN_SQL, TABLE, describe, from_row, newest_matches_sql

logger = logging.getLogger(__name__)

FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
NOT_FOUND = (
    "Подписка не найдена: ссылка на ленту неверна или подписку отменили. "
    "Попросите у администратора архива новую ссылку."
)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


async def subscription_feed(datasette: Any, request: Any) -> Response:
    token = request.url_vars["token"]
    db = datasette.get_database()
    if TABLE not in await db.table_names():
        return Response.text(NOT_FOUND, status=404)
    found = await db.execute(BY_TOKEN_SQL, [token])
    if not found.rows:
        logger.info("feed asked for an unknown subscription token")
        return Response.text(NOT_FOUND, status=404)
    subscription = from_row(tuple(found.rows[0]))
    result = await db.execute(newest_matches_sql(subscription, FEED_SIZE), subscription.params)
    rows = [dict(row) for row in result.rows]
    absolute = lambda path: datasette.absolute_url(request, datasette.urls.path(path))  # noqa: E731
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _add(feed, "title", f"Архив пресс-релизов: подписка {describe(subscription)}")
    _add(feed, "id", f"pressarchive:subscription:{subscription.id}")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _add(feed, "updated", max((row["first_seen"] or "" for row in rows), default="") or now)
    _add(feed, "link", rel="self", href=absolute(request.path))
    search = "/-/search?" + urlencode({**subscription.params, "sort": "date"})
    _add(feed, "link", rel="alternate", type="text/html", href=absolute(search))
    for row in rows:
        entry = _add(feed, "entry")
        removed = "[удалён с сайта] " if row["removed_at"] else ""
        _add(entry, "title", f"{removed}{row['title'] or row['release_id']}")
        _add(entry, "id", f"pressarchive:release:{row['release_id']}")
        _add(entry, "updated", row["first_seen"] or now)
        _add(entry, "link", rel="alternate", href=absolute(f"/-/release/{quote(row['release_id'], safe='')}"))
        author = _add(entry, "author")
        _add(author, "name", row["source_title"])
        if row["summary"]:
            _add(entry, "summary", row["summary"])
    body = ET.tostring(feed, encoding="unicode", xml_declaration=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
