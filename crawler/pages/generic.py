"""The generic page object: a documented cascade per field, each step named in RawRelease.methods.

  title        selector -> jsonld (headline) -> meta (og:title, twitter, DC; a site-name suffix
               trimmed when the page's single h1 says the same) -> h1 -> title_tag
  date         selector -> jsonld (datePublished) -> meta (article:published_time, Dublin Core,
               RDFa dc:date, itemprop) -> time_element -> text (a date next to the title);
               the URL, the feed and the listing follow in crawler.normalise.release
  updated      selector (platform) -> jsonld (dateModified) -> meta -> time_element -> text («Обновлено …»)
  body         selector -> trafilatura (HTML) -> text_blocks (the element with the most paragraph text)
  lead         selector (platform) -> first_paragraph (of the body) -> meta (description)
  images       the cover (og:image / JSON-LD image) and the body's images
  attachments  document links in the platform's files block and the body, else in the page's content
  tags         selector (platform) -> rel_tag -> meta (article:tag/section) / jsonld (keywords) -> class
  language     html_lang / meta -> text (letters)
Listing: configured item selector, else the structural heuristic (crawler.discovery.listing);
pagination always by the detection cascade (crawler.discovery.pagination).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any, TypeVar

from lxml import etree

from archive.records import Attachment
from crawler.discovery.feeds import autodiscover
from crawler.discovery.listing import listing_by_heuristic
from crawler.discovery.pagination import find_next_page
from crawler.normalise.bodies import remove_boilerplate, text_blocks
from crawler.pages.assets import attachments_in, images_in
from crawler.pages.base import Listing, ListingLink, RawRelease
from crawler.pages.common import (
    allowed_domains,
    canonical_link,
    element_in_non_content,
    element_text,
    first_text_in,
    links_by_selectors,
    outer_html,
    text_pieces,
    tree_meta,
    tree_title_tag,
)
from crawler.pages.content import (
    below_link_density,
    densest_block,
    document_links,
    in_side_block,
    text_language,
    trafilatura_body,
)
from crawler.pages.cssmatch import split_tokens
from crawler.pages.metadata import (
    DESCRIPTION_META,
    TITLE_META,
    cover_image,
    jsonld_value,
    language,
    published_from_metadata,
    tags_from_metadata,
    updated_from_metadata,
)
from crawler.pages.textdate import date_near_title
from crawler.pages.tree import CYRILLIC_REFERENCE, PageTree
from crawler.profiles.affixes import strip_affixes
from crawler.profiles.apply import profile_date, profile_title
from crawler.profiles.chrome import cleaned_copy
from crawler.profiles.headline import ELLIPSIS as _ELLIPSIS
from crawler.profiles.listing import listing_by_profile
from crawler.profiles.locate import pick
from crawler.profiles.model import SiteProfile
from crawler.registry.sources import Selectors, Source

logger = logging.getLogger(__name__)

T = TypeVar("T")
DATE_ATTRIBUTES = ("datetime", "content")
TAG_CLASSES = ".tags a, .news-tags a, .article-tags a, .field-name-field-tags a, .tag-list a, .post-tags a"
_UPDATED_LABEL = re.compile(
    r"^\s*(обновлено|изменено|дата\s+изменения|последнее\s+изменение|обновлен[оа]?)\b", re.I
)
# text nodes that may start an update stamp; the regex below decides (contains() is cheap in libxml2)
_UPDATED_WORDS = ("бновлен", "БНОВЛЕН", "зменен", "ЗМЕНЕН")
_UPDATED_BYTES = tuple(word.encode() for word in _UPDATED_WORDS)
_UPDATED_XPATH = etree.XPath(
    "//body//text()[" + " or ".join(f"contains(., '{word}')" for word in _UPDATED_WORDS) + "]/.."
)
# what node_text of an update stamp must hold (case-folded) for _UPDATED_LABEL to match it: every
# word of one label, each inside one text node (node_text joins text nodes with a space)
_UPDATED_LABEL_WORDS = (("обновлен",), ("изменено",), ("дата", "изменения"), ("последнее", "изменение"))
_BODY_TEXT = etree.XPath("string()")
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—]+$")
LISTING_MIN_ITEMS = 5
LINK_DENSE = 0.5  # share of a body's text inside links above which it may be a list, not an article


class GenericPage:
    """Any site: selectors when the registry gives them, structured data and trafilatura otherwise."""

    name = "generic"
    selectors = Selectors()
    lead_selector: str | None = None
    updated_selector: str | None = None
    tags_selector: str | None = None
    attachments_selector: str | None = None

    def effective_selectors(self, source: Source) -> Selectors:
        return _merged(source.selectors, self.selectors)

    # --- article -------------------------------------------------------------------------------
    def extract(
        self,
        url: str,
        html: str,
        source: Source,
        profile: SiteProfile | None = None,
        title_hint: str | None = None,
        tree: PageTree | None = None,
    ) -> RawRelease:
        """Every field from one parse of the page (crawler.pages.tree.PageTree), with the site's
        profile (crawler.profiles) when one is known; `title_hint` is the listing link's text.
        `tree` is the page already parsed from `html` (the crawl judged it first); extraction
        may change it."""
        if tree is None:
            tree = PageTree(html, url)
        if not tree.is_tree:  # text parsel reads as JSON: nothing of an article in it
            return RawRelease(url=url)
        selectors = self.effective_selectors(source)
        methods: dict[str, str] = {}
        title = _take(methods, "title", self.title(tree, selectors, source.selectors, profile, title_hint))
        raw_body = self._raw_body(tree, html, url, selectors, methods, source.selectors, profile)
        body_dates: list[str] = []  # date lines the body cleaning dropped, a last resort for the date
        if source.selectors.body and methods.get("body") == "selector":
            # the operator pinned the body: taken as pinned (the sanitiser's boilerplate removal
            # still applies); cleaning is for bodies the archive found itself
            body_html, body_nodes, body_tree = raw_body[0] or _serialised(raw_body), raw_body[1], raw_body[2]
        else:
            body_html, body_nodes, body_tree = self.cleaned_body(raw_body, title, profile, body_dates)
        date_text = _take(methods, "date", self.date(tree, selectors, title, profile, body_dates))
        updated_text = _take(methods, "updated", self.updated(tree))
        lead = _take(methods, "lead", self.lead(tree, body_nodes, body_tree))
        tags = _take(methods, "tags", self.tags(tree)) or ()
        lang = _take(methods, "language", self.language(tree, body_nodes))
        attachments = self.attachments(tree, url, body_nodes, methods)
        images = self.images(tree, url, body_nodes, methods)
        return RawRelease(
            url=url,
            title=title,
            date_text=date_text,
            date_method=methods.get("date"),
            updated_text=updated_text,
            body_html=body_html,
            lead=lead,
            canonical_url=canonical_link(tree, url),
            images=images,
            attachments=attachments,
            tags=tags,
            language=lang,
            page_kind=self.page_kind(tree, url, source, raw_body[1], methods.get("body")),
            methods=methods,
        )

    def title(
        self,
        tree: PageTree,
        selectors: Selectors,
        pinned: Selectors | None = None,
        profile: SiteProfile | None = None,
        hint: str | None = None,
    ) -> tuple[str, str] | None:
        """The registry's selector (pinned) -> the profile's headline element -> the platform's
        selector -> JSON-LD -> meta -> h1 -> <title>; meta and <title> lose the site's constant
        affixes, and give way to the listing's link text when they only wrap it."""
        if profile is not None:  # else the merged selectors below hold the pinned one first
            if pinned is not None and (text := first_text_in(tree, pinned.title)):
                return text, "selector"
            if text := profile_title(tree, profile):
                return text, "profile"
        if text := first_text_in(tree, selectors.title):
            return text, "selector"
        if text := jsonld_value(tree, "headline"):
            return text, "jsonld"
        headings = [h for h in tree.select("h1") if not element_in_non_content(h)]
        heading = element_text(headings[0]) if len(headings) == 1 else ""
        if text := tree_meta(tree, *TITLE_META):
            text = strip_affixes(text, profile.title_prefix, profile.title_suffix) if profile else text
            if heading and text != heading and text.startswith(heading) and _SITE_SUFFIX.search(text):
                return heading, "h1"
            return _wrapped_hint(text, hint) or (text, "meta")
        if heading:
            return heading, "h1"
        if profile is not None and profile.title_tag_constant:
            return (hint, "listing") if hint and not _ELLIPSIS.search(hint) else None
        whole = tree_title_tag(tree, split=False)
        if not whole:
            return None
        if profile is not None and (profile.title_prefix or profile.title_suffix):
            text = strip_affixes(whole, profile.title_prefix, profile.title_suffix)
            return _wrapped_hint(text, hint) or (text, "title_tag")
        return _wrapped_hint(whole, hint) or (tree_title_tag(tree) or whole, "title_tag")

    def date(
        self,
        tree: PageTree,
        selectors: Selectors,
        title: str | None,
        profile: SiteProfile | None = None,
        body_dates: list[str] | None = None,
    ) -> tuple[str, str] | None:
        """selector -> metadata -> the profile's date element -> a date next to the title -> a
        date line of the body's text (an old page's «20.11.2026 09:30 | Просмотров: 100<br>»)."""
        if text := first_text_in(tree, selectors.date, DATE_ATTRIBUTES):
            return text, "selector"
        if found := published_from_metadata(tree):
            return found
        if profile is not None and (text := profile_date(tree, profile)):
            return text, "profile"
        if text := date_near_title(tree.selector, title):
            return text, "text"
        for text in body_dates or ():
            if not _UPDATED_LABEL.match(text):
                return text, "body_line"
        return None

    def updated(self, tree: PageTree) -> tuple[str, str] | None:
        if self.updated_selector and (text := first_text_in(tree, self.updated_selector, DATE_ATTRIBUTES)):
            return text, "selector"
        if found := updated_from_metadata(tree):
            return found
        if not _may_hold_update_stamp(tree):
            return None
        for node in _UPDATED_XPATH(tree.root):
            text = element_text(node)
            if len(text) <= 80 and _UPDATED_LABEL.match(text) and not element_in_non_content(node):
                return text, "text"
        return None

    def cleaned_body(
        self,
        found: tuple[str | None, list[Any], PageTree],
        title: str | None,
        profile: SiteProfile | None,
        date_lines: list[str] | None = None,
    ) -> tuple[str | None, list[Any], PageTree]:
        """Whichever step found the body, it is cleaned (crawler.profiles.chrome): the site's
        repeated blocks when the profile knows them, the headline and date line repeated in it,
        captions and chrome lines. The cleaned copy is what images, attachments and the lead see.
        `found` holds the body's HTML only when it is a fragment of its own (trafilatura's)."""
        html, nodes, body_tree = found
        if not nodes or not isinstance(nodes[0], etree._Element):
            return html, nodes, body_tree
        node = nodes[0]
        boilerplate = profile.boilerplate if profile is not None else frozenset()
        copy = cleaned_copy(node, title=title, boilerplate=boilerplate, date_lines=date_lines)
        if copy is None:  # nothing to drop, or nothing left: the page is judged as it stands
            return html if html is not None else outer_html(body_tree, node), nodes, body_tree
        return outer_html(body_tree, copy), [copy], body_tree

    def _raw_body(
        self,
        tree: PageTree,
        html: str,
        url: str,
        selectors: Selectors,
        methods: dict[str, str],
        pinned: Selectors | None,
        profile: SiteProfile | None,
    ) -> tuple[str | None, list[Any], PageTree]:
        """(the body's HTML when it is a fragment of its own, the elements it came from, the tree
        that holds them): trafilatura's body is a document of its own; a selected element is
        serialised once, after cleaning (cleaned_body)."""
        if profile is not None:  # else the merged selectors below hold the pinned one first
            if pinned is not None and pinned.body and (nodes := tree.select(pinned.body)):
                methods["body"] = "selector"
                return None, nodes[:1], tree
            if (node := pick(tree, profile.body)) is not None:
                methods["body"] = "profile"
                return None, [node], tree
        if selectors.body and (nodes := tree.select(selectors.body)):
            methods["body"] = "selector"
            return None, nodes[:1], tree
        import trafilatura  # 4 MiB: loaded by the first page that needs it (none on a configured platform)

        extracted = trafilatura.extract(
            html,
            url=url,
            output_format="html",
            include_images=True,
            include_links=True,
            include_tables=True,
            include_comments=False,
            favor_precision=True,
            with_metadata=False,
        )
        if extracted and (fragment := trafilatura_body(extracted)):
            methods["body"] = "trafilatura"
            fragment_tree = PageTree(fragment, url)
            return fragment, [fragment_tree.root] if fragment_tree.is_tree else [], fragment_tree
        if (node := densest_block(tree)) is not None:
            methods["body"] = "text_blocks"
            return None, [node], tree
        return None, [], tree

    def lead(self, tree: PageTree, body_nodes: list[Any], body_tree: PageTree) -> tuple[str, str] | None:
        if self.lead_selector and (text := first_text_in(tree, self.lead_selector)):
            return text, "selector"
        paragraphs = [_descendants(node, "p") for node in body_nodes]
        for found in paragraphs:
            for paragraph in found:
                if len(text := element_text(paragraph)) >= 40:
                    return text, "first_paragraph"
        if body_nodes and not paragraphs[0]:  # <br><br> between paragraphs
            body_html = outer_html(body_tree, body_nodes[0])
            for block in text_blocks(remove_boilerplate(body_html)):  # html_to_text's paragraphs
                if len(block) >= 40:
                    return block, "first_paragraph"
        if text := tree_meta(tree, *DESCRIPTION_META):
            return text, "meta"
        return None

    def tags(self, tree: PageTree) -> tuple[tuple[str, ...], str] | None:
        if self.tags_selector and (found := _texts(tree.select(self.tags_selector))):
            return found, "selector"
        if found := _texts(_rel_tag_links(tree)):
            return found, "rel_tag"
        if metadata := tags_from_metadata(tree):
            return metadata
        if found := _texts([node for node in tree.select(TAG_CLASSES) if not element_in_non_content(node)]):
            return found, "class"
        return None

    def language(self, tree: PageTree, body_nodes: list[Any]) -> tuple[str, str] | None:
        if found := language(tree):
            return found
        if code := text_language(_language_sample(body_nodes)):
            return code, "text"
        return None

    def attachments(
        self, tree: PageTree, url: str, body_nodes: list[Any], methods: dict[str, str]
    ) -> tuple[Attachment, ...]:
        nodes = tree.select(self.attachments_selector) if self.attachments_selector else []
        resolve = tree.resolver(url)
        found = attachments_in(nodes + body_nodes, url, resolve)
        if found:
            methods["attachments"] = "selector" if nodes else "body"
            return found
        content = [  # document-looking links only, then the content checks
            node
            for node in document_links(tree)
            if not element_in_non_content(node) and not in_side_block(tree, node)
        ]
        found = attachments_in(content, url, resolve)
        if found:
            methods["attachments"] = "content"
        return found

    def images(
        self, tree: PageTree, url: str, body_nodes: list[Any], methods: dict[str, str]
    ) -> tuple[str, ...]:
        cover = cover_image(tree, url)
        body_images = images_in(body_nodes, url, tree.resolver(url))
        found = tuple(dict.fromkeys(((cover,) if cover else ()) + body_images))
        if found:
            methods["images"] = "meta+body" if cover else "body"
        return found

    def page_kind(
        self, tree: PageTree, url: str, source: Source, body_nodes: list[Any], body_method: str | None
    ) -> str:
        """ "listing" when the page is a list of dated release links rather than one release: at least
        LISTING_MIN_ITEMS dated items found by structure, and (when there is a body) most of their
        titles or dates inside it. A selector-matched body with few links is an article without more ado."""
        by_selector = body_method in ("selector", "profile")
        if body_nodes and by_selector and below_link_density(body_nodes[0], LINK_DENSE):
            return "article"
        links = listing_by_heuristic(url, tree.selector, allowed_domains(source, url))
        dated = [link for link in links if link.date_text and link.title]
        if len(dated) < LISTING_MIN_ITEMS:
            return "article"
        if not body_nodes:
            return "listing"
        body = element_text(body_nodes[0]).lower()
        # an extracted "body" made of the list's titles, or of its dates and teasers
        inside = sum(
            1
            for link in dated
            if (link.title or "").lower()[:60] in body or (link.date_text or "").lower() in body
        )
        return "listing" if inside * 2 >= len(dated) else "article"

    # --- listing -------------------------------------------------------------------------------
    def listing(self, url: str, html: str, source: Source, profile: SiteProfile | None = None) -> Listing:
        """Configured item selectors -> the site profile's item and headline link -> structure."""
        return self.listing_of(PageTree(html, url), source, profile)

    def listing_of(self, tree: PageTree, source: Source, profile: SiteProfile | None = None) -> Listing:
        """`listing` on a page parsed once (every step reads the same tree)."""
        url, page = tree.url, tree.selector
        selectors = self.effective_selectors(source)
        domains = allowed_domains(source, url)
        links: tuple[ListingLink, ...] = ()
        if selectors.item:
            links = links_by_selectors(url, tree, source, selectors)
            method = "selectors"
        if not links and profile is not None and profile.listing is not None:
            links = listing_by_profile(url, tree, profile.listing, domains)
            method = "profile"
        if not links:  # no selectors, or the platform's defaults do not fit this site
            links = listing_by_heuristic(url, page, domains)
            method = "heuristic"
        following = find_next_page(url, page, domains, selectors.next_page)
        return Listing(
            links=links,
            next_page=following.url if following else None,
            next_method=following.method if following else None,
            feeds=autodiscover(url, page),
            links_method=method,
        )


