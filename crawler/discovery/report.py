"""What `pressarchive discover URL` finds on a press section, and the registry entry it suggests.

Given one listing URL and a `fetch` function (the command passes an HTTP client; tests pass a
local server), it reports: the platform guessed from the markup, feeds (announced by the page,
else probed at the usual addresses), sitemaps (robots.txt `Sitemap:` lines, else /sitemap.xml),
the release list (selectors of the guessed platform, else the structural heuristic) with sample
links and their parsed dates, and the pagination (how the next page was found, the URL pattern,
and the first few pages walked to show that new releases keep coming).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from crawler.discovery.feeds import autodiscover, candidate_feeds, parse_feed
from crawler.discovery.flow import DiscoveryFlow
from crawler.discovery.pagination import describe
from crawler.discovery.platform import guess_platform
from crawler.discovery.profile_probe import probe_profile
from crawler.discovery.sitemaps import (
    article_prefixes,
    in_section,
    parse_sitemap,
    robots_sitemaps,
    section_prefixes,
)
from crawler.discovery.zones import offset_counts
from crawler.normalise.dates import parse_date
from crawler.normalise.encoding import decode_html
from crawler.normalise.urls import url_host
from crawler.pages import get_page_object
from crawler.pages.base import ListingLink
from crawler.pages.common import clean_text, meta_content, parse_html
from crawler.pages.gosweb import BROWSER_ONLY
from crawler.pages.verdict import html_verdict
from crawler.profiles.affixes import site_name
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)

SAMPLE_LINKS = 5


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


Fetch = Callable[[str], "Fetched | None"]


@dataclass
class FeedFound:
    url: str
    how: str  # announced | probed
    items: int
    newest: str | None  # the first item's date as written


@dataclass
class SitemapFound:
    url: str
    how: str  # robots | probed
    kind: str  # index | urlset
    entries: int
    in_section: int | None  # urlset entries under the press section


@dataclass
class PageWalked:
    url: str
    links: int
    new_links: int
    next_page: str | None
    next_method: str | None


@dataclass
class Report:
    url: str
    status: int | None = None
    encoding: str | None = None
    verdict: str | None = None  # block_page / maintenance / http_NNN when the page is not usable
    platform: str = "generic"
    platform_trace: str = ""
    site_title: str | None = None
    links_method: str | None = None
    samples: list[dict[str, str | None]] = field(default_factory=list)
    pagination: str | None = None
    pages: list[PageWalked] = field(default_factory=list)
    feeds: list[FeedFound] = field(default_factory=list)
    sitemaps: list[SitemapFound] = field(default_factory=list)
    profile: dict[str, Any] | None = None  # crawler.profiles.model.SiteProfile.summary()
    date_offsets: dict[str, int] = field(default_factory=dict)  # «+05:00» -> dates seen with it
    articles: list[dict[str, Any]] = field(default_factory=list)  # extracted with the profile

    def as_dict(self) -> dict[str, object]:
        return json.loads(json.dumps(self, default=lambda value: value.__dict__))  # type: ignore[no-any-return]


def site_name_from_title(page: Selector) -> str | None:
    """The site's name: the last part of "<page> | <site>" titles, else the whole title."""
    title = clean_text(" ".join(page.xpath("//title//text()").getall()))
    parts = [part for part in re.split(r"\s+[|–—]\s+", title) if part]
    return parts[-1] if parts else None


def site_name_from_affixes(profile: dict[str, Any] | None) -> str | None:
    """The site's name from a profile summary's <title> affixes (crawler.profiles.affixes)."""
    tag = (profile or {}).get("title_tag")
    return site_name(tag.get("prefix") or "", tag.get("suffix") or "") if isinstance(tag, dict) else None


def probe_source(url: str, platform: str = "generic") -> Source:
    """A throwaway source for one URL (Moscow time, the URL's host)."""
    host = url_host(url) or "localhost"
    return Source(
        name="discover",
        title=host,
        region="",
        publisher_kind="other",
        timezone="Europe/Moscow",
        start_urls=(url,),
        platform=platform,
        allowed_domains=(host,),
    )


