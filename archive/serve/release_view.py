"""The release page (/-/release/<release_id>): what a journalist reads and cites.

Title, with a notice right under it when the publisher edited the release or removed it from
the site; the date with its zone (МСК+N) and precision and the raw text it came from; the source
with a link to the original; the sanitised body; attachments (the archived files with their
text, archive.serve.attachment_view, else the links the page listed); archived copies; the
version history, each version's changes paragraph by paragraph; "also published by" from the
republication cluster. Each optional part appears only when the archive's schema has it
(archive.serve.schema).

Times: the publication time on the source's local clock, or Moscow's with `?time=msk`; the
archive's own stamps (first seen, versions, removal) in UTC, or Moscow time with `?time=msk`.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response

from archive.serve.attachment_view import file_name, release_attachments
from archive.serve.diffs import changed, paragraph_views, word_diff
from archive.serve.html import is_web_url, safe_markup
from archive.serve.labels import (
    DATE_FLAGS,
    DATE_METHODS,
    PRECISIONS,
    json_list,
    json_object,
    parse_instant,
    ru_date,
    ru_instant,
)
from archive.serve.schema import Schema, read_schema
from archive.serve.time_labels import MOSCOW

logger = logging.getLogger(__name__)


async def _one(db: Any, sql: str, params: list[Any]) -> dict[str, Any] | None:
    result = await db.execute(sql, params)
    return dict(result.rows[0]) if result.rows else None


async def _all(db: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = await db.execute(sql, params)
    return [dict(row) for row in result.rows]


def _with_diffs(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each version with what changed since the one before (newest first)."""
    previous: dict[str, Any] | None = None
    for version in versions:
        if previous is not None:
            version["title_changed"] = changed(previous["title"], version["title"])
            version["body_changed"] = changed(previous["body_text"], version["body_text"])
            version["title_diff"] = word_diff(previous["title"], version["title"])
            version["paragraphs"] = paragraph_views(previous["body_text"], version["body_text"])
        previous = version
    return list(reversed(versions))


async def _versions(db: Any, release_id: str) -> list[dict[str, Any]]:
    rows = await _all(
        db,
        "SELECT id, version, title, body_text, content_hash, first_seen, last_seen, capture_id"
        " FROM release_versions WHERE release_id = ? ORDER BY version",
        [release_id],
    )
    return _with_diffs(rows)


async def _removal(db: Any, schema: Schema, release: dict[str, Any]) -> dict[str, Any] | None:
    removed_at = release.get("removed_at")
    if not removed_at:
        return None
    notice: dict[str, Any] = {"at": removed_at, "http_status": None}
    if schema.events:
        event = await _one(
            db,
            "SELECT at, detail FROM events WHERE release_id = ? AND kind = 'removed'"
            " ORDER BY at DESC, id DESC LIMIT 1",
            [release["release_id"]],
        )
        if event:
            notice["http_status"] = json_object(event["detail"]).get("http_status")
    return notice


async def _cluster(db: Any, release: dict[str, Any]) -> dict[str, Any] | None:
    cluster_id = release.get("cluster_id")
    if cluster_id is None:
        return None
    cluster = await _one(db, "SELECT id, first_release_id, size FROM clusters WHERE id = ?", [cluster_id])
    others = await _all(
        db,
        "SELECT r.release_id, r.title, r.published_date, r.published_time, r.url, r.source,"
        " coalesce(s.title, r.source) AS source_title"
        " FROM releases r LEFT JOIN sources s ON s.name = r.source"
        " WHERE r.cluster_id = ? AND r.release_id != ?"
        " ORDER BY coalesce(r.published_utc, r.published_date), r.first_seen LIMIT 50",
        [cluster_id, release["release_id"]],
    )
    if not others:
        return None
    first = cluster["first_release_id"] if cluster else None
    return {"others": others, "first_release_id": first, "this_is_first": first == release["release_id"]}


async def _captures(db: Any, release_id: str) -> list[dict[str, Any]]:
    return await _all(
        db,
        "SELECT id, url, fetched_at, record_type, http_status FROM captures"
        " WHERE release_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 20",
        [release_id],
    )


EVENT_LABELS = {
    "new": "архив нашёл релиз",
    "edited": "издатель изменил релиз",
    "removed": "релиз удалён с сайта",
    "reappeared": "релиз снова на сайте",
}
# an `edited` event about one of the release's files (archive.attachments), by its change
FILE_EVENT_LABELS = {
    "changed": "издатель заменил приложенный файл",
    "removed": "приложенный файл удалён с сайта",
}


def event_label(kind: str, detail: Any) -> str:
    """What the journal line says: a change of a file names the file («…заменил приложенный файл
    «Постановление № 1205-ПП»»)."""
    facts = json_object(detail)
    if kind == "edited" and facts.get("attachment"):
        label = FILE_EVENT_LABELS.get(str(facts.get("change")), "изменился приложенный файл")
        name = facts.get("title") or file_name(str(facts["attachment"]))
        return f"{label} «{name}»"
    return EVENT_LABELS.get(kind, kind)


