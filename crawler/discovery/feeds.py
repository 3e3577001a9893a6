"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: parsing, autodiscovery and the usual places to look.

Feed items give release links with their dates, which the crawl keeps as hints (method "feed")
for articles whose page shows no date. Parsing uses lxml with entities and network access off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from crawler.normalise.urls import absolute_url, host_in_domains, url_host
from crawler.pages.common import clean_text

logger = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None = None
    date_text: str | None = None  # pubDate / published / dc:date as written
    summary: str | None = None


@dataclass(frozen=True)
class Feed:
    kind: str  # rss | atom | rdf
    title: str | None
    items: tuple[FeedItem, ...]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in element:
            if isinstance(child.tag, str) and _local(child) == name:
                text = clean_text("".join(child.itertext()))
                if text:
                    return text
    return None


def _atom_link(entry: etree._Element) -> str | None:
    links = [child for child in entry if isinstance(child.tag, str) and _local(child) == "link"]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link.get("href"))
    return str(links[0].get("href")) if links and links[0].get("href") else None


def looks_like_feed(body: bytes | str) -> bool:
    """True when the document's root element is rss, feed or rdf:RDF."""
    head = body[:2048] if isinstance(body, bytes) else body[:2048].encode("utf-8", "ignore")
    lowered = head.lower()
    return any(marker in lowered for marker in (b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(body: bytes | str, url: str) -> Feed | None:
    """The feed's items with absolute links; None when the document is not a feed."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    try:
        root = etree.fromstring(data.lstrip(), parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    kind = {"rss": "rss", "feed": "atom", "RDF": "rdf"}.get(_local(root))
    if kind is None:
        return None
    entries = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and _local(element) in ("item", "entry")
    ]
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries:
        raw_link = _atom_link(entry) if kind == "atom" else _child_text(entry, "link", "guid")
        link = absolute_url(url, raw_link)
        if not link or link in seen:
            continue
        seen.add(link)
        items.append(
            FeedItem(
                url=link,
                title=_child_text(entry, "title"),
                date_text=_child_text(entry, "pubDate", "published", "date", "issued", "created", "updated"),
                summary=_child_text(entry, "description", "summary"),
            )
        )
    channel_title = None
    for element in root.iter():
        if isinstance(element.tag, str) and _local(element) in ("channel", "feed"):
            channel_title = _child_text(element, "title")
            break
    return Feed(kind=kind, title=channel_title, items=tuple(items))


def feed_links_in_section(feed: Feed, domains: tuple[str, ...]) -> tuple[FeedItem, ...]:
    """The items whose links stay on the source's hosts."""
    return tuple(item for item in feed.items if not domains or host_in_domains(url_host(item.url), domains))


def autodiscover(url: str, page: Selector) -> tuple[str, ...]:
    """Feeds the page announces with <link rel="alternate" type="application/rss+xml|atom+xml">."""
    found: list[str] = []
    for link in page.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").lower()
        if "alternate" in rel and any(kind.startswith(t) for t in FEED_TYPES[:3]):
            href = absolute_url(url, link.attrib.get("href"))
            if href and href not in found:
                found.append(href)
    return tuple(found)


def candidate_feeds(listing_url: str) -> tuple[str, ...]:
    """The usual feed addresses of Russian CMSs for a listing page, most specific first.

    ?format=rss (the *.mosreg.ru family), /rss, /rss.xml (Drupal), /feed/ (WordPress),
    /bitrix/rss.php (1C-Bitrix), the listing's own /rss/.
    """
    parts = urlsplit(listing_url)
    root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    listing = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    candidates = (
        f"{listing}?format=rss",
        f"{listing.rstrip('/')}/rss/",
        f"{listing.rstrip('/')}/feed/",
        f"{root}/rss",
        f"{root}/rss.xml",
        f"{root}/feed/",
        f"{root}/bitrix/rss.php",
        f"{root}/rss/",
    )
    return tuple(dict.fromkeys(candidates))
