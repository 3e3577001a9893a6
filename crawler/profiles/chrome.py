"""A body fragment cleaned of what the page wraps around a release: the site's repeated blocks (from
its profile), the headline and date line repeated inside the body, photo credits and captions,
and the short chrome lines every press site ends with («Поделиться», «<< Все новости», «Источник:
пресс-служба …», «Просмотров: 120»).

Works on any body (a learned container, trafilatura's output, a configured selector's element): the
profile's repeated blocks are matched by their text, not by where they stand.
"""

from __future__ import annotations

import functools
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from lxml import etree

from crawler.normalise.bodies import drop_tree, parse_fragment
from crawler.normalise.dates import looks_like_date
from crawler.profiles.blocks import BLOCK_TAGS, Block, fold, page_blocks

logger = logging.getLogger(__name__)

# A whole short block that is page furniture, never release text.
_CHROME_LINE = re.compile(
    r"^\s*(?:[«<‹←]+\s*)?(?:"
    r"поделиться(?:\s+в\s+соц\w*\s*сет\w*)?|версия\s+для\s+печати|распечатать|печать|для\s+печати|"
    r"(?:все|другие)\s+новости(?:\s+\S+)?|к\s+списку\s+новостей|назад(?:\s+(?:к|в)\s+\S+(?:\s+\S+)?)?|"
    r"вернуться(?:\s+назад)?(?:\s+(?:к|в)\s+\S+(?:\s+\S+)?)?|"
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


_META_WORD = re.compile(
    r"^(?:\d[\d.:/,-]*|янв\w*|фев\w*|мар\w*|апр\w*|ма[йя]|июн\w*|июл\w*|авг\w*|сен\w*|окт\w*|ноя\w*|дек\w*|"
    r"г|года?|в|просмотр\w*|обновлен\w*|изменен\w*|опубликован\w*|размещен\w*|дата|публикации|автор|"
    r"рубрик\w*|раздел|категори\w*|время|чтения|мин|минут\w*|сек|комментари\w*|сегодня|вчера|"
    r"понедельник|вторник|сред[аы]|четверг|пятниц[аы]|суббот[аы]|воскресенье|мск|utc)$",
    re.IGNORECASE,
)
_META_TOKEN = re.compile(r"[\w.:/,-]+")
META_MAX = 120
_DIGIT = re.compile(r"\d")
_META_SEPARATOR = re.compile(r"[·•|]")
_DATE_PART = re.compile(
    r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)\w*",
    re.IGNORECASE,
)


def looks_like_date_part(text: str) -> bool:
    """A date somewhere in the text («14 февраля 2025», «14.02.2025»)."""
    return _DATE_PART.search(text) is not None


_TEXT = etree.XPath("string()", smart_strings=False)


def is_meta_line(text: str) -> bool:
    """A line of publication facts: a date with its time, views, rubric, author («12 мая 2025,
    10:15 · Экономика · 345 просмотров»): at most two words are left once those are taken out."""
    if len(text) > META_MAX or text.rstrip().endswith((".", "!", "?")) or not _DIGIT.search(text):
        return False
    words = [word.strip(".,:;-/") for word in _META_TOKEN.findall(text)]
    rest = [word for word in words if word and not _META_WORD.match(word)]
    if len(rest) <= 2 and len(rest) < len(words):
        return True
    # facts set apart by «·», «•» or «|» (a rubric of a few words, a date): no sentence is written so
    return len(rest) <= 4 and _META_SEPARATOR.search(text) is not None and looks_like_date_part(text)


def is_chrome_text(text: str) -> bool:
    """A short block that is furniture (share, back, views, credits, source lines) or a date line."""
    if not text or len(text) > _CHROME_MAX:
        return False
    if _CHROME_LINE.match(text):
        return True
    if len(text) <= 24 and not any(char.isalpha() for char in text):
        return True  # a counter, an icon and a number («👁 345», «12»), a lone date handled below
    if is_meta_line(text):
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
    """The body fragment without template blocks, the headline, date lines, captions and chrome
    (unchanged when there is nothing to drop, or nothing would be left)."""
    root = parse_fragment(html)
    copy = cleaned_copy(root, title=title, boilerplate=boilerplate) if root is not None else None
    if copy is None:
        return html
    return (copy.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in copy
    )


