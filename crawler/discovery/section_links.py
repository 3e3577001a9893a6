"""Which links of a home page may lead to the press section, and how much each looks like it.

A link is judged by what it says (its text, `title`, `aria-label` or an image's `alt`: «Новости»,
«Пресс-центр», «Пресс-релизы», «Медиа», «События»...), by its URL (/press/, /news/, /novosti/,
/sobytiya/...) and by where it stands (the top menu, the footer, the «Все новости» link under the
home page's news block). Sections that are dated lists too but are never press releases
(documents, legal acts, vacancies, procurement, contests, photo albums...) are ruled out by their
label or URL, so a page full of dates cannot win on dates alone.

Pure functions on lxml trees; no Scrapy import. crawler.discovery.section_search fetches the
candidates and decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from parsel import Selector

from crawler.normalise.urls import host_in_domains, url_host
from crawler.pages.common import element_text
from crawler.pages.links import document_base, resolver
from crawler.registry.sources import site_host

# What a press-section link says. Scores: 3 = the press section by name, 2 = news by another
# name or with a qualifier, 1 = may lead there (a media centre, events, an information centre).
_PRESS_EXACT: dict[str, int] = {
    "новости": 3,
    "пресс-релизы": 3,
    "пресс релизы": 3,
    "пресс-центр": 3,
    "пресс центр": 3,
    "пресс-служба": 3,
    "пресс служба": 3,
    "все новости": 3,
    "архив новостей": 3,
    "лента новостей": 3,
    "новости и события": 3,
    "события и новости": 3,
    "новости и анонсы": 3,
    "новости и пресс-релизы": 3,
    "news": 3,
    "press": 3,
    "press releases": 3,
    "press center": 3,
    "press centre": 3,
    "newsroom": 3,
    "медиацентр": 2,
    "медиа-центр": 2,
    "медиа центр": 2,
    "медиа": 2,
    "пресса": 2,
    "информационный центр": 2,
    "информационные материалы": 1,
    "события": 2,
    "информация": 1,
    "актуально": 1,
    "главные новости": 2,
}
_PRESS_WORDS = (
    (re.compile(r"\bпресс[- ]?(?:релиз|центр|служб|материал|сообщени)"), 3),
    (
        re.compile(
            r"^(?:все\s+|последние\s+)?новости\s+(?:министерств|агентств|ведомств|комитет|департамент|"
            r"управлени|правительств|губернатор|корпораци|фонд|центр|администраци|инспекци|службы)"
        ),
        3,
    ),
    (re.compile(r"\bновост"), 2),
    (re.compile(r"\bnews\b|\bpress\b"), 2),
    (re.compile(r"\bмедиа"), 1),
    (re.compile(r"\bсобыти"), 1),
)
# Qualifiers that make «новости» somebody else's: the industry's, the world's, the partners'.
_OTHERS_NEWS = re.compile(
    r"новост\w*\s+(?:отрасл|рынк|мир|стран|росси|федерал|партн[её]р|муниципал|район|город|экономик|"
    r"бизнес|компани|предприяти|резидент|сми|регион)|сми\s+о\s+нас|о\s+нас\s+пишут|мы\s+в\s+сми|"
    r"публикации\s+в\s+сми"
)
# Labels of sections that are never the press section, however many dates they show.
_NOT_PRESS = re.compile(
    r"документ|нормативн|правов\w*\s+акт|\bнпа\b|закон|постановлен|приказ|распоряжен|вакан|кадр|"
    r"госслужб|государственн\w*\s+служб|закупк|тендер|торги|аукцион|конкурс|отбор|грант|субсиди|"
    r"обращени|при[её]мная|контакт|структур|руководств|коррупц|открыт\w*\s+данн|отч[её]т|статистик|"
    r"фото|видео|галере|карта\s+сайта|вопрос|опрос|подписк|слабовидящ|поиск|услуг|меры\s+поддержки|"
    r"анонс|календар|мероприяти|справочн|реестр|проверк|лицензи|English|\bфаq\b|\bfaq\b|rss|"
    r"вход|личный\s+кабинет|регистрац|о\s+министерстве|об\s+агентстве|о\s+центре|деятельност",
    re.IGNORECASE,
)
# URL path words of the press section, and of sections that are not it.
_PRESS_PATH = re.compile(
    r"(?:^|[/_.-])(news|novosti|novost|press|presscenter|press-center|press_center|presscentr|"
    r"press-centr|pressroom|press-release|press-releases|pressreleases|releases|media|mediacenter|"
    r"mediacentr|media-center|sobytiya|sobytija|events|smi|informatsionnyy-tsentr|infocenter)"
    r"(?=$|[/_.-])",
    re.IGNORECASE,
)
_NOT_PRESS_PATH = re.compile(
    r"(?:^|[/_.-])(docs?|documents?|dokumenty|npa|acts|law|vacanc\w*|vakansii|kadry|career|"
    r"zakupki|goszakupki|tenders?|torgi|konkurs\w*|contests?|grants?|contacts?|kontakty|structure|"
    r"struktura|anticorruption|antikorrupciya|protivodeystvie\w*|korrup\w*|photos?|foto|fotogalereya|"
    r"gallery|video|opendata|open-data|obrashcheniya|priemnaya|reception|search|poisk|sitemap|map|"
    r"rss|feed|login|auth|en|eng|english|anons\w*|announcements?|calendar|kalendar|services?|uslugi)"
    r"(?=$|[/_.-])",
    re.IGNORECASE,
)
_FILE_PATH = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|rtf|odt|zip|rar|7z|jpe?g|png|gif|mp4|xml)$", re.IGNORECASE
)
_SPACES = re.compile(r"\s+")
# A link that says nothing of press is a candidate only by its URL, and only if it could be a
# section: a short label (an icon's title, «Ещё») and no article-like last segment (an id, a slug).
SILENT_LABEL = 30
_ARTICLE_SEGMENT = re.compile(r"/(?:[^/]*\d{3,}[^/]*|[^/]{40,})/?$")
MIN_ARTICLE_LINKS = 3  # article links under one parent that make it a candidate
_FEED_URL = re.compile(
    r"(?:rss|atom)(?:\.xml|\.php)?(?:$|[/?])|/feed/?$|[?&]format=(?:rss|atom)", re.IGNORECASE
)
_PUNCTUATION = re.compile(r"[«»\"'“”„()\[\]:;.,!?…→←›‹>|/\\*•·—–]+")
_NAV_CLASS = re.compile(r"menu|nav|header|top|main-?links|sitemap", re.IGNORECASE)
_FOOTER_CLASS = re.compile(r"footer|bottom|podval", re.IGNORECASE)


@dataclass(frozen=True)
class SectionLink:
    """One link of the home page that may lead to the press section."""

    url: str  # absolute, without fragment
    label: str  # what the link says, as normalised for scoring
    where: str  # menu | footer | page
    score: float
    reasons: tuple[str, ...]


def normalise_label(text: str) -> str:
    """Lower case, ё as е, punctuation and arrows gone, one space between words."""
    text = _PUNCTUATION.sub(" ", text.lower().replace("ё", "е"))
    return _SPACES.sub(" ", text).strip()


def label_score(label: str) -> tuple[int, str]:
    """(score, why): 3 press by name ... 0 nothing said ... -1 somebody else's news, -3 not press."""
    if not label:
        return 0, "no label"
    if label in _PRESS_EXACT:
        return _PRESS_EXACT[label], f"label «{label}»"
    if _OTHERS_NEWS.search(label):
        return -1, f"label «{label}»: not the body's own news"
    if _NOT_PRESS.search(label):
        return -3, f"label «{label}»: not a press section"
    if len(label) > 60:  # a headline linking to one release, not a section
        return 0, "long label"
    for pattern, score in _PRESS_WORDS:
        if pattern.search(label):
            return score, f"label «{label}»"
    return 0, "label says nothing of press"


