"""WordPress with a news-magazine theme (tagDiv Newspaper-like), Irkutsk export support centre."""

from __future__ import annotations

import json
from datetime import datetime

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, css_block, d_dots, esc, metrika

CATS = {
    "Экономика": "ekonomika",
    "Промышленность": "promyshlennost",
    "Инвестиции": "investitsii",
    "Экспорт": "eksport",
    "Малый бизнес": "msp",
    "Торговля": "torgovlya",
    "Общество": "obshchestvo",
}
SITE = "Центр поддержки экспорта Иркутской области"


class WpMagazine(Layout):
    name = "wp_magazine"
    family = "WordPress, news-magazine theme"
    description = (
        "Newspaper-like theme: td_module blocks where the category link sits right beside the "
        "author and the date (time.entry-date.updated.td-module-date, DD.MM.YYYY), comment-count "
        "links, a «В тренде» ticker above the list; /novosti/page/N/; posts at /slug/ with a bold lead, "
        "wp-caption figure, view counter, an «Источник: …» paragraph inside the content, Yoast "
        "JSON-LD, related posts with dates."
    )
    timezone = "Asia/Irkutsk"
    region_key = "irkutsk"
    host = "https://export38.ru"
    newest = datetime(2024, 9, 12, 16, 40)
    per_page = (6, 6, 6)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["pid"] = 8810 - rel.idx * 4

    def listing_url(self, n: int) -> str:
        return f"{self.host}/novosti/" + ("" if n == 1 else f"page/{n}/")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/{rel.slug}/"

    def published_time(self, rel: Release) -> str | None:
        return None

    def cat_url(self, rel: Release) -> str:
        return f"{self.host}/category/{CATS[rel.rubric]}/"

    def head(self, title: str, extra: str = "") -> str:
        return f"""<!doctype html >
<!--[if IE 8]>    <html class="ie8" lang="en"> <![endif]-->
<!--[if IE 9]>    <html class="ie9" lang="en"> <![endif]-->
<!--[if gt IE 8]><!--> <html lang="ru-RU"> <!--<![endif]-->
<head>
    <title>{esc(title)}</title>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="pingback" href="{self.host}/xmlrpc.php" />
{extra}<link rel='stylesheet' id='td-theme-css' href='{self.host}/wp-content/themes/Newspaper/style.css?ver=12.6.2' type='text/css' media='all' />
<link rel='stylesheet' id='td-plugin-multi-purpose-css' href='{self.host}/wp-content/plugins/td-composer/td-multi-purpose/style.css?ver=5b8f1e' type='text/css' media='all' />
<script type="text/javascript" src="{self.host}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script>var tdBlocksArray = []; var tds_login_sing_in_widget="show"; var td_ajax_url="{self.host}\\/wp-admin\\/admin-ajax.php?td_theme_name=Newspaper&v=12.6.2";</script>
{css_block("td", self.rng, 60)}
</head>
<body class="wp-theme-Newspaper td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap">
<div class="td-header-wrap td-header-style-1">
  <div class="td-header-top-menu-full td-container-wrap"><div class="td-container td-header-row td-header-top-menu">
    <div class="top-bar-style-1"><div class="td-header-sp-top-menu">
      <div class="td_data_time"><div>{self.newest.day:02d}.{self.newest.month:02d}.{self.newest.year}</div></div>
      <div class="menu-top-container"><ul id="menu-top" class="top-header-menu"><li class="menu-item"><a href="{self.host}/o-tsentre/">О центре</a></li><li class="menu-item"><a href="{self.host}/kontakty/">Контакты</a></li><li class="menu-item"><span>Бесплатная линия: 8-800-444-38-38</span></li></ul></div>
    </div></div>
  </div></div>
  <div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap"><div class="td-container td-header-row td-header-header">
    <div class="td-header-sp-logo"><a class="td-main-logo" href="{self.host}/"><img class="td-retina-data" src="{self.host}/wp-content/uploads/2022/03/logo-cpe38.png" alt="{SITE}" title="{SITE}" width="272" height="90"/><span class="td-visual-hidden">{SITE}</span></a></div>
  </div></div>
  <div class="td-header-menu-wrap-full td-container-wrap"><div class="td-header-menu-wrap td-header-gradient"><div class="td-container td-header-row td-header-main-menu"><div id="td-header-menu" role="navigation"><div class="menu-main-container"><ul id="menu-main-1" class="sf-menu">
<li class="menu-item"><a href="{self.host}/">Главная</a></li><li class="menu-item current-menu-item"><a href="{self.host}/novosti/">Новости</a></li><li class="menu-item"><a href="{self.host}/uslugi/">Услуги</a></li><li class="menu-item"><a href="{self.host}/meropriyatiya/">Мероприятия</a></li><li class="menu-item"><a href="{self.host}/eksportery/">Экспортёры региона</a></li></ul></div></div></div></div></div>
</div>
"""

    def ticker(self) -> tuple[str, list[str]]:
        picks = self.releases[1:11:3]
        items = "".join(
            f'<div class="td-trending-now-post"><a class="td-trending-now-post-link" href="{r.url}">{esc(r.title)}</a></div>'
            for r in picks
        )
        return (
            f'<div class="td-trending-now-wrapper" id="td_ticker_1"><div class="td-trending-now-title">В тренде</div>'
            f'<div class="td-trending-now-display-area">{items}</div></div>',
            [r.url for r in picks],
        )

    def module(self, rel: Release) -> str:
        return f"""<div class="td_module_10 td_module_wrap td-animation-stack">
<div class="td-module-thumb"><a href="{rel.url}" rel="bookmark" class="td-image-wrap " title="{attr(rel.title)}"><img class="entry-thumb" src="{self.host}/wp-content/uploads/{rel.dt:%Y/%m}/{rel.slug[:16]}-218x150.jpg" alt="" title="{attr(rel.title)}" width="218" height="150" /></a></div>
<div class="item-details">
<h3 class="entry-title td-module-title"><a href="{rel.url}" rel="bookmark" title="{attr(rel.title)}">{esc(rel.title)}</a></h3>
<div class="td-module-meta-info">
<a href="{self.cat_url(rel)}" class="td-post-category">{esc(rel.rubric)}</a><span class="td-post-author-name"><a href="{self.host}/author/cpe38/">Пресс-служба ЦПЭ</a> <span>-</span> </span><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{rel.dt:%Y-%m-%dT%H:%M:%S}+08:00" >{d_dots(rel.dt)}</time></span><span class="td-module-comments"><a href="{rel.url}#respond">0</a></span>
</div>
<div class="td-excerpt">{esc(rel.teaser)}</div>
</div>
</div>"""

    def foot(self) -> str:
        return f"""<div class="td-footer-wrapper td-footer-container td-container-wrap"><div class="td-container"><div class="td-pb-row">
<div class="td-pb-span4"><div class="td-footer-info"><div class="footer-text-wrap">{SITE}<br/>664011, г. Иркутск, ул. Рабочая, 2а, офис 410<br/>Телефон: +7 (3952) 48-60-38</div></div></div>
<div class="td-pb-span4"><div class="footer-social-wrap td-social-style-2"><span class="td-social-icon-wrap"><a target="_blank" href="https://vk.com/export38" title="VKontakte"><i class="td-icon-font td-icon-vk"></i></a></span><span class="td-social-icon-wrap"><a target="_blank" href="https://t.me/export38" title="Telegram"><i class="td-icon-font td-icon-telegram"></i></a></span></div></div>
</div></div></div>
<div class="td-sub-footer-container td-container-wrap"><div class="td-container"><div class="td-sub-footer-copy">&copy; Центр поддержки экспорта Иркутской области. Создан при поддержке Российского экспортного центра.</div></div></div>
</div>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>Мы используем cookie для улучшения работы сайта. <a role='button' data-cli_action="accept" id="cookie_action_close_header" class="cli_action_button">Принять</a></span></div>
<script type="text/javascript" src="{self.host}/wp-content/themes/Newspaper/js/tagdiv_theme.min.js?ver=12.6.2" id="td-site-min-js"></script>
{metrika(63310482)}
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rels = self.pages[n - 1]
        tick, not_rel = self.ticker()
        for rel in rels:
            not_rel += [self.cat_url(rel), f"{rel.url}#respond", f"{self.host}/author/cpe38/"]
        total = len(self.pages)
        nav = "".join(
            f'<span class="current">{k}</span>'
            if k == n
            else f'<a href="{self.listing_url(k)}" class="page" title="{k}">{k}</a>'
            for k in range(1, total + 1)
        )
        if n > 1:
            nav = (
                f'<a href="{self.listing_url(n - 1)}"><i class="page-nav-icon td-icon-menu-left"></i></a>'
                + nav
            )
        if n < total:
            nav += f'<a href="{self.listing_url(n + 1)}"><i class="page-nav-icon td-icon-menu-right"></i></a>'
        nav += f'<span class="pages">Страница {n} из {total}</span>'
        html = (
            self.head(f"Новости Архивы - {SITE}")
            + '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">'
            + tick
            + '<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="/">Главная</a></span> <i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> <span class="td-bred-no-url-last">Новости</span></div></div>'
            + '<div class="td-pb-row"><div class="td-pb-span8 td-main-content"><div class="td-ss-main-content"><div class="td-page-header"><h1 class="entry-title td-page-title"><span>Новости</span></h1></div>'
            + "\n".join(self.module(r) for r in rels)
            + f'<div class="page-nav td-pb-padding-side">{nav}<div class="clearfix"></div></div></div></div>'
            + '<div class="td-pb-span4 td-main-sidebar"><div class="td-ss-main-sidebar"><aside class="td_block_template_1 widget widget_text"><h4 class="block-title"><span>Услуги центра</span></h4><div class="textwidget"><p><a href="/uslugi/">Поиск иностранных покупателей</a></p><p><a href="/uslugi/vystavki/">Участие в международных выставках</a></p></div></aside></div></div>'
            + "</div></div></div>"
            + self.foot()
        )
        return Listing(html, not_rel)

    def render_article(self, rel: Release) -> str:
        fig = (
            f'<figure id="attachment_{rel.extra["pid"] + 1}" aria-describedby="caption-attachment-{rel.extra["pid"] + 1}" '
            f'style="width: 696px" class="wp-caption aligncenter"><img decoding="async" class="size-full wp-image-{rel.extra["pid"] + 1}" '
            f'src="{self.host}/wp-content/uploads/{rel.dt:%Y/%m}/{rel.slug[:14]}.jpg" alt="" width="696" height="464" />'
            f'<figcaption id="caption-attachment-{rel.extra["pid"] + 1}" class="wp-caption-text">{esc(rel.photo_caption)}. '
            f"{esc(rel.photo_credit)}</figcaption></figure>"
        )
        style = BodyStyle(
            lead="<p><strong>{}</strong></p>", h="<h3>{}</h3>", quote="<blockquote><p>{}</p></blockquote>"
        )
        body = body_html(rel.blocks, style, {1: fig} if len(rel.blocks) > 2 else {})
        body += f"\n<p><em>Источник: пресс-служба {esc(self.region.body_gen)}</em></p>"
        related = "".join(
            f'<div class="td_module_related_posts td-animation-stack td_mod_related_posts"><div class="item-details"><h3 class="entry-title td-module-title"><a href="{o.url}" rel="bookmark" title="{attr(o.title)}">{esc(o.title)}</a></h3><div class="td-module-meta-info"><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{o.dt:%Y-%m-%dT%H:%M:%S}+08:00">{d_dots(o.dt)}</time></span></div></div></div>'
            for o in self.others(rel, 3)
        )
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Article",
                    "@id": f"{rel.url}#article",
                    "isPartOf": {"@id": rel.url},
                    "author": {"name": "Пресс-служба ЦПЭ"},
                    "headline": rel.title,
                    "datePublished": f"{rel.dt:%Y-%m-%dT%H:%M:%S}+08:00",
                    "dateModified": f"{(rel.updated or rel.dt):%Y-%m-%dT%H:%M:%S}+08:00",
                    "publisher": {"@id": f"{self.host}/#organization"},
                    "articleSection": [rel.rubric],
                    "inLanguage": "ru-RU",
                },
                {"@type": "WebPage", "@id": rel.url, "url": rel.url, "name": f"{rel.title} - {SITE}"},
            ],
        }
        extra = (
            f'<meta property="og:title" content="{attr(rel.title)}" />\n<meta property="article:published_time" '
            f'content="{rel.dt:%Y-%m-%dT%H:%M:%S}+08:00" />\n<script type="application/ld+json" class="yoast-schema-graph">'
            f"{json.dumps(ld, ensure_ascii=False)}</script>\n"
        )
        main = f"""<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default">
