"""A source's page as the profile learner studies it: the page, its tree, its blocks, its <title>."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.pages.common import tree_title_tag
from crawler.pages.tree import PageTree
from crawler.profiles.blocks import Block, page_blocks


@dataclass(frozen=True)
class SamplePage:
    """One article page of the source, with what the listing said of it (when known)."""

    url: str
    html: str
    title_hint: str | None = None  # the listing link's text
    date_hint: str | None = None  # the date the listing showed beside it


@dataclass
class StudiedPage:
    sample: SamplePage
    tree: PageTree
    body: Any
    blocks: list[Block]
    title_tag: str


def study(sample: SamplePage) -> StudiedPage | None:
    """The page parsed and cut into blocks; None for a page that is no HTML document."""
    try:
        tree = PageTree(sample.html, sample.url)
    except (ValueError, etree.ParserError):
        return None
    if not tree.is_tree or tree.type != "html":
        return None
    bodies = [element for element in tree.root if element.tag == "body"]
    body = bodies[0] if bodies else tree.root
    return StudiedPage(sample, tree, body, page_blocks(body), tree_title_tag(tree, split=False) or "")
