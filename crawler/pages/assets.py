"""Images and attached documents of an article: absolute URLs, link texts, stated sizes.

Pure functions on lxml elements (a string, as a ::text selector gives, holds no links or images);
no Scrapy import.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from archive.records import Attachment
from crawler.pages.common import clean_text, plain_text
from crawler.pages.links import Resolver, resolver

logger = logging.getLogger(__name__)

DOCUMENT_KINDS = frozenset(
    {
        "pdf",
        "doc",
        "docx",
        "rtf",
        "odt",
        "xls",
        "xlsx",
        "ods",
        "csv",
        "ppt",
        "pptx",
        "odp",
        "zip",
        "rar",
        "7z",
    }
)
# "1,2 МБ", "350 Кб", "(PDF, 1.2 MB)", "15 байт"
SIZE = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(байт|[кКkKмМmMгГgG][бБbB](?:айт)?|bytes?)(?![\w])", re.IGNORECASE
)
_KIND_LABEL = re.compile(r"\b(pdf|docx?|xlsx?|rtf|odt|ods|pptx?|zip|rar)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"[\[(]\s*[^\])]*?\s*[\])]")
_TINY = re.compile(r"^[0-2]$")
_SKIP_IMAGE = re.compile(
    r"(?:^data:|spacer|pixel|blank\.gif|/counter|/watch/|mc\.yandex|top-fwz|\.svg(?:$|\?))", re.I
)


def _path_kind(path: str) -> str | None:
    path = unquote(path).lower()
    extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return extension if extension in DOCUMENT_KINDS else None


def document_kind(url: str) -> str | None:
    """The file extension of a document link ("pdf", "docx" ...), None for other links."""
    return _path_kind(urlsplit(url).path)


def _never_a_document(href: str) -> bool:
    """True when `href`, resolved, cannot be a document link: its own path is not empty and does
    not end like a document. (urljoin keeps the last segment of a non-empty path, or ends the path
    with "/" after a dot segment; only an empty path takes the base's.) Saves the urljoin."""
    href = href.strip()
    if href.startswith("/") and not href.startswith("//") and "." not in href and "%" not in href:
        return True  # a path of its own with no dot anywhere (not even %2E): nothing to split
    try:
        path = urlsplit(href).path
    except ValueError:
        return False
    return bool(path) and _path_kind(path) is None


_NEXT_TEXT = etree.XPath(
    "following-sibling::*[1]//text() | following-sibling::text()[1]", smart_strings=False
)


def _size_near(anchor: Any) -> str | None:
    """A size stated in the link text, else in the text right after it, else in its parent."""
    texts = [plain_text(anchor), " ".join(_NEXT_TEXT(anchor))]
    parent = anchor.getparent()
    if parent is not None:
        texts.append(plain_text(parent))
    for text in texts:
        if match := SIZE.search(clean_text(text)):
            return clean_text(match.group(0))
    return None


def _drop_size_brackets(match: re.Match[str]) -> str:
    inner = match.group(0)
    return "" if SIZE.search(inner) or _KIND_LABEL.search(inner) else inner


def _link_title(anchor: Any) -> str | None:
    """The link text without a trailing "(PDF, 1,2 МБ)" or a bare size."""
    text = plain_text(anchor)
    text = _BRACKETS.sub(_drop_size_brackets, text)
    text = SIZE.sub("", text)
    text = clean_text(text).strip(" ,;:–—-")
    return text or anchor.get("title") or None


def _all(node: Any, tag: str) -> Iterable[Any]:
    """The node and its descendants named `tag` (XPath descendant-or-self::tag), in page order."""
    return node.iter(tag) if isinstance(node, etree._Element) else ()


def attachments_in(nodes: Iterable[Any], url: str, resolve: Resolver | None = None) -> tuple[Attachment, ...]:
    """Document links (PDF/DOC/XLS/...) inside `nodes`, with their link text and stated size.

    `resolve`: resolver(url), when the caller has one."""
    resolve = resolve or resolver(url)
    found: dict[str, Attachment] = {}
    for node in nodes:
        for anchor in _all(node, "a"):
            raw = anchor.get("href")
            if raw is None or (anchor.get("download") is None and _never_a_document(raw)):
                continue
            href = resolve(raw)
            if not href or href in found:
                continue
            kind = document_kind(href)
            if kind is None and anchor.get("download") is None:
                continue
            found[href] = Attachment(url=href, title=_link_title(anchor), size=_size_near(anchor), kind=kind)
    return tuple(found.values())


def images_in(nodes: Iterable[Any], url: str, resolve: Resolver | None = None) -> tuple[str, ...]:
    """Absolute img URLs inside `nodes` (src, else data-src), without pixels, counters and icons."""
    resolve = resolve or resolver(url)
    found: list[str] = []
    for node in nodes:
        for image in _all(node, "img"):
            src = image.get("src") or image.get("data-src") or ""
            if not src or _SKIP_IMAGE.search(src):
                continue
            if _TINY.match(image.get("width", "")) or _TINY.match(image.get("height", "")):
                continue
            if (absolute := resolve(src)) and absolute not in found:
                found.append(absolute)
    return tuple(found)