<div class="td-crumb-container"><div class="entry-crumbs"><span><a class="entry-crumb" href="{self.host}/">Главная</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a class="entry-crumb" href="{self.cat_url(rel)}">{esc(rel.rubric)}</a></span> <i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> <span class="td-bred-no-url-last">{esc(rel.title)}</span></div></div>
<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-{rel.extra["pid"]}" class="post-{rel.extra["pid"]} post type-post status-publish format-standard has-post-thumbnail" itemscope itemtype="https://schema.org/Article">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{self.cat_url(rel)}">{esc(rel.rubric)}</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{esc(rel.title)}</h1>
<div class="td-module-meta-info"><div class="td-post-author-name"><div class="td-author-by">Автор</div> <a href="{self.host}/author/cpe38/">Пресс-служба ЦПЭ</a><div class="td-author-line"> - </div></div>
<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{rel.dt:%Y-%m-%dT%H:%M:%S}+08:00" >{d_dots(rel.dt)}</time></span>
<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{rel.extra["pid"]}">{rel.views}</span></div>
<div class="td-post-comments"><a href="{rel.url}#respond"><i class="td-icon-comments"></i>0</a></div></div>
</header></div>
<div class="td-post-sharing-top"><div class="td-post-sharing-visible"><span class="td-social-share-text">Поделиться</span><a class="td-social-sharing-button td-social-vk" href="https://vk.com/share.php?url={rel.url}">VK</a><a class="td-social-sharing-button td-social-telegram" href="https://telegram.me/share/url?url={rel.url}">Telegram</a><a class="td-social-sharing-button td-social-ok" href="https://connect.ok.ru/offer?url={rel.url}">OK</a></div></div>
<div class="td-post-content tagdiv-type">
{body}
</div>
<footer><div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>Метки</span></li>{"".join(f'<li><a href="{self.host}/tag/{t.replace(" ", "-")}/">{esc(t)}</a></li>' for t in rel.tags)}</ul></div></footer>
</article>
<div class="td_block_wrap td_block_related_posts"><h4 class="td-related-title td-block-title"><a class="td-related-left td-cur-simple-item" href="#">Читайте также</a></h4><div class="td_block_inner">{related}</div></div>
</div></div></div></div></div>
"""
        return self.head(f"{rel.title} - {SITE}", extra) + main + self.foot()


LAYOUT = WpMagazine()
