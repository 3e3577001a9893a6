"""A Nuxt-rendered agency site whose <title> is the site name on every page (Yakutia investment agency)."""

from __future__ import annotations

import json
from datetime import datetime

from ..content import Release
from ..site import MONTHS_G, BodyStyle, Layout, Listing, body_html, css_block, d_long, esc, metrika

SITE = "АИР Якутии"
V = "data-v-4f2a1c3e"


class SitenameTitle(Layout):
    name = "sitename_title"
    family = "custom SPA with server-side rendering (Nuxt-like)"
    description = (
        "Every page has <title>АИР Якутии</title> and no og:title; listing cards are whole <a> "
        "blocks with div (not heading) titles and dates «5 марта» without a year for the current "
        "year but «28 декабря 2024» for older ones; ?page=N (1-based); detail h1, date line, "
        "«Другие новости» with dates; a window.__NUXT__ payload script repeats the data."
    )
    timezone = "Asia/Yakutsk"
    region_key = "yakutia"
    host = "https://invest-yakutia.ru"
    newest = datetime(2025, 3, 5, 17, 20)
    per_page = (8, 8, 4)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["id"] = 1536 - rel.idx

    def listing_url(self, n: int) -> str:
        return f"{self.host}/press-center/news" + ("" if n == 1 else f"?page={n}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/press-center/news/{1536 - rel.idx}"

    def published_time(self, rel: Release) -> str | None:
        return None

    def short_date(self, dt: datetime) -> str:
        return f"{dt.day} {MONTHS_G[dt.month - 1]}" if dt.year == self.newest.year else d_long(dt)

    def page(self, content: str, state: dict) -> str:
        return f"""<!doctype html>
<html data-n-head-ssr lang="ru" data-n-head="%7B%22lang%22:%7B%22ssr%22:%22ru%22%7D%7D">
<head>
<title>{SITE}</title><meta data-n-head="ssr" charset="utf-8"><meta data-n-head="ssr" name="viewport" content="width=device-width, initial-scale=1"><meta data-n-head="ssr" data-hid="description" name="description" content="Агентство инвестиционного развития Республики Саха (Якутия)"><link data-n-head="ssr" rel="icon" type="image/x-icon" href="/favicon.ico"><link rel="preload" href="/_nuxt/8c1f2e3.js" as="script"><link rel="preload" href="/_nuxt/3d9a7b1.js" as="script"><link rel="preload" href="/_nuxt/app.5e4d3c2.js" as="script">
{css_block("v", self.rng, 60)}
</head>
<body>
<div data-server-rendered="true" id="__nuxt"><div id="__layout"><div class="layout" {V}>
<header class="header" {V}><div class="container header__inner" {V}>
<a href="/" class="header__logo nuxt-link-active" {V}><img src="/img/logo-air.svg" alt="АИР" {V}></a>
<nav class="header__nav" {V}><a href="/about" class="header__link" {V}>Об агентстве</a><a href="/investors" class="header__link" {V}>Инвесторам</a><a href="/sites" class="header__link" {V}>Площадки</a><a href="/support" class="header__link" {V}>Меры поддержки</a><a href="/press-center/news" class="header__link nuxt-link-active" {V}>Пресс-центр</a><a href="/contacts" class="header__link" {V}>Контакты</a></nav>
<a href="tel:+74112508000" class="header__phone" {V}>+7 (4112) 50-80-00</a>
<button class="header__search" aria-label="Поиск" {V}></button>
</div></header>
<main class="main" {V}>
{content}
</main>
<footer class="footer" {V}><div class="container" {V}><div class="footer__about" {V}>Агентство инвестиционного развития Республики Саха (Якутия)<br {V}>677000, г. Якутск, ул. Аммосова, 8</div>
<div class="footer__copy" {V}>© 2025 {SITE}</div></div></footer>
<div class="cookie" {V}><p {V}>Сайт использует cookie</p><button {V}>Ок</button></div>
</div></div></div>
<script>window.__NUXT__={json.dumps(state, ensure_ascii=False)};</script><script src="/_nuxt/8c1f2e3.js" defer></script><script src="/_nuxt/3d9a7b1.js" defer></script><script src="/_nuxt/app.5e4d3c2.js" defer></script>
{metrika(89233017)}
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rels = self.pages[n - 1]
        cards = "".join(
            f"""<a href="/press-center/news/{r.extra["id"]}" class="news-card" {V}><div class="news-card__img" style="background-image:url(/storage/news/{r.extra["id"]}/preview.jpg)" {V}></div><div class="news-card__body" {V}><div class="news-card__date" {V}>{self.short_date(r.dt)}</div><div class="news-card__title" {V}>{esc(r.title)}</div><div class="news-card__text" {V}>{esc(r.teaser)}</div></div></a>"""
            for r in rels
        )
        total = len(self.pages)
        pag = "".join(
            f'<span class="pagination__item pagination__item--current" {V}>{k}</span>'
            if k == n
            else f'<a href="{self.rel_path(self.listing_url(k))}" class="pagination__item" {V}>{k}</a>'
            for k in range(1, total + 1)
        )
        if n < total:
            pag += (
                f'<a href="{self.rel_path(self.listing_url(n + 1))}" class="pagination__next" {V}>Далее</a>'
            )
        content = (
            f'<div class="container" {V}><div class="breadcrumbs" {V}><a href="/" {V}>Главная</a><span {V}>/</span>'
            f'<span {V}>Пресс-центр</span></div><h1 class="page-title" {V}>Новости</h1>'
            f'<div class="news-tabs" {V}><a href="/press-center/news" class="news-tabs__item news-tabs__item--active" {V}>Новости</a><a href="/press-center/smi" class="news-tabs__item" {V}>СМИ о нас</a><a href="/press-center/media" class="news-tabs__item" {V}>Медиа</a></div>'
            f'<div class="news-grid" {V}>{cards}</div><div class="pagination" {V}>{pag}</div></div>'
        )
        state = {
            "layout": "default",
            "data": [
                {
                    "news": [
                        {
                            "id": r.extra["id"],
                            "title": r.title,
                            "published_at": f"{r.dt:%Y-%m-%dT%H:%M:%S}+09:00",
                        }
                        for r in rels
                    ],
                    "meta": {"current_page": n, "last_page": total},
                }
            ],
            "serverRendered": True,
        }
        tabs = [f"{self.host}/press-center/smi", f"{self.host}/press-center/media"]
        return Listing(self.page(content, state), tabs)

    def render_article(self, rel: Release) -> str:
        others = self.others(rel, 3)
        cards = "".join(
            f'<a href="/press-center/news/{o.extra["id"]}" class="news-card news-card--small" {V}><div class="news-card__date" {V}>{self.short_date(o.dt)}</div><div class="news-card__title" {V}>{esc(o.title)}</div></a>'
            for o in others
        )
        body = body_html(
            rel.blocks,
            BodyStyle(
                p=f"<p {V}>{{}}</p>",
                h=f"<h2 {V}>{{}}</h2>",
                quote=f"<blockquote {V}><p {V}>{{}}</p></blockquote>",
                ul=(f"<ul {V}>", "</ul>"),
                li=f"<li {V}>{{}}</li>",
            ),
        )
        content = f"""<div class="container" {V}><div class="breadcrumbs" {V}><a href="/" {V}>Главная</a><span {V}>/</span><a href="/press-center/news" {V}>Новости</a><span {V}>/</span><span {V}>{esc(rel.title)}</span></div>
<article class="news-detail" {V}>
<div class="news-detail__date" {V}>{d_long(rel.dt)}</div>
<h1 class="news-detail__title" {V}>{esc(rel.title)}</h1>
<div class="news-detail__cover" {V}><img src="/storage/news/{rel.extra["id"]}/cover.jpg" alt="" {V}><span class="news-detail__credit" {V}>{esc(rel.photo_credit)}</span></div>
<div class="news-detail__content" {V}>{body}</div>
<div class="news-detail__share" {V}><span {V}>Поделиться</span><a href="https://vk.com/share.php?url={rel.url}" target="_blank" {V}>VK</a><a href="https://t.me/share/url?url={rel.url}" target="_blank" {V}>Telegram</a></div>
</article>
<section class="more-news" {V}><h2 class="more-news__title" {V}>Другие новости</h2><div class="more-news__list" {V}>{cards}</div></section>
</div>"""
        state = {
            "layout": "default",
            "data": [
                {
                    "item": {
                        "id": rel.extra["id"],
                        "title": rel.title,
                        "published_at": f"{rel.dt:%Y-%m-%dT%H:%M:%S}+09:00",
                        "content": "".join(f"<p>{esc(b.text)}</p>" for b in rel.blocks),
                    }
                }
            ],
            "serverRendered": True,
        }
        return self.page(content, state)


LAYOUT = SitenameTitle()
