"""One demo site as an in-memory web application: URL routing per layout, rendering, mutation.

A SiteApp answers `handle("/path?query")` with a Response; the HTTP server in demo.mirror only
moves bytes. Four layouts imitate real platforms (see demo/README.md):
mosreg_ministry (*.mosreg.ru), air_portal (invest.mosreg.ru), wordpress (export.invest.mosreg.ru),
drupal7 (kurganobl.ru).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from demo.content import ContentError, Release, SiteSpec, release_from_dict, split_paragraphs
from demo.render import render

logger = logging.getLogger(__name__)

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
# a 1x1 transparent GIF: every uploaded image of the mirror is this stub
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
FEED_SIZE = 20


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = HTML
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Page:
    """A listing page: its releases and pager, numbered in the site's own convention."""

    items: list[Release]
    number: int  # as in the URL (0-based for Drupal, 1-based elsewhere)
    index: int  # 0-based
    count: int  # number of pages


def _int_arg(query: dict[str, list[str]], name: str, default: int) -> int:
    try:
        return int(query.get(name, [str(default)])[0])
    except ValueError:
        return default


class Layout:
    """URL scheme and templates of one platform. Subclasses fill in the specifics."""

    name = ""
    prefix = ""  # template file prefix
    listing_path = ""
    first_page = 1  # page number of the first listing page in URLs
    robots = "User-agent: *\nDisallow: /search\n"
    static_pages: dict[str, tuple[str, tuple[str, ...]]] = {}  # noqa: RUF012

    def article_path(self, release: Release) -> str:
        raise NotImplementedError

    def page_path(self, number: int) -> str:
        raise NotImplementedError

    def route(self, app: SiteApp, path: str, query: dict[str, list[str]]) -> Response | None:
        raise NotImplementedError


class MosregLayout(Layout):
    name = "mosreg_ministry"
    prefix = "mosreg"
    listing_path = "/sobytiya/novosti-ministerstva"
    robots = "User-agent: *\nDisallow: /search\nDisallow: /personal/\nDisallow: /*?print=\n"
    static_pages = {  # noqa: RUF012
        "/o-ministerstve": (
            "О министерстве",
            (
                "Министерство является центральным исполнительным органом Московской области, "
                "осуществляющим государственное управление в сфере инвестиционной, промышленной "
                "и научной политики.",
            ),
        ),
        "/deyatelnost": (
            "Деятельность",
            (
                "Поддержка инвесторов, развитие индустриальных парков и особых экономических зон, "
                "содействие экспорту продукции предприятий Подмосковья.",
            ),
        ),
        "/kontakty": ("Контакты", ("143407, Московская область, г. Красногорск, бульвар Строителей, д. 1.",)),
    }

    def article_path(self, release: Release) -> str:
        return f"{self.listing_path}/{release.published:%d-%m-%Y-%H-%M-%S}-{release.slug}"

    def page_path(self, number: int) -> str:
        return f"?page={number}"

    def route(self, app: SiteApp, path: str, query: dict[str, list[str]]) -> Response | None:
        if path in (self.listing_path, self.listing_path + "/"):
            if query.get("format") == ["rss"]:
                return app.rss(self.listing_path)
            page = app.paginate(_int_arg(query, "page", 1))
            return app.page("mosreg_listing.html", page=page, title="Новости министерства")
        match = re.fullmatch(
            re.escape(self.listing_path) + r"/(\d\d-\d\d-\d{4}-\d\d-\d\d-\d\d)-([a-z0-9-]+)/?", path
        )
        if match:
            release = app.get(match.group(2))
            if release and f"{release.published:%d-%m-%Y-%H-%M-%S}" == match.group(1):
                return app.article("mosreg_article.html", release)
            return app.not_found()
        return None