@functools.lru_cache(maxsize=256)
def _merged(selectors: Selectors, defaults: Selectors) -> Selectors:
    """The registry's selectors over the platform's, once per (source, platform)."""
    return selectors.merged_over(defaults)


def _serialised(found: tuple[str | None, list[Any], PageTree]) -> str | None:
    """The HTML of a found body's element (None when nothing was found)."""
    _, nodes, tree = found
    return outer_html(tree, nodes[0]) if nodes else None


def _wrapped_hint(text: str, hint: str | None) -> tuple[str, str] | None:
    """The listing's link text when a page title only wraps it in the site's name
    («Фонд … :: Заголовок»): the site said the headline twice."""
    if not hint or _ELLIPSIS.search(hint):
        return None
    hint = " ".join(hint.split())
    if len(hint) >= 10 and hint != text and hint in text and len(hint) < len(text):
        return hint, "listing"
    return None


def _take(methods: dict[str, str], name: str, found: tuple[T, str] | None) -> T | None:
    """The value of a cascade step's (value, method), recording the method under `name`."""
    if found is None:
        return None
    value, methods[name] = found
    return value


def _texts(nodes: Iterable[Any]) -> tuple[str, ...]:
    found = [element_text(node) for node in nodes]
    return tuple(dict.fromkeys(text for text in found if text and len(text) <= 80))