def path_score(url: str) -> tuple[int, str]:
    """(score, why) from the URL's path: +1 press words, -3 words of other sections."""
    path = urlsplit(url).path.lower()
    if _NOT_PRESS_PATH.search(path):
        return -3, f"path {path}: not a press section"
    if _PRESS_PATH.search(path):
        return 1, f"path {path}"
    return 0, "path says nothing"


def link_label(element: Any) -> str:
    """What a link says: its text, else its title or aria-label, else its images' alt text."""
    text = element_text(element)
    if not text:
        text = element.get("title") or element.get("aria-label") or ""
    if not text:
        text = " ".join(img.get("alt") or "" for img in element.iter("img"))
    return normalise_label(text)


def _where(element: Any) -> str:
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''} {ancestor.get('role') or ''}"
        if tag == "footer" or _FOOTER_CLASS.search(marks):
            return "footer"
        if tag in ("nav", "header") or _NAV_CLASS.search(marks) or "navigation" in marks:
            return "menu"
    return "page"


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, parts.query, ""))


def same_site(url: str, home_host: str) -> bool:
    """The home page's host, its www twin, or a subdomain of it (press.example.ru)."""
    host = site_host(url)
    return bool(host) and host_in_domains(host, (home_host.removeprefix("www."),))


def same_host(url: str, other: str) -> bool:
    """One host but for a leading www. (http→https or www twins: a redirect that is no move)."""
    return site_host(url) == site_host(other)


