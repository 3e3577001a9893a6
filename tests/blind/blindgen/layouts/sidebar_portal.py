"""Custom regional portal whose dated sidebar and calendar come BEFORE the main list in source order."""

from __future__ import annotations

import calendar
from datetime import datetime

from ..content import Release
from ..site import (
    MONTHS_N,
    WEEKDAYS,
    BodyStyle,
    Layout,
    Listing,
    body_html,
    css_block,
    d_dots,
    d_long,
    esc,
    hm,
    metrika,
)

SITE = "Министерство экономического развития и промышленности Ульяновской области"


class SidebarPortal(Layout):
    name = "sidebar_portal"
    family = "custom PHP portal (government portal engine)"
    description = (
        "Left column first in the source: a month calendar with /news/?date= links, «Популярное» and "
        "«Другие новости» with full dates DD.MM.YYYY HH:MM (older ids not in the corpus), then the main "
        "table list with td.dt «17/01» dates without a year that cross New Year; header shows today's "
        "weekday date; article pages repeat the dated sidebar before the article's own date line; "
        "«Источник: …» line after the text."
    )
    timezone = "Europe/Ulyanovsk"
    region_key = "ulyanovsk"
    host = "https://mineconom.ulregion.ru"
    newest = datetime(2024, 1, 12, 14, 50)
    per_page = (6, 6, 6)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["id"] = 20931 - rel.idx * 2

    def listing_url(self, n: int) -> str:
        return f"{self.host}/news/" + ("" if n == 1 else f"?p={n}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/news/view/{20931 - rel.idx * 2}"

    def old_items(self, k: int, seed: int) -> list[tuple[str, str, datetime]]:
        """Sidebar entries: older news (ids outside the corpus) with their own dates."""
        out = []
        from ..content import Writer

        w = Writer(self.rng, self.region)
        for j in range(k):
            dt = self.releases[-1].dt.replace(hour=9 + j, minute=(seed * 7 + j * 13) % 60)
            dt = dt.replace(day=max(1, dt.day - j - 1))
            out.append((f"/news/view/{18000 + seed * 10 + j}", w.title(), dt))
        return out

    def left(self, month_of: datetime, seed: int) -> tuple[str, list[str]]:
        y, m = month_of.year, month_of.month
        days = {r.dt.day for r in self.releases if (r.dt.year, r.dt.month) == (y, m)}
        urls, rows = [], []
        for week in calendar.Calendar().monthdayscalendar(y, m):
            tds = []
            for d in week:
                if d in days:
                    u = f"/news/?date={y}-{m:02d}-{d:02d}"
                    urls.append(self.host + u)
                    tds.append(f'<td class="day active"><a href="{u}">{d}</a></td>')
                else:
                    tds.append(f'<td class="day">{d or "&nbsp;"}</td>')
            rows.append("<tr>" + "".join(tds) + "</tr>")
        pop = self.old_items(4, seed)
        other = self.old_items(3, seed + 50)
        urls += [self.host + u for u, _, _ in pop + other]

        def li(items: list[tuple[str, str, datetime]]) -> str:
            return "".join(
                f'<li><span class="date">{d_dots(dt)} {hm(dt)}</span><a href="{u}">{esc(t)}</a></li>'
                for u, t, dt in items
            )

        html = f"""<div id="left">
<div class="block calendar"><div class="block-title">Календарь новостей</div>
<div class="cal-month">{MONTHS_N[m - 1]} {y}</div>
<table class="cal"><tr><th>пн</th><th>вт</th><th>ср</th><th>чт</th><th>пт</th><th>сб</th><th>вс</th></tr>{"".join(rows)}</table></div>
<div class="block popular"><div class="block-title">Популярное</div><ul>{li(pop)}</ul></div>
<div class="block other"><div class="block-title">Другие новости</div><ul>{li(other)}</ul></div>
</div>
"""
        return html, urls

    def head(self, title: str) -> str:
        now = self.newest
        return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/static/css/portal.css?v=2023-11">
<script src="/static/js/jquery-3.6.0.min.js"></script>
<script src="/static/js/portal.js?v=2023-11"></script>
{css_block("ul", self.rng, 40)}
</head>
<body>
<div id="top"><div class="wrap">
<div class="today">{WEEKDAYS[now.weekday()].capitalize()}, {d_long(now)}</div>
<div class="hotline">Телефон доверия: 8-800-200-73-73</div>
<div class="top-links"><a href="/eng/">English</a> | <a href="/special/">Для слабовидящих</a></div>
</div></div>
<div id="header"><div class="wrap"><a href="/" id="logo"><img src="/static/img/gerb73.png" alt=""></a>
<div class="sitename"><a href="/">{SITE}</a></div>
<form action="/search/" id="search"><input type="text" name="q" placeholder="Поиск"><input type="submit" value="&raquo;"></form></div></div>
<div id="menu"><div class="wrap"><a href="/about/">О министерстве</a><a href="/news/" class="current">Новости</a><a href="/invest/">Инвестиции</a><a href="/industry/">Промышленность</a><a href="/documents/">Документы</a><a href="/contacts/">Контакты</a></div></div>
<div id="main"><div class="wrap">
"""

    def foot(self) -> str:
        return f"""</div></div>
<div id="footer"><div class="wrap"><p>{SITE}</p><p>432017, г. Ульяновск, ул. Спасская, д. 8. Тел.: (8422) 58-92-01</p>
<p>Сайт работает на платформе «Портал органов власти». &copy; 2011–2024</p>{metrika(22318771)}</div></div>
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rels = self.pages[n - 1]
        left, urls = self.left(rels[0].dt, n)
        trs = "".join(
            f"""
<tr><td class="dt"><div>{r.dt:%d/%m}</div></td>
<td><h2><a href="/news/view/{r.extra["id"]}">{esc(r.title)}</a></h2><p class="anons">{esc(r.teaser)}</p></td></tr>
<tr><td colspan="2" class="sep"><div></div></td></tr>"""
            for r in rels
        )
        total = len(self.pages)
        pag = " ".join(
            f"<span>{k}</span>" if k == n else f'<a href="{self.rel_path(self.listing_url(k))}">{k}</a>'
            for k in range(1, total + 1)
        )
        if n < total:
            pag += f' <a href="{self.rel_path(self.listing_url(n + 1))}" class="next">Следующая &rarr;</a>'
        html = (
            self.head(f"Новости / {SITE}")
            + left
            + '<div id="content"><div class="path"><a href="/">Главная</a> &raquo; Новости</div><h1>Новости</h1>'
            + f'<div class="events"><table><colgroup><col width="8%"><col width="*"></colgroup>{trs}</table></div>'
            + f'<div class="pages">Страницы: {pag}</div></div>'
            + self.foot()
        )
        return Listing(html, urls)

    def render_article(self, rel: Release) -> str:
        left, _ = self.left(rel.dt, 100 + rel.idx)
        body = body_html(rel.blocks, BodyStyle(h="<h3>{}</h3>", quote='<p class="quote">{}</p>'))
        files = ""
        if rel.attachments:
            files = (
                '<div class="files"><b>Прикреплённые файлы:</b><br>'
                + "<br>".join(
                    f'<a href="/upload/files/{rel.extra["id"]}_{k}.pdf">{esc(lbl)}</a> ({sz})'
                    for k, (lbl, sz) in enumerate(rel.attachments)
                )
                + "</div>"
            )
        content = f"""<div id="content"><div class="path"><a href="/">Главная</a> &raquo; <a href="/news/">Новости</a> &raquo; {esc(rel.title)}</div>
<div class="news-view">
<div class="news-date">{d_dots(rel.dt)} {hm(rel.dt)}</div>
<h1>{esc(rel.title)}</h1>
<div class="news-photo"><img src="/upload/news/{rel.extra["id"]}.jpg" alt=""><div class="photo-author">{esc(rel.photo_credit)}</div></div>
<div class="news-text">
{body}
</div>
<div class="source">Источник: пресс-служба {esc(self.region.body_gen)}</div>
{files}
<div class="views">Просмотров: {rel.views}</div>
<div class="share">Поделиться: <a href="https://vk.com/share.php?url={rel.url}">VK</a> <a href="https://connect.ok.ru/offer?url={rel.url}">OK</a> <a href="https://t.me/share/url?url={rel.url}">Telegram</a></div>
<div class="back"><a href="/news/">&laquo; Все новости</a> | <a href="/news/print/{rel.extra["id"]}" target="_blank">Версия для печати</a></div>
</div></div>
"""
        return self.head(f"{rel.title} / {SITE}") + left + content + self.foot()


LAYOUT = SidebarPortal()
