"""A ministry's press section on 127.0.0.1 that misbehaves in every way a crawler meets in the wild.

One threaded server on an ephemeral port of 127.0.0.1, in the layout of the *.mosreg.ru ministry
sites (crawler.pages.mosreg_ministry): a news listing of two pages (and a third of `big_listing`
links when asked for) whose articles misbehave: redirect loops, a redirect to another port, a
<meta refresh> off the site, 429 with Retry-After 86400, 503 with Retry-After 1, a gzip bomb, a
UTF-8 page with one bad byte, an undeclared windows-1251 page, a 30 MB article, a body cut short, a
trickle slower than any timeout, an empty 200, binary garbage as text/html, 5,000 nested divs, NUL
bytes in the title, 404, 410 and 500, a malformed listing date, a PDF, duplicate links, a link too
long to ask for, javascript:/mailto:/data: links and ../ beyond the root. Good articles stand
between them.

`PAGES` says what each article does and what a crawl must make of it (`Page.outcome`). A second
port of the host (the "stranger") answers every path with a page that must never be stored, and
records that it was asked. Nothing here reaches beyond loopback.

The site answers under two names, as ministries answer on mii.mosreg.ru and www.mii.mosreg.ru:
127.0.0.1 and localhost (the registry allows both). The 429 that asks for a day is linked under
localhost, so the crawl leaves that name alone for the run and the good pages are still read under
127.0.0.1; what a refusal mid-crawl does to requests already queued is tests/test_retry_after.py's.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

logger = logging.getLogger(__name__)

LISTING_PATH = "/sobytiya/novosti-ministerstva"
SECTION = LISTING_PATH + "/"
SITE_TITLE = "Министерство инвестиций, промышленности и науки Московской области"
TRICKLE_SECONDS = 30.0  # how long the trickle goes on (a crawler must give up well before)
HUGE_BYTES = 30 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024  # what the gzip bomb unpacks to (64 kB on the wire)
NESTED_DEPTH = 5_000
GONE_PREFIX = SECTION + "arkhiv/"  # the big listing's links: an archive moved away (404)
ROBOTS = f"User-agent: *\nDisallow: /search\nDisallow: {SECTION}zakryto/\n"
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")  # fmt: skip


@dataclass(frozen=True)
class Page:
    """One article of the listing: what it does and what the crawl must make of it."""

    slug: str
    does: str  # what the page does to a crawler, in words
    outcome: str  # "stored", "dropped/<reason>" or "failed/<kind>" (crawler.scrapy_glue.failures)
    title: str = ""  # stored pages: the title the archive must hold
    text: str = ""  # stored pages: the lead, which the stored body must hold
    date: str = "2026-11-30"  # stored pages: the publication date the archive must hold
    listing: int = 1  # the listing page that links it
    listing_date: str = ""  # as the listing shows it ("" = the date, as the site writes it)
    stored_as: str = ""  # the slug it is stored under (a redirect within the site)
    host: str = "127.0.0.1"  # the name the listing links it under
    stored_text: str = ""  # the lead as the archive must hold it ("" = `text`)

    @property
    def path(self) -> str:
        return SECTION + quote(self.slug)

    @property
    def stored_path(self) -> str:
        return SECTION + quote(self.stored_as or self.slug)

    @property
    def lead(self) -> str:
        """The lead as the archive must hold it."""
        return self.stored_text or self.text

    @property
    def shown_date(self) -> str:
        """The listing's date: «21 ноября 2026 г., 12:41» as the ministry's sites write it."""
        if self.listing_date:
            return self.listing_date
        year, month, day = (int(part) for part in self.date.split("-"))
        return f"{day} {MONTHS[month - 1]} {year} г., {10 + day % 8}:{day * 7 % 60:02d}"


def _stored(slug: str, does: str, title: str, text: str, day: int, **more: Any) -> Page:
    return Page(slug, does, "stored", title, text, f"2026-11-{day:02d}", **more)


PAGES: tuple[Page, ...] = (
    _stored(
        "investory-podmoskovya",
        "an ordinary article, linked three times on page 1 (path, absolute URL, path) and once on page 2",
        "Инвесторы вложили 12 млрд рублей в индустриальные парки Подмосковья",
        "Резиденты индустриальных парков Подмосковья вложили в новые производства 12 млрд рублей",
        29,
    ),
    Page("krugovaya-ssylka", "302 to ?n=1, ?n=2, ... without end", "failed/redirect_loop"),
    Page("tuda-i-obratno", "302 to a second page that redirects back to the first", "failed/redirect_loop"),
    Page("na-drugoy-port", "302 to the same host on another port", "failed/http_302"),
    _stored(
        "obnovlenie-stranitsy",
        "an article with <meta refresh> to another port: archived as itself",
        "Область выделила гранты молодым учёным",
        "Правительство Московской области выделило гранты сорока молодым учёным",
        28,
    ),
    _stored(
        "obnovlenie-szhatoe",
        "the same <meta refresh> to another port, in a gzip-encoded answer (as most servers send it)",
        "Область продлила приём заявок на гранты для экспортёров",
        "Приём заявок на гранты для экспортёров Московской области продлён до конца года",
        26,
    ),
    Page("sama-na-sebya", "<meta refresh> to itself", "failed/redirect_loop"),
    Page(
        "slishkom-chasto",
        "429 with Retry-After: 86400, linked under localhost (a 429 reaches the spider: a block page)",
        "dropped/block_page",
        host="localhost",
    ),
    _stored(
        "peregruzka",
        "503 with Retry-After: 1, then the article",
        "В Химках откроют технопарк для малого бизнеса",
        "Технопарк площадью 30 тысяч квадратных метров откроют в Химках",
        27,
    ),
    Page("oshibka-servera", "500 every time", "failed/http_500"),
    Page("gzip-bomba", "64 kB of gzip that unpack to 64 MB", "failed/too_large"),
    _stored(
        "bityy-bayt",
        "declared UTF-8, one invalid byte in the text",
        "Мининвест подвёл итоги конкурса «Лучший инвестиционный проект»",
        "Победителями конкурса стали двенадцать компаний региона",
        26,
        stored_text="Победителями конкурса \ufffdстали двенадцать компаний региона",
    ),
    _stored(
        "windows-1251",
        "windows-1251, no charset in the header or the page",
        "Подмосковные предприятия получат льготные займы",
        "Фонд развития промышленности выдаст предприятиям займы под один процент годовых",
        25,
    ),
    _stored(
        "bez-tipa",
        "no Content-Type header at all",
        "В Серпухове открылся центр поддержки предпринимателей",
        "Центр поддержки предпринимателей в Серпухове будет консультировать бесплатно",
        25,
    ),
    _stored(
        "ogromnaya-statya",
        "a 30 MB article: the start is read, the rest cut",
        "Опубликован полный реестр мер поддержки инвесторов",
        "Министерство опубликовало полный реестр мер поддержки инвесторов",
        24,
    ),
    Page("obryv", "Content-Length ten times what is sent, then the connection closed", "failed/connection"),
    Page("po-kaple", "headers, then three bytes every quarter second for 30 s", "failed/timeout"),
    Page("pustaya", "200 with an empty body", "dropped/empty_body"),
    Page("musor", "60 kB of binary garbage served as text/html", "dropped/no_title"),
    Page("dokument.pdf", "a PDF where the article should be", "dropped/not_text"),
    Page(
        "matryoshka",
        "the whole page inside 5,000 nested <div>: libxml2 keeps 2,048 levels, so the article is "
        "parsed without its content and counted with an empty body (it should be stored)",
        "dropped/empty_body",
        "В Коломне запустили производство упаковки",
        "Новое производство упаковки в Коломне создаст 150 рабочих мест",
        "2026-11-23",
    ),
    _stored(
        "nulevoy-bayt",
        "NUL bytes in the title and the headline",
        "Губернатор вручил награды лучшим экспортёрам",
        "Награды получили восемнадцать компаний-экспортёров",
        22,
    ),
    Page("udalena", "404", "failed/http_404", listing=2),
    Page("snyata", "410", "failed/http_410", listing=2),
    _stored(
        "krivaya-data",
        "the listing's date is malformed; the article's own is right",
        "В Дмитрове построят логистический центр",
        "Логистический центр в Дмитрове займёт пятьдесят гектаров",
        21,
        listing=2,
        listing_date="32.13.2026 г., 25:61",
    ),
    _stored(
        "pereezd",
        "301 to another page of the site",
        "Подмосковье и Татарстан подписали соглашение о сотрудничестве",
        "Соглашение о сотрудничестве в сфере промышленности подписали в Казани",
        19,
        listing=2,
        stored_as="pereezd-novyy-adres",
    ),
    Page("zakryto/plan", "a page robots.txt forbids", "failed/robots", listing=2),
    Page("vkhod", "a login form where the article should be", "dropped/no_title", listing=2),
    Page("dlinnyy-" + "adres-" * 400, "a link of 2,500 characters", "failed/url_too_long", listing=2),
    _stored(
        "новости-кириллицей",
        "a path in Cyrillic, unencoded in the listing",
        "В Подольске открылась школа молодого экспортёра",
        "Школа молодого экспортёра в Подольске приняла первых слушателей",
        18,
        listing=2,
    ),
    _stored(
        "za-kornem",
        "linked as ../../../../../../sobytiya/... (beyond the root)",
        "Мининвест провёл семинар для экспортёров",
        "Семинар для экспортёров собрал более ста участников",
        17,
        listing=2,
    ),
)
BY_PATH = {page.path: page for page in PAGES}
# Links in the listing items that are not articles: never asked, never counted as pages.
JUNK_LINKS = (
    "javascript:void(0)",
    "javascript:alert('Подписаться')",
    "mailto:press@mii.example.ru?subject=Вопрос",
    "data:text/html;base64,PGgxPkhpPC9oMT4=",
    "tel:+74986021035",
)
# Pages the site serves besides the articles: the second hops of two redirects.
HOPS = (SECTION + "pereezd-novyy-adres", SECTION + "tuda-i-obratno-2")
BEYOND_ROOT = "../../../../../../sobytiya/novosti-ministerstva/za-kornem"
STRANGER_TITLE = "Чужая страница на другом порту"


def _head(title: str, extra: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="ru">\n<head>\n{meta}\n<title>{title} | {SITE_TITLE}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{extra}\n'
        '<link rel="stylesheet" href="/static/css/app.css?v=3f2a91">\n</head>\n<body class="page">\n'
        '<div class="gos-bar"><a href="https://mosreg.ru/">Правительство Московской области</a></div>\n'
        '<header class="header"><div class="header__date">Четверг, 3 декабря 2026</div>\n'
        f'<a class="header__logo" href="/">{SITE_TITLE}</a>\n<nav class="header__menu">'
        '<a class="header__menu-item" href="/o-ministerstve">О министерстве</a> '
        f'<a class="header__menu-item" href="{LISTING_PATH}">Новости</a></nav></header>\n'
    )


FOOT = (
    '<footer class="footer"><div class="footer__contacts">143407, Московская область, г. Красногорск, '
    'бульвар Строителей, д. 1</div><div class="footer__copy">© 2026 Министерство</div></footer>\n'
    "</body>\n</html>\n"
)


def article_html(page: Page, *, head: str = "", charset: str | None = "utf-8", extra: str = "") -> str:
    """The article page of `page`: headline, date, lead (its `text`) and two paragraphs of its own."""
    year, month, day = (int(part) for part in page.date.split("-"))
    seed = sum(map(ord, page.slug))
    main = (
        '<main class="page__content">\n<nav class="breadcrumbs"><a href="/">Главная</a> / '
        f'<a href="{LISTING_PATH}">Новости министерства</a></nav>\n'
        f'<div class="page__header"><h1>{page.title}</h1></div>\n<div class="article">\n'
        f'<div class="article__pubdate"><span class="article__pubdate-day">{day} {MONTHS[month - 1]}</span> '
        f'<span class="article__pubdate-year">{year}</span></div>\n'
        f'<div class="article__inner"><p class="article__lead">{page.text}.</p>\n'
        f"<p>Об этом сообщили в министерстве: «{page.title}» — один из {seed % 40 + 5} проектов "
        f"этого года, на него направят {seed % 900 + 100} млн рублей.</p>\n"
        f"<p>Работы по проекту номер {seed} завершатся в {2027 + seed % 3} году, создадут "
        f"{seed % 300 + 20} рабочих мест.</p>\n{extra}</div>\n</div>\n</main>\n"
    )
    return _head(page.title, head, charset) + main + FOOT


def listing_html(number: int, big_listing: int, port: int) -> str:
    """Page `number` of the news listing (1, 2; and 3 with `big_listing` links)."""
    items: list[tuple[str, str, str]] = []  # (href, title, date)
    if number == 3:
        items = [
            (f"{GONE_PREFIX}{n}", f"Новость архива номер {n}", "1 января 2020 г., 10:00")
            for n in range(big_listing)
        ]
    else:
        for page in PAGES:
            if page.listing == number:
                href = page.path if page.host == "127.0.0.1" else f"http://{page.host}:{port}{page.path}"
                href = BEYOND_ROOT if page.slug == "za-kornem" else unquote(href)
                items.append((href, page.title or f"Новость «{page.slug[:40]}»", page.shown_date))
        first = PAGES[0]
        # the first article once more on both pages as an absolute URL, and on page 1 a third time
        items.append((f"http://127.0.0.1:{port}{first.path}", first.title, first.shown_date))
        if number == 1:
            items.append((first.path, first.title, first.shown_date))
            items += [(href, "Подписаться на новости", "30 ноября 2026 г., 09:00") for href in JUNK_LINKS]
    body = "".join(
        f'<div class="news-list-page__item"><div class="event__content">'
        f'<div class="event__title"><a href="{href}">{title}</a></div>'
        f'<div class="event__pub-date">{date}</div></div></div>\n'
        for href, title, date in items
    )
    pages = 3 if big_listing else 2
    pager = "".join(f'<a class="pagination__item" href="?page={n}">{n}</a> ' for n in range(1, pages + 1))
    if number < pages:
        pager += f'<a class="pagination__next" rel="next" href="?page={number + 1}">Следующая</a>'
    main = (
        '<main class="page__content">\n<div class="page__header"><h1>Новости министерства</h1></div>\n'
        f'<div class="news-list-page__list">\n{body}</div>\n<div class="pagination">{pager}</div>\n</main>\n'
    )
    return _head("Новости министерства") + main + FOOT


@cache
def gzip_bomb() -> bytes:
    """A gzip stream of <html> and BOMB_BYTES of spaces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: with a gzip header
    chunk = b" " * (1024 * 1024)
    parts = [packer.compress(b"<html><body>")]
    parts += [packer.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))]
    return b"".join([*parts, packer.flush()])


