"""Release bodies: boilerplate removal, nh3 sanitising, plain text and the content hash.

Fragments are parsed as lxml.html.fragment_fromstring(html, create_parent="div") parses them, but
into plain lxml elements (lxml.html's element classes cost a Python call per element touched);
`_text_content` and `drop_tree` are lxml.html's text_content() and drop_tree().
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterator

import nh3
from lxml import etree
from lxml import html as lxml_html

from crawler.pages.links import resolver

logger = logging.getLogger(__name__)

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "b", "strong", "i", "em", "a", "img", "h2", "h3", "h4", "blockquote",
     "table", "thead", "tbody", "tr", "th", "td", "caption", "sup", "sub"}
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Junk inside a body: share widgets, print links, social buttons, breadcrumbs, cookie banners,
# "other news" blocks, tag lines, pagers, comments and footers.
_JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(share|sharing|ya-share2|social|socials|print|likes|addthis|pluso|subscribe|breadcrumbs?|"
    r"cookies?|cookie-banner|cookie-notice|related|other-news|similar|read-also|tags|tag-list|rating|"
    r"comments?|pager|pagination|post-navigation|advert|adv|ads|banner|footer)(?:$|[\s_-])",
    re.IGNORECASE,
)
_JUNK_TEXT = re.compile(
    r"^\s*(поделиться|поделиться\s+в\s+соцсетях|версия\s+для\s+печати|распечатать|печать|"
    r"для\s+печати|print|share|все\s+новости|назад\s+к\s+списку(?:\s+новостей)?|вернуться\s+к\s+списку(?:\s+новостей)?|"
    r"←\s*все\s+новости|читать\s+полностью)\s*:?\s*$",
    re.IGNORECASE,
)
# A heading that starts a block of other news: dropped with the list after it.
_RELATED_HEADING = re.compile(
    r"^\s*(читайте\s+также|другие\s+новости|похожие\s+новости|новости\s+по\s+теме|смотрите\s+также|"
    r"по\s+теме|ещё\s+новости|еще\s+новости|последние\s+новости)\s*:?\s*$",
    re.IGNORECASE,
)
_DROP_TAGS = ("script", "style", "noscript", "template", "form", "button", "iframe", "svg")

_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr",
     "section", "article", "header", "footer", "figure", "figcaption", "pre", "dl", "dt", "dd", "main",
     "caption", "thead", "tbody", "aside", "nav", "address", "hr"}
)  # fmt: skip
_SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})
_BREAK = "\x00"  # block boundary -> blank line
_LINE = "\x01"  # <br> -> newline; other newlines in the source are just spaces
_DOUBLE_BR = re.compile(f"{_LINE}\\s*{_LINE}[\\s{_LINE}]*")  # \s includes NBSP
# Invisible characters a body does not keep: soft hyphens, zero-width spaces, BOMs (editors insert
# them at will; they split words for search). Zero-width (non-)joiners shape emoji and scripts,
# so the text keeps them; the content hash ignores all five (see content_hash).
_INVISIBLE = "\u00ad\u200b\ufeff"
_IGNORED_IN_HASH = "\u00ad\u200b\u200c\u200d\ufeff"
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.I)  # lxml.html's _looks_like_full_html_unicode
_PARSER = threading.local()
_text_content = etree.XPath("string()", smart_strings=False)


def _html_parser() -> etree.HTMLParser:
    """lxml.html's default parser options, without its element class lookup (one per thread)."""
    parser = getattr(_PARSER, "parser", None)
    if parser is None:
        parser = _PARSER.parser = etree.HTMLParser()
    return parser


def _fragment_root(html: str) -> etree._Element:
    """lxml.html.fragment_fromstring(html, create_parent="div"), in plain lxml elements."""
    if _FULL_HTML.match(html):
        return lxml_html.fragment_fromstring(html, create_parent="div")
    document = etree.fromstring(f"<html><body>{html}</body></html>", _html_parser())
    if document is None:
        raise etree.ParserError("Document is empty")
    bodies = [element for element in document if element.tag == "body"]
    if len(bodies) != 1:
        raise AssertionError(f"too many bodies: {bodies!r} in {html!r}")
    body = bodies[0]
    root = _html_parser().makeelement("div")  # in an HTML document: \r serialises as lxml.html's does
    if body.text and body.text.strip():
        root.text = body.text
    root.extend(body)
    return root


def parse_fragment(html: str) -> etree._Element | None:
    if not html or not html.strip():
        return None
    try:
        return _fragment_root(html)
    except (etree.ParserError, ValueError):
        logger.debug("unparseable body fragment (%d chars)", len(html))
        return None


def collapse_whitespace(text: str) -> str:
    """`" ".join(text.split())`: every whitespace run as one space, trimmed (regex \\s is the same
    set, str.isspace()). Done with C string methods when the text's only whitespace, once tabs and
    line ends are spaces, is the ASCII space (isprintable() says so): splitting a long text into
    words costs more."""
    flat = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
    if not flat.isprintable():
        return " ".join(text.split())
    while "  " in flat:
        flat = flat.replace("  ", " ")
    return flat.strip(" ")


def _without(text: str, characters: str) -> str:
    """`text` without any of `characters` (str.replace per character: translate is slower)."""
    for character in characters:
        if character in text:
            text = text.replace(character, "")
    return text


def drop_tree(element: etree._Element) -> None:
    """Remove the element and its children; its tail joins the previous sibling or the parent."""
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _serialise_children(root: etree._Element) -> str:
    """The root's text as it is, then its children serialised (one tostring of the attribute-less
    root, unwrapped, instead of one per child)."""
    text, root.text = root.text, None
    try:
        inner = etree.tostring(root, encoding="unicode", method="html")
    finally:
        root.text = text
    start, end = f"<{root.tag}>", f"</{root.tag}>"
    if root.attrib or not (inner.startswith(start) and inner.endswith(end)):
        inner = "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    else:
        inner = inner[len(start) : -len(end)]
    return (text or "") + inner


