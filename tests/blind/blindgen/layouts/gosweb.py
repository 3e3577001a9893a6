"""Платформа ГосВеб (NetCat underneath), a regional ministry in Kamchatka (UTC+12)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, css_block, d_long, esc, hm, metrika

LIST = "/press-tsentr/novosti/"
CATS = {
    "Экономика": 11,
    "Промышленность": 14,
    "Инвестиции": 17,
    "Экспорт": 19,
    "Малый бизнес": 23,
    "Торговля": 27,
    "Общество": 31,
}
COLORS = ("#FF5824", "#4CB050", "#2196F5", "#9C27B0")


class GosWeb(Layout):
    name = "gosweb"
    family = "Платформа ГосВеб (NetCat)"
    description = (
        "ГосВеб cards div.object-item with single-quoted attributes and NewsArticle microdata, "
        "meta datePublished in local time without offset ('YYYY-MM-DD HH:MM:SS', UTC+12 here), visible "
        "dates «Сегодня, 16:04» / «Вчера, 09:12» with the full date in a title attribute; rubric "
        "filter links; ?cur_cc=N&curPos=OFFSET paging; detail _<id>.html with a lead block, "
        "/netcat_files/ attachments and the «Решаем вместе» widget."
    )
    timezone = "Asia/Kamchatka"
    region_key = "kamchatka"
    host = "https://minek-kamchatka.gosuslugi.ru"
    newest = datetime(2026, 2, 17, 15, 20)
    per_page = (10, 8)
    early_share = 0.3

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["id"] = 7421 - rel.idx * 5 - (rel.idx % 4)
            rel.extra["cats"] = sorted({rel.rubric, self.rng.choice(list(CATS))})
            rel.extra["img"] = f"/netcat_files/32/1452/{self.rng.getrandbits(80):020x}.jpg"

    def listing_url(self, n: int) -> str:
        return self.host + LIST + ("" if n == 1 else f"?cur_cc=1452&curPos={sum(self.per_page[: n - 1])}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}{LIST}novosti-1452_{7421 - rel.idx * 5 - (rel.idx % 4)}.html"

    def relative(self, dt: datetime) -> str:
        today = self.newest.date()
        if dt.date() == today:
            return f"Сегодня, {hm(dt)}"
        if dt.date() == today - timedelta(days=1):
            return f"Вчера, {hm(dt)}"
        return d_long(dt)

    def head(self, title: str) -> str:
        return f"""<!DOCTYPE html>
<html lang="ru"><head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="icon" href="/netcat_template/template/gosweb/img/favicon.ico">
<link rel="stylesheet" href="/netcat_template/template/gosweb/css/main.min.css?v=4.18.2">
<link rel="stylesheet" href="/netcat_template/template/gosweb/css/theme-blue.min.css?v=4.18.2">
<script src="/netcat_template/template/gosweb/js/vendor.min.js?v=4.18.2"></script>
{css_block("tpl", self.rng, 40)}
</head>
<body class='tpl-body tpl-theme-blue'>
<div class='tpl-top-bar'><div class='tpl-container'>
<a class='tpl-top-bar-link' href='https://www.gosuslugi.ru/' target='_blank'>Госуслуги</a>
<span class='tpl-top-bar-phone'>Единая горячая линия <a href='tel:88002003411'>8-800-200-34-11</a></span>
<a class='tpl-top-bar-link tpl-visually-impaired' href='#' data-bvi='open'>Версия для слабовидящих</a>
</div></div>
<header class='tpl-header'><div class='tpl-container'>
<a class='tpl-header-logo' href='/'><img src='/netcat_files/generated/12/45/logo_kamchatka.svg' alt='Герб Камчатского края'>
<span class='tpl-header-title tpl-text-header3'>{esc(self.region.body)}</span></a>
<form class='tpl-header-search' action='/search/' method='get'><input type='text' name='search_query' placeholder='Поиск'></form>
</div>
<nav class='tpl-menu'><div class='tpl-container'><ul>
<li><a href='/glavnoe/'>Главное</a></li><li><a href='/ofitsialno/'>Официально</a></li>
<li><a href='/deyatelnost/'>Деятельность</a></li><li class='active'><a href='/press-tsentr/'>Пресс-центр</a></li>
<li><a href='/kontakty/'>Контакты</a></li></ul></div></nav></header>
<main class='tpl-main'><div class='tpl-container'>
"""

    def foot(self) -> str:
        return f"""</div></main>