def in_paths(url: str, section_paths: tuple[str, ...]) -> bool:
    path = urlsplit(url).path or "/"
    return not section_paths or any(path.startswith(prefix) for prefix in section_paths)


def section_links(
    page_url: str, page: Selector, *, home_host: str | None = None, section_paths: tuple[str, ...] = ()
) -> list[SectionLink]:
    """The page's links that may lead to the press section, best first (one per URL).

    Besides the links that name a section, the common parent of the page's article links counts
    when its path says press (/news/29647, /news/29641 … → /news/): a home page whose news block
    has no «Все новости» still shows where its releases live.
    """
    found: dict[str, SectionLink] = {}
    parents: dict[str, int] = {}
    for url, element in _site_links(page_url, page, home_host or url_host(page_url)):
        if _FILE_PATH.search(urlsplit(url).path) or not in_paths(url, section_paths):
            continue
        link = _judge(url, link_label(element), _where(element))
        if link is None:
            if parent := article_parent(url):
                parents[parent] = parents.get(parent, 0) + 1
            continue
        old = found.get(url)
        if old is None or link.score > old.score:
            found[url] = link
    for parent, count in parents.items():
        named = any(url.rstrip("/") == parent.rstrip("/") for url in found)
        if count >= MIN_ARTICLE_LINKS and not named and in_paths(parent, section_paths):
            score, why = path_score(parent)
            found[parent] = SectionLink(
                parent, "", "page", score * 2 + 2, (f"parent of {count} article links", why)
            )
    return sorted(found.values(), key=lambda link: (-link.score, len(link.url)))


def feed_links(page_url: str, page: Selector, *, home_host: str | None = None) -> list[str]:
    """Links to the site's own feeds written as plain links (<a href="//www.nso.ru/rss.xml">)."""
    found = (url for url, _ in _site_links(page_url, page, home_host or url_host(page_url)))
    return list(dict.fromkeys(url for url in found if _FEED_URL.search(url)))


def _site_links(page_url: str, page: Selector, home_host: str) -> Iterator[tuple[str, Any]]:
    """(absolute URL without fragment, <a> element) of the page's links to other pages of its site."""
    root = page.root
    resolve = resolver(document_base(root, page_url))
    here = _without_fragment(page_url).rstrip("/")
    for element in root.iter("a"):
        href = (element.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        target = resolve(href)
        if not target or urlsplit(target).scheme not in ("http", "https"):
            continue
        url = _without_fragment(target)
        if url.rstrip("/") != here and same_site(url, home_host):
            yield url, element


def article_parent(url: str) -> str | None:
    """The parent directory of an article-like URL whose path says press (/news/29647 → /news/)."""
    parts = urlsplit(url)
    if not _ARTICLE_SEGMENT.search(parts.path) or parts.query:
        return None
    parent_path = parts.path.rstrip("/").rsplit("/", 1)[0] + "/"
    if parent_path == "/" or path_score(parent_path)[0] <= 0:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parent_path, "", ""))


def _judge(url: str, label: str, where: str) -> SectionLink | None:
    said, said_why = label_score(label)
    path, path_why = path_score(url)
    if said < 0 or (path < 0 and said < 3):
        return None
    if said == 0 and (path <= 0 or len(label) > SILENT_LABEL or _ARTICLE_SEGMENT.search(url)):
        return None  # says nothing of press, or reads like a headline or an article's URL
    score = said * 2 + path + {"menu": 0.5, "footer": 0.25}.get(where, 0)
    if urlsplit(url).query:
        score -= 0.5  # a filtered view (?tag=…, ?type=…) rather than the section itself
    return SectionLink(url, label, where, score, (said_why, path_why))