def _is_junk(element: etree._Element, text: str | None = None) -> bool:
    """`text`: the element's text content, when the caller has it."""
    tag = element.tag
    if not isinstance(tag, str):
        return False
    if tag in _DROP_TAGS:
        return True
    names, ident = element.get("class"), element.get("id")
    if (names or ident) and _JUNK_CLASS.search(f"{names or ''} {ident or ''}"):
        return True
    if tag == "img" or (not element.text and not len(element)):  # no text: no junk phrase
        return False
    return bool(_JUNK_TEXT.match(text if text is not None else _text_content(element) or ""))


_HEADING_LIKE = frozenset({"h2", "h3", "h4", "h5", "div", "p", "strong", "b"})


def _drop_related_block(element: etree._Element, text: str) -> bool:
    """Drop a «Читайте также» heading (`text`: its text content) and the list of links that
    follows it; True if dropped."""
    if not _RELATED_HEADING.match(text):
        return False
    following = element.getnext()
    if following is not None and following.tag in ("ul", "ol", "div", "p"):
        text = _text_content(following) or ""
        linked = sum(len(_text_content(a) or "") for a in following.iter("a"))
        if text.strip() and linked * 2 >= len(text.strip()):
            drop_tree(following)
    drop_tree(element)
    return True


def remove_boilerplate(html: str, base_url: str | None = None) -> str:
    """Drop known junk inside a body (share buttons, «Поделиться», print links, breadcrumbs, cookie
    banners, «Читайте также» blocks, tag lines, scripts, forms). The body's own container is kept
    whatever its class says.

    With `base_url`, relative a[href] and img[src] become absolute.
    """
    root = parse_fragment(html)
    if root is None:
        return ""
    # the selected container itself (e.g. class "news-detail__text print-area") is kept when it
    # holds real text, whatever its class says
    only_child = len(root) == 1 and isinstance(root[0].tag, str) and not (root.text or "").strip()
    container = root[0] if only_child else None
    if container is not None and len((_text_content(container) or "").strip()) < 200:
        container = None
    for element in list(root.iter()):
        if element is root or element is container or element.getparent() is None:
            continue
        if not isinstance(element.tag, str):
            continue
        text = None
        if element.tag in _HEADING_LIKE:  # one text_content for both checks
            text = _text_content(element) or ""
            if _drop_related_block(element, text):
                continue
        if _is_junk(element, text):
            drop_tree(element)
    if base_url:
        resolve = resolver(base_url)  # absolute_url(base_url, ...), the base parsed once
        for element in root.iter("a", "img"):
            attribute = "href" if element.tag == "a" else "src"
            if element.get(attribute) is not None:
                resolved = resolve(element.get(attribute))
                if resolved is None:
                    del element.attrib[attribute]
                else:
                    element.set(attribute, resolved)
    return _serialise_children(root)


def sanitise_html(html: str, base_url: str | None = None) -> str:
    """The body as safe HTML: a small tag set, no scripts, no on* attributes, no javascript: links."""
    if not html:
        return ""
    cleaned = remove_boilerplate(html, base_url)
    return nh3.clean(
        cleaned,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def _text_chunks(element: etree._Element, chunks: list[str]) -> None:
    """The texts and tails under `element` in page order, with _BREAK around block elements and
    _LINE for <br>; script/style/noscript/template keep only their tails. Comments, processing
    instructions and entities give only their tails (the text after them)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            if child.tail:
                chunks.append(child.tail)
            continue
        block = tag in _BLOCK_TAGS
        if block:
            chunks.append(_BREAK)
        elif tag == "br":
            chunks.append(_LINE)
        if tag not in _SKIP_TEXT_TAGS:
            if child.text:
                chunks.append(child.text)
            _text_chunks(child, chunks)
        if block:
            chunks.append(_BREAK)
        if child.tail:
            chunks.append(child.tail)


def text_blocks(html: str) -> Iterator[str]:
    """The paragraphs of html_to_text(html), one at a time (whoever wants the first few stops
    early). Each holds single newlines only, so html_to_text's blank lines fall between them."""
    root = parse_fragment(html)
    if root is None:
        return
    chunks = [_BREAK, root.text] if root.text else [_BREAK]  # the root is a <div>, a block
    _text_chunks(root, chunks)
    chunks.append(_BREAK)
    # two or more <br> in a row separate paragraphs (Bitrix text-mode bodies, old sites)
    joined = _DOUBLE_BR.sub(_BREAK, _without("".join(chunks), _INVISIBLE))
    for block in joined.split(_BREAK):
        lines = (collapse_whitespace(line) for line in block.split(_LINE))
        if text := "\n".join(line for line in lines if line):
            yield text


def html_to_text(html: str) -> str:
    """Plain text: blocks (and <br><br> runs) separated by a blank line, spaces collapsed, NBSP as a space."""
    return "\n\n".join(text_blocks(html))


def normalise_for_hash(text: str) -> str:
    """Soft hyphens and zero-width characters dropped, NFC, every whitespace run as one space,
    trimmed: neither layout nor invisible characters change the hash. (A text without those
    characters hashes as it did before they were dropped.)"""
    return collapse_whitespace(unicodedata.normalize("NFC", _without(text, _IGNORED_IN_HASH)))


def content_hash(title: str, body_text: str) -> str:
    """sha256 hex of the normalised title and body (normalise_for_hash)."""
    payload = f"{normalise_for_hash(title)}\n{normalise_for_hash(body_text)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
