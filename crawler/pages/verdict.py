"""Pages that are not releases, named: anti-bot answers, maintenance pages, listings, errors.

`page_verdict` decides from the HTTP status and the page text; the names are the stable reason
slugs the crawl counts (`releases/dropped/<reason>`) and keeps in the run's record.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from parsel import Selector

from crawler.pages.common import element_text, node_text, page_title_tag, tree_title_tag
from crawler.pages.tree import PageTree

BLOCK_STATUSES = frozenset({403, 429, 460})  # 460: ServicePipe's "VPN" refusal (sites.md §8)
MAINTENANCE_STATUSES = frozenset({502, 503})

# Anti-bot and captcha pages seen on Russian sites (sites.md section 8) and the usual captcha words.
BLOCK_MARKERS = re.compile(
    r"ваш\s+запрос\s+показался\s+нам\s+подозрительным|подтвердите,?\s+что\s+вы\s+не\s+робот\b|"
    r"\bя\s+не\s+робот\b|\bcaptcha\b|smartcaptcha|recaptcha|hcaptcha|looks\s+like\s+you'?re\s+using\s+a\s+vpn|"
    r"доступ\s+(?:к\s+сайту\s+)?(?:временно\s+)?ограничен|access\s+denied|ddos-guard|checking\s+your\s+browser|"
    r"проверка\s+браузера|servicepipe|запрос\s+заблокирован|request\s+blocked",
    re.IGNORECASE,
)
MAINTENANCE_MARKERS = re.compile(
    r"техническ\w*\s+работ|профилактическ\w*\s+работ|сайт\s+(?:временно\s+)?(?:не\s*доступен|недоступен)|"
    r"сайт\s+на\s+реконструкции|ведутся\s+работы\s+по\s+обновлению|under\s+maintenance|"
    r"temporarily\s+unavailable|service\s+unavailable|скоро\s+вернёмся|скоро\s+вернемся",
    re.IGNORECASE,
)
# A maintenance notice is short; a release that mentions «технические работы» is longer.
MAINTENANCE_MAX_CHARS = 400
# Block pages are short too: on a long page a stray «captcha» (a comment form) proves nothing.
BLOCK_MAX_CHARS = 3000
PAGE_KINDS = ("article", "listing", "maintenance", "block_page")


# One word every alternative of BLOCK_MARKERS contains, case-folded: a text without any of them
# cannot match, and the regex, slow over 5000 characters, is not run. re.IGNORECASE matches these
# letters only where str.casefold() gives the same letter, except the Turkish İ and ı for "i".
_BLOCK_WORDS = (
    "подозрительным", "робот", "captcha", "vpn", "ограничен", "denied", "ddos-guard", "browser",
    "браузера", "servicepipe", "заблокирован", "blocked",
)  # fmt: skip


def _may_block(text: str) -> bool:
    folded = text.casefold().replace("\u0307", "").replace("ı", "i")  # İ folds to i + U+0307
    return any(word in folded for word in _BLOCK_WORDS)


def is_block_text(*texts: str | None) -> bool:
    """True when a text reads like an anti-bot answer or a captcha."""
    return any(text and _may_block(text[:5000]) and BLOCK_MARKERS.search(text[:5000]) for text in texts)


def is_maintenance_text(title: str | None, text: str | None) -> bool:
    """True for a short page announcing maintenance (a long text mentioning it is a release)."""
    text = text or ""
    if len(text) > MAINTENANCE_MAX_CHARS:
        return bool(title and MAINTENANCE_MARKERS.search(title))
    return bool(MAINTENANCE_MARKERS.search(f"{title or ''} {text}"))


def page_verdict(status: int, title: str | None, text: str | None) -> str | None:
    """The reason a page is not a release: block_page, maintenance, http_<status>; None if it may be one."""
    short = len(text or "") < BLOCK_MAX_CHARS
    if is_block_text(title) or ((short or status in BLOCK_STATUSES) and is_block_text(text)):
        return "block_page"
    if status in BLOCK_STATUSES:
        return "block_page"
    if status in MAINTENANCE_STATUSES or is_maintenance_text(title, text):
        return "maintenance"
    if status >= 400:
        return f"http_{status}"
    return None


def html_verdict(status: int, html: str, url: str = "") -> str | None:
    """`page_verdict` for a whole HTML page (a listing, a feed answer): its <title> and body text."""
    return tree_verdict(status, PageTree(html, url or "http://localhost/"))


# Stands for a page text too long to be a block or maintenance page (page_verdict then reads the
# title and the status only).
_LONG_TEXT = "." * BLOCK_MAX_CHARS


def tree_verdict(status: int, tree: PageTree) -> str | None:
    """`html_verdict` for a page already parsed into a PageTree (the tree extraction goes on with).

    An article page's text is long; proving that it is (`text_at_least`) costs a tenth of
    cleaning it, which is then needed only for short pages."""
    if not tree.is_tree:
        return page_verdict(status, None, tree.html)
    bodies = [element for element in tree.root if element.tag == "body"]
    if bodies and status not in BLOCK_STATUSES and text_at_least(bodies[0], BLOCK_MAX_CHARS):
        return page_verdict(status, tree_title_tag(tree), _LONG_TEXT)
    text = element_text(bodies[0]) if bodies else ""
    return page_verdict(status, tree_title_tag(tree), text)


def text_at_least(element: Any, length: int) -> bool:
    """True when `element_text(element)` surely has at least `length` characters: its characters
    other than whitespace (which cleaning never removes), less those of scripts, styles and
    templates, are enough. False means "maybe not" (the caller cleans the text to know)."""
    if not isinstance(element, etree._Element) or not isinstance(element.tag, str):
        return False
    solid = _solid_length(etree.tostring(element, method="text", encoding="unicode", with_tail=False))
    if solid < length:
        return False
    for skipped in element.iter("script", "style", "template"):
        solid -= _solid_length(etree.tostring(skipped, method="text", encoding="unicode", with_tail=False))
        if solid < length:
            return False
    return True


def _solid_length(text: str) -> int:
    """Characters of `text` that clean_text keeps as they are: not whitespace (str.split's, which is
    regex \\s), not the zero-width space or BOM (cleaned into spaces)."""
    return len("".join(text.split())) - text.count("\u200b") - text.count("\ufeff")


def selector_verdict(status: int, page: Selector) -> str | None:
    """`html_verdict` for a page already parsed."""
    body = page.css("body")
    text = node_text(body[0]) if body else ""
    return page_verdict(status, page_title_tag(page), text)
