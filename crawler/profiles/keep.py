"""Site profiles to and from the archive (archive.profiles stores them as JSON)."""

from __future__ import annotations

import logging

from sqlite_utils import Database

from archive.profiles import StoredProfile, current_profile, save_profile
from crawler.profiles.model import ProfileError, SiteProfile

logger = logging.getLogger(__name__)


def load_profile(db: Database, source: str) -> SiteProfile | None:
    """The source's current profile; None when there is none or it cannot be read (logged: a
    profile of another version is learned again, never trusted)."""
    stored = current_profile(db, source)
    if stored is None:
        return None
    try:
        return SiteProfile.from_json(stored.profile)
    except ProfileError as exc:
        logger.warning("site profile of %s ignored (%s); it will be learned again", source, exc)
        return None


def keep_profile(db: Database, profile: SiteProfile, reason: str) -> None:
    """Store `profile` as its source's current one (reason: first | relearned | reextract | discover)."""
    save_profile(
        db,
        StoredProfile(
            source=profile.source,
            learned_at=profile.learned_at,
            pages=profile.pages,
            profile=profile.to_json(),
            reason=reason,
        ),
    )
