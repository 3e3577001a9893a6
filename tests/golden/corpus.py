"""The golden corpus as data, and the scores the tests and bench/bench_extract.py compute on it.

Two ways through our extractor: "configured" (the layout's platform adapter plus the registry
selectors a real entry would carry) and "generic" (the generic page object with no selectors at
all: a site we were never tuned for).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.records import Release
from crawler.normalise.encoding import decode_html
from crawler.normalise.release import NotARelease, build_release
from crawler.pages import get_page_object
from crawler.pages.base import RawRelease
from crawler.registry.sources import Selectors, Source

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Case:
    data: dict[str, Any]
    kind: str  # article | listing

    @property
    def url(self) -> str:
        return str(self.data["url"])

    @property
    def layout(self) -> str:
        return str(self.data["layout"])

    @property
    def path(self) -> Path:
        return (PAGES / self.data["file"]).resolve()

    def html(self) -> str:
        return decode_html(self.path.read_bytes()).text

    def source(self, configured: bool) -> Source:
        """The registry entry a site of this layout would have (configured) or a bare generic one."""
        selectors = Selectors(**self.data["selectors"]) if configured else Selectors()
        host = re.sub(r"^https?://([^/:]+).*$", r"\1", self.url)
        return Source(
            name=f"golden_{self.layout}",
            title=self.layout,
            region="Тестовая область",
            publisher_kind="ministry",
            timezone=str(self.data["timezone"]),
            start_urls=(self.url,),
            platform=str(self.data["platform"]) if configured else "generic",
            allowed_domains=(host,),
            selectors=selectors,
        )


@dataclass
class Corpus:
    fetched_at: dt.datetime
    articles: list[Case] = field(default_factory=list)
    listings: list[Case] = field(default_factory=list)


def load() -> Corpus:
    data = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    fetched = dt.datetime.fromisoformat(data["fetched_at"].replace("Z", "+00:00"))
    return Corpus(
        fetched_at=fetched,
        articles=[Case(item, "article") for item in data["articles"]],
        listings=[Case(item, "listing") for item in data["listings"]],
    )


def extract(case: Case, html: str, configured: bool) -> RawRelease:
    source = case.source(configured)
    return get_page_object(source.platform).extract(case.url, html, source)


def release(case: Case, html: str, configured: bool, fetched_at: dt.datetime) -> Release | None:
    """Our full path (page object + normalisation); None when it refuses the page."""
    source = case.source(configured)
    try:
        return build_release(extract(case, html, configured), source, fetched_at=fetched_at)
    except NotARelease:
        return None


def tokens(text: str | None) -> Counter[str]:
    return Counter(_WORD.findall((text or "").lower()))


def f1(found: str | None, expected: str) -> float:
    """Word-bag F1 of an extracted body against the expected one."""
    got, want = tokens(found), tokens(expected)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def expected_body(case: Case) -> str:
    return "\n\n".join(case.data["body"])
