"""Finding a source's press section from its home page: what to fetch, and which page to keep.

The search runs in two rounds. The home page's links that may lead to the press section
(crawler.discovery.section_links) are fetched, best first; each fetched page is read as a listing
with the source's page object. A page whose links carry dates is a candidate; a page that is not
(a «Пресс-центр» landing page of tiles) has its own section links fetched in the second round.
Of the candidates, the one the home page names best and whose list is best dated wins; a list
whose titles read like documents (постановления, приказы, извещения) never does. The evidence of
every fetched page is kept, so the choice can be shown and stored with its reasons.

No Scrapy and no network here: the spider and `pressarchive discover` fetch what `home`/`probed`
ask for and report back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from crawler.discovery.feeds import autodiscover, parse_feed
from crawler.discovery.section_links import (
    SectionLink,
    article_parent,
    feed_links,
    in_paths,
    label_score,
    normalise_label,
    same_site,
    section_links,
)
from crawler.discovery.sitemaps import parse_sitemap, robots_sitemaps
from crawler.normalise.dates import parse_date
from crawler.normalise.urls import url_host
from crawler.pages import get_page_object
from crawler.pages.common import clean_text, page_title_tag, parse_html
from crawler.pages.verdict import selector_verdict
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)

FIRST_ROUND = 6  # home-page links fetched
SECOND_ROUND = 4  # links of landing pages fetched
MIN_LINKS = 3  # a listing shows at least this many release links
DATED_SHARE = 0.6  # ... and this share of them dated
SITEMAP_CANDIDATES = 3  # parents of the sitemap's release URLs fetched when no link led anywhere
SITEMAP_CHILDREN = 2  # child sitemaps of an index read
UNDATED_MIN_LINKS = 6  # an undated list is taken only if named as press and this long
DOCUMENT_SHARE = 0.4  # a list whose titles read like documents this often is not press
_DOCUMENT_TITLE = re.compile(
    r"^(?:постановлени|приказ|распоряжени|закон|указ|решени[ея]\b|протокол|извещени|вакансия|"
    r"положени[ея]\b|порядок|форма\b|отч[её]т|доклад|сведения|реестр|объявлени[ея]\s+о\s+(?:конкурс|"
    r"проведении)|аукцион|запрос\s+(?:котировок|предложений)|план[- ]график|"
    r"проект\s+(?:постановл|закона|приказа))"
    r"|№\s*\d+[-\w/]*\s+от\s+\d",
    re.IGNORECASE,
)


@dataclass
class Probe:
    """One fetched candidate page and what it showed."""

    url: str
    link: SectionLink
    level: int  # 1: linked from the home page; 2: from a landing page
    status: int | None = None
    verdict: str = "pending"  # dated_list | undated_list | landing | documents | error
    links: int = 0
    dated: int = 0
    document_titles: int = 0
    heading: str = ""
    heading_score: int = 0
    next_page: str | None = None
    feeds: tuple[str, ...] = ()

    @property
    def score(self) -> float:
        dated = min(self.dated, 10) * 0.2
        return self.link.score + self.heading_score + dated + (0.5 if self.next_page else 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "label": self.link.label,
            "why": self.link.reasons[0] if self.link.reasons else "",
            "where": self.link.where,
            "level": self.level,
            "status": self.status,
            "verdict": self.verdict,
            "links": self.links,
            "dated": self.dated,
            "document_titles": self.document_titles,
            "heading": self.heading,
            "score": round(self.score, 2),
        }


@dataclass(frozen=True)
class SectionChoice:
    """The press section chosen for a source: its first listing page (and feed), and why."""

    listing_url: str | None
    feed_url: str | None
    method: str  # home_link | landing_link | sitemap | undated_list | feed
    evidence: dict[str, Any]

    def summary(self) -> str:
        chosen = self.evidence.get("chosen") or {}
        if self.listing_url is None:
            return f"only the feed {self.feed_url}"
        found_by = (
            f"link «{chosen['label']}» in the {chosen.get('where', 'page')}"
            if chosen.get("label")
            else chosen.get("why") or "?"
        )
        return (
            f"{self.listing_url} ({found_by}, "
            f"{chosen.get('dated', 0)} of {chosen.get('links', 0)} links dated, method {self.method})"
        )


@dataclass
class SectionSearch:
    """One search for a source's press section; feed it pages, then ask for the choice."""

    source: Source
    now: dt.datetime
    home_url: str | None = None
    home_host: str = ""
    probes: dict[str, Probe] = field(default_factory=dict)
    feeds: list[str] = field(default_factory=list)
    feed_items: dict[str, tuple[int, int]] = field(default_factory=dict)  # feed -> (items, on site)
    sitemaps: list[str] = field(default_factory=list)  # asked for when no link led to a list

    def home(self, url: str, html: str) -> list[str]:
        """The home page as fetched (after redirects): the first round of URLs to fetch."""
        self.home_url = url
        self.home_host = url_host(url)
        page = parse_html(html, url)
        announced = (*autodiscover(url, page), *feed_links(url, page, home_host=self.home_host))
        self.feeds = list(dict.fromkeys(feed for feed in announced if same_site(feed, self.home_host)))
        links = section_links(url, page, home_host=self.home_host, section_paths=self.source.section_paths)
        return self._ask(links[:FIRST_ROUND], level=1) + self.feeds[:1]

    def is_feed(self, url: str) -> bool:
        return url in self.feeds

    def feed(self, url: str, status: int, body: bytes) -> None:
        """A feed the home page announced, as fetched."""
        parsed = parse_feed(body, url) if status < 400 else None
        items = parsed.items if parsed else ()
        on_site = sum(1 for item in items if same_site(item.url, self.home_host))
        self.feed_items[url] = (len(items), on_site)

    def probed(self, url: str, status: int, html: str | None) -> list[str]:
        """A candidate page as fetched; returns the second-round URLs it leads to, if any."""
        probe = self.probes.get(url)
        if probe is None:
            return []
        probe.status = status
        page = parse_html(html, url) if html is not None and status < 400 else None
        if html is None or page is None or selector_verdict(status, page):
            probe.verdict = "error"
            return []
        self._read(probe, html, page)
        if probe.verdict in ("dated_list", "documents") or probe.level > 1:
            return []
        links = section_links(url, page, home_host=self.home_host, section_paths=self.source.section_paths)
        return self._ask([link for link in links if link.score >= 4][:SECOND_ROUND], level=2)

    def is_list(self, url: str) -> bool:
        """Whether the candidate page `url` read as a list of releases (dated or not)."""
        probe = self.probes.get(url)
        return probe is not None and probe.verdict in ("dated_list", "undated_list")

    def is_sitemap(self, url: str) -> bool:
        return url in self.sitemaps

    def fallback(self) -> list[str]:
        """When no fetched page is a list: the site's sitemaps, once: /sitemap.xml and those robots.txt
        names (then their release URLs' parents)."""
        if self.sitemaps or self.home_url is None or self._listing() is not None:
            return []
        parts = urlsplit(self.home_url)
        root = f"{parts.scheme}://{parts.netloc}"
        self.sitemaps += [f"{root}/sitemap.xml", f"{root}/robots.txt"]
        return list(self.sitemaps)

    def sitemap(self, url: str, status: int, body: bytes) -> list[str]:
        """A sitemap as fetched: its children (an index), or the parents of its release URLs to probe;
        robots.txt: the sitemaps its `Sitemap:` lines name."""
        if url.endswith("/robots.txt"):
            named = robots_sitemaps(body.decode("utf-8", "replace"), url) if status < 400 else []
            fresh = [u for u in named if same_site(u, self.home_host) and u not in self.sitemaps][
                :SITEMAP_CHILDREN
            ]
            self.sitemaps.extend(fresh)
            return fresh
        parsed = parse_sitemap(body, url) if status < 400 else None
        if parsed is None:
            return []
        if parsed.kind == "index":
            children = [e.url for e in parsed.entries if same_site(e.url, self.home_host)]
            children = [c for c in children if c not in self.sitemaps][:SITEMAP_CHILDREN]
            self.sitemaps.extend(children)
            return children
        parents: dict[str, int] = {}
        for entry in parsed.entries:
            parent = article_parent(entry.url) if same_site(entry.url, self.home_host) else None
            if parent and in_paths(parent, self.source.section_paths):
                parents[parent] = parents.get(parent, 0) + 1
        ranked = sorted(parents.items(), key=lambda item: -item[1])[:SITEMAP_CANDIDATES]
        links = [
            SectionLink(parent, "", "sitemap", 1.0, (f"parent of {count} sitemap URLs",))
            for parent, count in ranked
            if count >= MIN_LINKS
        ]
        return self._ask(links, level=2)

    def failed(self, url: str, reason: str) -> None:
        if url in self.probes:
            self.probes[url].verdict = "error"
            self.probes[url].heading = reason
        elif url in self.feeds:
            self.feed_items[url] = (0, 0)

    def _listing(self) -> tuple[Probe, str] | None:
        """The best list fetched so far, and how it was reached."""
        probes = list(self.probes.values())
        dated = [p for p in probes if p.verdict == "dated_list"]
        undated = [
            p for p in probes if p.verdict == "undated_list" and p.link.score >= 6 and p.heading_score >= 0
        ]
        if dated:
            best = max(dated, key=lambda p: p.score)
            if best.link.where == "sitemap":
                return best, "sitemap"
            return best, "home_link" if best.level == 1 else "landing_link"
        if undated:
            return max(undated, key=lambda p: p.score), "undated_list"
        return None

    def choose(self) -> SectionChoice | None:
        """The press section, or None when no fetched page is one."""
        feed = self._good_feed()
        found = self._listing()
        if found is None:
            return SectionChoice(None, feed, "feed", self.evidence(None)) if feed else None
        best, method = found
        return SectionChoice(
            best.url, feed or (best.feeds[0] if best.feeds else None), method, self.evidence(best)
        )

    def _good_feed(self) -> str | None:
        for url, (items, on_site) in self.feed_items.items():
            if items >= MIN_LINKS and on_site * 2 >= items:
                return url
        return None

    def evidence(self, best: Probe | None) -> dict[str, Any]:
        return {
            "home": self.home_url,
            "chosen": best.as_dict() if best else None,
            "probes": [p.as_dict() for p in sorted(self.probes.values(), key=lambda p: -p.score)],
            "feeds": {url: {"items": n, "on_site": k} for url, (n, k) in self.feed_items.items()},
            "sitemaps": list(self.sitemaps),
        }

    def _ask(self, links: list[SectionLink], level: int) -> list[str]:
        wanted = []
        for link in links:
            if link.url in self.probes:
                continue
            if level == 2:  # endorsed by the press landing page it came from
                link = dataclasses.replace(link, score=link.score + 1)
            self.probes[link.url] = Probe(link.url, link, level)
            wanted.append(link.url)
        return wanted

    def _read(self, probe: Probe, html: str, page: Selector) -> None:
        source = dataclasses.replace(self.source, start_urls=(probe.url,))
        page_object = get_page_object(source.platform)
        try:
            listing = page_object.listing(probe.url, html, source)
        except Exception:  # one odd page must not end the search
            logger.exception("cannot read candidate section %s", probe.url)
            probe.verdict = "error"
            return
        heading = clean_text(" ".join(page.css("h1 ::text").getall()[:8])) or page_title_tag(page) or ""
        probe.heading = heading[:120]
        probe.heading_score = max(-3, min(label_score(normalise_label(heading))[0], 1)) if heading else 0
        links = [link for link in listing.links if link.url.rstrip("/") != probe.url.rstrip("/")]
        probe.links = len(links)
        probe.dated = sum(
            1 for link in links if link.date_text and parse_date(link.date_text, source.timezone, self.now)
        )
        probe.document_titles = sum(1 for link in links if link.title and _DOCUMENT_TITLE.search(link.title))
        probe.next_page, probe.feeds = listing.next_page, listing.feeds
        if probe.heading_score <= -3 or (links and probe.document_titles >= DOCUMENT_SHARE * len(links)):
            probe.verdict = "documents"
        elif probe.links >= MIN_LINKS and probe.dated >= DATED_SHARE * probe.links:
            probe.verdict = "dated_list"
        elif probe.links >= UNDATED_MIN_LINKS and probe.dated == 0:
            probe.verdict = "undated_list"
        else:
            probe.verdict = "landing"
