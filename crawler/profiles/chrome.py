"""A body fragment cleaned of what the page wraps around a release: the site's repeated blocks (from
its profile), the headline and date line repeated inside the body, photo credits and captions,
and the short chrome lines every press site ends with («Поделиться», «<< Все новости», «Источник:
пресс-служба …», «Просмотров: 120»).

Works on any body (a learned container, trafilatura's output, a configured selector's element): the
profile's repeated blocks are matched by their text, not by where they stand.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.normalise.dates import looks_like_date
from crawler.profiles.blocks import BLOCK_TAGS, Block, block_key, fold, page_blocks

logger = logging.getLogger(__name__)

# A whole short block that is page furniture, never release text.
_CHROME_LINE = re.compile(
    r"^\s*(?:[«<‹←]+\s*)?(?:"
    r"поделиться(?:\s+в\s+соц\w*\s*сет\w*)?|версия\s+для\s+печати|распечатать|печать|для\s+печати|"
    r"(?:все|другие)\s+новости|к\s+списку\s+новостей|назад(?:\s+к\s+списку(?:\s+новостей)?)?|"
    r"вернуться(?:\s+(?:к\s+списку|назад)(?:\s+новостей)?)?|"
    r"просмотр(?:ов|ы)?\s*:?\s*\d[\d\s]*|\d[\d\s]*\s+просмотр\w*|количество\s+просмотров\s*:?\s*\d+|"
    r"(?:теги|метки|тэги|рубрик[аи]|категори[яи])\s*:.*|"
    r"(?:фото|фотографи[яи]|фото\s+и\s+видео|видео|автор\s+фото|источник\s+фото)\s*(?::|—|–|-)\s*.*|"
    r"фото\s+(?:с\s+сайта|пресс-службы|предоставлен\w*|из\s+открытых).*|"
    r"(?:источник|по\s+материалам|по\s+информации)\s*:\s*.*|"
    r"комментари[ийя]\s*\(?\d*\)?|нашли\s+ошибку\??.*|"
    r"(?:ctrl|Ctrl)\s*\+\s*enter.*|подписывайтесь.*|читайте\s+нас\s+в.*"
    r")\s*[»>›→]*\s*$",
    re.IGNORECASE,
)
_CHROME_MAX = 160  # characters: longer blocks are text, whatever they start with
_CAPTION_CLASS = re.compile(
    r"(?:^|[\s_-])(caption|figcaption|wp-caption-text|podpis|photo-?desc|image-?desc|img-?desc|photo-?text|"
    r"photo__text|photo-?caption|image-?caption|img-?caption|credit|credits|copyright|photo-?author)(?:$|[\s_-])",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^\s*(?:опубликовано|дата\s+публикации|дата\s+размещения|дата\s+создания|размещено|дата|"
    r"обновлено|изменено|дата\s+изменения)\s*:?\s*",
    re.IGNORECASE,
)


def is_chrome_text(text: str) -> bool:
    """A short block that is furniture (share, back, views, credits, source lines) or a date line."""
    if not text or len(text) > _CHROME_MAX:
        return False
    if _CHROME_LINE.match(text):
        return True
    bare = _DATE_LABEL.sub("", text)
    return len(bare) <= 60 and looks_like_date(bare) and sum(char.isalpha() for char in bare) <= 24


def is_caption(element: Any) -> bool:
    if element.tag == "figcaption":
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and bool(_CAPTION_CLASS.search(names))


def clean_body(
    html: str,
    *,
    title: str | None = None,
    boilerplate: frozenset[str] = frozenset(),
) -> str:
    """The body fragment without template blocks, the headline, date lines, captions and chrome."""
    root = _fragment(html)
    if root is None:
        return html
    if not clean_element(root, title=title, boilerplate=boilerplate):
        return html
    text = root.text or ""
    return text + "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)


def clean_element(root: Any, *, title: str | None = None, boilerplate: frozenset[str] = frozenset()) -> bool:
    """clean_body on an element (a copy: it is changed in place); True when anything changed."""
    changed = paragraphs_from_breaks(root)
    title_folded = fold(title) if title else ""
    blocks = page_blocks(root)
    junk: dict[Any, bool] = {}  # element -> every block of it is junk
    for block in blocks:
        if block.element is root:
            continue
        bad = _junk(block, title_folded, boilerplate)
        junk[block.element] = junk.get(block.element, True) and bad
    keep = [element for element, bad in junk.items() if not bad]
    kept_above: set[Any] = set()
    for element in keep:
        for ancestor in element.iterancestors():
            if ancestor in kept_above:
                break
            kept_above.add(ancestor)
    doomed = [element for element, bad in junk.items() if bad and element not in kept_above]
    doomed_set = set(doomed)
    for element in doomed:
        if element.getparent() is None or any(parent in doomed_set for parent in element.iterancestors()):
            continue  # an ancestor goes anyway
        _drop(element)
        changed = True
    captions = [
        element
        for element in root.iter(etree.Element)
        if element is not root and is_caption(element) and len(element.xpath("string()")) <= 400
    ]
    for element in captions:
        if element.getparent() is not None:
            _drop(element)
            changed = True
    return changed


def _junk(block: Block, title_folded: str, boilerplate: frozenset[str]) -> bool:
    text = block.text
    if block.linked * 2 > len(text) and len(text) <= _CHROME_MAX:  # a lone link: «Все новости», a tag
        return True
    if boilerplate and block_key(text) in boilerplate:
        return True
    if title_folded and fold(text) == title_folded:
        return True
    return is_chrome_text(text)


def paragraphs_from_breaks(root: Any) -> bool:
    """Text runs separated by two or more <br> inside a block become <p> elements of their own, so
    that each can be judged (and dropped) alone; nothing else changes. True if any did."""
    changed = False
    for element in [root, *root.iter(*BLOCK_TAGS)]:
        if element.tag in ("ul", "ol", "table", "tr", "tbody", "thead") or not _has_double_break(element):
            continue
        _wrap_runs(element)
        changed = True
    return changed


def _has_double_break(element: Any) -> bool:
    previous_br = False
    for child in element:
        if child.tag == "br":
            if previous_br:
                return True
            previous_br = not (child.tail or "").strip()
        else:
            previous_br = False
    return False


def _wrap_runs(element: Any) -> None:
    """Rebuild `element`'s children: inline runs between <br><br> (and block children) as <p>s."""
    items: list[Any] = []  # str (text) or elements, in order
    if element.text:
        items.append(element.text)
    for child in list(element):
        tail, child.tail = child.tail, None
        items.append(child)
        if tail:
            items.append(tail)
        element.remove(child)
    element.text = None
    run: list[Any] = []
    pending_br: list[Any] = []

    def flush() -> None:
        if any(not isinstance(item, str) or item.strip() for item in run):
            paragraph = etree.SubElement(element, "p")
            last: Any = None
            for item in run:
                if not isinstance(item, str):
                    paragraph.append(item)
                    last = item
                elif last is None:
                    paragraph.text = (paragraph.text or "") + item
                else:
                    last.tail = (last.tail or "") + item
        run.clear()

    for item in items:
        if isinstance(item, str):
            if pending_br and not item.strip():
                continue  # whitespace between breaks
            if len(pending_br) >= 2:
                flush()
            else:
                run.extend(pending_br)
            pending_br.clear()
            run.append(item)
        elif item.tag == "br":
            pending_br.append(item)
        elif isinstance(item.tag, str) and item.tag in BLOCK_TAGS:
            run.extend(pending_br if len(pending_br) < 2 else [])
            pending_br.clear()
            flush()
            element.append(item)
        else:
            if len(pending_br) >= 2:
                flush()
            else:
                run.extend(pending_br)
            pending_br.clear()
            run.append(item)
    flush()


def _drop(element: Any) -> None:
    """Remove an element with its subtree, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _fragment(html: str) -> Any | None:
    if not html or not html.strip():
        return None
    try:
        return lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        logger.debug("unparseable body fragment (%d chars)", len(html))
        return None