class AirLayout(Layout):
    name = "air_portal"
    prefix = "air"
    listing_path = "/press/news"
    robots = "User-agent: *\nDisallow: /search\nDisallow: /aapi/\nDisallow: /lk/\n"
    static_pages = {  # noqa: RUF012
        "/investor/map": (
            "Карта инвестиционных площадок",
            (
                "Более 1 500 земельных участков и помещений для реализации инвестиционных проектов "
                "в Московской области: покупка, аренда, коммерческие площади.",
            ),
        ),
        "/press": ("Пресс-центр", ("Новости агентства, публикации СМИ, контакты пресс-службы АНО «АИР».",)),
        "/about": (
            "Об агентстве",
            (
                "АНО «Агентство инвестиционного развития Московской области» (АИР) сопровождает "
                "инвестиционные проекты по принципу «одного окна».",
            ),
        ),
    }

    def article_path(self, release: Release) -> str:
        return f"{self.listing_path}/{release.slug}"

    def page_path(self, number: int) -> str:
        return f"{self.listing_path}?page={number}"

    def route(self, app: SiteApp, path: str, query: dict[str, list[str]]) -> Response | None:
        if path in (self.listing_path, self.listing_path + "/"):
            page = app.paginate(_int_arg(query, "page", 1))
            return app.page("air_listing.html", page=page, title="Новости")
        match = re.fullmatch(re.escape(self.listing_path) + r"/(\d+)/?", path)
        if match:
            release = app.get(match.group(1))
            return app.article("air_article.html", release) if release else app.not_found()
        return None


class WordpressLayout(Layout):
    name = "wordpress"
    prefix = "wp"
    listing_path = "/news/"
    robots = (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        "Disallow: /search\nDisallow: /?s=\n"
    )
    static_pages = {  # noqa: RUF012
        "/services/": (
            "Услуги",
            (
                "Консультации по экспорту, поиск иностранных покупателей, сертификация продукции, "
                "участие в международных выставках и бизнес-миссиях.",
            ),
        ),
        "/contacts/": ("Контакты", ("Центр поддержки экспорта Московской области: +7 (495) 000-00-00.",)),
    }

    def article_path(self, release: Release) -> str:
        return f"/news/{release.slug}/"

    def page_path(self, number: int) -> str:
        return "/news/" if number == 1 else f"/news/page/{number}/"

    def route(self, app: SiteApp, path: str, query: dict[str, list[str]]) -> Response | None:
        if path == "/news":
            return app.redirect("/news/")
        if path in ("/feed/", "/news/feed/", "/feed", "/news/feed"):
            return app.rss("/news/")
        number = 1
        match = re.fullmatch(r"/news/page/(\d+)/?", path)
        if match:
            number = int(match.group(1))
            if number <= 1:
                return app.redirect("/news/")
        if path == "/news/" or match:
            page = app.paginate(number)
            if not page.items and number > 1:
                return app.not_found()  # WordPress answers 404 past the last page
            return app.page("wp_listing.html", page=page, title="Новости")
        match = re.fullmatch(r"/news/([a-z0-9-]+)(/?)", path)
        if match:
            release = app.get(match.group(1))
            if not release:
                return app.not_found()
            if not match.group(2):
                return app.redirect(self.article_path(release))
            return app.article("wp_article.html", release)
        return None


