"""The Layout base class and HTML helpers shared by the layout modules."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import datetime

from .content import Block, Release, make_releases
from .regions import REGIONS

MONTHS_G = (
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
)
MONTHS_N = (
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)
MONTHS_ABBR = ("янв.", "фев.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сен.", "окт.", "ноя.", "дек.")
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


def esc(text: str) -> str:
    """Escape text content (quotes stay literal, as most CMSs print them)."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def d_long(dt: datetime) -> str:
    """17 марта 2025"""
    return f"{dt.day} {MONTHS_G[dt.month - 1]} {dt.year}"


def d_dots(dt: datetime) -> str:
    return f"{dt:%d.%m.%Y}"


def hm(dt: datetime) -> str:
    return f"{dt:%H:%M}"


def nbspify(text: str) -> str:
    """What a typograph plugin does: NBSP after short words and before dashes."""
    words = esc(text).split(" ")
    out = []
    for i, w in enumerate(words):
        out.append(w)
        if i < len(words) - 1:
            nxt = words[i + 1]
            glue = len(w) <= 2 or nxt in ("–", "—") or nxt.startswith("млн") or nxt.startswith("млрд")
            out.append("&nbsp;" if glue else " ")
    return "".join(out)


@dataclass
class BodyStyle:
    p: str = "<p>{}</p>"
    h: str = "<h3>{}</h3>"
    quote: str = "<blockquote><p>{}</p></blockquote>"
    ul: tuple[str, str] = ("<ul>", "</ul>")
    li: str = "<li>{}</li>"
    lead: str | None = None
    nbsp: bool = False
    sep: str = "\n"


def body_html(blocks: list[Block], style: BodyStyle, inserts: dict[int, str] | None = None) -> str:
    inserts = inserts or {}
    out: list[str] = []
    in_list = False
    for i, b in enumerate(blocks):
        text = nbspify(b.text) if style.nbsp else esc(b.text)
        if in_list and b.kind != "li":
            out.append(style.ul[1])
            in_list = False
        if i in inserts:
            out.append(inserts[i])
        if b.kind == "li":
            if not in_list:
                out.append(style.ul[0])
                in_list = True
            out.append(style.li.format(text))
        elif i == 0 and style.lead:
            out.append(style.lead.format(text))
        else:
            out.append({"p": style.p, "h": style.h, "quote": style.quote}[b.kind].format(text))
    if in_list:
        out.append(style.ul[1])
    if len(blocks) in inserts:
        out.append(inserts[len(blocks)])
    return style.sep.join(out)


def br_body(blocks: list[Block], nbsp: bool = False) -> str:
    """Visual-editor text without <p>: paragraphs separated by blank lines of <br />, lists as '— ' lines."""
    parts = []
    for b in blocks:
        text = nbspify(b.text) if nbsp else esc(b.text)
        if b.kind == "h":
            parts.append(f"<b>{text}</b>")
        elif b.kind == "quote":
            parts.append(f"<i>{text}</i>")
        else:
            parts.append(text)
    return "<br />\n<br />\n".join(parts)


def metrika(counter: int) -> str:
    return (
        '<!-- Yandex.Metrika counter -->\n<script type="text/javascript" >\n'
        "   (function(m,e,t,r,i,k,a){m[i]=m[i]||function(){"
        "(m[i].a=m[i].a||[]).push(arguments)};\n"
        "   m[i].l=1*new Date();\n"
        "   for (var j = 0; j < document.scripts.length; j++) "
        "{if (document.scripts[j].src === r) { return; }}\n"
        "   k=e.createElement(t),a=e.getElementsByTagName(t)[0],"
        "k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})\n"
        '   (window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");\n\n'
        f'   ym({counter}, "init", {{\n        clickmap:true,\n        trackLinks:true,\n'
        "        accurateTrackBounce:true,\n        webvisor:true\n   });\n</script>\n"
        f'<noscript><div><img src="https://mc.yandex.ru/watch/{counter}" '
        'style="position:absolute; left:-9999px;" '
        'alt="" /></div></noscript>\n<!-- /Yandex.Metrika counter -->'
    )