def _descendants(node: Any, tag: str) -> list[Any]:
    """XPath .//tag: the node's descendants named `tag` (none in a string)."""
    return list(node.iterdescendants(tag)) if isinstance(node, etree._Element) else []


def _language_sample(body_nodes: list[Any]) -> str:
    """The first 5000 characters of the body's text, for text_language, which counts letters only:
    when the raw text nodes are that short, cleaning their whitespace changes no count."""
    pieces = [text_pieces(node) if isinstance(node, etree._Element) else None for node in body_nodes]
    if all(found is not None for found in pieces):
        raw = " ".join(" ".join(found or ()) for found in pieces)
        if len(raw) <= 5000:
            return raw
    return " ".join(element_text(node) for node in body_nodes)[:5000]


def _rel_tag_links(tree: PageTree) -> list[Any]:
    """//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"""
    return [
        anchor
        for anchor in tree.root.iter("a")
        if (rel := anchor.get("rel")) and "tag" in rel and "tag" in split_tokens(rel)
    ]


def _may_hold_update_stamp(tree: PageTree) -> bool:
    """False when the text scan for «Обновлено …» cannot find a stamp, so that it can be skipped.

    The scan wants a text node with one of _UPDATED_WORDS whose parent's node_text matches
    _UPDATED_LABEL: so the body's text (the concatenation of its text nodes, case-folded as
    re.IGNORECASE compares) holds one of those words and every word of one label."""
    if not tree.may_contain(_UPDATED_BYTES, CYRILLIC_REFERENCE):
        return False
    texts = [str(_BODY_TEXT(body)) for body in tree.root.iter("body")]  # //body
    if not any(word in text for text in texts for word in _UPDATED_WORDS):
        return False
    folded = " ".join(texts).casefold()
    return any(all(word in folded for word in label) for label in _UPDATED_LABEL_WORDS)


__all__ = ["GenericPage", "text_language"]
