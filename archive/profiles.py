"""Site profiles kept per source (table `site_profiles`): the current one and those it replaced.

The archive stores a profile as opaque JSON: learning and reading it is crawler.profiles' job, so
the archive stays free of the crawler (ARCHITECTURE.md).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields

from sqlite_utils import Database

from archive.current_rows import current_row, history_rows, make_current

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredProfile:
    source: str
    learned_at: str
    pages: int
    profile: str  # JSON
    reason: str


TABLE = "site_profiles"
COLUMNS = tuple(f.name for f in fields(StoredProfile))


def current_profile(db: Database, source: str) -> StoredProfile | None:
    """The profile in use for `source`, or None (none learned yet, or an archive before profiles)."""
    row = current_row(db, TABLE, source, COLUMNS)
    return StoredProfile(*row) if row else None


def save_profile(db: Database, stored: StoredProfile) -> None:
    """Make `stored` the source's current profile, in one transaction; the previous one is kept."""
    make_current(db, TABLE, asdict(stored))
    logger.info("site profile of %s saved (%s, %d pages)", stored.source, stored.reason, stored.pages)


def profile_history(db: Database, source: str) -> list[StoredProfile]:
    """Every profile learned for `source`, oldest first."""
    return [StoredProfile(*row) for row in history_rows(db, TABLE, source, COLUMNS)]
