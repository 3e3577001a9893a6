"""The archive's schema, as named, ordered migrations (sqlite-utils `Migrations`).

Each migration runs once, together with the record of it having been applied (table
`_sqlite_migrations`, the sqlite-utils convention, so `sqlite-utils migrate` understands it too);
all the pending ones run in one transaction (archive.migrations_runner). Never edit a migration
that has shipped: add a new one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import Table
from sqlite_utils.migrations import Migrations

from archive.fts_tables import FTS_TOKENIZE, STEM_FTS_TABLE
from archive.migrations_runner import apply_pending
from archive.regions import federal_district
from archive.search import stem_text

logger = logging.getLogger(__name__)

MIGRATION_SET = "pressarchive"

migrations = Migrations(MIGRATION_SET)


def _table(db: Database, name: str) -> Table:
    table = db[name]
    assert isinstance(table, Table)
    return table


@migrations(name="0001_core_tables")
def core_tables(db: Database) -> None:
    _table(db, "sources").create(
        {
            "name": str,
            "title": str,
            "region": str,
            "publisher_kind": str,
            "timezone": str,
            "platform": str,
            "start_urls": str,  # JSON list
            "feed_url": str,
            "sitemap_url": str,
            "homepage": str,
            "registry_file": str,
            "status": str,
            "last_run_at": str,
            "last_success_at": str,
            "last_new_release_at": str,
            "release_count": int,
        },
        pk="name",
        not_null={"title", "region", "publisher_kind", "timezone", "platform", "start_urls", "status"},
        defaults={"status": "unknown", "release_count": 0},
    )
    _table(db, "releases").create(
        {
            "release_id": str,
            "source": str,
            "region": str,
            "publisher_kind": str,
            "url": str,
            "canonical_url": str,
            "title": str,
            "body_text": str,
            "body_html": str,
            "content_hash": str,
            "fetched_at": str,
            "timezone": str,
            "published_date": str,
            "published_time": str,
            "published_utc": str,
            "date_precision": str,
            "date_raw": str,
            "date_method": str,
            "lead": str,
            "http_status": int,
            "methods": str,  # JSON object
            "first_seen": str,
            "last_seen": str,
        },
        pk="release_id",
        not_null={
            "source",
            "region",
            "publisher_kind",
            "url",
            "canonical_url",
            "title",
            "body_text",
            "body_html",
            "content_hash",
            "fetched_at",
            "timezone",
            "first_seen",
            "last_seen",
        },
        foreign_keys=[("source", "sources", "name")],
    )
    releases = _table(db, "releases")
    releases.create_index(["source"])
    releases.create_index(["published_date"])
    releases.create_index(["canonical_url"], unique=True)
    _table(db, "crawl_runs").create(
        {
            "id": int,
            "source": str,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            "pages": int,
            "items": int,
            "new": int,
            "updated": int,
            "unchanged": int,
            "drops": str,  # JSON
            "errors": int,
            "http_errors": str,  # JSON
            "stats": str,  # JSON
        },
        pk="id",
        not_null={"source", "started_at"},
        defaults={"pages": 0, "items": 0, "new": 0, "updated": 0, "unchanged": 0, "errors": 0},
    )
    _table(db, "crawl_runs").create_index(["source", "started_at"])


@migrations(name="0002_releases_fts")
def releases_fts(db: Database) -> None:
    """Plain FTS5 over title and body, kept in sync by triggers (exact word forms)."""
    _table(db, "releases").enable_fts(["title", "body_text"], create_triggers=True, tokenize=FTS_TOKENIZE)
    # The stock update trigger re-indexes on every UPDATE, including the `last_seen` touch each
    # unchanged release gets on every crawl; re-index only when the indexed text can change.
    db.execute("DROP TRIGGER [releases_au]")
    db.execute(
        """
        CREATE TRIGGER [releases_au] AFTER UPDATE OF [title], [body_text] ON [releases] BEGIN
          INSERT INTO [releases_fts] ([releases_fts], rowid, [title], [body_text])
            VALUES('delete', old.rowid, old.[title], old.[body_text]);
          INSERT INTO [releases_fts] (rowid, [title], [body_text])
            VALUES (new.rowid, new.[title], new.[body_text]);
        END
        """
    )


@migrations(name="0003_releases_stem_fts")
def releases_stem_fts(db: Database) -> None:
    """FTS5 over Russian-stemmed title and body; rowid = releases.rowid; written by the store.

    Not kept by triggers on purpose: a trigger calling ru_stem() would break every writer
    that has not registered the Python function (sqlite-utils CLI, sqlite3 shell).
    """
    db.execute(
        f"CREATE VIRTUAL TABLE [{STEM_FTS_TABLE}] USING fts5(title, body_text, tokenize='{FTS_TOKENIZE}')"
    )
    populate_stem_fts(db)


@migrations(name="0004_release_details")
def release_details(db: Database) -> None:
    """Date flags, the «Обновлено» stamp, language, images, attachments and tags of a release."""
    releases = _table(db, "releases")
    for column in ("date_flags", "images", "attachments", "tags"):
        releases.add_column(column, str, not_null_default="[]")
    for column in ("updated_at", "updated_raw", "language"):
        releases.add_column(column, str)


@migrations(name="0030_captures")
def captures_table(db: Database) -> None:
    """Where each fetched response lies in the WARC files (issue 5: raw capture)."""
    _table(db, "captures").create(
        {
            "id": int,
            "url": str,
            "fetched_at": str,
            "warc_file": str,  # relative to the data directory (beside the database)
            "warc_offset": int,
            "warc_length": int,
            "record_type": str,  # response | revisit
            "payload_digest": str,  # sha1:BASE32
            "http_status": int,
            "release_id": str,
            "content_hash": str,
        },
        pk="id",
        not_null={"url", "fetched_at", "warc_file", "warc_offset", "warc_length", "record_type"},
        foreign_keys=[("release_id", "releases", "release_id")],
    )
    captures = _table(db, "captures")
    captures.create_index(["url", "id"])
    captures.create_index(["release_id"])
    captures.create_index(["warc_file", "warc_offset"], unique=True)


@migrations(name="0031_release_versions")
def release_versions_table(db: Database) -> None:
    """Every content a release has had, the current one included; backfilled as version 1."""
    _table(db, "release_versions").create(
        {
            "id": int,
            "release_id": str,
            "version": int,
            "title": str,
            "body_text": str,
            "body_html": str,
            "content_hash": str,
            "first_seen": str,
            "last_seen": str,
            "capture_id": int,
        },
        pk="id",
        not_null={"release_id", "version", "title", "body_text", "body_html", "content_hash"},
        foreign_keys=[("release_id", "releases", "release_id"), ("capture_id", "captures", "id")],
    )
    versions = _table(db, "release_versions")
    versions.create_index(["release_id", "version"], unique=True)
    versions.create_index(["capture_id"])
    db.execute(
        "INSERT INTO release_versions"
        " (release_id, version, title, body_text, body_html, content_hash, first_seen, last_seen)"
        " SELECT release_id, 1, title, body_text, body_html, content_hash, first_seen, last_seen"
        " FROM releases ORDER BY rowid"
    )


@migrations(name="0032_events")
def events_table(db: Database) -> None:
    """new / edited / removed / reappeared, for feeds and alerts; backfilled with `new`."""
    # plain SQL: sqlite-utils cannot declare the CHECK on kind
    db.execute(
        """
        CREATE TABLE [events] (
           [id] INTEGER PRIMARY KEY,
           [release_id] TEXT NOT NULL REFERENCES [releases]([release_id]),
           [source] TEXT NOT NULL,
           [kind] TEXT NOT NULL CHECK ([kind] IN ('new', 'edited', 'removed', 'reappeared')),
           [at] TEXT NOT NULL,
           [detail] TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    events = _table(db, "events")
    events.create_index(["kind", "at"])
    events.create_index(["source", "at"])
    events.create_index(["release_id", "id"])
    db.execute(
        "INSERT INTO events (release_id, source, kind, at, detail)"
        " SELECT release_id, source, 'new', first_seen, '{}' FROM releases ORDER BY first_seen, rowid"
    )


@migrations(name="0033_clusters")
def clusters_table(db: Database) -> None:
    """Republication clusters, and the MinHash signature of each release body they are built from."""
    _table(db, "clusters").create(
        {"id": int, "first_release_id": str, "size": int, "updated_at": str},
        pk="id",
        not_null={"first_release_id", "size", "updated_at"},
        foreign_keys=[("first_release_id", "releases", "release_id")],
    )
    _table(db, "clusters").create_index(["first_release_id"])
    _table(db, "release_signatures").create(
        {"release_id": str, "content_hash": str, "minhash": bytes},
        pk="release_id",
        not_null={"content_hash"},  # minhash is NULL for a body too short to compare
        foreign_keys=[("release_id", "releases", "release_id")],
    )


@migrations(name="0034_release_history_columns")
def release_history_columns(db: Database) -> None:
    """changed_at, removed_at, cluster_id, version_count on releases (ALTER only: no table rebuild,
    so the rowids the FTS indexes point at stay put)."""
    db.execute("ALTER TABLE [releases] ADD COLUMN [changed_at] TEXT")
    db.execute("ALTER TABLE [releases] ADD COLUMN [removed_at] TEXT")
    db.execute("ALTER TABLE [releases] ADD COLUMN [cluster_id] INTEGER REFERENCES [clusters]([id])")
    db.execute("ALTER TABLE [releases] ADD COLUMN [version_count] INTEGER NOT NULL DEFAULT 1")
    db.execute("UPDATE releases SET changed_at = first_seen")
    releases = _table(db, "releases")
    for column in ("changed_at", "removed_at", "cluster_id"):
        releases.create_index([column])


@migrations(name="0050_source_health")
def source_health(db: Database) -> None:
    """Health of a source (why its status is what it is) and the per-run figures the monitors read."""
    sources = _table(db, "sources")
    for column in ("status_reason", "status_changed_at", "last_deep_at"):
        sources.add_column(column, str)
    runs = _table(db, "crawl_runs")
    runs.add_column("mode", str)  # full | deep | incremental
    for column in ("links_found", "dated", "median_body_length", "requests"):
        runs.add_column(column, int)
    runs.add_column("error_classes", str)  # JSON: 4xx, 5xx, timeout, tls, dns, connection, other


@migrations(name="0040_release_search_keys")
def release_search_keys(db: Database) -> None:
    """A narrow table of what search filters, sorts and counts by (archive.search_keys)."""
    from archive.search_keys import create_search_keys

    create_search_keys(db)


@migrations(name="0051_incremental")
def incremental(db: Database) -> None:
    """HTTP validators for conditional GET, and when each release was last asked again."""
    _table(db, "http_validators").create(
        {"url": str, "etag": str, "last_modified": str, "updated_at": str},
        pk="url",
        not_null={"updated_at"},
    )
    _table(db, "releases").add_column("last_checked_at", str)


@migrations(name="0060_site_profiles")
def site_profiles(db: Database) -> None:
    """Each source's learned site profile (crawler.profiles), the one in use, and the ones before
    it: when a layout changes, the old profile stays as evidence of what the site looked like."""
    _table(db, "site_profiles").create(
        {
            "id": int,
            "source": str,
            "learned_at": str,
            "pages": int,
            "profile": str,  # JSON, crawler.profiles.model.SiteProfile
            "current": int,  # 1 for the profile in use
            "reason": str,  # first | relearned | reextract | discover
        },
        pk="id",
        not_null={"source", "learned_at", "profile", "current"},
    )
    _table(db, "site_profiles").create_index(["source", "current"])


@migrations(name="0061_press_sections")
def press_sections(db: Database) -> None:
    """The press section found from a source's home page (crawler.discovery.section_search), the one
    in use and those before it, each with the method and the evidence of every page looked at."""
    _table(db, "press_sections").create(
        {
            "id": int,
            "source": str,
            "chosen_at": str,
            "listing_url": str,  # NULL when only a feed was found
            "feed_url": str,
            "method": str,  # home_link | landing_link | undated_list | feed
            "evidence": str,  # JSON: the home page, the chosen page, every probe and feed
            "current": int,  # 1 for the section in use
            "reason": str,  # first | stale (the stored one stopped working) | discover
        },
        pk="id",
        not_null={"source", "chosen_at", "method", "evidence", "current"},
    )
    _table(db, "press_sections").create_index(["source", "current"])


@migrations(name="0070_source_federal_district")
def source_federal_district(db: Database) -> None:
    """Each source's federal district (journalists filter by it), filled from the region with the
    archive's own table (archive.regions); NULL for a region the table does not know."""
    sources = _table(db, "sources")
    sources.add_column("federal_district", str)
    sources.create_index(["federal_district"])
    rows = db.execute("SELECT name, region FROM sources").fetchall()
    db.conn.executemany(
        "UPDATE sources SET federal_district = ? WHERE name = ?",
        [(federal_district(region or ""), name) for name, region in rows],
    )


def populate_stem_fts(db: Database) -> None:
    """(Re)build the stemmed index from every release; run inside a transaction."""
    db.execute(f"DELETE FROM [{STEM_FTS_TABLE}]")
    rows = db.execute("SELECT rowid, title, body_text FROM releases").fetchall()
    db.conn.executemany(
        f"INSERT INTO [{STEM_FTS_TABLE}] (rowid, title, body_text) VALUES (?, ?, ?)",
        [(rowid, stem_text(title), stem_text(body)) for rowid, title, body in rows],
    )
    logger.info("stemmed index built for %d releases", len(rows))


def apply(db: Database, path: str | Path = "") -> list[str]:
    """Apply pending migrations, all in one transaction (archive.migrations_runner); return the
    names applied now (empty when up to date). Raises SchemaError for a newer program's archive."""
    return apply_pending(db, migrations, path)


@migrations(name="0090_contentless_stem_fts")
def contentless_stem_fts(db: Database) -> None:
    """The stemmed index keeps its index only, not a stored copy of every stemmed text that nothing
    reads (search reads rowids and bm25): archive.search_keys.StemIndex."""
    from archive.search_keys import create_contentless_stem_index

    create_contentless_stem_index(db)


@migrations(name="0075_cluster_index")
def cluster_index(db: Database) -> None:
    """Incremental republication clusters: the LSH band index of the signatures, the queue of
    releases to look at again (kept by triggers), and every existing release queued once, so the
    first run re-clusters it with the stored signatures (archive.cluster_index)."""
    from archive.cluster_index import create_cluster_index

    create_cluster_index(db)


@migrations(name="0091_current_version_html_once")
def current_version_html_once(db: Database) -> None:
    """The current version's HTML is the release row's: release_versions.body_html is NULL for it
    instead of a second copy (archive.versions.store_current_html_once)."""
    from archive.versions import store_current_html_once

    store_current_html_once(db)


@migrations(name="0100_search_sort_by_utc")
def search_sort_by_utc(db: Database) -> None:
    """ "Newest first" orders by the UTC instant, not the local clock of each region
    (archive.search_keys.sort_by_utc)."""
    from archive.search_keys import sort_by_utc

    sort_by_utc(db)


@migrations(name="0110_subscriptions")
def subscriptions_table(db: Database) -> None:
    """Saved searches: a daily e-mail digest and a secret-token Atom feed (archive.subscriptions)."""
    from archive.subscriptions import create_subscriptions_table

    create_subscriptions_table(db)


@migrations(name="0140_search_keys_browse_indexes")
def search_keys_browse_indexes(db: Database) -> None:
    """Browsing without words (a source, a region, a publisher kind, newest first) walks one of
    these instead of every key (archive.serve.search_sql.browse_sql)."""
    for column in ("source", "region", "publisher_kind"):
        db.execute(
            f"CREATE INDEX IF NOT EXISTS [idx_release_search_keys_{column}]"
            f" ON [release_search_keys] ([{column}], [sort_key])"
        )


@migrations(name="0120_last_success_needs_a_listing_read")
def last_success_needs_a_listing_read(db: Database) -> None:
    """A run is a success only when a listing, feed or sitemap page of the site was read
    (archive.health.run_failure): each source's last_success_at is recomputed from its runs."""
    from archive.run_success import refresh_last_success

    refresh_last_success(db)


@migrations(name="0150_releases_date_order_indexes")
def releases_date_order_indexes(db: Database) -> None:
    """The releases table page's two orders (`published_date` newest first and oldest first, each
    with Datasette's tie-break `release_id` ascending) as indexes: every page, the deep ones
    (`?_next=`) too, walks one instead of reading and sorting every release before its place
    (archive.serve.table_pages)."""
    for name, date in (("newest_first", "[published_date] DESC"), ("oldest_first", "[published_date]")):
        db.execute(f"CREATE INDEX IF NOT EXISTS [idx_releases_{name}] ON [releases] ({date}, [release_id])")


@migrations(name="0160_attachments")
def attachments_tables(db: Database) -> None:
    """The files releases link to, their text and every version fetched (archive.attachments)."""
    from archive.attachments import create_attachment_tables

    create_attachment_tables(db)


@migrations(name="0170_attachments_in_search")
def attachments_in_search(db: Database) -> None:
    """The text of each release's attachments in the stemmed index, as its third column
    (archive.attachment_search)."""
    from archive.attachment_search import create_attachment_search

    create_attachment_search(db)


@migrations(name="0180_distributed_captures")
def distributed_captures(db: Database) -> None:
    """The key a distributed run's worker gave each capture, and the row the writer made of it, so
    a message the writer is handed twice (after a restart) is stored once (crawler.distributed.drain)."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS [distributed_captures] ([key] TEXT PRIMARY KEY,"
        " [capture_id] INTEGER NOT NULL REFERENCES [captures]([id])) WITHOUT ROWID"
    )


@migrations(name="0190_drop_plain_fts")
def drop_plain_fts(db: Database) -> None:
    """The plain (unstemmed) full-text index goes: the table page's `?_search=` reads the stemmed one
    (archive.serve.table_search), and keeping a second index of every text cost a third of a new
    release's ingest (bench/bench_ingest.py). Its triggers go first (SQLite keeps a trigger naming a
    dropped table, and the next insert would fail)."""
    for trigger in ("releases_ai", "releases_ad", "releases_au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    db.execute("DROP TABLE IF EXISTS [releases_fts]")