class DrupalLayout(Layout):
    name = "drupal7"
    prefix = "drupal"
    listing_path = "/news"
    first_page = 0
    robots = (
        "#\n# robots.txt\n#\n# This file is to prevent the crawling and indexing of certain parts\n"
        "# of your site by web crawlers and spiders run by sites like Yahoo!\n# and Google.\n#\n"
        "User-agent: *\n# Directories\nDisallow: /includes/\nDisallow: /misc/\nDisallow: /modules/\n"
        "# Paths (clean URLs)\nDisallow: /admin/\nDisallow: /comment/reply/\nDisallow: /filter/tips/\n"
        "Disallow: /node/add/\nDisallow: /search\nDisallow: /user/register/\nDisallow: /user/password/\n"
        "Disallow: /user/login/\n"
    )
    static_pages = {  # noqa: RUF012
        "/governor": ("Губернатор", ("Губернатор Курганской области.",)),
        "/invest": (
            "Инвестиционная деятельность",
            (
                "Инвестиционный портал Курганской области, меры поддержки инвесторов, "
                "территории опережающего развития, индустриальные парки Зауралья.",
            ),
        ),
    }

    def article_path(self, release: Release) -> str:
        return f"/content/{release.slug}"

    def page_path(self, number: int) -> str:
        return "/news" if number == 0 else f"/news?page={number}"

    def route(self, app: SiteApp, path: str, query: dict[str, list[str]]) -> Response | None:
        if path in ("/news", "/news/"):
            page = app.paginate(_int_arg(query, "page", 0))
            return app.page("drupal_listing.html", page=page, title="Новости")
        if path == "/rss.xml":
            return app.rss("/news")
        match = re.fullmatch(r"/content/([a-z0-9-]+)/?", path)
        if match:
            release = app.get(match.group(1))
            return app.article("drupal_article.html", release) if release else app.not_found()
        return None


LAYOUT_CLASSES: dict[str, type[Layout]] = {
    cls.name: cls for cls in (MosregLayout, AirLayout, WordpressLayout, DrupalLayout)
}


