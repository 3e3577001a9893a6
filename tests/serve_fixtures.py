"""Archives for the serving tests: releases through the store API, history rows in the agreed schema.

The history tables (release_versions, events, captures, clusters; releases.changed_at, removed_at,
cluster_id, version_count) come from the archive's migrations; `ensure_history_schema` adds any of
them that a checkout's migrations do not create yet, with exactly the agreed names, so these tests
exercise the pages either way.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from datasette.app import Datasette

from archive.records import Attachment, Release, SourceRecord
from archive.serve import feeds, search_sql
from archive.serve.app import make_datasette
from archive.serve.schema import schema_of
from archive.store import Archive

SEEN = "2026-03-01T05:00:00Z"
CANNED_SEARCHES = ("search", "search_by_date")  # the canned queries behind /<db>/search.json
XSS_BODY = (
    "<p>Безопасный текст релиза.</p><script>alert('pressarchive-xss')</script>"
    '<img src="/logo.png" onerror="alert(\'pressarchive-onerror\')">'
    "<a href=\"javascript:alert('pressarchive-js')\">ссылка</a>"
)

_HISTORY_TABLES = {
    "captures": "CREATE TABLE captures (id INTEGER PRIMARY KEY, url TEXT NOT NULL, fetched_at TEXT NOT NULL,"
    " warc_file TEXT NOT NULL, warc_offset INTEGER NOT NULL, warc_length INTEGER NOT NULL,"
    " record_type TEXT NOT NULL, payload_digest TEXT, http_status INTEGER, release_id TEXT,"
    " content_hash TEXT)",
    "release_versions": "CREATE TABLE release_versions (id INTEGER PRIMARY KEY, release_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, title TEXT, body_text TEXT, body_html TEXT, content_hash TEXT,"
    " first_seen TEXT, last_seen TEXT, capture_id INTEGER)",
    "events": "CREATE TABLE events (id INTEGER PRIMARY KEY, release_id TEXT NOT NULL, source TEXT NOT NULL,"
    " kind TEXT NOT NULL, at TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}')",
    "clusters": "CREATE TABLE clusters (id INTEGER PRIMARY KEY, first_release_id TEXT NOT NULL,"
    " size INTEGER NOT NULL, updated_at TEXT NOT NULL)",
}
_HISTORY_COLUMNS = {
    "changed_at": "TEXT",
    "removed_at": "TEXT",
    "cluster_id": "INTEGER",
    "version_count": "INTEGER NOT NULL DEFAULT 1",
}


def source(name: str, region: str, kind: str, **extra: str) -> SourceRecord:
    return SourceRecord(
        name=name,
        title=f"Издатель {name}",
        region=region,
        publisher_kind=kind,
        timezone="Europe/Moscow",
        platform="bitrix",
        start_urls=(f"https://{name}.example/press/",),
        **extra,
    )


def release(
    n: int, src: SourceRecord, title: str, body: str, body_html: str | None = None, **extra
) -> Release:
    url = f"https://{src.name}.example/press/{n}"
    base = Release(
        release_id=f"r{n}",
        source=src.name,
        region=src.region,
        publisher_kind=src.publisher_kind,
        url=url,
        canonical_url=url,
        title=title,
        body_text=body,
        body_html=body_html if body_html is not None else f"<p>{body}</p>",
        content_hash=f"h{n}",
        fetched_at=SEEN,
        timezone=src.timezone,
        published_date=f"2026-02-{10 + n:02d}",
        date_precision="day",
    )
    return replace(base, **extra)


def ensure_history_schema(conn: sqlite3.Connection) -> None:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, ddl in _HISTORY_TABLES.items():
        if table not in tables:
            conn.execute(ddl)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(releases)")}
    for column, decl in _HISTORY_COLUMNS.items():
        if column not in columns:
            conn.execute(f"ALTER TABLE releases ADD COLUMN {column} {decl}")


MINISTRY = source("minec", "Московская область", "ministry", homepage="https://minec.example/")
AGENCY = source("invest", "Калужская область", "agency")
SILENT = source("silent", "Курганская область", "portal")

RELEASES = [
    release(
        1,
        MINISTRY,
        "Новые инвестиции в Подмосковье",
        "Область привлекла инвестиции в индустриальные парки. Экспорт вырос.",
        published_time="15:20",
        published_utc="2026-02-11T12:20:00Z",
        date_precision="minute",
        date_raw="11 февраля 2026 г., 15:20",
        date_method="selector",
        attachments=(Attachment("https://minec.example/docs/plan.pdf", "План инвестиций", "1,2 МБ", "pdf"),),
        tags=("инвестиции",),
    ),
    release(2, AGENCY, "Агентство привлекло новыми инвестициями завод", "Завод построят в Калуге. Экспорт."),
    release(
        3,
        AGENCY,
        "Экспорт растёт",
        "Поставки за рубеж выросли.",
        XSS_BODY,
        attachments=(
            Attachment("javascript:alert('attachment-js')", "Вредная ссылка"),
            Attachment("https://invest.example/report.xlsx", "Отчёт", None, "xlsx"),
        ),
    ),
    release(
        4,
        MINISTRY,
        "Старый релиз об экспорте",
        "Экспортёры региона провели переговоры.",
        published_date="2025-06-03",
    ),
]


def build_archive(path: Path, *, history: bool = True, warc: bytes | None = None) -> None:
    """Sources and releases through the store; then history rows (versions, events, cluster, removal)."""
    with Archive.open(path) as archive:
        archive.sync_sources([MINISTRY, AGENCY, SILENT])
        archive.save_releases(RELEASES, seen_at=SEEN)
        archive.db.execute(
            "UPDATE sources SET status = 'ok', last_success_at = ?, last_run_at = ? WHERE name = 'minec'",
            [_days_ago(1), _days_ago(1)],
        )
        archive.db.execute(
            "UPDATE sources SET status = 'broken', last_success_at = ? WHERE name = 'invest'", [_days_ago(20)]
        )
        archive.db.conn.commit()
    if history:
        with sqlite3.connect(path) as conn:
            ensure_history_schema(conn)
            add_history(conn)


def _days_ago(days: int) -> str:
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def add_history(conn: sqlite3.Connection) -> None:
    """r1: two versions (title and body edited), a cluster with r2 (r2 first); r3: removed (404)."""
    conn.execute("DELETE FROM release_versions")
    conn.execute("DELETE FROM events")
    conn.executemany(
        "INSERT INTO release_versions (release_id, version, title, body_text, body_html, content_hash,"
        " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("r1", 1, "Инвестиции в Подмосковье", "Область привлекла инвестиции в парки.", "<p>v1</p>", "h0",
             "2026-02-11T13:00:00Z", "2026-02-20T03:00:00Z"),
            ("r1", 2, RELEASES[0].title, RELEASES[0].body_text, RELEASES[0].body_html, "h1",
             "2026-02-21T03:00:00Z", SEEN),
        ],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO events (release_id, source, kind, at, detail) VALUES (?, ?, ?, ?, ?)",
        [
            ("r1", "minec", "new", "2026-02-11T13:00:00Z", "{}"),
            ("r1", "minec", "edited", "2026-02-21T03:00:00Z", json.dumps({"fields": ["title", "body_text"]})),
            ("r3", "invest", "new", SEEN, "{}"),
            ("r3", "invest", "removed", "2026-03-05T03:00:00Z", json.dumps({"http_status": 404})),
        ],
    )
    conn.execute(
        "INSERT INTO clusters (id, first_release_id, size, updated_at) VALUES (1, 'r2', 2, ?)", [SEEN]
    )
    conn.execute("UPDATE releases SET cluster_id = 1 WHERE release_id IN ('r1', 'r2')")
    conn.execute(
        "UPDATE releases SET version_count = 2, changed_at = '2026-02-21T03:00:00Z' WHERE release_id = 'r1'"
    )
    conn.execute("UPDATE releases SET removed_at = '2026-03-05T03:00:00Z' WHERE release_id = 'r3'")


def add_capture(conn: sqlite3.Connection, data_dir: Path, release_id: str, url: str, html: bytes) -> int:
    """Write the page as a WARC response record (archive.warc) and index it in `captures`."""
    from archive.warc import Exchange, WarcFile

    warc = WarcFile(data_dir / "warc" / "test-00001.warc.gz")
    exchange = Exchange(
        url=url,
        fetched_at=dt.datetime(2026, 3, 1, 5, 0, tzinfo=dt.UTC),
        status=200,
        response_headers=[("Content-Type", "text/html; charset=windows-1251")],
        body=html,
    )
    offset, length, record_type = warc.append(exchange)
    warc.close()
    cursor = conn.execute(
        "INSERT INTO captures (url, fetched_at, warc_file, warc_offset, warc_length, record_type,"
        " payload_digest, http_status, release_id, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, 200, ?, 'h1')",
        [url, SEEN, "warc/test-00001.warc.gz", offset, length, record_type, exchange.digest, release_id],
    )
    capture_id = cursor.lastrowid
    assert capture_id is not None
    return capture_id


def served_datasette(path: Path) -> Iterator[Datasette]:
    """A fixture's body: the archive's Datasette app (archive.serve.app), its connections closed after."""
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def search_params(query: str) -> dict[str, str]:
    """The canned searches' parameters for `query` with no filter, as /<db>/search.json?q= gives them."""
    return {"q": query, "page": "", "found": "", **{name: "" for name in search_sql.FILTERS}}


def served_sql(conn: sqlite3.Connection, feeds_module: Any = feeds) -> dict[str, str]:
    """The SQL of each of CANNED_SEARCHES as the server runs it (archive.serve.feeds around
    archive.serve.search_sql) for the archive behind `conn`; `feeds_module`: another version of
    feeds (bench/ab_search_sql.py compares a commit's)."""
    schema = schema_of(conn)
    queries = feeds_module.canned_queries(schema.tables, schema.release_columns)
    return {name: queries[name]["sql"] for name in CANNED_SEARCHES}