def css_block(prefix: str, rng: random.Random, rules: int = 60) -> str:
    """A plausible inline stylesheet so pages have realistic weight."""
    props = (
        "margin:0 0 {a}px",
        "padding:{a}px {b}px",
        "font-size:{c}px",
        "line-height:1.{d}",
        "color:#{e}",
        "background:#{e}",
        "border-bottom:1px solid #{e}",
        "display:flex",
        "justify-content:space-between",
        "text-decoration:none",
        "font-weight:{w}",
        "width:{p}%",
    )
    parts = ["a{color:#1a5fb4}", "img{max-width:100%;height:auto}"]
    names = (
        "header",
        "menu",
        "nav",
        "logo",
        "search",
        "footer",
        "content",
        "sidebar",
        "item",
        "title",
        "date",
        "btn",
        "banner",
        "social",
        "phone",
        "crumbs",
        "pager",
        "card",
        "col",
        "row",
        "wrap",
        "text",
    )
    for i in range(rules):
        sel = f".{prefix}-{rng.choice(names)}{'__' + rng.choice(names) if rng.random() < 0.5 else ''}"
        body = ";".join(
            rng.choice(props).format(
                a=rng.randint(0, 40),
                b=rng.randint(0, 30),
                c=rng.randint(11, 28),
                d=rng.randint(2, 6),
                e=f"{rng.randint(0, 0xFFFFFF):06x}",
                w=rng.choice((400, 500, 700)),
                p=rng.randint(10, 100),
            )
            for _ in range(rng.randint(2, 5))
        )
        parts.append(f"{sel}{{{body}}}")
        if i % 17 == 16:
            parts.append(
                "@media (max-width: 768px){" + f".{prefix}-{rng.choice(names)}{{display:none}}" + "}"
            )
    return "<style>\n" + "\n".join(parts) + "\n</style>"


@dataclass
class Listing:
    html: str
    not_release: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # only where the anchor differs from the headline


class Layout:
    """A site family. Subclasses set the class attributes and the URL and render methods."""

    name = ""
    family = ""
    description = ""
    timezone = "Europe/Moscow"
    charset = "utf-8"
    region_key = ""
    host = ""
    listing_path = "/"
    newest = datetime(2025, 3, 14, 18, 0)
    per_page: tuple[int, ...] = (8, 8)
    early_share = 0.12

    def __init__(self) -> None:
        self.rng = random.Random(f"blind-2025:{self.name}")
        self.region = REGIONS[self.region_key]
        self.releases: list[Release] = []
        self.pages: list[list[Release]] = []

    # --- set-up -------------------------------------------------------------------------------
    def build_content(self) -> None:
        count = sum(self.per_page)
        self.releases = make_releases(self.rng, self.region, self.newest, count, self.early_share)
        seen: set[str] = set()
        for rel in self.releases:
            while rel.slug in seen:
                rel.slug = rel.slug[:-2] + f"-{self.rng.randint(2, 9)}"
            seen.add(rel.slug)
        for rel in self.releases:
            rel.url = self.article_url(rel)
        start = 0
        for n in self.per_page:
            self.pages.append(self.releases[start : start + n])
            start += n
        self.prepare()

    def prepare(self) -> None:
        """Hook: per-release decorations (ids, styles)."""

    # --- URLs ---------------------------------------------------------------------------------
    def listing_url(self, n: int) -> str:
        raise NotImplementedError

    def article_url(self, rel: Release) -> str:
        raise NotImplementedError

    def rel_path(self, url: str) -> str:
        """The URL as an href on the site's own pages (path + query)."""
        return url[len(self.host) :] if url.startswith(self.host) else url

    # --- HTTP ---------------------------------------------------------------------------------
    def content_type(self, kind: str) -> str:
        return f"text/html; charset={self.charset}"

    def encode(self, text: str) -> bytes:
        return text.encode(self.charset)

    # --- rendering ----------------------------------------------------------------------------
    def render_listing(self, n: int) -> Listing:
        raise NotImplementedError

    def render_article(self, rel: Release) -> str:
        raise NotImplementedError

    def published_time(self, rel: Release) -> str | None:
        """The time the article page shows; None when it shows a date only."""
        return hm(rel.dt)

    def shown_title(self, rel: Release) -> str:
        return rel.title

    def others(self, rel: Release, k: int) -> list[Release]:
        """Neighbouring releases for «Читайте также» blocks (deterministic)."""
        pool = [r for r in self.releases if r is not rel]
        return random.Random(f"{self.name}:{rel.idx}").sample(pool, k)