@cache
def huge_article() -> bytes:
    """The 30 MB article: a real start, then the rows of a register until HUGE_BYTES (UTF-8)."""
    rows: list[str] = []
    size = 0
    while size < HUGE_BYTES:
        n = len(rows)
        rows.append(f"<p>Мера поддержки № {n}: субсидия {n % 97 + 3} млн рублей для отрасли {n % 13}.</p>\n")
        size += len(rows[-1].encode())
    return article_html(BY_PATH[SECTION + "ogromnaya-statya"], extra="".join(rows)).encode()


def _nested(page: Page) -> str:
    html = article_html(page)
    start, end = html.index('<main class="page__content">'), html.index(FOOT)
    return html[:start] + "<div>" * NESTED_DEPTH + html[start:end] + "</div>" * NESTED_DEPTH + FOOT


def _bad_byte(page: Page) -> bytes:
    body = article_html(page).encode()
    at = body.index("Победителями конкурса ".encode()) + len("Победителями конкурса ".encode())
    return body[:at] + b"\xff" + body[at:]


def _nul_title(page: Page) -> str:
    html = article_html(page)
    return html.replace("<title>Губернатор вручил", "<title>Губернатор\x00 вручил\x00").replace(
        "<h1>Губернатор вручил", "<h1>\x00Губернатор вручил\x00"
    )


