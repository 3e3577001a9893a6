"""One parse of a page, shared by every field of an extraction, with what the fields look up.

`parse_html` parses as parsel's Selector(text=...) does (parsel.selector.create_root_node), but
with one parser per thread and into plain lxml elements: lxml.html's element class lookup runs
Python code for every element the extraction touches, and nothing here needs HtmlElement's
methods. `PageTree` keeps the tree and, built on first use, an index of its elements by class and
id (for crawler.pages.cssmatch), plus per-page values the fields share (`memo`).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

from lxml import etree
from parsel import Selector

from crawler.pages.cssmatch import Chain, compile_css, css, split_tokens
from crawler.pages.links import Resolver, document_base, resolver

logger = logging.getLogger(__name__)

_XML_DECLARATION = re.compile(r"[\s\ufeff]*<\?xml\s")  # parsel's test for an XML document
_JSON_SPACE = " \t\n\r"
_PARSERS = threading.local()
# Character references that could stand for an ASCII letter or ":" (numeric ones, &colon;, &fjlig;),
# or for a Cyrillic letter (numeric ones to U+0400-U+04FF, and HTML5's named ones, all "...cy;").
ASCII_REFERENCE = re.compile(
    rb"&(?:#(?:[xX]0*(?:3[aA]|[4-7][0-9a-fA-F])(?![0-9a-fA-F])|0*(?:58|6[5-9]|[7-9][0-9]|1[01][0-9]|12[0-2])"
    rb"(?![0-9]))|colon;|fjlig;)"
)
CYRILLIC_REFERENCE = re.compile(rb"&(?:#(?:0*1[0-2][0-9][0-9]|[xX]0*4[0-9a-fA-F]{2})|[A-Za-z]+cy;)")
# Every character reference as libxml2 reads one: "&#" digits, "&#x" hex digits, or "&" and a name
# (Cyrillic and ASCII-letter names end in ";"). Each reference found starts with one of these.
_REFERENCE = re.compile(rb"&(?:#[xX]?[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*;?)")
_ATTRIBUTED = frozenset({"itemprop", "property"})


def _parser() -> etree.HTMLParser:
    """The parser parsel builds for every page, built once per thread (lxml parsers are not
    thread-safe; reusing one is)."""
    parser = getattr(_PARSERS, "html", None)
    if parser is None:
        parser = _PARSERS.html = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    return parser


def _is_html_text(text: str) -> bool:
    """True for text parsel reads as HTML: not JSON (which cannot start with "<"), not XML."""
    return text.lstrip(_JSON_SPACE).startswith("<") and not _XML_DECLARATION.match(text)


def _source(text: str) -> bytes:
    """The bytes parsel gives the parser for non-empty text."""
    return text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"


def _html_root(source: bytes, url: str) -> Any:
    """parsel.selector.create_root_node(text, HTMLParser, base_url=url), from _source(text)."""
    root = etree.fromstring(source, parser=_parser(), base_url=url)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=_parser(), base_url=url)
    return root


def _page_text(html: str) -> str:
    return html if html and html.strip() else "<html></html>"


def parse_html(html: str, url: str) -> Selector:
    """A parsel Selector over the page (an empty document for empty input).

    The tree is the one Selector(text=html) builds; text that parsel would read as JSON or as XML
    (an <?xml ...?> declaration) goes through Selector itself.
    """
    text = _page_text(html)
    if _is_html_text(text):
        return Selector(root=_html_root(_source(text), url), type="html", base_url=url)
    return Selector(text=text, base_url=url)


class PageTree:
    """A parsed page and its lazily built lookups. `select` is parsel's `css` on the whole page."""

    def __init__(self, html: str, url: str) -> None:
        self.url = url
        self.html = html
        text = _page_text(html)
        self._selector: Selector | None = None
        self.source = b""  # the bytes the HTML parser read
        if _is_html_text(text):
            self.source = _source(text)
            self.root: Any = _html_root(self.source, url)
            self.type = "html"
        else:  # JSON (no tree at all) or XML: parsel's own way
            self._selector = Selector(text=text, base_url=url)
            self.root, self.type = self._selector.root, self._selector.type
        self.is_tree = isinstance(self.root, etree._Element)
        self.indexed = self.is_tree and self.type == "html"
        self._classes: dict[str, list[Any]] = {}
        self._ids: dict[str, list[Any]] | None = None
        self._elements: list[Any] = []
        self._attributed: list[Any] | None = None
        self._built = False
        self._member_sets: dict[tuple[str, str], set[Any]] = {}
        self.memo: dict[Any, Any] = {}  # per-page values computed once (meta map, JSON-LD articles)

    @property
    def selector(self) -> Selector:
        """A parsel Selector on the same tree (for helpers written against parsel)."""
        if self._selector is None:
            self._selector = Selector(root=self.root, type=self.type, base_url=self.url)
        return self._selector

    def wrap(self, element: Any) -> Selector:
        """A parsel Selector on one element of this tree."""
        return Selector(root=element, type=self.type, base_url=self.url)

    # --- index -------------------------------------------------------------------------------
    def _build(self) -> None:
        """One pass over the elements: every element, and those with each class word."""
        classes = self._classes
        elements = self._elements = list(self.root.iter(etree.Element))
        for element in elements:
            value = element.get(b"class")  # a bytes name spares lxml encoding it every time
            if not value:
                continue
            if " " in value or not value.isprintable():
                for token in set(split_tokens(value)):
                    classes.setdefault(token, []).append(element)
            else:  # one class name, the common case
                classes.setdefault(value, []).append(element)
        self._built = True

    def _id_index(self) -> dict[str, list[Any]]:
        """Elements by id, built the first time a selector names an id."""
        if self._ids is None:
            if not self._built:
                self._build()
            self._ids = {}
            for element in self._elements:
                if (ident := element.get("id")) is not None:
                    self._ids.setdefault(ident, []).append(element)
        return self._ids

    def _keyed(self, key: tuple[str, str]) -> list[Any]:
        kind, value = key
        return (self._classes if kind == "class" else self._id_index()).get(value, [])

    def _candidates(self, chain: Chain) -> Iterable[Any]:
        """A superset of the chain's matches, in page order: the elements with the last compound's
        id or class; else the descendants of the one element with an earlier compound's id or
        class; else the elements with the last compound's tag; else every element."""
        last = chain.last
        if last.key is not None:
            return self._keyed(last.key)
        if chain.holder is not None and len(holders := self._keyed(chain.holder)) == 1:
            return holders[0].iterdescendants(last.tag or etree.Element)
        if last.tag is not None:
            return self.root.iter(last.tag)
        return self._elements

    def _members(self, key: tuple[str, str]) -> set[Any]:
        """The elements carrying an id or class, as a set (for ancestors' tests)."""
        if (found := self._member_sets.get(key)) is None:
            found = self._member_sets[key] = set(self._keyed(key))
        return found

    def _possible(self, chain: Chain) -> bool:
        """False when some id or class the chain needs is on no element of the page."""
        for kind, value in chain.keys:
            if value not in (self._classes if kind == "class" else self._id_index()):
                return False
        return True

    def resolver(self, url: str) -> Resolver:
        """crawler.pages.links.resolver for the page at `url`, made once per page and URL: against
        the page's <base href> when it has one."""
        if (found := self.memo.get(("resolver", url))) is None:
            base = document_base(self.root, url) if self.indexed else url
            found = self.memo[("resolver", url)] = resolver(base)
        return found  # type: ignore[no-any-return]

    def references(self) -> frozenset[bytes]:
        """The distinct character references in the bytes the parser read (found once per page)."""
        if (found := self.memo.get("references")) is None:
            found = self.memo["references"] = frozenset(_REFERENCE.findall(self.source))
        return found  # type: ignore[no-any-return]

    def may_contain(self, words: tuple[bytes, ...], references: re.Pattern[bytes]) -> bool:
        """False when no text or attribute value of the page can hold any of `words` (UTF-8): none
        is in the bytes the parser read, and none of its character references is one of
        `references` (those that could spell one of their letters). True for a page not parsed
        as HTML."""
        if self.type != "html":
            return True
        source = self.source
        if any(word in source for word in words):
            return True
        return any(references.match(reference) for reference in self.references())

    def meta_attributes(self) -> list[tuple[Any, dict[str, str]]]:
        """Every <meta> with its attributes, in page order (one items() call each)."""
        if (found := self.memo.get("meta_attributes")) is None:
            found = self.memo["meta_attributes"] = (
                [(meta, dict(meta.items())) for meta in self.root.iter("meta")] if self.is_tree else []
            )
        return found  # type: ignore[no-any-return]

    def attributed(self) -> list[Any]:
        """Elements with an itemprop or a property attribute (microdata, RDFa, meta), in page order."""
        if self._attributed is None:
            self._attributed = self._find_attributed() if self.is_tree else []
        return self._attributed

    def _find_attributed(self) -> list[Any]:
        metas = [meta for meta, attributes in self.meta_attributes() if _ATTRIBUTED & attributes.keys()]
        if self.type == "html":
            # Each such attribute is spelled in the bytes the parser read (any ASCII case); when they
            # spell the two names no more often than the <meta>s carry them, no other element has one.
            source = self.source.lower()
            spelled = source.count(b"itemprop") + source.count(b"property")
            carried = sum(len(_ATTRIBUTED & attributes.keys()) for _, attributes in self.meta_attributes())
            if spelled <= carried:
                return metas
        return [
            element
            for element in self.root.iter(etree.Element)
            if element.get("itemprop") is not None or element.get("property") is not None
        ]

    # --- selectors ---------------------------------------------------------------------------
    def select(self, query: str | None) -> list[Any]:
        """Everything `query` matches, in document order: lxml elements (strings for parsel's
        ::text / ::attr() pseudo-elements). Invalid CSS raises ValueError naming the query."""
        if not query:
            return []
        compiled = compile_css(query) if self.indexed else None
        if compiled is None:
            return [item.root for item in css(self.selector, query)]
        if not self._built:
            self._build()
        groups = []
        for chain in compiled.chains:
            if not self._possible(chain):
                continue
            last = chain.last
            if len(chain.compounds) == 1 and last.key is not None and last.tag is None and not last.others:
                found = list(self._candidates(chain))  # `.name` or `#name`: the index is the answer
            elif len(chain.compounds) == 1:
                found = [element for element in self._candidates(chain) if last.matches_candidate(element)]
            else:
                found = [
                    element
                    for element in self._candidates(chain)
                    if last.matches_candidate(element) and chain.matches_ancestry(element, self._members)
                ]
            if found:
                groups.append(found)
        if len(groups) <= 1:
            return groups[0] if groups else []
        merged = {element: None for group in groups for element in group}
        if len(merged) == 1:
            return list(merged)
        # page order: walk only the elements with the matches' tags (lxml filters in C)
        return [element for element in self.root.iter(*{e.tag for e in merged}) if element in merged]


__all__ = ["PageTree", "parse_html"]
