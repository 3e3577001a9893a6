"""Images and attached documents of an article: absolute URLs, link texts, stated sizes.

Pure functions on parsel selectors; no Scrapy import.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from parsel import Selector

from archive.records import Attachment
from crawler.normalise.urls import absolute_url
from crawler.pages.common import clean_text

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


def document_kind(url: str) -> str | None:
    """The file extension of a document link ("pdf", "docx" ...), None for other links."""
    path = unquote(urlsplit(url).path).lower()
    extension = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return extension if extension in DOCUMENT_KINDS else None


def _size_near(anchor: Selector) -> str | None:
    """A size stated in the link text, else in the text right after it, else in its parent."""
    texts = [" ".join(anchor.css("::text").getall())]
    texts.append(
        " ".join(anchor.xpath("following-sibling::*[1]//text() | following-sibling::text()[1]").getall())
    )
    parent = anchor.xpath("..")
    if parent:
        texts.append(" ".join(parent[0].css("::text").getall()))
    for text in texts:
        if match := SIZE.search(clean_text(text)):
            return clean_text(match.group(0))
    return None


def _drop_size_brackets(match: re.Match[str]) -> str:
    inner = match.group(0)
    return "" if SIZE.search(inner) or _KIND_LABEL.search(inner) else inner


def _link_title(anchor: Selector) -> str | None:
    """The link text without a trailing "(PDF, 1,2 МБ)" or a bare size."""
    text = clean_text(" ".join(anchor.css("::text").getall()))
    text = _BRACKETS.sub(_drop_size_brackets, text)
    text = SIZE.sub("", text)
    text = clean_text(text).strip(" ,;:–—-")
    return text or anchor.attrib.get("title") or None


def attachments_in(nodes: Iterable[Selector], url: str) -> tuple[Attachment, ...]:
    """Document links (PDF/DOC/XLS/...) inside `nodes`, with their link text and stated size."""
    found: dict[str, Attachment] = {}
    for node in nodes:
        for anchor in node.xpath("descendant-or-self::a[@href]"):
            href = absolute_url(url, anchor.attrib.get("href"))
            if not href or href in found:
                continue
            kind = document_kind(href)
            if kind is None and "download" not in anchor.attrib:
                continue
            found[href] = Attachment(url=href, title=_link_title(anchor), size=_size_near(anchor), kind=kind)
    return tuple(found.values())


def images_in(nodes: Iterable[Selector], url: str) -> tuple[str, ...]:
    """Absolute img URLs inside `nodes` (src, else data-src), without pixels, counters and icons."""
    found: list[str] = []
    for node in nodes:
        for image in node.xpath("descendant-or-self::img"):
            src = image.attrib.get("src") or image.attrib.get("data-src") or ""
            if not src or _SKIP_IMAGE.search(src):
                continue
            if _TINY.match(image.attrib.get("width", "")) or _TINY.match(image.attrib.get("height", "")):
                continue
            if (absolute := absolute_url(url, src)) and absolute not in found:
                found.append(absolute)
    return tuple(found)