def discover(
    url: str,
    fetch: Fetch,
    *,
    max_pages: int = 3,
    probe: bool = True,
    now: dt.datetime | None = None,
    articles: int = 8,
) -> Report:
    """Look at a press section's listing page and what it leads to; with `articles`, fetch that
    many of its releases and learn the site's profile from them (crawler.discovery.profile_probe)."""
    report = Report(url=url)
    first = fetch(url)
    if first is None:
        report.verdict = "unreachable"
        return report
    decoded = decode_html(first.body, first.content_type)
    report.status, report.encoding = first.status, decoded.encoding
    report.verdict = html_verdict(first.status, decoded.text, first.url)
    if report.verdict:
        return report
    page = parse_html(decoded.text, first.url)
    report.platform, report.platform_trace = guess_platform(first.url, decoded.text)
    report.site_title = meta_content(page, "og:site_name") or site_name_from_title(page)
    now = now or dt.datetime.now(dt.UTC)
    links = _walk_listing(report, first.url, decoded.text, fetch, max_pages, now)
    if articles > 0 and links:
        source = probe_source(first.url, report.platform)
        report.profile, report.articles = probe_profile(links, fetch, source, report.platform, articles, now)
        if name := site_name_from_affixes(report.profile):
            report.site_title = name
    _find_feeds(report, first.url, autodiscover(first.url, page), fetch, probe)
    _find_sitemaps(report, first.url, fetch, probe)
    return report


def _walk_listing(
    report: Report, url: str, html: str, fetch: Fetch, max_pages: int, now: dt.datetime
) -> list[ListingLink]:
    """Walk the listing's pages; their release links, in order."""
    source = probe_source(url, report.platform)
    flow = DiscoveryFlow.for_source(source, max_pages)
    current, depth = url, 1
    links: dict[str, ListingLink] = {}  # by URL, the first page's link of each
    while True:
        listing = get_page_object(report.platform).listing(current, html, source)
        if not listing.links and report.platform != "generic":
            listing = get_page_object("generic").listing(current, html, source)
        for link in listing.links:
            links.setdefault(link.url, link)
        _note_offsets(report, (link.date_text for link in listing.links))
        decision = flow.after_listing(current, listing, depth)
        report.pages.append(
            PageWalked(
                current, len(listing.links), decision.new_links, listing.next_page, listing.next_method
            )
        )
        if depth == 1:
            report.links_method = listing.links_method
            for link in listing.links[:SAMPLE_LINKS]:
                parsed = parse_date(link.date_text, source.timezone, now) if link.date_text else None
                report.samples.append(
                    {"url": link.url, "title": link.title, "date_text": link.date_text,
                     "date": parsed.local_date.isoformat() if parsed else None}
                )  # fmt: skip
            if listing.next_page:
                report.pagination = f"{describe(current, listing.next_page)} via {listing.next_method}"
        if not decision.follow:
            return list(links.values())
        fetched = fetch(decision.follow)
        if fetched is None or fetched.status >= 400:
            return list(links.values())
        current, html, depth = fetched.url, decode_html(fetched.body, fetched.content_type).text, depth + 1
    # unreachable


def _find_feeds(report: Report, url: str, announced: tuple[str, ...], fetch: Fetch, probe: bool) -> None:
    tried: set[str] = set()
    candidates = [(feed, "announced") for feed in announced]
    if probe and not announced:
        candidates += [(feed, "probed") for feed in candidate_feeds(url)]
    for feed_url, how in candidates:
        if feed_url in tried:
            continue
        tried.add(feed_url)
        fetched = fetch(feed_url)
        if fetched is None or fetched.status >= 400:
            continue
        feed = parse_feed(fetched.body, fetched.url)
        if feed is not None and feed.items:
            _note_offsets(report, (item.date_text for item in feed.items))
            report.feeds.append(FeedFound(feed_url, how, len(feed.items), feed.items[0].date_text))
            if how == "probed":
                return  # one working guess is enough


def _note_offsets(report: Report, texts: Iterable[str | None]) -> None:
    """Count the UTC offsets the site's dates are written with (crawler.discovery.zones)."""
    for label, count in offset_counts(texts).items():
        report.date_offsets[label] = report.date_offsets.get(label, 0) + count


def _robots_sitemaps(url: str, fetch: Fetch) -> list[str]:
    root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    fetched = fetch(f"{root}/robots.txt")
    if fetched is None or fetched.status >= 400:
        return []
    return robots_sitemaps(fetched.body.decode("utf-8", errors="replace"), f"{root}/robots.txt")


