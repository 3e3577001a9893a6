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

    __slots__ = ("_key", "_text", "element", "linked", "pieces")

    def __init__(self, element: Any) -> None:
        self.element = element
        self.pieces: list[str] = []
        self.linked = 0  # characters of its own text inside <a>
        self._text: str | None = None
        self._key: str | None = None

    @property
    def text(self) -> str:
        """The run's text, whitespace collapsed (read once the run is complete)."""
        if self._text is None:
            self._text = collapse_whitespace(" ".join(self.pieces))
        return self._text

    @property
    def key(self) -> str:
        """block_key of the run's text, made once (learning compares every block several times)."""
        if self._key is None:
            self._key = block_key(self.text)
        return self._key

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
    without text of their own are left out. Iterative: a page may nest elements thousands deep
    (the parser keeps huge trees)."""
    found: list[Block] = []
    if not (isinstance(root, etree._Element) and isinstance(root.tag, str)):
        return found
    top = Block(root)
    found.append(top)
    if root.text:
        _add(top, root.text, False)
    # a frame: [its children, its current block, inside a link, the element, is a block]
    frames: list[list[Any]] = [[iter(root), top, False, root, True]]
    while frames:
        frame = frames[-1]
        child = next(frame[0], None)
        if child is None:
            frames.pop()
            if frames:
                _after(frames[-1], frame, found)
            continue
        block, linked = frame[1], frame[2]
        tag = child.tag
        if tag == "br" and block.pieces:  # a line break starts a new run of the same element
            frame[1] = block = Block(block.element)
            found.append(block)
        elif isinstance(tag, str) and tag not in SKIP_TAGS and tag != "br":
            if tag in BLOCK_TAGS:
                inner = Block(child)
                found.append(inner)
                if child.text:
                    _add(inner, child.text, linked)
                frames.append([iter(child), inner, linked, child, True])
            else:
                inside = linked or tag == "a"
                if child.text:
                    _add(block, child.text, inside)
                frames.append([iter(child), block, inside, child, False])
            continue  # its tail is added when its frame is done
        if child.tail:
            _add(frame[1], child.tail, linked)
    return [block for block in found if block.text]  # (every caller reads each block's text)


def _after(parent: list[Any], done: list[Any], found: list[Block]) -> None:
    """An element's subtree is read: text after a nested block is a new run of the parent; then
    the element's tail, which belongs to the parent."""
    block = parent[1]
    if done[4] and block.pieces:
        parent[1] = block = Block(block.element)
        found.append(block)
    tail = done[3].tail
    if tail:
        _add(block, tail, parent[2])


def _add(block: Block, text: str, linked: bool) -> None:
    block.pieces.append(text)
    if linked:
        block.linked += len(text.strip())
