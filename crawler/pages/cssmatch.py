"""CSS selectors compiled once into Python matchers, run on a per-page index instead of XPath.

cssselect turns `.news-detail .news-date-time` into an XPath that libxml2 evaluates by string
tests on every element of the page, once per selector and page. Here a selector is parsed once
(cached by its text) and matched right to left: the candidates of its last compound come from an
index of the page by class, id or tag (crawler.pages.tree builds it once per page), and only their
ancestors are checked for the rest.

The matchers reproduce parsel's HTML translation exactly (tests/test_pages_css.py compares them
on real pages): tag names and attribute names lower-cased, class and `~=` tokens split on XML
whitespace as normalize-space() does. Selectors outside the supported subset (pseudo-classes,
pseudo-elements, sibling combinators, namespaces, value flags, `!=`) return None from
`compile_css`, and the caller evaluates them with parsel as before.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cssselect import SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Negation
from lxml import etree
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator

logger = logging.getLogger(__name__)


def css(node: Selector | SelectorList[Selector], query: str) -> SelectorList[Selector]:
    """`node.css(query)` by parsel (the fallback for what `compile_css` does not compile), with a
    bad selector reported as ValueError naming it."""
    try:
        return node.css(query)
    except (SelectorError, SyntaxError) as exc:
        raise ValueError(f"invalid CSS selector {query!r}: {exc}") from exc


_HTML_CSS = HTMLTranslator()  # parsel's translation for HTML documents (::text, ::attr(name) included)


@functools.lru_cache(maxsize=512)
def _css_xpath(query: str) -> etree.XPath:
    try:
        return etree.XPath(_HTML_CSS.css_to_xpath(query), smart_strings=False)
    except (SelectorError, SyntaxError) as exc:
        raise ValueError(f"invalid CSS selector {query!r}: {exc}") from exc


def css_elements(element: Any, query: str) -> list[Any]:
    """`css` on an lxml element, giving lxml elements (strings for ::text and ::attr): the same
    XPath parsel evaluates, compiled once per query. A listing asks three queries of each of its
    twenty items; parsel's Selector around every result cost most of the listing's reading."""
    return _css_xpath(query)(element)  # type: ignore[no-any-return]


Test = Callable[[Any], bool]  # one condition of a compound, on an lxml element
Members = Callable[[tuple[str, str]], "set[Any] | frozenset[Any]"]  # key -> the elements carrying it
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_NON_WHITESPACE = re.compile(r"^[^ \t\r\n\f]+$")  # cssselect's is_non_whitespace


def split_tokens(value: str) -> list[str]:
    """An attribute value as normalize-space() sees its words (XML whitespace only)."""
    if value.isprintable():  # the only whitespace a printable string holds is the ASCII space
        return [token for token in value.split(" ") if token]
    return [token for token in _XML_SPACE.split(value) if token]


@dataclass(frozen=True)
class Compound:
    """One compound selector (`h1.title#main[rel~=tag]:not(.x)`): a candidate key and tests."""

    tag: str | None  # lower-case tag name; None for `*`
    key: tuple[str, str] | None  # ("id" | "class", value): where candidates come from, else by tag
    tests: tuple[Test, ...]
    others: tuple[Test, ...]  # the tests but the key's (which the page's index of keys has made)

    def matches(self, element: Any) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        for test in self.tests:  # noqa: SIM110 - a loop costs less than all() over a generator
            if not test(element):
                return False
        return True

    def matches_candidate(self, element: Any) -> bool:
        """`matches` for an element taken from the index under this compound's key."""
        if self.tag is not None and element.tag != self.tag:
            return False
        for test in self.others:  # noqa: SIM110 - as above
            if not test(element):
                return False
        return True

    def matches_among(self, element: Any, members: Members) -> bool:
        """`matches`, the key's test answered by the page's index (`members`: the elements that
        carry a key), which costs a set lookup instead of reading and splitting an attribute."""
        if self.key is None:
            return self.matches(element)
        return element in members(self.key) and self.matches_candidate(element)


@dataclass(frozen=True)
class Chain:
    """A complex selector: compounds left to right and the combinators (" " or ">") between them."""

    compounds: tuple[Compound, ...]
    combinators: tuple[str, ...]
    keys: tuple[tuple[str, str], ...]  # every compound's id or class: a page without one cannot match
    holder: tuple[str, str] | None  # the key of the last compound before the last one to have one

    @property
    def last(self) -> Compound:
        return self.compounds[-1]

    def matches_ancestry(self, element: Any, members: Members) -> bool:
        """True when the compounds before the last one match `element`'s ancestors as combined."""
        return self._match_left(element, len(self.compounds) - 2, members)

    def _match_left(self, element: Any, index: int, members: Members) -> bool:
        if index < 0:
            return True
        compound, combinator = self.compounds[index], self.combinators[index]
        parent = element.getparent()
        if combinator == ">":
            return (
                parent is not None
                and compound.matches_among(parent, members)
                and self._match_left(parent, index - 1, members)
            )
        while parent is not None:  # descendant: any ancestor may be the match (backtracking)
            if compound.matches_among(parent, members) and self._match_left(parent, index - 1, members):
                return True
            parent = parent.getparent()
        return False