def cleaned_copy(
    node: Any,
    *,
    title: str | None = None,
    boilerplate: frozenset[str] = frozenset(),
    date_lines: list[str] | None = None,
) -> Any | None:
    """A cleaned copy of the body element `node`, or None when there is nothing to drop (the common
    case: no copy is made) or nothing would be left. The date and meta lines dropped are appended
    to `date_lines` in page order: on an old page the date may stand nowhere else."""
    plan = junk_plan(node, title=title, boilerplate=boilerplate)
    if not plan.doomed and not plan.runs_cut:
        return None
    copy = deepcopy(node)
    copy.tail = None
    if plan.runs_cut and paragraphs_from_breaks(copy):  # runs cut by <br> or blocks: <p>s first
        plan = junk_plan(copy, title=title, boilerplate=boilerplate)
        doomed = plan.doomed
    else:  # the copy's elements stand in the same order as the original's
        twins = dict(zip(node.iter(), copy.iter(), strict=True))
        doomed = [twins[element] for element in plan.doomed]
    if date_lines is not None:
        date_lines.extend(plan.date_lines)
    for element in doomed:
        if element.getparent() is not None:
            drop_tree(element)
    return copy if _TEXT(copy).strip() else None


@dataclass
class JunkPlan:
    """What cleaning would drop from an element, found without changing it."""

    doomed: list[Any]  # the outermost elements to drop, in page order
    date_lines: list[str]  # the date and meta lines among them
    runs_cut: bool  # some element's text runs are cut by <br> or nested blocks (see paragraphs_from_breaks)


def junk_plan(root: Any, *, title: str | None = None, boilerplate: frozenset[str] = frozenset()) -> JunkPlan:
    blocks = page_blocks(root)
    title_folded = fold(title) if title else ""
    junk: dict[Any, bool] = {}  # element -> every block of it is junk
    date_lines: list[str] = []
    for block in blocks:
        if block.element is root:
            continue
        bad = _junk(block, title_folded, boilerplate)
        junk[block.element] = junk.get(block.element, True) and bad
        if bad and len(block.text) <= META_MAX and _dated(block.text):
            date_lines.append(block.text)
    captions = _captions(root) + _side_lists(root)
    if not captions and True not in junk.values():  # the common case: nothing to drop
        return JunkPlan([], date_lines, _runs_cut(blocks))
    kept_above: set[Any] = {root}
    for element, bad in junk.items():
        if bad:
            continue
        for ancestor in element.iterancestors():
            if ancestor in kept_above:
                break
            kept_above.add(ancestor)
    doomed_set = {element for element, bad in junk.items() if bad and element not in kept_above}
    # junk text beside nested blocks of an element that stays («← Назад к списку» at the end of the
    # article's wrapper): its runs must become paragraphs of their own before it can go
    stranded = any(
        bad and element in kept_above and any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in element)
        for element, bad in junk.items()
    )
    doomed_set.update(captions)
    doomed: list[Any] = []
    if doomed_set:
        _outermost(root, doomed_set, doomed)
    return JunkPlan(doomed, date_lines, stranded or _runs_cut(blocks))


def _outermost(element: Any, wanted: set[Any], found: list[Any]) -> None:
    """The elements of `wanted` below `element` that have no ancestor in it, in page order
    (iterative: trees may be thousands deep)."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child in wanted:
            found.append(child)
        elif len(child):
            stack.append(iter(child))


def _side_lists(root: Any) -> list[Any]:
    """<aside> and <nav> inside the body that are mostly links: related news, a section menu (an
    <aside> of text, a «Справка» box, stays)."""
    found = []
    for element in root.iter("aside", "nav"):
        if element is root:
            continue
        text = len(" ".join("".join(element.itertext()).split()))
        linked = sum(len(" ".join("".join(a.itertext()).split())) for a in element.iter("a"))
        if text == 0 or linked * 10 >= text * 3:
            found.append(element)
    return found


def _captions(root: Any) -> list[Any]:
    """Captions and photo credits by their markup (figcaption, class «caption», «credit» …)."""
    found = []
    for element in root.iter():
        if (element.get("class") or element.get("id") or element.tag == "figcaption") and is_caption(element):
            found.append(element)
    if found and found[0] is root:
        found.pop(0)
    return [element for element in found if len(_TEXT(element)) <= 400]


def _runs_cut(blocks: list[Block]) -> bool:
    """True when some element's own text was cut into runs (by <br> or a nested block)."""
    seen: set[Any] = set()
    for block in blocks:
        if block.element in seen:
            return True
        seen.add(block.element)
    return False


