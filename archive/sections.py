"""Press sections found from home pages (table `press_sections`): the one in use and its history.

A source registered with only a home page has its press section found by the crawl; the choice is
kept with its evidence until it stops working, then marked stale and found again. The archive
stores the evidence as opaque JSON (what was looked at is crawler.discovery's business).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlite_utils import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredSection:
    source: str
    chosen_at: str
    listing_url: str | None
    feed_url: str | None
    method: str
    evidence: str  # JSON
    reason: str


_COLUMNS = "source, chosen_at, listing_url, feed_url, method, evidence, reason"


def current_section(db: Database, source: str) -> StoredSection | None:
    """The press section in use for `source`, or None (none found yet, or it went stale)."""
    if "press_sections" not in db.table_names():
        return None
    row = db.execute(
        f"SELECT {_COLUMNS} FROM press_sections WHERE source = ? AND current = 1 ORDER BY id DESC LIMIT 1",
        [source],
    ).fetchone()
    return StoredSection(*row) if row else None


def save_section(db: Database, stored: StoredSection) -> None:
    """Make `stored` the source's section in use, in one transaction; the previous one is kept."""
    with db.atomic():
        db.execute("UPDATE press_sections SET current = 0 WHERE source = ? AND current = 1", [stored.source])
        db.table("press_sections").insert(
            {
                "source": stored.source,
                "chosen_at": stored.chosen_at,
                "listing_url": stored.listing_url,
                "feed_url": stored.feed_url,
                "method": stored.method,
                "evidence": stored.evidence,
                "current": 1,
                "reason": stored.reason,
            }
        )
    logger.info("press section of %s saved: %s (%s)", stored.source, stored.listing_url, stored.method)


def retire_section(db: Database, source: str) -> None:
    """The stored section stopped working: none is in use until the next search finds one."""
    if "press_sections" in db.table_names():
        with db.atomic():
            db.execute("UPDATE press_sections SET current = 0 WHERE source = ? AND current = 1", [source])


def section_history(db: Database, source: str) -> list[StoredSection]:
    if "press_sections" not in db.table_names():
        return []
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM press_sections WHERE source = ? ORDER BY id", [source]
    ).fetchall()
    return [StoredSection(*row) for row in rows]
