# ruff: noqa: E501  (the pages are written inline)
"""Small sites given by their home page only, for the press-section tests (written for these tests;
the held-out homepage corpus in tests/blind_home/ is scored by the benchmark, never used here).

Each site is a dict path -> (status, headers, body). The layouts differ in how the home page leads
to the press section: a menu item after a dated «Документы» list, a «Пресс-центр» landing page,
a footer link only; and the sites that cannot be crawled: a home page that moved to another host,
an anti-bot answer, a press list without any date, a site without a press section.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Page = tuple[int, dict[str, str], bytes]
Site = dict[str, Page]

HEADLINES = (
    "Инвестор построит в области завод по выпуску кабеля",
    "Министр провёл приём предпринимателей по вопросам земли",
    "Экспортёры региона подписали контракты на выставке в Алматы",
    "Технопарк принял двух новых резидентов",
    "Области выделят средства на развитие индустриального парка",
    "Губернатор вручил награды лучшим работодателям",
    "Фонд микрофинансирования снизил ставку для самозанятых",
    "В особой экономической зоне запущено производство упаковки",
)


def _html(title: str, body: str) -> bytes:
    return f"<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>".encode()


def _ok(title: str, body: str) -> Page:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, _html(title, body)


def _menu(items: list[tuple[str, str]]) -> str:
    return (
        "<nav class='main-menu'><ul>"
        + "".join(f"<li><a href='{href}'>{label}</a></li>" for label, href in items)
        + "</ul></nav>"
    )


def _article(path: str, headline: str, when: dt.datetime | None, site: str) -> Page:
    date = f"<div class='date'>{when:%d.%m.%Y %H:%M}</div>" if when else ""
    paragraphs = "".join(
        f"<p>{headline}: подробности сообщения, абзац {n}, с цифрами {n * 13} млн рублей и словами о планах региона.</p>"
        for n in range(1, 4)
    )
    return _ok(
        f"{headline} — {site}",
        f"<header>{site}</header><main><h1>{headline}</h1>{date}<div class='text'>{paragraphs}</div></main>",
    )


def _listing(
    heading: str, prefix: str, dated: bool, site: str, first: int = 0, count: int = 6
) -> tuple[Page, Site]:
    start = dt.datetime(2026, 11, 28, 10, 0)
    items, pages = [], {}
    for n in range(first, first + count):
        headline = f"{HEADLINES[n % len(HEADLINES)]} ({site}, №{n})"
        when = start - dt.timedelta(days=n, hours=n)
        path = f"{prefix}{1000 + n}/"
        date = f"<span class='news-date'>{when:%d.%m.%Y}</span>" if dated else ""
        items.append(f"<div class='news-item'>{date}<a class='news-title' href='{path}'>{headline}</a></div>")
        pages[path] = _article(path, headline, when if dated else None, site)
    body = (
        f"<header>{site}</header><main><h1>{heading}</h1><div class='news-list'>{''.join(items)}</div></main>"
    )
    return _ok(f"{heading} — {site}", body), pages


def _documents(site: str) -> Page:
    rows = "".join(
        f"<div class='doc'><span>{(dt.date(2026, 11, 20) - dt.timedelta(days=n)):%d.%m.%Y}</span>"
        f"<a href='/documents/{n}/'>Постановление № {100 + n} от {(dt.date(2026, 11, 20) - dt.timedelta(days=n)):%d.%m.%Y} о порядке предоставления субсидий</a></div>"
        for n in range(8)
    )
    return _ok(f"Документы — {site}", f"<main><h1>Документы</h1>{rows}</main>")


def menu_site() -> Site:
    """«Документы» (a dated list) before «Новости» in the top menu."""
    name = "Министерство экономического развития"
    listing, articles = _listing("Новости", "/press/news/", True, "menu")
    home = _ok(
        name,
        _menu(
            [
                ("О министерстве", "/about/"),
                ("Документы", "/documents/"),
                ("Новости", "/press/news/"),
                ("Вакансии", "/vacancies/"),
            ]
        )
        + "<main><h2>Главное</h2></main>",
    )
    return {"/": home, "/documents/": _documents("menu"), "/press/news/": listing, **articles}


def landing_site() -> Site:
    """«Пресс-центр» leads to a landing page of tiles; «Новости» is one of them."""
    name = "Агентство инвестиционного развития"
    listing, articles = _listing("Новости агентства", "/press-center/news/", True, "landing")
    landing = _ok(
        "Пресс-центр",
        "<main><h1>Пресс-центр</h1><div class='tiles'><a href='/press-center/news/'>Новости</a><a href='/press-center/photo/'>Фотогалерея</a><a href='/press-center/video/'>Видео</a></div></main>",
    )
    home = _ok(
        name,
        _menu([("Инвесторам", "/investors/"), ("Пресс-центр", "/press-center/"), ("Контакты", "/contacts/")]),
    )
    return {"/": home, "/press-center/": landing, "/press-center/news/": listing, **articles}


def footer_site() -> Site:
    """The press section is linked from the footer only."""
    name = "Центр поддержки экспорта"
    listing, articles = _listing("Новости министерства", "/sobytiya/novosti-ministerstva/", True, "footer")
    home = _ok(
        name,
        "<main><h2>Услуги экспортёрам</h2><a href='/uslugi/'>Все услуги</a></main><footer><a href='/sobytiya/novosti-ministerstva'>Новости министерства</a><a href='/contacts/'>Контакты</a></footer>",
    )
    return {"/": home, "/sobytiya/novosti-ministerstva": listing, **articles}


def portal_site() -> Site:
    """A regional portal: its own news and each ministry's; the ministry's list also links one
    portal article (the registry narrows the source with section_paths)."""
    portal, portal_articles = _listing("Новости", "/news/", True, "portal", first=0, count=6)
    ministry, ministry_articles = _listing(
        "Новости министерства", "/ministries/economy/news/", True, "economy", first=6, count=5
    )
    shared = "<div class='news-item'><span class='news-date'>20.11.2026</span><a class='news-title' href='/news/1000/'>Общая новость портала о заводе по выпуску кабеля</a></div>"
    ministry = (
        ministry[0],
        ministry[1],
        ministry[2].replace(b"</div></main>", shared.encode() + b"</div></main>"),
    )
    home = _ok(
        "Портал Правительства",
        _menu([("Новости", "/news/"), ("Министерство экономики", "/ministries/economy/")])
        + "<main><a href='/ministries/economy/news/'>Новости министерства экономики</a></main>",
    )
    landing = _ok(
        "Министерство экономики",
        "<main><h1>Министерство экономики</h1><a href='/ministries/economy/news/'>Новости министерства</a></main>",
    )
    return {
        "/": home,
        "/news/": portal,
        "/ministries/economy/": landing,
        "/ministries/economy/news/": ministry,
        **portal_articles,
        **ministry_articles,
    }


def sitemap_site() -> Site:
    """No link of the home page says press; the sitemap lists the releases under /novosti/."""
    listing, articles = _listing("Лента", "/novosti/", True, "sitemap")
    urls = "".join(f"<url><loc>http://HOST{path}</loc></url>" for path in articles)
    sitemap = (
        200,
        {"Content-Type": "application/xml"},
        f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}<url><loc>http://HOST/about/</loc></url></urlset>".encode(),
    )
    home = _ok(
        "Комитет",
        _menu([("О комитете", "/about/"), ("Контакты", "/contacts/")])
        + "<main><p>Добро пожаловать</p></main>",
    )
    return {"/": home, "/novosti/": listing, "/sitemap.xml": sitemap, **articles}


def robots_sitemap_site() -> Site:
    """As sitemap_site, but the sitemap lives where robots.txt says, not at /sitemap.xml."""
    site = sitemap_site()
    site["/sitemaps/main.xml"] = site.pop("/sitemap.xml")
    robots = "User-agent: *\nDisallow: /admin/\nSitemap: http://HOST/sitemaps/main.xml\n"
    site["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots.encode())
    return site


def undated_site() -> Site:
    """A «Новости» list whose items and articles carry no date at all."""
    listing, articles = _listing("Новости", "/news/", False, "undated", count=8)
    home = _ok("Портал", _menu([("Новости", "/news/"), ("Контакты", "/contacts/")]))
    return {"/": home, "/news/": listing, **articles}


def no_section_site() -> Site:
    """No press section: documents and contacts only."""
    home = _ok("Учреждение", _menu([("Документы", "/documents/"), ("Контакты", "/contacts/")]))
    return {"/": home, "/documents/": _documents("nosection")}


def blocked_site() -> Site:
    page = (
        403,
        {"Content-Type": "text/html; charset=utf-8"},
        _html("Доступ ограничен", "<p>Доступ ограничен. Подтвердите, что вы не робот.</p>"),
    )
    return {"/": page}


def moved_site(new_base: Callable[[], str]) -> Callable[[str], Page | None]:
    """Every page answers 301 to the same path on another host."""

    def answer(path: str) -> Page:
        return 301, {"Location": new_base() + path}, b""

    return answer


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site | Callable[[str], Page | None]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.requests: list[str] = []

    def page(self, path: str) -> Page | None:
        self.requests.append(path)
        if callable(self.site):
            return self.site(path)
        page = self.site.get(path.split("?")[0])
        if page is not None and b"http://HOST" in page[2]:  # absolute URLs on this server's address
            page = (page[0], page[1], page[2].replace(b"http://HOST", self.base.encode()))
        return page


class _Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        page = self.server.page(self.path)
        status, headers, body = (
            page if page is not None else (404, {"Content-Type": "text/html"}, _html("404", "Не найдено"))
        )
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(site: Site | Callable[[str], Page | None]) -> Iterator[Server]:
    server = Server(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
