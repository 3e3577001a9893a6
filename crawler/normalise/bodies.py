"""Release bodies: boilerplate removal, nh3 sanitising, plain text and the content hash."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

import nh3
from lxml import etree
from lxml import html as lxml_html

from crawler.normalise.urls import absolute_url

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
_ALL_WS = re.compile(r"\s+")
_DOUBLE_BR = re.compile(f"{_LINE}\\s*{_LINE}[\\s{_LINE}]*")  # \s includes NBSP


def _fragment(html: str) -> etree._Element | None:
    if not html or not html.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        logger.debug("unparseable body fragment (%d chars)", len(html))
        return None


def _serialise_children(root: etree._Element) -> str:
    parts = [root.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return "".join(parts)


def _is_junk(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return False
    if element.tag in _DROP_TAGS:
        return True
    classes = f"{element.get('class', '')} {element.get('id', '')}"
    if classes.strip() and _JUNK_CLASS.search(classes):
        return True
    return bool(_JUNK_TEXT.match(element.text_content() or "")) if element.tag != "img" else False


_HEADING_LIKE = frozenset({"h2", "h3", "h4", "h5", "div", "p", "strong", "b"})


def _drop_related_block(element: etree._Element) -> bool:
    """Drop a «Читайте также» heading and the list of links that follows it; True if dropped."""
    if not _RELATED_HEADING.match(element.text_content() or ""):
        return False
    following = element.getnext()
    if following is not None and following.tag in ("ul", "ol", "div", "p"):
        text = following.text_content() or ""
        linked = sum(len(a.text_content() or "") for a in following.iter("a"))
        if text.strip() and linked * 2 >= len(text.strip()):
            following.drop_tree()
    element.drop_tree()
    return True


def remove_boilerplate(html: str, base_url: str | None = None) -> str:
    """Drop known junk inside a body (share buttons, «Поделиться», print links, breadcrumbs, cookie
    banners, «Читайте также» blocks, tag lines, scripts, forms). The body's own container is kept
    whatever its class says.

    With `base_url`, relative a[href] and img[src] become absolute.
    """
    root = _fragment(html)
    if root is None:
        return ""
    # the selected container itself (e.g. class "news-detail__text print-area") is kept when it
    # holds real text, whatever its class says
    only_child = len(root) == 1 and isinstance(root[0].tag, str) and not (root.text or "").strip()
    container = root[0] if only_child else None
    if container is not None and len((container.text_content() or "").strip()) < 200:
        container = None
    for element in list(root.iter()):
        if element is root or element is container or element.getparent() is None:
            continue
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("h2", "h3", "h4", "h5", "div", "p", "strong", "b") and _drop_related_block(
            element
        ):
            continue
        if _is_junk(element):
            element.drop_tree()
    if base_url:
        for element in root.iter("a", "img"):
            attribute = "href" if element.tag == "a" else "src"
            if element.get(attribute) is not None:
                resolved = absolute_url(base_url, element.get(attribute))
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


def html_to_text(html: str) -> str:
    """Plain text: blocks (and <br><br> runs) separated by a blank line, spaces collapsed, NBSP as a space."""
    root = _fragment(html)
    if root is None:
        return ""
    chunks: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                chunks.append(_BREAK)
            elif tag == "br":
                chunks.append(_LINE)
            if not tag or tag in _SKIP_TEXT_TAGS:
                walker.skip_subtree()
            elif element.text:
                chunks.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                chunks.append(_BREAK)
            if element.tail and element is not root:
                chunks.append(element.tail)
    blocks = []
    # two or more <br> in a row separate paragraphs (Bitrix text-mode bodies, old sites)
    joined = _DOUBLE_BR.sub(_BREAK, "".join(chunks))
    for block in joined.split(_BREAK):
        lines = (_ALL_WS.sub(" ", line).strip() for line in block.split(_LINE))
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def normalise_for_hash(text: str) -> str:
    """NFC, every whitespace run as one space, trimmed: layout changes do not change the hash."""
    return _ALL_WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(title: str, body_text: str) -> str:
    """sha256 hex of the whitespace-normalised title and body."""
    payload = f"{normalise_for_hash(title)}\n{normalise_for_hash(body_text)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