def _find_sitemaps(report: Report, url: str, fetch: Fetch, probe: bool) -> None:
    candidates = [(sitemap, "robots") for sitemap in _robots_sitemaps(url, fetch)]
    if probe and not candidates:
        root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
        candidates = [(f"{root}/sitemap.xml", "probed")]
    articles = [str(sample["url"]) for sample in report.samples]
    prefixes = section_prefixes([url]) + article_prefixes(articles)
    for sitemap_url, how in candidates[:5]:
        fetched = fetch(sitemap_url)
        if fetched is None or fetched.status >= 400:
            continue
        sitemap = parse_sitemap(fetched.body, fetched.url)
        if sitemap is None:
            continue
        inside = None
        if sitemap.kind == "urlset":
            inside = sum(1 for entry in sitemap.entries if in_section(entry.url, prefixes))
        report.sitemaps.append(SitemapFound(sitemap_url, how, sitemap.kind, len(sitemap.entries), inside))


def render_text(report: Report) -> str:
    """The report for a terminal, in the operator's language (English labels, Russian content)."""
    out = [f"URL:        {report.url}", f"HTTP:       {report.status}   encoding: {report.encoding}"]
    if report.verdict:
        out.append(f"NOT USABLE: {report.verdict}")
        return "\n".join(out) + "\n"
    out.append(f"platform:   {report.platform}  ({report.platform_trace})")
    out.append(f"site:       {report.site_title}")
    out.append(f"listing:    {report.pages[0].links if report.pages else 0} links by {report.links_method}")
    for sample in report.samples:
        out.append(
            f"  {sample['date'] or '----------'}  {sample['date_text'] or ''!s:28.28}  {sample['title']}"
        )
        out.append(f"              {sample['url']}")
    out.append(f"pagination: {report.pagination or 'none found'}")
    if any(walked.next_method == BROWSER_ONLY for walked in report.pages):
        out.append(
            "  no pager link in the HTML: paging may happen in the browser only (ГосВеб); the crawl"
            " gets the first page's releases; give the source a sitemap_url or a feed_url for the rest"
        )
    for walked in report.pages:
        out.append(f"  {walked.url}  links={walked.links} new={walked.new_links}  next={walked.next_method}")
    out.append("feeds:      " + ("none found" if not report.feeds else ""))
    out += [f"  {feed.url} ({feed.how}, {feed.items} items, newest {feed.newest})" for feed in report.feeds]
    out.append("sitemaps:   " + ("none found" if not report.sitemaps else ""))
    out += [
        f"  {sm.url} ({sm.how}, {sm.kind}, {sm.entries} entries"
        + (f", {sm.in_section} in the press section)" if sm.in_section is not None else ")")
        for sm in report.sitemaps
    ]
    out += render_profile(report)
    return "\n".join(out)


def render_profile(report: Report) -> list[str]:
    """The site profile's lines of the text report."""
    profile = report.profile
    if profile is None:
        return ["site profile: none (no article page fetched)"]
    if "article_pages" not in profile:
        return ["site profile: none; " + "; ".join(profile.get("notes", []))]
    out = [f"site profile: learned from {profile['article_pages']} article pages"]
    tag = profile["title_tag"]
    out.append(
        "  <title>:  "
        + (tag if isinstance(tag, str) else f"prefix {tag['prefix']!r}, suffix {tag['suffix']!r}")
    )
    for part in ("title", "date", "body"):
        found = profile.get(part)
        out.append(
            f"  {part + ':':9} "
            + (f"{found['css']} (pages agreed {found['pages_agreed']})" if found else "-")
        )
    out.append(
        f"  repeated blocks: {profile['boilerplate_blocks']}  e.g. {profile['boilerplate_samples'][:3]}"
    )
    out += [f"  note: {note}" for note in profile.get("notes", [])]
    for article in report.articles:
        if "not_a_release" in article:
            out.append(f"  {article['url']}: not a release ({article['not_a_release']})")
            continue
        out.append(f"  {article['date']} {article['time'] or '':5}  {article['title']}")
        out.append(f"      {article['body_start']}… ({article['body_chars']} chars; {article['methods']})")
    return out
