"""Drupal 10 (Olivero-derived theme), Krasnoyarsk ministry of economy; <time> attributes are in UTC."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, css_block, d_dots, d_long, esc, hm, metrika

OFFSET = timedelta(hours=7)


def utc(dt: datetime) -> str:
    return f"{dt - OFFSET:%Y-%m-%dT%H:%M:%S}Z"


class Drupal10(Layout):
    name = "drupal10"
    family = "Drupal 10 (node--type-news, field--name-body)"
    description = (
        "Drupal 10: div.views-row > article.node--type-news.node--view-mode-teaser with "
        "<time datetime='…Z'> in UTC (the local date differs for early-morning posts), 0-based "
        "?page=N; full nodes with «Опубликовано 17 марта 2025, 06:40», figure/figcaption inside "
        "the body, JSON-LD NewsArticle with +07:00, tags, «Читайте также»."
    )
    timezone = "Asia/Krasnoyarsk"
    region_key = "krasnoyarsk"
    host = "https://econ.krskstate.ru"
    newest = datetime(2025, 4, 22, 10, 15)
    per_page = (8, 8)
    early_share = 0.3

    def listing_url(self, n: int) -> str:
        return f"{self.host}/press/news" + ("" if n == 1 else f"?page={n - 1}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/press/news/{rel.slug}"

    def head(self, title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="ru" dir="ltr" style="--color--primary-hue:202;--color--primary-saturation:79%;--color--primary-lightness:50">
  <head>
    <meta charset="utf-8" />
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="HandheldFriendly" content="true" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
{extra}<link rel="icon" href="/themes/custom/krsk/favicon.ico" type="image/vnd.microsoft.icon" />
    <title>{esc(title)}</title>
    <link rel="stylesheet" media="all" href="/sites/default/files/css/css_Vq8n3pZ2kA1dQ.css?delta=0&amp;language=ru&amp;theme=krsk&amp;include=eJxLzs8tyM9LzSvRS87PS9FLzs8rSS1KTkxOSQQAo8cLxg" />
    <script src="/core/assets/vendor/modernizr/modernizr.min.js?v=3.11.1"></script>
{css_block("krsk", self.rng, 45)}
  </head>
  <body class="path-node page-node-type-news">
        <a href="#main-content" class="visually-hidden focusable skip-link">Перейти к основному содержанию</a>
    <div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div id="page-wrapper" class="page-wrapper"><div id="page">
<header id="header" class="site-header" data-drupal-selector="site-header" role="banner">
  <div class="site-header__fixable"><div class="site-header__inner"><div class="container">
    <div class="site-branding"><a href="/" rel="home" class="site-branding__logo"><img src="/themes/custom/krsk/logo.svg" alt="Главная" /></a>
    <div class="site-branding__text"><div class="site-branding__name"><a href="/" title="Главная" rel="home">{esc(self.region.body)}</a></div></div></div>
    <div class="header-phone">Горячая линия по вопросам поддержки бизнеса: <a href="tel:88002348134">8-800-234-81-34</a></div>
    <nav role="navigation" aria-labelledby="block-krsk-main-menu-menu" id="block-krsk-main-menu" class="primary-nav">
      <h2 class="visually-hidden" id="block-krsk-main-menu-menu">Основная навигация</h2>
      <ul class="menu primary-nav__menu primary-nav__menu--level-1">
        <li class="primary-nav__menu-item"><a href="/about" class="primary-nav__menu-link">О министерстве</a></li>
        <li class="primary-nav__menu-item"><a href="/activity" class="primary-nav__menu-link">Деятельность</a></li>
        <li class="primary-nav__menu-item primary-nav__menu-item--active-trail"><a href="/press" class="primary-nav__menu-link is-active">Пресс-центр</a></li>
        <li class="primary-nav__menu-item"><a href="/documents" class="primary-nav__menu-link">Документы</a></li>
        <li class="primary-nav__menu-item"><a href="/contacts" class="primary-nav__menu-link">Контакты</a></li>
      </ul></nav>
    <div class="search-block-form"><form action="/search/node" method="get"><input type="search" name="keys" placeholder="Поиск" /></form></div>
  </div></div></div>
</header>
<div id="main-wrapper" class="layout-main-wrapper layout-container"><div id="main" class="layout-main"><div class="main-content">
<a id="main-content" tabindex="-1"></a>
"""

    def crumbs(self, last: str | None) -> str:
        items = '<li class="breadcrumb__item"><a href="/" class="breadcrumb__link">Главная</a></li>'
        items += '<li class="breadcrumb__item"><a href="/press" class="breadcrumb__link">Пресс-центр</a></li>'
        if last:
            items += (
                '<li class="breadcrumb__item"><a href="/press/news" class="breadcrumb__link">Новости</a></li>'
            )
            items += f'<li class="breadcrumb__item">{esc(last)}</li>'
        else:
            items += '<li class="breadcrumb__item">Новости</li>'
        return (
            f'<div class="region region--breadcrumb"><nav class="breadcrumb" role="navigation" '
            f'aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">'
            f'Строка навигации</h2><ol class="breadcrumb__list">{items}</ol></nav></div>'
        )

    def foot(self) -> str:
        return f"""</div></div></div>
<footer class="site-footer"><div class="site-footer__inner container">
  <div class="region region--footer-top"><div class="block block-block-content"><div class="text-content clearfix field field--name-body field--type-text-with-summary field--label-hidden field__item">
  <p>{esc(self.region.body)}</p><p>660009, г. Красноярск, пр. Мира, 110. Телефон: +7 (391) 249-33-45. E-mail: econ@krskstate.ru</p></div></div></div>
  <div class="region region--footer-bottom"><p>© Министерство экономики и регионального развития Красноярского края, 2025</p></div>
</div></footer>
</div></div>
    </div>
<div class="cookies-banner" role="dialog" hidden>На сайте используются cookie-файлы. <button class="button button--small">Принять</button></div>
    <script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"\\/","pathPrefix":"","currentPath":"node","isFront":false,"currentLanguage":"ru"}},"pluralDelimiter":"\\u0003","suppressDeprecationErrors":true}}</script>
<script src="/sites/default/files/js/js_9Jc2lWQK7mVt.js?scope=footer&amp;delta=0&amp;language=ru&amp;theme=krsk"></script>
{metrika(55412930)}
  </body>
</html>
"""

    def teaser(self, rel: Release) -> str:
        href = self.rel_path(rel.url)
        return f"""<div class="views-row"><article data-history-node-id="{9000 + rel.idx}" class="node node--type-news node--promoted node--view-mode-teaser">
  <div class="node__image"><a href="{href}"><img loading="lazy" src="/sites/default/files/styles/news_teaser/public/{rel.dt:%Y-%m}/{rel.slug[:24]}.jpg?itok=Ab{rel.idx:02d}Qz" width="360" height="240" alt="" /></a></div>
  <div class="node__content">
    <div class="field field--name-field-date"><time datetime="{utc(rel.dt)}">{d_dots(rel.dt)}</time></div>
    <h2 class="node__title"><a href="{href}" rel="bookmark"><span class="field field--name-title field--type-string field--label-hidden">{esc(rel.title)}</span></a></h2>
    <div class="text-content field field--name-body field--type-text-with-summary field--label-hidden field__item"><p>{esc(rel.teaser)}</p></div>
  </div>
</article></div>"""

    def render_listing(self, n: int) -> Listing:
        total = len(self.pages)
        pager = [
            '<nav class="pager" role="navigation" aria-labelledby="pagination-heading"><h4 id="pagination-heading" class="visually-hidden">Постраничная навигация</h4><ul class="pager__items js-pager__items">'
        ]
        for k in range(1, total + 1):
            cur = " pager__item--active" if k == n else ""
            pager.append(
                f'<li class="pager__item{cur}"><a href="{self.rel_path(self.listing_url(k))}" title="Перейти на страницу {k}" class="pager__link">{k}</a></li>'
            )
        if n < total:
            pager.append(
                f'<li class="pager__item pager__item--control pager__item--next"><a href="{self.rel_path(self.listing_url(n + 1))}" class="pager__link" title="Перейти на следующую страницу" rel="next">›</a></li>'
            )
        pager.append("</ul></nav>")
        html = (
            self.head(f"Новости | {self.region.body}")
            + self.crumbs(None)
            + '<div class="region region--content-above"><div class="block block-core block-page-title-block"><h1 class="title page-title">Новости</h1></div></div>'
            + '<div class="region region--content"><div class="views-element-container"><div class="view view-news view-id-news view-display-id-page_1">'
            + '<div class="view-content">'
            + "\n".join(self.teaser(r) for r in self.pages[n - 1])
            + "</div>"
            + "\n".join(pager)
            + "</div></div></div>"
            + self.foot()
        )
        return Listing(html)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        pos = min(2, len(rel.blocks))
        fig = (
            f'<figure role="group" class="caption caption-img align-center"><img src="/sites/default/files/inline-images/'
            f'{rel.slug[:20]}.jpg" data-entity-type="file" width="800" height="533" loading="lazy" alt="" />'
            f"<figcaption>{esc(rel.photo_caption)}. {esc(rel.photo_credit)}</figcaption></figure>"
        )
        body = body_html(rel.blocks, BodyStyle(h="<h2>{}</h2>"), {pos: fig} if r.random() < 0.7 else {})
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "headline": rel.title,
                    "name": rel.title,
                    "datePublished": f"{rel.dt:%Y-%m-%dT%H:%M:%S}+07:00",
                    "dateModified": f"{(rel.updated or rel.dt):%Y-%m-%dT%H:%M:%S}+07:00",
                    "publisher": {
                        "@type": "GovernmentOrganization",
                        "name": self.region.body,
                        "url": self.host + "/",
                    },
                    "mainEntityOfPage": rel.url,
                }
            ],
        }
        extra = (
            f'<link rel="canonical" href="{rel.url}" />\n<meta property="og:title" content="{attr(rel.title)}" />\n'
            f'<meta property="og:type" content="article" />\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        )
        related = "".join(
            f'<li><span class="related__date">{d_dots(o.dt)}</span> <a href="{self.rel_path(o.url)}">{esc(o.title)}</a></li>'
            for o in self.others(rel, 3)
        )
        tags = "".join(
            f'<div class="field__item"><a href="/taxonomy/term/{70 + i}" hreflang="ru">{esc(t)}</a></div>'
            for i, t in enumerate(rel.tags)
        )
        main = f"""{self.crumbs(rel.title)}
<div class="region region--content-above"><div class="block block-core block-page-title-block"><h1 class="title page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(rel.title)}</span></h1></div></div>
<div class="region region--content"><div class="block block-system block-system-main-block">
<article data-history-node-id="{9000 + rel.idx}" class="node node--type-news node--promoted node--view-mode-full">
  <div class="node__meta"><span class="node__submitted">Опубликовано <time datetime="{utc(rel.dt)}" title="{d_long(rel.dt)}, {hm(rel.dt)}">{d_long(rel.dt)}, {hm(rel.dt)}</time></span></div>
  <div class="node__content">
    <div class="text-content clearfix field field--name-body field--type-text-with-summary field--label-hidden field__item">{body}</div>
    <div class="field field--name-field-tags field--type-entity-reference field--label-above"><div class="field__label">Теги</div><div class="field__items">{tags}</div></div>
  </div>
</article>
<div class="related-news"><h2>Читайте также</h2><ul>{related}</ul></div>
</div></div>
"""
        return self.head(f"{rel.title} | {self.region.body}", extra) + main + self.foot()


LAYOUT = Drupal10()