<div class='tpl-pos-widget'><div class='tpl-container'><div class='pos-banner' data-widget='pos'>Решаем вместе. Сложности с получением «Пушкинской карты» или приобретением билетов? Напишите — разберёмся!</div></div></div>
<footer class='tpl-footer'><div class='tpl-container'>
<div class='tpl-footer-col'><div class='tpl-text-header4'>{esc(self.region.body)}</div>
<p class='tpl-text-default'>683040, Камчатский край, г. Петропавловск-Камчатский, пл. Ленина, д. 1</p>
<p class='tpl-text-default'>Телефон: +7 (4152) 42-01-74</p></div>
<div class='tpl-footer-col'><p class='tpl-text-alt'>Сайт создан на Платформе ГосВеб</p></div>
</div></footer>
<div class='tpl-cookie' id='cookie-notice'>Сайт использует файлы cookie. <a href='/politika-konfidentsialnosti/'>Подробнее</a> <button class='tpl-button'>Понятно</button></div>
{metrika(93041187)}
</body></html>
"""

    def crumbs(self, last: str | None) -> str:
        items = [("/", "Главная"), ("/press-tsentr/", "Пресс-центр")]
        if last:
            items.append((LIST, "Новости"))
        out = "".join(f"<li class='tpl-breadcrumbs-item'><a href='{u}'>{t}</a></li>" for u, t in items)
        tail = f"<li class='tpl-breadcrumbs-item'><span>{esc(last or 'Новости')}</span></li>"
        return f"<ul class='tpl-breadcrumbs'>{out}{tail}</ul>"

    def card(self, rel: Release) -> str:
        href = self.rel_path(rel.url)
        t = attr(rel.title)
        cats = "".join(
            f"""
                        <span class='item-category tpl-text-alt' style="background-color:{COLORS[CATS[c] % 4]}">
                            <a rel="nofollow" href="{LIST}?filter[1452][Category]={CATS[c]}">
                                {c}                            </a>
                        </span>"""
            for c in rel.extra["cats"]
        )
        return f"""<div class='object-item' itemscope itemtype='https://schema.org/NewsArticle'>
    <meta itemprop='datePublished' content='{rel.dt:%Y-%m-%d %H:%M:%S}' />
            <div class='item-image'>
            <div class="image">
                <a href='{href}' title='{t}'>
                    <img title='{t}' alt='{t}.' src='{rel.extra["img"]}'>                </a>
            </div>
        </div>
            <div class='item-info'>
        <div class="items-category">{cats}
                                                            <span class='item-date tpl-text-alt' title='{d_long(rel.dt)} {hm(rel.dt)}'>
                {self.relative(rel.dt)}            </span>
        </div>
        <h2 class="object-item-title tpl-text-header2" itemprop="headline">
            <a href='{href}' itemprop='url' title='{t}'>{esc(rel.title)}</a>
        </h2>
                    <div class="object-item-announce tpl-text-default" itemprop="description">
                {esc(rel.teaser)}            </div>

    </div>