async def _events(db: Any, release_id: str) -> list[dict[str, Any]]:
    rows = await _all(
        db, "SELECT kind, at, detail FROM events WHERE release_id = ? ORDER BY at, id", [release_id]
    )
    for row in rows:
        row["label"] = event_label(row["kind"], row["detail"])
    return rows


def _attachments(value: Any) -> list[dict[str, Any]]:
    """Attachments with a web address (http/https) only: a link must never run code."""
    return [item for item in json_list(value) if isinstance(item, dict) and is_web_url(item.get("url"))]


def instant_label(stamp: str | None, moscow: bool) -> str:
    """An archive stamp (UTC ISO): '1 марта 2026, 05:00 UTC', or with `moscow` '1 марта 2026, 08:00 (МСК)'."""
    moment = parse_instant(stamp)
    if not moscow or moment is None:
        return ru_instant(stamp)
    there = moment.astimezone(ZoneInfo(MOSCOW))
    return f"{ru_date(there.date().isoformat())}, {there:%H:%M} (МСК)"


def updated_row(release: dict[str, Any]) -> dict[str, Any] | None:
    """The page's own modification stamp as a row for `ru_when`, only when it says something the
    publication date does not (another day, or another time on the same day)."""
    updated = release.get("updated_at") or ""
    if not updated and not release.get("updated_raw"):
        return None
    if not updated:  # only the raw text: shown unless it repeats the date's own raw text
        same = release.get("updated_raw") == release.get("date_raw")
        return None if same else {}
    date, time = updated[:10], updated[11:16]
    published_time = (release.get("published_time") or "")[:5]
    if date == release.get("published_date") and (not time or not published_time or time == published_time):
        return None
    return {"published_date": date, "published_time": time, "timezone": release.get("timezone")}


def _edit_notice(release: dict[str, Any], versions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """'Edited': how many versions and when the latest appeared (versions are newest first)."""
    if len(versions) < 2:
        return None
    return {"count": len(versions), "at": release.get("changed_at") or versions[0]["first_seen"]}


def _time_switch(request: Any, moscow: bool) -> dict[str, str]:
    """The link that flips the page between local and Moscow time (`?time=msk`)."""
    if moscow:
        return {"url": request.path, "label": "по местному времени"}
    return {"url": request.path + "?time=msk", "label": "по московскому времени"}


def _date_context(release: dict[str, Any]) -> dict[str, Any]:
    return {
        "precision": PRECISIONS.get(release.get("date_precision") or "", release.get("date_precision")),
        "method": ", ".join(
            DATE_METHODS.get(part, part) for part in (release.get("date_method") or "").split("+") if part
        ),
        "flags": [DATE_FLAGS.get(flag, flag) for flag in json_list(release.get("date_flags"))],
    }


async def release_page(datasette: Any, request: Any) -> Response:
    release_id = request.url_vars["release_id"]
    db = datasette.get_database()
    release = await _one(db, "SELECT rowid, * FROM releases WHERE release_id = ?", [release_id])
    if release is None:
        raise NotFound(f"В архиве нет релиза «{release_id}».")
    schema = await read_schema(db)
    source = await _one(db, "SELECT * FROM sources WHERE name = ?", [release["source"]])
    moscow = request.args.get("time") == "msk"
    versions = await _versions(db, release_id) if schema.versions else []

    def seen(stamp: str | None) -> str:
        return instant_label(stamp, moscow)

    files = await release_attachments(datasette, db, release_id, seen) if schema.attachments else []
    context: dict[str, Any] = {
        "release": release,
        "source": source or {},
        "database": db.name,
        "body": safe_markup(release.get("body_html"), release.get("url")),
        "show_lead": bool(release.get("lead")) and release["lead"] not in (release.get("body_text") or ""),
        "date": _date_context(release),
        "attachments": _attachments(release.get("attachments")),
        "archived_files": files,
        "tags": json_list(release.get("tags")),
        "versions": versions,
        "edited": _edit_notice(release, versions),
        "updated": updated_row(release),
        "moscow": moscow,
        "time_switch": _time_switch(request, moscow),
        "seen": seen,
        "events": await _events(db, release_id) if schema.events else [],
        "captures": await _captures(db, release_id) if schema.captures else [],
        "cluster": await _cluster(db, release) if schema.clusters else None,
        "removal": await _removal(db, schema, release),
        "json_url": datasette.urls.row(db.name, "releases", tilde_encode(release_id), format="json"),
    }
    html = await datasette.render_template("release.html", context, request=request, view_name="release")
    return Response.html(html)
