"""Demo content: the sites of the offline mirror and their releases, loaded from demo/content/*.toml.

Every site file has a `[site]` table and `[[release]]` entries. Release times are local wall-clock
times in the site's timezone (as the site itself would show them); the body is paragraphs separated
by blank lines, the first paragraph being the lead.
"""

from __future__ import annotations

import hashlib
import logging
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from demo.translit import slugify

logger = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LAYOUTS = ("mosreg_ministry", "air_portal", "wordpress", "drupal7")


class ContentError(ValueError):
    """A demo content file or release dict is invalid."""


@dataclass(frozen=True)
class Release:
    slug: str  # identifier inside the site: URL slug, or numeric id as a string
    title: str
    published: datetime  # aware, in the site's timezone
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...] = ()
    image: bool = True
    quirks: tuple[str, ...] = ()  # deliberate oddities of the real web, e.g. "nbsp_date"
    modified: datetime | None = None  # set when the release was edited

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    @property
    def rest(self) -> tuple[str, ...]:
        return self.paragraphs[1:]

    @property
    def text_length(self) -> int:
        return sum(len(p) for p in self.paragraphs)

    @property
    def image_path(self) -> str:
        """A stable upload path in the *.mosreg.ru style: /upload/files/ab/cd/abcd….jpg."""
        name = hashlib.sha1(self.slug.encode()).hexdigest()[:24]
        return f"/upload/files/{name[:2]}/{name[2:4]}/{name}.jpg"

    def with_changes(self, **changes: Any) -> Release:
        return replace(self, **changes)


@dataclass(frozen=True)
class SiteSpec:
    key: str  # e.g. "mosreg_mii"; the demo registry entry is "demo_" + key
    host: str  # the real host this site imitates
    layout: str
    timezone: str
    title: str  # publisher name, Russian
    short_title: str
    region: str
    publisher_kind: str
    page_size: int
    notes: str = ""
    home_only: bool = False  # the demo registry gives only the home page: the crawl finds the news
    releases: tuple[Release, ...] = field(default_factory=tuple)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def split_paragraphs(body: str) -> tuple[str, ...]:
    paras = tuple(" ".join(chunk.split()) for chunk in body.strip().split("\n\n"))
    return tuple(p for p in paras if p)


def parse_local_time(value: Any, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ContentError(f"bad published time {value!r}") from exc
    else:
        raise ContentError(f"published must be an ISO string or datetime, got {type(value).__name__}")
    return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt.astimezone(tz)


def release_from_dict(data: dict[str, Any], tz: ZoneInfo) -> Release:
    """Build a Release from a content dict: title, published, body (or paragraphs), optional slug/tags."""
    try:
        title = str(data["title"]).strip()
        published = parse_local_time(data["published"], tz)
    except KeyError as exc:
        raise ContentError(f"release is missing {exc.args[0]!r}: {data.get('title', data)!r}") from exc
    if "paragraphs" in data:
        paragraphs = tuple(str(p).strip() for p in data["paragraphs"] if str(p).strip())
    else:
        paragraphs = split_paragraphs(str(data.get("body", "")))
    if not title or not paragraphs:
        raise ContentError(f"release needs a title and a body: {title!r}")
    slug = str(data.get("slug") or slugify(title))
    return Release(
        slug=slug,
        title=title,
        published=published,
        paragraphs=paragraphs,
        tags=tuple(data.get("tags", ())),
        image=bool(data.get("image", True)),
        quirks=tuple(data.get("quirks", ())),
    )


def load_site(path: Path) -> SiteSpec:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        site = data["site"]
        tz = ZoneInfo(site["timezone"])
        spec = SiteSpec(
            key=site["key"],
            host=site["host"],
            layout=site["layout"],
            timezone=site["timezone"],
            title=site["title"],
            short_title=site.get("short_title", site["title"]),
            region=site["region"],
            publisher_kind=site["publisher_kind"],
            page_size=int(site.get("page_size", 10)),
            notes=site.get("notes", ""),
            home_only=bool(site.get("home_only", False)),
        )
    except KeyError as exc:
        raise ContentError(f"{path}: [site] is missing {exc.args[0]!r}") from exc
    if spec.layout not in LAYOUTS:
        raise ContentError(f"{path}: unknown layout {spec.layout!r}")
    releases = tuple(release_from_dict(item, tz) for item in data.get("release", []))
    slugs = [r.slug for r in releases]
    if len(set(slugs)) != len(slugs):
        raise ContentError(f"{path}: duplicate release slugs")
    return replace(spec, releases=releases)


def load_sites(directory: Path = CONTENT_DIR) -> dict[str, SiteSpec]:
    """All demo sites by key, in file-name order."""
    sites: dict[str, SiteSpec] = {}
    for path in sorted(directory.glob("*.toml")):
        spec = load_site(path)
        if spec.key in sites:
            raise ContentError(f"{path}: duplicate site key {spec.key!r}")
        sites[spec.key] = spec
        logger.debug("loaded %s: %d releases", spec.key, len(spec.releases))
    return sites