def _gone(text: str) -> str:
    return _head(text) + f'<main class="page__content"><h1>{text}</h1></main>' + FOOT


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.hits[self.path] += 1
            self.seen = self.server.hits[self.path]
        with suppress(BrokenPipeError, ConnectionResetError):  # the crawler gave up (a timeout, a cap)
            self.server.answer(self)

    def send(
        self,
        status: int,
        body: str | bytes,
        content_type: str | None = "text/html; charset=utf-8",
        **headers: str,
    ) -> None:
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, answer: Callable[[_Handler], None]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = answer
        self.hits: Counter[str] = Counter()  # request paths as sent, robots.txt included
        self.lock = threading.Lock()


class HostileSite:
    """The running site (see the module docstring)."""

    def __init__(self, big_listing: int = 0) -> None:
        self.big_listing = big_listing
        self.stopping = threading.Event()
        self.server = _Server(self.answer)
        self.stranger = _Server(self.answer_as_stranger)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def stranger_port(self) -> int:
        return self.stranger.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def hits(self) -> Counter[str]:
        """Requests by path as sent (robots.txt included)."""
        return self.server.hits

    @property
    def stranger_hits(self) -> Counter[str]:
        return self.stranger.hits

    def start(self) -> None:
        gzip_bomb(), huge_article()  # made before the crawl asks, not while it waits
        for server in (self.server, self.stranger):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        for server in (self.server, self.stranger):
            server.shutdown()
            server.server_close()

    def answer(self, handler: _Handler) -> None:
        parts = urlsplit(handler.path)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/robots.txt":
            return handler.send(200, ROBOTS, "text/plain")
        if path == LISTING_PATH:
            number = int((query.get("page") or ["1"])[0])
            if number in (1, 2) or (number == 3 and self.big_listing):
                return handler.send(200, listing_html(number, self.big_listing, self.port))
        if path.startswith(GONE_PREFIX):
            return handler.send(404, _gone("Новость перенесена в архив"))
        if path == HOPS[0]:
            return handler.send(200, article_html(BY_PATH[SECTION + "pereezd"]))
        if path == HOPS[1]:
            return handler.send(302, "", Location=SECTION + "tuda-i-obratno")
        page = BY_PATH.get(quote(unquote(path)))
        if page is None:
            return handler.send(404, _gone("Страница не найдена"))
        return self._article(handler, page, query)

    def _article(self, handler: _Handler, page: Page, query: dict[str, list[str]]) -> None:
        slug = page.slug
        if slug == "krugovaya-ssylka":
            n = int((query.get("n") or ["0"])[0])
            return handler.send(302, "", Location=f"{page.path}?n={n + 1}")
        if slug == "tuda-i-obratno":
            return handler.send(302, "", Location=page.path + "-2")
        if slug == "na-drugoy-port":
            return handler.send(302, "", Location=f"http://127.0.0.1:{self.stranger_port}{page.path}")
        if slug == "obnovlenie-stranitsy":
            refresh = f'<meta http-equiv="refresh" content="0; url=http://127.0.0.1:{self.stranger_port}/">'
            return handler.send(200, article_html(page, head=refresh))
        if slug == "obnovlenie-szhatoe":
            refresh = f'<meta http-equiv="refresh" content="0; url=http://127.0.0.1:{self.stranger_port}/">'
            packer = zlib.compressobj(6, zlib.DEFLATED, 31)
            packed = packer.compress(article_html(page, head=refresh).encode()) + packer.flush()
            return handler.send(200, packed, Content_Encoding="gzip")
        if slug == "sama-na-sebya":
            refresh = f'<meta http-equiv="refresh" content="0; url={page.path}">'
            return handler.send(200, _gone("Обновление страницы").replace("</head>", refresh + "</head>"))
        if slug == "slishkom-chasto":
            return handler.send(429, _gone("Слишком много запросов"), Retry_After="86400")
        if slug == "peregruzka":
            if handler.seen == 1:
                return handler.send(503, _gone("Сервис временно недоступен"), Retry_After="1")
            return handler.send(200, article_html(page))
        if slug == "oshibka-servera":
            return handler.send(500, _gone("Внутренняя ошибка сервера"))
        if slug == "gzip-bomba":
            return handler.send(200, gzip_bomb(), Content_Encoding="gzip")
        if slug == "bityy-bayt":
            return handler.send(200, _bad_byte(page))
        if slug == "windows-1251":
            return handler.send(200, article_html(page, charset=None).encode("cp1251"), "text/html")
        if slug == "bez-tipa":
            return handler.send(200, article_html(page), None)
        if slug == "ogromnaya-statya":
            return handler.send(200, huge_article())
        if slug == "obryv":
            return self._truncated(handler, article_html(page).encode())
        if slug == "po-kaple":
            return self._trickle(handler)
        if slug == "pustaya":
            return handler.send(200, b"")
        if slug == "musor":
            return handler.send(200, random.Random(13).randbytes(60_000))
        if slug == "dokument.pdf":
            return handler.send(200, b"%PDF-1.4\n" + random.Random(5).randbytes(20_000), "application/pdf")
        if slug == "matryoshka":
            return handler.send(200, _nested(page))
        if slug == "nulevoy-bayt":
            return handler.send(200, _nul_title(page))
        if slug == "udalena":
            return handler.send(404, _gone("Страница не найдена"))
        if slug == "snyata":
            return handler.send(410, _gone("Материал снят с публикации"))
        if slug == "pereezd":
            return handler.send(301, "", Location=page.stored_path)
        if slug == "vkhod":
            form = "<form method='post'><input name='login'><input name='password' type='password'></form>"
            return handler.send(200, _head("Вход в личный кабинет") + f"<main>{form}</main>" + FOOT)
        return handler.send(200, article_html(page))

    @staticmethod
    def _truncated(handler: _Handler, body: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body) * 10))
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    def _trickle(self, handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        started = time.monotonic()
        while not self.stopping.is_set() and time.monotonic() - started < TRICKLE_SECONDS:
            handler.wfile.write(b"<p>")
            time.sleep(0.25)

    def answer_as_stranger(self, handler: _Handler) -> None:
        """Another server of the same host: every path is a page that is not the source's."""
        page = Page("chuzhaya", "", "", STRANGER_TITLE, "Эта страница не принадлежит министерству")
        handler.send(200, article_html(page))


def site_path(path: str) -> bool:
    """Whether a request path (as sent) is one of the site's own: robots.txt, the listing pages, the
    articles and their hops, the big listing's links."""
    parts = urlsplit(path)
    if parts.path in ("/robots.txt", LISTING_PATH, *HOPS) or parts.path.startswith(GONE_PREFIX):
        return True
    return quote(unquote(parts.path)) in BY_PATH


@contextmanager
def hostile_site(big_listing: int = 0) -> Iterator[HostileSite]:
    """The hostile site, running for the block."""
    site = HostileSite(big_listing)
    site.start()
    try:
        yield site
    finally:
        site.stop()


def write_registry(site: HostileSite, path: Path, name: str = "hostile_mii") -> Path:
    """A registry of the one source: the hostile site's listing, in the ministry layout."""
    path.write_text(
        f'[[source]]\nname = "{name}"\ntitle = "{SITE_TITLE} (враждебная копия)"\n'
        'region = "Московская область"\npublisher_kind = "ministry"\ntimezone = "Europe/Moscow"\n'
        f'platform = "mosreg_ministry"\nstart_urls = ["{site.url(LISTING_PATH)}"]\n'
        'allowed_domains = ["127.0.0.1", "localhost"]\n',
        encoding="utf-8",
    )
    return path