</div>
"""

    def render_listing(self, n: int) -> Listing:
        rels = self.pages[n - 1]
        not_rel = sorted(
            {f"{self.host}{LIST}?filter[1452][Category]={CATS[c]}" for r in rels for c in r.extra["cats"]}
        )
        total = len(self.pages)
        pag = "".join(
            f"<span class='tpl-pagination-item active'>{k}</span>"
            if k == n
            else f"<a class='tpl-pagination-item' href='{self.rel_path(self.listing_url(k))}'>{k}</a>"
            for k in range(1, total + 1)
        )
        if n < total:
            pag += (
                f"<a class='tpl-pagination-next' href='{self.rel_path(self.listing_url(n + 1))}'>"
                "Следующая</a>"
            )
        html = (
            self.head("Новости")
            + self.crumbs(None)
            + "<h1 class='tpl-text-header1'>Новости</h1>\n"
            + "<div class='tpl-block-1452'><div class=\"objects-list\"><div class='tpl-block-list-objects' "
            + f"data-object-count='{len(rels)}'>\n"
            + "\n".join(self.card(r) for r in rels)
            + f"\n</div></div>\n<div class='tpl-pagination'>{pag}</div></div>\n"
            + self.foot()
        )
        return Listing(html, not_rel)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        text = body_html(
            rel.blocks[1:],
            BodyStyle(
                h="<h3 class='tpl-text-header3'>{}</h3>",
                quote="<blockquote class='tpl-quote'><p>{}</p></blockquote>",
            ),
        )
        files = ""
        if rel.attachments:
            files = (
                "<div class='tpl-component-gw-file'>"
                + "".join(
                    f"<div class='file-item'><a class='file-item-link' href='/netcat_files/{r.randint(100, 999)}/"
                    f"1452/doc_{r.getrandbits(40):010x}.pdf' target='_blank'><span class='file-item-name'>{esc(lbl)}"
                    f"</span><span class='file-item-info tpl-text-alt'>pdf, {sz}</span></a></div>"
                    for lbl, sz in rel.attachments
                )
                + "</div>"
            )
        gallery = ""
        if r.random() < 0.5:
            gallery = (
                "<div class='tpl-component-gw-gallery'>"
                + "".join(
                    f"<a href='/netcat_files/multifile/{r.randint(1000, 9999)}/{k}.jpg' data-fancybox='gallery'>"
                    f"<img src='/netcat_files/multifile/{r.randint(1000, 9999)}/preview_{k}.jpg' alt=''></a>"
                    for k in range(3)
                )
                + "</div>"
            )
        main = f"""{self.crumbs(rel.title)}
<div class='tpl-block-1452 tpl-component-gw-news'>
<div class='object-full' itemscope itemtype='https://schema.org/NewsArticle'>
    <meta itemprop='datePublished' content='{rel.dt:%Y-%m-%d %H:%M:%S}' />
    <div class='object-full-meta'>
        <span class='item-date tpl-text-alt'>{d_long(rel.dt)}, {hm(rel.dt)}</span>
        <span class='item-category tpl-text-alt'><a rel="nofollow" href="{LIST}?filter[1452][Category]={CATS[rel.rubric]}">{rel.rubric}</a></span>
    </div>
    <h1 class='tpl-text-header1' itemprop='headline'>{esc(rel.title)}</h1>
    <div class='object-full-image'><img src='{rel.extra["img"]}' alt='{attr(rel.title)}' itemprop='image'></div>
    <div class='object-full-announce tpl-text-lead' itemprop='description'>
        {esc(rel.blocks[0].text)}
    </div>
    <div class='tpl-component-gw-base-text tpl-text-default' itemprop='articleBody'>
{text}
    </div>
    {gallery}
    {files}
</div>
<div class='tpl-share'><span class='tpl-text-alt'>Поделиться:</span> <a href='https://vk.com/share.php?url={rel.url}' rel='nofollow'>ВКонтакте</a> <a href='https://connect.ok.ru/offer?url={rel.url}' rel='nofollow'>Одноклассники</a></div>
<a class='tpl-link-back' href='{LIST}'>Назад к списку</a>
</div>
"""
        return self.head(f"{rel.title} | {self.region.body}") + main + self.foot()


LAYOUT = GosWeb()
