"""The press-section search of crawler.discovery.section_search, run with a fetch function.

`pressarchive discover HOMEPAGE` and the benchmark use this; the spider runs the same search with
Scrapy requests (crawler.scrapy_glue.sections).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crawler.discovery.report import Fetch, probe_source
from crawler.discovery.section_links import same_host
from crawler.discovery.section_search import SectionChoice, SectionSearch
from crawler.normalise.encoding import decode_html
from crawler.normalise.urls import url_host
from crawler.pages.verdict import html_verdict
from crawler.registry.sources import Source


@dataclass
class HomepageResult:
    home_url: str  # as asked
    final_url: str | None  # after redirects
    status: int | None
    verdict: str | None  # unreachable | block_page | maintenance | http_NNN | moved | None
    choice: SectionChoice | None
    search: SectionSearch | None

    @property
    def moved_to(self) -> str | None:
        """The new host when the home page redirected off its host (not only http→https or www)."""
        if not self.final_url or same_host(self.home_url, self.final_url):
            return None
        return url_host(self.final_url).removeprefix("www.")

    def evidence(self) -> dict[str, Any] | None:
        """What the search looked at (None when the home page itself failed)."""
        if self.choice is not None:
            return self.choice.evidence
        return self.search.evidence(None) if self.search is not None else None


def find_section(
    home_url: str, fetch: Fetch, source: Source | None = None, now: dt.datetime | None = None
) -> HomepageResult:
    """Fetch the home page and the candidates it leads to; return the chosen press section."""
    source = source or probe_source(home_url)
    now = now or dt.datetime.now(dt.UTC)
    first = fetch(home_url)
    if first is None:
        return HomepageResult(home_url, None, None, "unreachable", None, None)
    html = decode_html(first.body, first.content_type).text
    result = HomepageResult(
        home_url, first.url, first.status, html_verdict(first.status, html, first.url), None, None
    )
    if result.verdict:
        return result
    search = SectionSearch(source, now)
    result.search = search
    queue = search.home(first.url, html)
    while queue or (queue := search.fallback()):
        url = queue.pop(0)
        fetched = fetch(url)
        if fetched is None:
            search.failed(url, "unreachable")
        elif search.is_feed(url):
            search.feed(url, fetched.status, fetched.body)
        elif search.is_sitemap(url):
            queue.extend(search.sitemap(url, fetched.status, fetched.body))
        else:
            text = decode_html(fetched.body, fetched.content_type).text
            queue.extend(search.probed(url, fetched.status, text))
    result.choice = search.choose()
    return result