def _junk(block: Block, title_folded: str, boilerplate: frozenset[str]) -> bool:
    text = block.text
    size = len(text)
    if block.linked * 2 > size and size <= _CHROME_MAX:  # a lone link: «Все новости», a tag
        return True
    if block.linked * 10 >= size * 9 and size <= 2 * _CHROME_MAX:  # a link and nothing else: a teaser
        return True
    if boilerplate and block.key in boilerplate:
        return True
    if (
        title_folded
        and size <= 2 * len(title_folded) + 100
        and _longest_word(title_folded) in text.casefold()  # cheap: no fold() for most paragraphs
        and _title_again(fold(text), title_folded)
    ):
        return True
    return size <= _CHROME_MAX and is_chrome_text(text)


def _dated(text: str) -> bool:
    bare = _DATE_LABEL.sub("", text)
    return is_meta_line(text) or (len(bare) <= 60 and looks_like_date(bare))


@functools.lru_cache(maxsize=256)
def _longest_word(folded: str) -> str:
    return max(folded.split(), key=len, default="")


def _title_again(folded: str, title: str) -> bool:
    """The headline again, alone or in a short line of chrome (a breadcrumb trail ending in it)."""
    return folded == title or (len(title) >= 15 and title in folded and len(folded) <= len(title) + 80)


def paragraphs_from_breaks(root: Any) -> bool:
    """Text runs separated by two or more <br>, or by nested blocks, become <p> elements of their
    own, so that each can be judged (and dropped) alone; the text reads the same (html_to_text
    breaks paragraphs there already). True if any did."""
    changed = False
    for element in [root, *root.iter(*BLOCK_TAGS)]:
        if element.tag in ("ul", "ol", "table", "tr", "tbody", "thead", "li") or not _needs_runs(element):
            continue
        _wrap_runs(element)
        changed = True
    return changed


def _needs_runs(element: Any) -> bool:
    """True when `element` mixes text runs with blocks, or separates runs by <br><br>."""
    return _has_double_break(element) or _mixes_blocks(element)


def _mixes_blocks(element: Any) -> bool:
    """True when `element` holds block children and text of its own beside them."""
    if not any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element):
        return False
    if (element.text or "").strip():
        return True
    return any(
        (child.tail or "").strip()
        or (isinstance(child.tag, str) and child.tag not in BLOCK_TAGS and _has_text(child))
        for child in element
    )


def _has_text(element: Any) -> bool:
    return bool("".join(element.itertext()).strip())


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
        texty = any(item.strip() if isinstance(item, str) else _has_text(item) for item in run)
        if texty:
            holder = etree.SubElement(element, "p")
            last: Any = None
        else:  # an image, a line break: put back as it was, unwrapped
            holder, last = element, (element[-1] if len(element) else None)
        for item in run:
            if not isinstance(item, str):
                holder.append(item)
                last = item
            elif last is None:
                holder.text = (holder.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        run.clear()

    def inline(item: Any) -> None:
        """Text or an inline element: a new paragraph after two or more breaks, else the run goes on."""
        if len(pending_br) >= 2:
            flush()
        else:
            run.extend(pending_br)
        pending_br.clear()
        run.append(item)

    for item in items:
        if isinstance(item, str):
            if not (pending_br and not item.strip()):  # whitespace between breaks is dropped
                inline(item)
        elif item.tag == "br":
            pending_br.append(item)
        elif isinstance(item.tag, str) and item.tag in BLOCK_TAGS:
            run.extend(pending_br if len(pending_br) < 2 else [])
            pending_br.clear()
            flush()
            element.append(item)
        else:
            inline(item)
    flush()