@dataclass(frozen=True)
class CompiledCss:
    """A group of selectors (`a, b`); each alternative a Chain."""

    query: str
    chains: tuple[Chain, ...]


class _Unsupported(Exception):
    """The selector uses something the matchers do not implement: evaluate it with parsel."""


def _attribute_test(node: Attrib) -> Test:
    if node.namespace or node.flag:
        raise _Unsupported(node)
    name = node.attrib.lower()
    if node.operator == "exists":
        return lambda element: element.get(name) is not None
    value = str(node.value.value) if node.value is not None else ""
    operator = node.operator
    if operator == "=":
        return lambda element: element.get(name) == value
    if operator == "~=":
        return _token_test(name, value)
    if operator == "|=":
        prefix = value + "-"

        def dash(element: Any) -> bool:
            found = element.get(name)
            return found is not None and (found == value or found.startswith(prefix))

        return dash
    if operator in ("^=", "$=", "*="):
        if not value:
            return lambda element: False
        method = {"^=": str.startswith, "$=": str.endswith, "*=": str.__contains__}[operator]

        def affix(element: Any) -> bool:
            found = element.get(name)
            return found is not None and method(found, value)

        return affix
    raise _Unsupported(node)


def _token_test(attribute: str, word: str) -> Test:
    """[attribute~=word]: `word` is one of the attribute's whitespace-separated words."""
    if not (word and _NON_WHITESPACE.match(word)):
        return lambda element: False

    def includes(element: Any) -> bool:
        value = element.get(attribute)
        return value is not None and word in value and word in split_tokens(value)

    return includes


def _id_test(wanted: str) -> Test:
    return lambda element: element.get("id") == wanted


def _negation_test(inner: Compound) -> Test:
    return lambda element: not inner.matches(element)


def _compound(node: Any) -> Compound:
    """Unfold a compound's nested nodes (`Class(Hash(Element))`) into tag, key and tests."""
    tests: list[Test] = []
    key: tuple[str, str] | None = None
    key_test: Test | None = None
    while not isinstance(node, Element):
        if isinstance(node, Class):
            tests.append(_token_test("class", node.class_name))
            if key is None or key[0] != "id":
                key, key_test = ("class", node.class_name), tests[-1]
        elif isinstance(node, Hash):
            tests.append(_id_test(node.id))
            key, key_test = ("id", node.id), tests[-1]
        elif isinstance(node, Attrib):
            tests.append(_attribute_test(node))
        elif isinstance(node, Negation):
            if isinstance(node.subselector, CombinedSelector):
                raise _Unsupported(node)
            inner = _compound(node.subselector)
            tests.append(_negation_test(inner))
        else:
            raise _Unsupported(node)
        node = node.selector
    if node.namespace:
        raise _Unsupported(node)
    tag = node.element.lower() if node.element and node.element != "*" else None
    tests.reverse()  # the order the selector names them in (cheap tests first when written first)
    others = tuple(test for test in tests if test is not key_test)
    return Compound(tag=tag, key=key, tests=tuple(tests), others=others)


def _chain(tree: Any) -> Chain:
    compounds: list[Compound] = []
    combinators: list[str] = []
    while isinstance(tree, CombinedSelector):
        if tree.combinator not in (" ", ">"):
            raise _Unsupported(tree)
        compounds.append(_compound(tree.subselector))
        combinators.append(tree.combinator)
        tree = tree.selector
    compounds.append(_compound(tree))
    compounds.reverse()
    combinators.reverse()
    keys = tuple(compound.key for compound in compounds if compound.key is not None)
    holder = next((c.key for c in reversed(compounds[:-1]) if c.key is not None), None)
    return Chain(compounds=tuple(compounds), combinators=tuple(combinators), keys=keys, holder=holder)


@functools.lru_cache(maxsize=1024)
def compile_css(query: str) -> CompiledCss | None:
    """The query compiled (cached by its text); None when parsel must evaluate it.

    A query cssselect cannot parse raises ValueError naming it, as `css` does.
    """
    try:
        selectors = parse(query)
    except (SelectorError, SyntaxError) as exc:
        raise ValueError(f"invalid CSS selector {query!r}: {exc}") from exc
    try:
        chains = []
        for selector in selectors:
            if selector.pseudo_element is not None:
                raise _Unsupported(selector.pseudo_element)
            chains.append(_chain(selector.parsed_tree))
    except _Unsupported as exc:
        logger.debug("CSS %r evaluated by parsel (%r)", query, exc)
        return None
    return CompiledCss(query=query, chains=tuple(chains))


__all__ = ["Chain", "CompiledCss", "Compound", "compile_css", "css_elements", "split_tokens"]
