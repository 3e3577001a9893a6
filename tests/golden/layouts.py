"""Seven page layouts for the golden corpus, in the markup families of shared/knowledge/sites.md.

Each layout renders an article page and listing pages from a release's content, and states what
the page shows (the expected values) from that same content, never from the extractor. Traps the
real web has are kept on purpose: a header "today" stamp, sidebars of other news with their own
dates, breadcrumbs, share buttons, cookie banners, «Читайте также» blocks, footers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

TODAY = dt.datetime(2026, 11, 26, 9, 15)
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")  # fmt: skip
WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")


@dataclass(frozen=True)
class Item:
    """One release as the corpus uses it (texts from the demo content, fiction)."""

    key: str  # a stable id inside the layout
    title: str
    published: dt.datetime  # local, naive
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]
    image: bool
    attachment: bool

    @property
    def number(self) -> int:
        return 1000 + int(hashlib.sha1(self.key.encode()).hexdigest()[:6], 16) % 9000

    @property
    def slug(self) -> str:
        return self.key


def ru_date(moment: dt.datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def dotted(moment: dt.datetime) -> str:
    return moment.strftime("%d.%m.%Y")


def hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def today_stamp() -> str:
    return f"{WEEKDAYS[TODAY.weekday()]}, {ru_date(TODAY)}"


def paragraphs_html(item: Item, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return "\n".join(f"<p{attribute}>{escape(p)}</p>" for p in item.paragraphs)


@dataclass(frozen=True)
class AttachmentFile:
    """The file a layout attaches to some releases: its path under the site ("{number}" stands for
    the release's number), title, size as the page prints it, and kind."""

    path: str
    title: str
    size: str
    kind: str

    def href(self, item: Item) -> str:
        return self.path.format(number=item.number)

    def name(self, item: Item) -> str:
        return self.title.format(number=item.number)

    @property
    def note(self) -> str:
        """ "(PDF, 2,4 МБ)", as the pages print it next to the link."""
        return f"({self.kind.upper()}, {self.size})"


class Layout:
    """A site in one markup family. Subclasses give URLs, markup and what the page states."""

    key = ""
    platform = "generic"
    selectors: dict[str, str] = {}  # noqa: RUF012  registry selectors for the configured path
    timezone = "Europe/Moscow"
    encoding = "utf-8"
    base = ""
    listing_path = ""  # the first listing page, under base
    shows_time = True  # whether the article page (or its URL) gives the time
    tagged = False  # whether the article page shows the release's tags
    files: AttachmentFile | None = None  # what the releases with an attachment attach
    per_page = 6

    def article_url(self, item: Item) -> str:
        raise NotImplementedError

    def listing_url(self, page: int) -> str:
        return f"{self.base}{self.listing_path}" + (self.page_suffix(page) if page > 1 else "")

    def page_suffix(self, page: int) -> str:
        """What listing page `page` (2 and on) adds to the first page's URL."""
        return f"?page={page}"

    def local(self, url: str) -> str:
        """One of the site's URLs as its own pages link it: without scheme and host."""
        return url.removeprefix(self.base)

    def article(self, item: Item, others: list[Item]) -> str:
        raise NotImplementedError

    def listing(self, items: list[Item], page: int, pages: int, others: list[Item]) -> str:
        raise NotImplementedError

    def list_date(self, item: Item) -> str:
        return dotted(item.published)

    def image_url(self, item: Item) -> str:
        name = hashlib.sha1(item.key.encode()).hexdigest()[:20]
        return f"{self.base}/upload/files/{name[:2]}/{name[2:4]}/{name}.jpg"

    def attachment(self, item: Item) -> dict[str, Any] | None:
        if not (item.attachment and self.files):
            return None
        files = self.files
        return {
            "url": self.base + files.href(item),
            "title": files.name(item),
            "size": files.size,
            "kind": files.kind,
        }

    def tags(self, item: Item) -> tuple[str, ...]:
        return item.tags if self.tagged else ()

    def images(self, item: Item) -> tuple[str, ...]:
        return (self.image_url(item),) if item.image else ()

    def expected(self, item: Item) -> dict[str, Any]:
        """What the article page states, from the content that generated it."""
        attachment = self.attachment(item)
        return {
            "title": item.title,
            "published_date": item.published.date().isoformat(),
            "published_time": hhmm(item.published) if self.shows_time else None,
            "lead": item.paragraphs[0],
            "body": list(item.paragraphs),
            "images": list(self.images(item)),
            "attachments": [attachment] if attachment else [],
            "tags": list(self.tags(item)),
            "language": "ru",
            "canonical_url": self.article_url(item),
        }

    def charset_meta(self) -> str:
        label = {"cp1251": "windows-1251", "koi8-r": "koi8-r"}.get(self.encoding, "utf-8")
        return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'


def cookie_banner() -> str:
    return (
        '<div class="cookie-banner">Сайт использует файлы cookie. Продолжая пользоваться сайтом, вы '
        "соглашаетесь с их использованием. <button>Хорошо</button></div>"
    )


def share_block() -> str:
    return (
        '<div class="share">Поделиться: <a href="https://vk.com/share.php">ВКонтакте</a> '
        '<a href="https://t.me/share/url">Telegram</a></div>'
    )


def numbered_pager(
    page: int,
    pages: int,
    link: Callable[[int], str],
    current: Callable[[int], str] | None = None,
    sep: str = "",
    following: Callable[[int], str] | None = None,
) -> str:
    """Links to pages 1..pages joined by `sep`, the current page drawn by `current` when given,
    then `following(page + 1)` (a "next" link) when there is a next page and it is given."""
    pager = sep.join(current(n) if current and n == page else link(n) for n in range(1, pages + 1))
    return pager + following(page + 1) if following and page < pages else pager
