"""Pagination of listing pages, detected rather than configured.

The cascade (the first step that finds a link to another allowed page wins; the step is recorded):
  selector     the registry's or the platform's `next_page` selector
  rel_next     <link rel=next> / <a rel=next>
  text         a link reading «Следующая», «Далее», «Вперёд», «»», «›», "next"
  numbered     a numbered pager: the link labelled current+1 (the current page from the pager's
               unlinked number, the link to this URL, or 1 on a URL without a page parameter)
  offset       an offset pager (NetCat/ГосВеб ?cur_cc=C&curPos=10, Joomla ?start=10): the link of
               this listing with the smallest offset above this page's (0 when it has none)
  url_pattern  this URL with its page number + 1 (?page=N, ?PAGEN_1=N, /page/N/, /page-N/), when the
               page links it
  year         on a page with no pager, the year archives it links («Архив новостей: 2011 | 2010»,
               archive/2010.html, ?year=2010): the newest year below this page's, or the newest
               linked when this page names no year of its own (old static sites page by year)

Works for 0-based (?page=N on Drupal) and 1-based pagers alike, since labels, not URL values, are
compared. Pure: parsel selectors in, URLs out.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from crawler.discovery.pager_choice import main_pager_links
from crawler.normalise.urls import absolute_url, canonicalize_url, host_in_domains, url_host
from crawler.pages.cssmatch import css
from crawler.pages.links import document_base

logger = logging.getLogger(__name__)

NEXT_TEXT = re.compile(
    r"^(?:(?:показать|загрузить)\s+ещ[её]|ещ[её]\s+новости|предыдущие\s+записи|older\s+(?:posts|entries)|следующая(?:\s+страница)?|следующие|далее|вперёд|вперед|next(?:\s+page)?|»|›|>|>>|→|»»|"
    r"следующая\s*[›»>→]|далее\s*[›»>→]|вперёд\s*[›»>→]|вперед\s*[›»>→]|next\s*[›»>→])$",
    re.IGNORECASE,
)


def _moved_label(anchor: Selector) -> str:
    """The label of an empty link whose content the HTML parser moved out after it: a page
    builder's button `<a href=…><table><tr><td>Следующая страница</td></tr></table></a>` parses
    as an empty <a> followed by the table."""
    element = anchor.root
    following = element.getnext()
    if len(element) or following is None or following.tag not in ("table", "div", "span"):
        return ""
    text = " ".join("".join(following.itertext()).split())
    return text if len(text) <= 40 else ""


_TRAILING_NUMBER = re.compile(r"^(.*?)[-_]?(\d+)$")


def numbered_sibling(target: str, url: str) -> bool:
    """True when `target`'s path is this path's next numbered sibling: /news -> /news2 or
    /news-2, /news2 -> /news3 (page builders such as Tilda make each listing page a page of its
    own)."""
    here = urlsplit(url).path.rstrip("/")
    there = urlsplit(target).path.rstrip("/")
    found = _TRAILING_NUMBER.match(there)
    if not here or found is None:
        return False
    base, number = found.group(1), int(found.group(2))
    mine = _TRAILING_NUMBER.match(here)
    if mine is not None and mine.group(1) == base:
        return number == int(mine.group(2)) + 1
    return here == base and number == 2


NEXT_CLASS = (
    "li.pager-next a, li.pager__item--next a, a.pager__next, a.pagination__next, .pagination__next a, "
    "a.next.page-numbers, .modern-page-next, a.modern-page-next, .pagination .next a, a.pagination-next, "
    "li.next a, a.next, .bx-pag-next a, .nav-next a"
)
PAGE_PARAM = re.compile(
    r"^(?:page|PAGEN_\d+|p|pg|paged|pagenum|curPos|start|from|offset|limitstart)$", re.IGNORECASE
)
# parameters that count items, not pages: the next page is the next offset the pager links
OFFSET_PARAM = re.compile(r"^(?:curPos|start|from|offset|limitstart)$", re.IGNORECASE)
# the page number as the path's last segment: /page/2/ (WordPress), /page-2/ (HostCMS), /page_2/
PAGE_PATH = re.compile(r"/(page[/_-])(\d+)/?$", re.IGNORECASE)
# a link's label naming a year archive: «2010», «2010 г.», «2010 год», «Архив 2010»
YEAR_LABEL = re.compile(r"^(?:архив\s+)?((?:19|20)\d\d)(?:\s*(?:г\.?|год))?$", re.IGNORECASE)
_CURRENT_CLASS = re.compile(r"(?:^|[\s_-])(current|active|selected|is-active)(?:$|[\s_-])", re.IGNORECASE)


def _year_link(label: str, target: str) -> bool:
    """A link to a year archive (its label a year its URL names, no page number), not a pager's."""
    found = YEAR_LABEL.match(label)
    return found is not None and found.group(1) in target and page_number(target) is None


