"""HTTP validators (ETag, Last-Modified) per URL, for conditional GET on feeds and listings."""

from __future__ import annotations

from sqlite_utils import Database


def get_validators(db: Database, url: str) -> tuple[str | None, str | None]:
    """(etag, last_modified) last seen for the URL, or (None, None)."""
    row = db.execute("SELECT etag, last_modified FROM http_validators WHERE url = ?", [url]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def store_validators(
    db: Database, url: str, etag: str | None, last_modified: str | None, seen_at: str
) -> None:
    """Remember the validators of a 200 answer; a URL that stopped sending them is forgotten."""
    with db.atomic():
        if not etag and not last_modified:
            db.execute("DELETE FROM http_validators WHERE url = ?", [url])
            return
        db.execute(
            "INSERT INTO http_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "updated_at = excluded.updated_at",
            [url, etag, last_modified, seen_at],
        )


def known_release_urls(db: Database, source: str) -> set[str]:
    """Canonical and fetched URLs of a source's releases: what an incremental crawl need not fetch."""
    urls: set[str] = set()
    for url, canonical in db.execute("SELECT url, canonical_url FROM releases WHERE source = ?", [source]):
        urls.add(url)
        urls.add(canonical)
    return urls


def mark_checked(db: Database, release_ids: list[str], at: str) -> None:
    """Record that these releases were asked again now (the re-check back-off counts from here)."""
    with db.atomic():
        db.conn.executemany(
            "UPDATE releases SET last_checked_at = ? WHERE release_id = ?", [(at, rid) for rid in release_ids]
        )
