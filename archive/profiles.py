"""Site profiles kept per source (table `site_profiles`): the current one and those it replaced.

The archive stores a profile as opaque JSON: learning and reading it is crawler.profiles' job, so
the archive stays free of the crawler (ARCHITECTURE.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlite_utils import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredProfile:
    source: str
    learned_at: str
    pages: int
    profile: str  # JSON
    reason: str


def current_profile(db: Database, source: str) -> StoredProfile | None:
    """The profile in use for `source`, or None (none learned yet, or an archive before profiles)."""
    if "site_profiles" not in db.table_names():
        return None
    row = db.execute(
        "SELECT source, learned_at, pages, profile, reason FROM site_profiles"
        " WHERE source = ? AND current = 1 ORDER BY id DESC LIMIT 1",
        [source],
    ).fetchone()
    return StoredProfile(*row) if row else None


def save_profile(db: Database, stored: StoredProfile) -> None:
    """Make `stored` the source's current profile, in one transaction; the previous one is kept."""
    with db.atomic():
        db.execute("UPDATE site_profiles SET current = 0 WHERE source = ? AND current = 1", [stored.source])
        db.table("site_profiles").insert(
            {
                "source": stored.source,
                "learned_at": stored.learned_at,
                "pages": stored.pages,
                "profile": stored.profile,
                "current": 1,
                "reason": stored.reason,
            }
        )
    logger.info("site profile of %s saved (%s, %d pages)", stored.source, stored.reason, stored.pages)


def profile_history(db: Database, source: str) -> list[StoredProfile]:
    """Every profile learned for `source`, oldest first."""
    if "site_profiles" not in db.table_names():
        return []
    rows = db.execute(
        "SELECT source, learned_at, pages, profile, reason FROM site_profiles WHERE source = ? ORDER BY id",
        [source],
    ).fetchall()
    return [StoredProfile(*row) for row in rows]
