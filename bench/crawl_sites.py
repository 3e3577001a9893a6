"""Two generated press sites for the crawl benchmark, served from loopback in their own process.

    python bench/crawl_sites.py --pages 100 --per-page 20 --ports-file /tmp/ports.json

- `bitrix`: the stock 1C-Bitrix news.list / news.detail markup (`.news-list .news-item`,
  `.news-date-time`, `.news-detail`, `?PAGEN_1=N` with `.modern-page-next`), as the configured
  `bitrix` platform expects it.
- `generic`: a layout no adapter knows (its own class names, `<time>`, a `rel=next` pager), read by
  the generic path and the site profile learned from its first pages.

Each site has `pages` listing pages of `per_page` releases (2,000 + 100 = 2,100 pages by default).
Pages weigh about what regional pages weigh (33 KB articles, 45 KB listings: a two-level menu with
icons, a sidebar, a footer, inline counters) and the
text is the demo's Russian prose. Both sites count the requests they answer: GET /__count.
The server runs in its own process so its CPU is not the crawler's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import signal
import sys
import threading
import tomllib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "demo" / "content"
MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MENU = (
    "О министерстве",
    "Структура",
    "Руководство",
    "Деятельность",
    "Документы",
    "Госуслуги",
    "Обращения граждан",
    "Противодействие коррупции",
    "Государственная служба",
    "Контакты",
    "Инвестиции",
    "Промышленность",
    "Наука",
    "Экспорт",
    "Малый бизнес",
    "Индустриальные парки",
    "Особые экономические зоны",
    "Технопарки",
    "Кадры",
    "Открытые данные",
)


def paragraphs() -> list[str]:
    """The demo's release paragraphs (real-sounding Russian prose, several hundred of them)."""
    out: list[str] = []
    for path in sorted(CONTENT.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for release in data.get("release", []):
            out += [p.strip() for p in release["body"].split("\n\n") if p.strip()]
    return out


class Corpus:
    """Deterministic releases: release n of a site always has the same title, date and body."""

    def __init__(self, pages: int, per_page: int) -> None:
        self.pages = pages
        self.per_page = per_page
        self.paragraphs = paragraphs()
        self.titles = [p.split(".")[0][:110] for p in self.paragraphs]

    @property
    def total(self) -> int:
        return self.pages * self.per_page

    def release(self, n: int) -> tuple[str, dt.datetime, list[str]]:
        rng = random.Random(n)
        title = f"{rng.choice(self.titles)} ({n})"
        moment = dt.datetime(2026, 11, 30, 18, 0) - dt.timedelta(hours=5 * n + rng.randrange(4))
        body = rng.sample(self.paragraphs, k=rng.randint(4, 8))
        return title, moment, body

    def ru_date(self, moment: dt.datetime) -> str:
        return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def menu(prefix: str) -> str:
    """A two-level menu of 20 sections x 6 items, each with an inline SVG icon, as on regional portals."""
    sections = []
    for i, label in enumerate(MENU):
        items = "".join(
            f'<li class="menu__sub-item"><a class="menu__sub-link" href="/{prefix}/razdel-{i}/{k}/">'
            f"{html.escape(MENU[(i + k + 1) % len(MENU)])}</a></li>"
            for k in range(6)
        )
        sections.append(
            f'<li class="menu__item"><a class="menu__link" href="/{prefix}/razdel-{i}/">{ICON}'
            f'<span>{html.escape(label)}</span></a><ul class="menu__sub">{items}</ul></li>'
        )
    return "<nav class='menu'><ul class='menu__list'>" + "".join(sections) + "</ul></nav>"


ICON = (
    '<svg class="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
    '<path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0zm0 14.5A6.5 6.5 0 1 1 8 1.5a6.5 6.5 0 0 1 0 13z'
    'M7.25 4h1.5v5h-1.5zm0 6.5h1.5V12h-1.5z"/></svg>'
)
# The web counters and widget set-up every regional page carries inline (about 4 KB).
COUNTERS = (
    "<script>(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};"
    "m[i].l=1*new Date();k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,"
    "a.parentNode.insertBefore(k,a)})(window,document,'script','/metrika/tag.js','ym');"
    "ym(12345678,'init',{clickmap:true,trackLinks:true,accurateTrackBounce:true,webvisor:true});</script>"
    + "<script>window.__CONFIG__ = "
    + "{"
    + ",".join(
        f'"widget_{i}": {{"enabled": true, "position": {i}, "title": "Виджет {i}"}}' for i in range(40)
    )
    + "};</script>"
)


def footer() -> str:
    links = "".join(f'<a href="/info/{i}/">{MENU[i % len(MENU)]}</a> ' for i in range(30))
    return (
        f"<footer><nav>{links}</nav><p>© 2026 Министерство инвестиций, промышленности и науки. "
        "Все права защищены. При использовании материалов ссылка на сайт обязательна.</p>"
        f"<div class='social'>{ICON * 8}</div></footer>{COUNTERS}"
    )


class Bitrix:
    """Stock 1C-Bitrix templates."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def article_url(self, n: int) -> str:
        return f"/press/news/detail.php?ELEMENT_ID={100000 + n}"

    def page(self, title: str, main: str) -> str:
        popular = "".join(
            f'<li><a href="{self.article_url(n)}">{html.escape(self.corpus.release(n)[0])}</a></li>'
            for n in range(5)
        )
        return (
            "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)} | Министерство инвестиций</title>"
            "<link rel='stylesheet' href='/bitrix/templates/main/styles.css'>"
            "<script src='/bitrix/js/main/core/core.js'></script></head><body>"
            f"<div id='header'><a href='/' class='logo'>Министерство</a>{menu('about')}</div>"
            f"<div class='workarea'>{main}</div>"
            f"<div class='sidebar'><h3>Популярное</h3><ul>{popular}</ul></div>{footer()}</body></html>"
        )

    def listing(self, page: int) -> str | None:
        if not 1 <= page <= self.corpus.pages:
            return None
        items = []
        for k in range(self.corpus.per_page):
            n = (page - 1) * self.corpus.per_page + k
            title, moment, body = self.corpus.release(n)
            items.append(
                f"<div class='news-item' id='bx_{n}'>"
                f"<span class='news-date-time'>{moment:%d.%m.%Y}</span>"
                f"<a href='{self.article_url(n)}'><b>{html.escape(title)}</b></a><br>"
                f"<div class='news-preview'>{html.escape(body[0][:200])}</div></div>"
            )
        pager = f"<font class='text'>Новости {page}</font>"
        if page < self.corpus.pages:
            pager += f" <a class='modern-page-next' href='/press/news/?PAGEN_1={page + 1}'>След.</a>"
        return self.page(
            "Новости",
            f"<div class='news-list'>{''.join(items)}</div><div class='modern-page-navigation'>{pager}</div>",
        )

    def article(self, n: int) -> str | None:
        if not 0 <= n < self.corpus.total:
            return None
        title, moment, body = self.corpus.release(n)
        text = "".join(f"<p>{html.escape(p)}</p>" for p in body)
        main = (
            f"<div class='news-detail'><h1>{html.escape(title)}</h1>"
            f"<span class='news-date-time'>{moment:%d.%m.%Y %H:%M}</span>"
            f"<div class='news-detail-text'>{text}</div>"
            "<div class='share'><a href='https://vk.com/share.php'>ВКонтакте</a></div></div>"
            "<a href='/press/news/'>Возврат к списку</a>"
        )
        return self.page(title, main)

    def route(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path == "/press/news/":
            return self.listing(int(query.get("PAGEN_1", ["1"])[0]))
        if path == "/press/news/detail.php":
            return self.article(int(query.get("ELEMENT_ID", ["0"])[0]) - 100000)
        return None


class Generic:
    """A layout of its own: no adapter knows these class names."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def article_url(self, n: int) -> str:
        _, moment, _ = self.corpus.release(n)
        return f"/pressa/{moment:%Y/%m/%d}/soobshchenie-{n}/"

    def page(self, title: str, main: str) -> str:
        related = "".join(
            f'<li class="aside-list__item"><a href="{self.article_url(n)}">'
            f"{html.escape(self.corpus.release(n)[0])}</a></li>"
            for n in range(5)
        )
        return (
            "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)} — Агентство развития</title>"
            "<meta name='viewport' content='width=device-width'><link rel='stylesheet' href='/s/app.css'>"
            "</head><body><div class='page'>"
            "<header class='top'><a class='top__logo' href='/'>Агентство развития</a>"
            f"{menu('agency')}</header>"
            f"<div class='page__body'><main class='page__main'>{main}</main>"
            f"<aside class='aside'><div class='aside-title'>Читайте также</div><ul>{related}</ul></aside>"
            f"</div>{footer()}</div><script src='/s/app.js'></script></body></html>"
        )

    def listing(self, page: int) -> str | None:
        if not 1 <= page <= self.corpus.pages:
            return None
        cards = []
        for k in range(self.corpus.per_page):
            n = (page - 1) * self.corpus.per_page + k
            title, moment, body = self.corpus.release(n)
            cards.append(
                f"<article class='feed-card'><div class='feed-card__when'>"
                f"<time datetime='{moment:%Y-%m-%d}'>{self.corpus.ru_date(moment)}</time></div>"
                f"<h3 class='feed-card__name'><a href='{self.article_url(n)}'>{html.escape(title)}</a></h3>"
                f"<p class='feed-card__lead'>{html.escape(body[0][:200])}</p></article>"
            )
        pager = "".join(
            f"<a class='paging__num' href='/pressa/?page={p}'>{p}</a>"
            for p in range(max(1, page - 3), min(self.corpus.pages, page + 3) + 1)
        )
        if page < self.corpus.pages:
            pager += f"<a class='paging__fwd' rel='next' href='/pressa/?page={page + 1}'>Вперёд</a>"
        return self.page(
            "Пресс-центр",
            f"<h1 class='page-title'>Пресс-центр</h1><section class='feed'>{''.join(cards)}</section>"
            f"<nav class='paging'>{pager}</nav>",
        )

    def article(self, n: int, path: str) -> str | None:
        if not 0 <= n < self.corpus.total or path != self.article_url(n):
            return None
        title, moment, body = self.corpus.release(n)
        text = "".join(f"<p>{html.escape(p)}</p>" for p in body)
        main = (
            "<div class='crumbs'><a href='/'>Главная</a> / <a href='/pressa/'>Пресс-центр</a></div>"
            f"<div class='pub'><h1 class='pub__name'>{html.escape(title)}</h1>"
            f"<div class='pub__when'>{self.corpus.ru_date(moment)}, {moment:%H:%M}</div>"
            f"<div class='pub__text'>{text}</div>"
            "<div class='pub__share'>Поделиться: <a href='https://vk.com/share.php'>ВК</a> "
            "<a href='https://t.me/share'>Телеграм</a></div></div>"
        )
        return self.page(title, main)

    def route(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path == "/pressa/":
            return self.listing(int(query.get("page", ["1"])[0]))
        if path.startswith("/pressa/") and "soobshchenie-" in path:
            number = path.rstrip("/").rsplit("-", 1)[-1]
            return self.article(int(number), path) if number.isdigit() else None
        return None


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, route: Callable[[str, dict[str, list[str]]], str | None]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.route = route
        self.count = 0
        self.lock = threading.Lock()
        self.cache: dict[str, bytes] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    # Each response goes out as two writes (headers, then the body); with Nagle's algorithm the body
    # waited for the client's delayed ACK of the headers, about 40 ms on Linux, and the bench
    # measured that wait (a bare spider at 270-400 pages/s, ruled by it) rather than crawlers.
    # Servers of real sites send with TCP_NODELAY (nginx's tcp_nodelay, on by default).
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        if self.path == "/__count":
            self._send(200, str(self.server.count).encode(), "text/plain")
            return
        with self.server.lock:
            self.server.count += 1
        body = self.server.cache.get(self.path)
        if body is None:
            parts = urlsplit(self.path)
            try:
                page = self.server.route(parts.path, parse_qs(parts.query))
            except ValueError:
                page = None
            if page is None:
                self._send(404, "Страница не найдена".encode(), "text/html; charset=utf-8")
                return
            body = page.encode("utf-8")
            self.server.cache[self.path] = body
        self._send(200, body, "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--ports-file", type=Path, required=True)
    args = parser.parse_args(argv)
    corpus = Corpus(args.pages, args.per_page)
    servers = {"bitrix": SiteServer(Bitrix(corpus).route), "generic": SiteServer(Generic(corpus).route)}
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    args.ports_file.write_text(json.dumps({name: s.base for name, s in servers.items()}))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
