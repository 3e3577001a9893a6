"""Press sections found from home pages (table `press_sections`): the one in use and its history.

A source registered with only a home page has its press section found by the crawl; the choice is
kept with its evidence until it stops working, then marked stale and found again. The archive
stores the evidence as opaque JSON (what was looked at is crawler.discovery's business).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields

from sqlite_utils import Database

from archive.current_rows import current_row, make_current, retire

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


TABLE = "press_sections"
COLUMNS = tuple(f.name for f in fields(StoredSection))


def current_section(db: Database, source: str) -> StoredSection | None:
    """The press section in use for `source`, or None (none found yet, or it went stale)."""
    row = current_row(db, TABLE, source, COLUMNS)
    return StoredSection(*row) if row else None


def save_section(db: Database, stored: StoredSection) -> None:
    """Make `stored` the source's section in use, in one transaction; the previous one is kept."""
    make_current(db, TABLE, asdict(stored))
    logger.info("press section of %s saved: %s (%s)", stored.source, stored.listing_url, stored.method)


def retire_section(db: Database, source: str) -> None:
    """The stored section stopped working: none is in use until the next search finds one."""
    with db.atomic():
        retire(db, TABLE, source)