@dataclass(frozen=True)
class NextPage:
    url: str
    method: str  # selector | rel_next | text | class | numbered | offset | url_pattern | year


@dataclass(frozen=True)
class PageNumber:
    """Where a URL keeps its page number: a query parameter or /page/N/ (/page-N/, /page_N/)."""

    kind: str  # "query" | "path"
    name: str  # the parameter ("page", "PAGEN_1"), or the path's prefix ("page/", "page-")
    value: int


def page_number(url: str) -> PageNumber | None:
    """The page number a listing URL carries, if any."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if PAGE_PARAM.match(key) and value.lstrip("-").isdigit():
            return PageNumber("query", key, int(value))
    if match := PAGE_PATH.search(parts.path):
        return PageNumber("path", match.group(1), int(match.group(2)))
    return None


def with_page(url: str, number: PageNumber, value: int) -> str:
    """`url` with its page number set to `value` (same parameter or path form)."""
    parts = urlsplit(url)
    if number.kind == "path":
        trailing = "/" if parts.path.endswith("/") else ""
        path = PAGE_PATH.sub(f"/{number.name}{value}{trailing}", parts.path)
        return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    query = [
        (k, str(value) if k == number.name else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _same(a: str, b: str) -> bool:
    return canonicalize_url(a) == canonicalize_url(b)


class _Finder:
    def __init__(self, url: str, page: Selector, domains: tuple[str, ...]) -> None:
        self.url = url.split("#", 1)[0]
        self.page = page
        self.base = document_base(page.root, self.url)  # where the page's relative links lead
        self.domains = domains
        self._others: set[str | None] | None = None  # the page parameters of other pagers than the main
        self._resolved: dict[str | None, str | None] = {}

    @functools.cached_property
    def anchors(self) -> list[Selector]:
        """The <a href> of the page's body, in page order (read once, by every step)."""
        return list(self.page.xpath("//body//a[@href]"))

    def resolve(self, href: str | None) -> str | None:
        """`href` made absolute against the page's base, once per href."""
        if href not in self._resolved:
            self._resolved[href] = absolute_url(self.base, href)
        return self._resolved[href]

    def target(self, href: str | None, pager_like: bool = False) -> str | None:
        """An allowed URL other than this one; with `pager_like`, only one that looks like a page of
        this listing (a page number, or this path with another query), never a "Далее" to an article."""
        target = self.resolve(href)
        if not target or _same(target, self.url):
            return None
        if self.domains and not host_in_domains(url_host(target), self.domains):
            return None
        same_path = urlsplit(target).path.rstrip("/") == urlsplit(self.url).path.rstrip("/")
        if (
            pager_like
            and page_number(target) is None
            and not same_path
            and not numbered_sibling(target, self.url)
        ):
            return None
        return target

    def pager_of(self, element: Any) -> str | None:
        """The page parameter a pager link sets (PAGEN_1, page), None when it sets none."""
        href = element.get("href")
        target = self.resolve(href) if href else None
        number = page_number(target) if target else None
        return number.name if number is not None else None

    def main_pager(self, nodes: list[Selector]) -> list[Selector]:
        """`nodes` without the links of other pagers than the main list's (a sidebar widget's),
        decided over all the page's pager links."""
        if self._others is None:
            anchors = [anchor.root for anchor in self.anchors] if self.page.type == "html" else []
            kept = {id(element) for element in main_pager_links(anchors, self.pager_of)}
            self._others = {self.pager_of(a) for a in anchors if id(a) not in kept} - {None}
        if not self._others:
            return nodes
        return [node for node in nodes if self.pager_of(node.root) not in self._others]

    def first(self, nodes: list[Selector], pager_like: bool = False) -> str | None:
        for node in self.main_pager(nodes) if pager_like else nodes:
            href = node.attrib.get("href") or node.xpath("(.//a/@href)[1]").get()
            if target := self.target(href, pager_like):
                return target
        return None

    def by_selector(self, query: str | None, pager_like: bool = False) -> str | None:
        if not query:
            return None
        return self.first(list(css(self.page, query)), pager_like)

    def by_rel(self) -> str | None:
        return self.first(
            list(
                self.page.xpath(
                    "//link[contains(concat(' ', @rel, ' '), ' next ')] | "
                    "//a[contains(concat(' ', @rel, ' '), ' next ')]"
                )
            )
        )

    def by_text(self) -> str | None:
        anchors = []
        for anchor in self.anchors:
            text = " ".join(
                " ".join(anchor.xpath(".//text()").getall()).split()
            )  # a button's nested cell too
            label = (
                text
                or anchor.attrib.get("title", "")
                or anchor.attrib.get("aria-label", "")
                or _moved_label(anchor)
            )
            if NEXT_TEXT.match(label.strip()) or NEXT_TEXT.match(anchor.attrib.get("aria-label", "").strip()):
                anchors.append(anchor)
        return self.first(anchors, pager_like=True)

    def by_numbers(self) -> str | None:
        labelled: dict[int, str] = {}
        current: int | None = None
        for anchor in self.main_pager(self.anchors):
            text = "".join(anchor.css("::text").getall()).strip()
            if not text.isdigit():
                continue
            href = self.resolve(anchor.attrib.get("href"))
            if not href or _year_link(text, href):
                continue
            label = int(text)
            if _same(href, self.url) or _CURRENT_CLASS.search(anchor.attrib.get("class", "")):
                current = label
            labelled.setdefault(label, href)
        if not labelled:
            return None
        current = current or self._unlinked_current(labelled) or (None if page_number(self.url) else 1)
        if current is None:
            return None
        return self.target(labelled.get(current + 1), pager_like=True)

    def _unlinked_current(self, labelled: dict[int, str]) -> int | None:
        """A number in the pager that is not a link: the current page."""
        for node in self.page.xpath("//body//*[not(self::a)][not(ancestor::a)][text()]"):
            text = "".join(node.xpath("text()").getall()).strip()
            if not text.isdigit() or int(text) in labelled:
                continue
            label = int(text)
            if label - 1 in labelled or label + 1 in labelled:
                # the pager's other numbers sit close by: same parent or grandparent
                around = node.xpath("../..//a/text() | ../a/text()").getall()
                if any(item.strip().isdigit() for item in around):
                    return label
        return None

    def by_offset(self) -> str | None:
        """The linked page of this listing with the smallest offset above this page's."""
        number = page_number(self.url)
        if number is not None and not OFFSET_PARAM.match(number.name):
            return None
        current = number.value if number is not None else 0
        here = urlsplit(self.url)
        fixed = {k: v for k, v in parse_qsl(here.query) if not OFFSET_PARAM.match(k)}
        best: tuple[int, str] | None = None
        for anchor in self.anchors:
            target = self.resolve(anchor.attrib.get("href"))
            found = page_number(target) if target else None
            if target is None or found is None or not OFFSET_PARAM.match(found.name):
                continue
            if number is not None and found.name != number.name:
                continue
            parts = urlsplit(target)
            if parts.path.rstrip("/") != here.path.rstrip("/"):
                continue
            others = {k: v for k, v in parse_qsl(parts.query) if not OFFSET_PARAM.match(k)}
            if any(others.get(key, value) != value for key, value in fixed.items()):
                continue  # another component's pager (cur_cc) or another filter
            if found.value > current and (best is None or found.value < best[0]):
                best = (found.value, target)
        return self.target(best[1]) if best else None

    def by_url_pattern(self) -> str | None:
        number = page_number(self.url)
        if number is None or OFFSET_PARAM.match(number.name):
            return None
        candidate = with_page(self.url, number, number.value + 1)
        for anchor in self.anchors:
            target = self.resolve(anchor.attrib.get("href"))
            if target and _same(target, candidate):
                return self.target(target)
        return None

    def by_year(self) -> str | None:
        """The next year archive down, on a page without a pager (see the module's docstring)."""
        linked: dict[int, str] = {}
        current: int | None = None
        pager = False
        for anchor in self.anchors:
            target = self.resolve(anchor.attrib.get("href"))
            if not target:
                continue
            if page_number(target) is not None:
                pager = True
                continue
            found = YEAR_LABEL.match(" ".join("".join(anchor.css("::text").getall()).split()))
            if found is None or found.group(1) not in target:
                continue  # a year archive's URL names its year
            if _same(target, self.url):
                current = int(found.group(1))
            else:
                linked.setdefault(int(found.group(1)), target)
        if pager or not linked:
            return None
        current = current or self._unlinked_year(linked) or self._year_in_url(linked)
        below = [year for year in linked if current is None or year < current]
        return self.target(linked[max(below)]) if below else None

    def _unlinked_year(self, linked: dict[int, str]) -> int | None:
        """A year beside the linked ones that is not a link: this page's."""
        for node in self.page.xpath("//body//*[not(self::a)][not(ancestor::a)][text()]"):
            found = YEAR_LABEL.match(" ".join("".join(node.xpath("text()").getall()).split()))
            if found is None or int(found.group(1)) in linked:
                continue
            around = node.xpath("../a/text() | ../../a/text() | ../../*/a/text()").getall()
            if any(YEAR_LABEL.match(text.strip()) for text in around):
                return int(found.group(1))
        return None

    def _year_in_url(self, linked: dict[int, str]) -> int | None:
        """The year this URL names, when it is one of the archive's (/news/2011.htm)."""
        years = {int(year) for year in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", self.url)}
        close = [year for year in years if year - 1 in linked or year + 1 in linked]
        return max(close) if close else None


def find_next_page(
    url: str, page: Selector, domains: tuple[str, ...] = (), selector: str | None = None
) -> NextPage | None:
    """The next listing page after `url`, and how it was found; None on the last page."""
    finder = _Finder(url, page, domains)
    steps = (
        ("selector", lambda: finder.by_selector(selector)),
        ("rel_next", finder.by_rel),
        ("text", finder.by_text),
        ("class", lambda: finder.by_selector(NEXT_CLASS, pager_like=True)),
        ("numbered", finder.by_numbers),
        ("offset", finder.by_offset),
        ("url_pattern", finder.by_url_pattern),
        ("year", finder.by_year),
    )
    for method, step in steps:
        if target := step():
            return NextPage(target, method)
    return None


def describe(first_url: str, next_url: str) -> str:
    """A human description of the pager, e.g. "?page=N (0-based)", "?PAGEN_1=N", "/page/N/",
    "?cur_cc=115&curPos=N (offset, step 10)"."""
    number = page_number(next_url)
    if number is None:
        return "link"
    if number.kind == "path":
        return f"/{number.name}N/"
    first = page_number(first_url)
    if OFFSET_PARAM.match(number.name):
        step = number.value - (first.value if first is not None and first.name == number.name else 0)
        component = dict(parse_qsl(urlsplit(next_url).query)).get("cur_cc")
        prefix = f"cur_cc={component}&" if component else ""
        return f"?{prefix}{number.name}=N (offset, step {step})"
    base = ""
    if first is None:
        base = " (0-based)" if number.value == 1 else " (1-based)" if number.value == 2 else ""
    else:
        base = " (0-based)" if number.value - first.value == 1 and first.value == 0 else ""
    return f"?{number.name}=N{base}"
