"""A page cut into text blocks: the text each block-level element holds itself.

A site is a template filled many times: the blocks whose text recurs on many of its pages are the
template (menus, banners, footers, «Поделиться», the press office's credit line), whatever their
markup. This module only cuts and keys; crawler.profiles.learn counts.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from lxml import etree

from crawler.normalise.bodies import collapse_whitespace

BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "td",
     "th", "tbody", "thead", "section", "article", "header", "footer", "figure", "figcaption", "pre", "dl",
     "dt", "dd", "main", "caption", "aside", "nav", "address", "form", "center", "body", "html"}
)  # fmt: skip
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option", "svg"})
_FOLD = re.compile(r"[\W_]+", re.UNICODE)


class Block:
    """One run of text a block-level element holds itself (not its nested blocks'). Runs are cut at
    <br> and at nested blocks: a date line before an <h3>, text lines between <br>s (old sites write
    paragraphs so) are blocks of their own, of the same element."""

    __slots__ = ("_text", "depth", "element", "linked", "pieces")

    def __init__(self, element: Any, depth: int = 0) -> None:
        self.element = element
        self.pieces: list[str] = []
        self.linked = 0  # characters of its own text inside <a>
        self.depth = depth
        self._text: str | None = None

    @property
    def raw_size(self) -> int:
        """An upper bound of len(text), without collapsing the whitespace."""
        return sum(map(len, self.pieces)) + len(self.pieces)

    @property
    def text(self) -> str:
        """The run's text, whitespace collapsed (read once the run is complete)."""
        if self._text is None:
            self._text = collapse_whitespace(" ".join(self.pieces))
        return self._text

    def __repr__(self) -> str:
        return f"Block({self.element.tag!r}, {self.text[:40]!r})"


def fold(text: str) -> str:
    """Text compared across pages: lower case, letters and digits only, single spaces."""
    return " ".join(_FOLD.sub(" ", text.casefold()).split())


def block_key(text: str) -> str:
    """A short stable key of a block's folded text (profiles store keys, not the site's text)."""
    return hashlib.blake2b(fold(text).encode("utf-8"), digest_size=8).hexdigest()


def page_blocks(root: Any) -> list[Block]:
    """The blocks under `root` (itself included) in page order, each with its own text; blocks
    without text of their own are left out. Recursive: libxml2 caps a parsed tree's depth at 256."""
    found: list[Block] = []
    if isinstance(root, etree._Element) and isinstance(root.tag, str):
        top = Block(root)
        found.append(top)
        _walk(root, top, False, 0, found)
    return [block for block in found if not "".join(block.pieces).isspace() and block.pieces]


def _walk(element: Any, block: Block, linked: bool, depth: int, found: list[Block]) -> None:
    if element.text:
        _add(block, element.text, linked)
    for child in element:
        tag = child.tag
        if tag == "br" and block.pieces:  # a line break starts a new segment of the same element
            block = Block(block.element, depth=block.depth)
            found.append(block)
        elif isinstance(tag, str) and tag not in SKIP_TAGS:
            if tag in BLOCK_TAGS:
                inner = Block(child, depth=depth + 1)
                found.append(inner)
                _walk(child, inner, linked, depth + 1, found)
                if block.pieces:  # text after a nested block is another run of this element
                    block = Block(block.element, depth=block.depth)
                    found.append(block)
            else:
                _walk(child, block, linked or tag == "a", depth + 1, found)
        if child.tail:
            _add(block, child.tail, linked)


def _add(block: Block, text: str, linked: bool) -> None:
    block.pieces.append(text)
    if linked:
        block.linked += len(text.strip())


def blocks_by_element(blocks: list[Block]) -> dict[Any, Block]:
    return {block.element: block for block in blocks}
