"""A site profile: what a source's own pages show about its template, with the evidence.

Learned by crawler.profiles.learn, applied by the page objects (crawler.pages.generic), stored per
source in the archive as JSON (archive.profiles). Plain values only, so a profile can be stored,
shown and compared.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

PROFILE_VERSION = 1


class ProfileError(ValueError):
    """A stored profile that cannot be read (another version, damaged JSON)."""


@dataclass(frozen=True)
class Locator:
    """One element of the template: the `nth` match of `css` (negative counts from the end)."""

    css: str
    nth: int = 0
    agreed: int = 0  # pages on which it picked the element the evidence pointed to
    seen: int = 0  # pages it was checked on

    def pick(self, matches: list[Any]) -> Any | None:
        if not matches:
            return None
        index = self.nth if self.nth >= 0 else len(matches) + self.nth
        return matches[index] if 0 <= index < len(matches) else None

    def evidence(self) -> str:
        return f"{self.agreed}/{self.seen}"


@dataclass(frozen=True)
class ListingProfile:
    """The release list of the source's listing pages: the repeated item and its headline link."""

    item: str  # CSS of the repeated item
    link: str | None = None  # CSS of the headline link inside an item (None: the item's only link)
    agreed: int = 0
    seen: int = 0


@dataclass(frozen=True)
class SiteProfile:
    source: str
    learned_at: str  # UTC, ISO 8601
    pages: int  # article pages it was learned from
    title_prefix: str = ""  # constant text before the headline in <title>
    title_suffix: str = ""  # constant text after it («… | Министерство …»)
    title_tag_constant: bool = False  # <title> is the same on every page (the site's name only)
    title: Locator | None = None
    date: Locator | None = None
    body: Locator | None = None
    boilerplate: frozenset[str] = frozenset()  # crawler.profiles.blocks.block_key of repeated blocks
    samples: tuple[str, ...] = ()  # a few repeated blocks as text, for people reading the profile
    listing: ListingProfile | None = None
    listing_pages: int = 0
    notes: tuple[str, ...] = ()  # why a part is missing («body: no element agreed on 2 of 5 pages»)
    version: int = PROFILE_VERSION

    def to_json(self) -> str:
        data = asdict(self)
        data["boilerplate"] = sorted(self.boilerplate)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SiteProfile:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ProfileError(f"profile JSON unreadable: {exc}") from exc
        if not isinstance(data, dict) or data.get("version") != PROFILE_VERSION:
            raise ProfileError(f"profile version {data.get('version') if isinstance(data, dict) else '?'}")
        try:
            return cls(
                source=str(data["source"]),
                learned_at=str(data["learned_at"]),
                pages=int(data["pages"]),
                title_prefix=str(data.get("title_prefix", "")),
                title_suffix=str(data.get("title_suffix", "")),
                title_tag_constant=bool(data.get("title_tag_constant", False)),
                title=_locator(data.get("title")),
                date=_locator(data.get("date")),
                body=_locator(data.get("body")),
                boilerplate=frozenset(str(key) for key in data.get("boilerplate", ())),
                samples=tuple(str(text) for text in data.get("samples", ())),
                listing=ListingProfile(**data["listing"]) if data.get("listing") else None,
                listing_pages=int(data.get("listing_pages", 0)),
                notes=tuple(str(note) for note in data.get("notes", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ProfileError(f"profile fields unreadable: {exc}") from exc

    def summary(self) -> dict[str, Any]:
        """What `pressarchive discover` and `extract` show: each part with its evidence."""
        return {
            "learned_at": self.learned_at,
            "article_pages": self.pages,
            "listing_pages": self.listing_pages,
            "title_tag": "constant (the site's name only)"
            if self.title_tag_constant
            else {"prefix": self.title_prefix, "suffix": self.title_suffix},
            "title": _shown(self.title),
            "date": _shown(self.date),
            "body": _shown(self.body),
            "listing": asdict(self.listing) if self.listing else None,
            "boilerplate_blocks": len(self.boilerplate),
            "boilerplate_samples": list(self.samples),
            "notes": list(self.notes),
        }

    def same_template(self, other: SiteProfile | None) -> bool:
        """True when `other` locates title, body and listing the same way (evidence aside)."""
        if other is None:
            return False

        def where(profile: SiteProfile) -> tuple[Any, ...]:
            return (
                (profile.title.css, profile.title.nth) if profile.title else None,
                (profile.body.css, profile.body.nth) if profile.body else None,
                (profile.listing.item, profile.listing.link) if profile.listing else None,
            )

        return where(self) == where(other)


def _locator(data: Any) -> Locator | None:
    return Locator(**data) if data else None


def _shown(locator: Locator | None) -> dict[str, Any] | None:
    if locator is None:
        return None
    return {"css": locator.css, "nth": locator.nth, "pages_agreed": locator.evidence()}
