"""The demo registry: the real registry format, pointing at a running mirror.

Names are the real entries' names prefixed "demo_"; platform and selectors follow the layout.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from demo.content import SiteSpec

logger = logging.getLogger(__name__)


class Mirror(Protocol):
    """What the registry reads of a running mirror (demo.mirror.Mirror is one): its sites and
    their addresses. A protocol, so this module does not import the mirror that writes it."""

    @property
    def sites(self) -> list[str]: ...

    def spec(self, site: str) -> SiteSpec: ...

    def base_url(self, site: str) -> str: ...

    def listing_url(self, site: str) -> str: ...


@dataclass(frozen=True)
class LayoutEntry:
    platform: str
    feed_path: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)


LAYOUT_ENTRIES: dict[str, LayoutEntry] = {
    "mosreg_ministry": LayoutEntry("mosreg_ministry", "/sobytiya/novosti-ministerstva?format=rss"),
    "air_portal": LayoutEntry(
        "generic",
        None,
        {
            "item": ".news-list .news-card",
            "link": "a.news-card__link",
            "list_date": ".news-card__date",
            "next_page": ".pager a.pager__next",
        },
    ),
    "wordpress": LayoutEntry(
        "generic",
        "/feed/",
        {
            "item": "main article.post",
            "link": "h2.entry-title a",
            "list_date": "time.entry-date",
            "next_page": ".nav-links a.next",
        },
    ),
    "drupal7": LayoutEntry(
        "generic",
        None,
        {
            "item": ".view-display-id-page li.views-row",
            "link": ".views-field-title a",
            "list_date": ".views-field-created",
            "next_page": "li.pager-next a",
            "title": "h1#page-title",
            "date": ".node .submitted",
            "body": ".node .field-name-body",
        },
    ),
}
MAX_PAGES = 20


def _toml(value: object) -> str:
    """A TOML value: JSON strings/ints/lists are valid TOML for what we write."""
    return json.dumps(value, ensure_ascii=False)


def registry_text(mirror: Mirror) -> str:
    lines = [
        "# Demo registry written by demo.registry for the offline mirror; regenerated on every run.",
        "# The sites are local imitations (fiction in the real sites' markup), not the real web.",
        "",
    ]
    for key in mirror.sites:
        spec = mirror.spec(key)
        entry = LAYOUT_ENTRIES[spec.layout]
        base = mirror.base_url(key)
        notes = f"Offline demo mirror of {spec.host} ({spec.layout} layout). {spec.notes}".strip()
        fields: list[tuple[str, object]] = [
            ("name", f"demo_{key}"),
            ("title", spec.title),
            ("region", spec.region),
            ("publisher_kind", spec.publisher_kind),
            ("timezone", spec.timezone),
            ("platform", entry.platform),
            ("homepage", base + "/"),
        ]
        if not spec.home_only:  # else the crawl finds the press section from the home page
            fields.append(("start_urls", [mirror.listing_url(key)]))
        if entry.feed_path:
            fields.append(("feed_url", base + entry.feed_path))
        fields += [("allowed_domains", ["127.0.0.1"]), ("max_pages", MAX_PAGES), ("notes", notes)]
        lines.append("[[source]]")
        lines += [f"{name} = {_toml(value)}" for name, value in fields]
        if entry.selectors:
            lines.append("")
            lines.append("[source.selectors]")
            lines += [f"{name} = {_toml(value)}" for name, value in entry.selectors.items()]
        lines.append("")
    return "\n".join(lines)


def write_registry(mirror: Mirror, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(registry_text(mirror), encoding="utf-8")
    logger.info("demo registry written to %s (%d sources)", path, len(mirror.sites))
    return path