class SiteApp:
    """The live state of one demo site (its releases can change while it is served)."""

    def __init__(self, spec: SiteSpec, clock: Callable[[], datetime] | None = None) -> None:
        self.spec = spec
        self.layout = LAYOUT_CLASSES[spec.layout]()
        self.base_url = ""  # set by the server once the port is known
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._releases: dict[str, Release] = {r.slug: r for r in spec.releases}
        self._gone: set[str] = set()  # article paths answering 410 Gone after a removal

    # ----- content and mutation -----

    def releases(self) -> list[Release]:
        """Newest first."""
        with self._lock:
            items = list(self._releases.values())
        return sorted(items, key=lambda r: (r.published, r.slug), reverse=True)

    def get(self, slug: str) -> Release | None:
        with self._lock:
            return self._releases.get(slug)

    def now(self) -> datetime:
        return self._clock().astimezone(self.spec.tz)

    def edit_release(self, slug: str, title: str | None = None, body: str | None = None) -> Release:
        with self._lock:
            release = self._require(slug)
            changes: dict[str, Any] = {"modified": self.now()}
            if title is not None:
                changes["title"] = title
            if body is not None:
                paragraphs = split_paragraphs(body)
                if not paragraphs:
                    raise ContentError("the new body is empty")
                changes["paragraphs"] = paragraphs
            release = release.with_changes(**changes)
            self._releases[slug] = release
        logger.info("%s: edited %s", self.spec.key, slug)
        return release

    def remove_release(self, slug: str, status: int = 404) -> None:
        """Unpublish; the article's URL then answers 404 (unknown page) or, with status=410, 410 Gone."""
        if status not in (404, 410):
            raise ValueError(f"a removed release answers 404 or 410, not {status}")
        with self._lock:
            release = self._require(slug)
            del self._releases[slug]
            if status == 410:
                self._gone.add(self.article_path(release))
        logger.info("%s: removed %s (%d)", self.spec.key, slug, status)

    def add_release(self, data: dict[str, Any]) -> Release:
        release = release_from_dict(data, self.spec.tz)
        with self._lock:
            if release.slug in self._releases:
                raise ContentError(f"{self.spec.key}: release {release.slug!r} exists")
            self._releases[release.slug] = release
        logger.info("%s: added %s", self.spec.key, release.slug)
        return release

    def _require(self, slug: str) -> Release:
        try:
            return self._releases[slug]
        except KeyError:
            raise KeyError(f"{self.spec.key}: no release {slug!r}") from None

    # ----- URLs -----

    def article_path(self, release: Release) -> str:
        return self.layout.article_path(release)

    def article_url(self, release: Release) -> str:
        return self.base_url + self.article_path(release)

    def listing_url(self) -> str:
        return self.base_url + self.layout.listing_path

    def paginate(self, number: int) -> Page:
        items = self.releases()
        size = self.spec.page_size
        count = max(1, math.ceil(len(items) / size))
        index = max(0, number - self.layout.first_page)
        return Page(
            items=items[index * size : (index + 1) * size],
            number=index + self.layout.first_page,
            index=index,
            count=count,
        )

    # ----- responses -----

    def handle(self, target: str) -> Response:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = parse_qs(parts.query)
        if path == "/robots.txt":
            return Response(200, self.layout.robots.encode(), TEXT)
        if path.startswith("/upload/") or path.startswith("/sites/default/files/"):
            return Response(200, PIXEL, "image/gif", (("Cache-Control", "max-age=86400"),))
        if path in ("/search", "/search/"):
            return self.search(query.get("q", [""])[0])
        if path == "/":
            return self.page(
                f"{self.layout.prefix}_page.html",
                title=self.spec.title,
                paragraphs=(self.spec.notes,) if self.spec.notes else (),
                items=self.releases()[:5],
                home=True,
            )
        static = self.layout.static_pages.get(path)
        if static:
            return self.page(f"{self.layout.prefix}_page.html", title=static[0], paragraphs=static[1])
        with self._lock:
            gone = path in self._gone
        if gone:
            return self.gone()
        response = self.layout.route(self, path, query)
        return response if response is not None else self.not_found()

    def context(self, **extra: Any) -> dict[str, Any]:
        releases = self.releases()
        current = extra.get("release")
        by_hash = sorted(releases, key=lambda r: hashlib.md5(r.slug.encode()).hexdigest())
        popular = [r for r in by_hash if r is not current][:4]
        latest = [r for r in releases if r is not current][:5]
        return {
            "site": self.spec,
            "base": self.base_url,
            "today": self.now(),
            "path": self.article_path,
            "listing_path": self.layout.listing_path,
            "page_path": self.layout.page_path,
            "popular": popular,
            "latest": latest,
            "paragraphs": (),
            "items": (),
            "home": False,
            "canonical": None,
            **extra,
        }

    def page(self, template: str, status: int = 200, **extra: Any) -> Response:
        html = render(template, **self.context(**extra))
        return Response(status, html.encode("utf-8"), HTML)

    def article(self, template: str, release: Release) -> Response:
        return self.page(template, release=release, title=release.title, canonical=self.article_url(release))

    def not_found(self) -> Response:
        return self.page(
            f"{self.layout.prefix}_page.html",
            status=404,
            title="Страница не найдена",
            paragraphs=(
                "Запрашиваемая страница не найдена. Возможно, она была удалена "
                "или вы ошиблись при наборе адреса.",
            ),
        )

    def gone(self) -> Response:
        return self.page(
            f"{self.layout.prefix}_page.html",
            status=410,
            title="Материал удалён",
            paragraphs=("Материал удалён с сайта.",),
        )

    def redirect(self, location: str) -> Response:
        body = f'<a href="{location}">Moved Permanently</a>'.encode()
        return Response(301, body, HTML, (("Location", location),))

    def search(self, text: str) -> Response:
        needle = text.casefold().strip()
        found = [
            r
            for r in self.releases()
            if needle and (needle in r.title.casefold() or any(needle in p.casefold() for p in r.paragraphs))
        ]
        return self.page(
            f"{self.layout.prefix}_page.html",
            title=f"Поиск: {text}",
            items=found,
            paragraphs=() if found else ("По вашему запросу ничего не найдено.",),
        )

    def rss(self, channel_path: str) -> Response:
        xml = render(
            "rss.xml",
            **self.context(channel_link=self.base_url + channel_path, feed_items=self.releases()[:FEED_SIZE]),
        )
        return Response(200, xml.encode("utf-8"), RSS)
