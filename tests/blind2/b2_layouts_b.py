"""Renderers: WordPress + Elementor, Next.js SSR, ASP.NET WebForms, ГосВеб ministry, static HTML 4, Webasyst."""

import datetime as dt
import json

from b2_common import body_html, d_dots, d_long, esc, iso, lead_of, size_str, truncate


def path(url):
    return "/" + url.split("/", 3)[3]


def img(a, w=360):
    return f"{a['id'] * 7919 % 100000:05x}{w}"


def plural(n, one, few, many):
    m = n % 100
    return many if 11 <= m <= 19 else one if m % 10 == 1 else few if 2 <= m % 10 <= 4 else many


class wp_elementor:
    HOST = "https://export-primorye.ru"

    @staticmethod
    def head(site, title, a=None):
        ld = ""
        if a:
            utc = a["dt"] - dt.timedelta(hours=10)
            graph = {
                "@context": "https://schema.org",
                "@graph": [
                    {
                        "@type": "Article",
                        "@id": a["url"] + "#article",
                        "isPartOf": {"@id": a["url"]},
                        "author": {"name": "cpe_admin", "@id": wp_elementor.HOST + "/#/schema/person/5e0c1f"},
                        "headline": truncate(a["title"], 110),
                        "datePublished": utc.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                        "dateModified": (utc + dt.timedelta(minutes=7)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                        "mainEntityOfPage": {"@id": a["url"]},
                        "wordCount": sum(len(v.split()) for k, v in a["blocks"] if k != "ul"),
                        "publisher": {"@id": wp_elementor.HOST + "/#organization"},
                        "articleSection": ["Новости"],
                        "inLanguage": "ru-RU",
                    },
                    {
                        "@type": "WebPage",
                        "@id": a["url"],
                        "url": a["url"],
                        "name": f"{a['title']} - {site['name']}",
                        "datePublished": utc.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                        "inLanguage": "ru-RU",
                    },
                    {
                        "@type": "BreadcrumbList",
                        "itemListElement": [
                            {
                                "@type": "ListItem",
                                "position": 1,
                                "name": "Главная страница",
                                "item": wp_elementor.HOST + "/",
                            },
                            {"@type": "ListItem", "position": 2, "name": a["title"]},
                        ],
                    },
                    {
                        "@type": "Organization",
                        "@id": wp_elementor.HOST + "/#organization",
                        "name": site["name"],
                        "url": wp_elementor.HOST + "/",
                    },
                ],
            }
            ld = (
                '<meta property="og:type" content="article" />\n'
                f'<meta property="og:title" content="{esc(a["title"])} - {esc(site["name"])}" />\n'
                f'<meta property="article:published_time" content="{utc.strftime("%Y-%m-%dT%H:%M:%S+00:00")}" />\n'
                f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>\n'
            )
        return f"""<!doctype html>
<html lang="ru-RU">
<head>
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<link rel="profile" href="https://gmpg.org/xfn/11">
	<title>{esc(title)}</title>
	<!-- This site is optimized with the Yoast SEO plugin v22.3 - https://yoast.com/wordpress/plugins/seo/ -->
{ld}	<!-- / Yoast SEO plugin. -->
<link rel='stylesheet' id='elementor-frontend-css' href='https://export-primorye.ru/wp-content/plugins/elementor/assets/css/frontend.min.css?ver=3.20.2' media='all' />
<link rel='stylesheet' id='elementor-post-7-css' href='https://export-primorye.ru/wp-content/uploads/elementor/css/post-7.css?ver=1710822411' media='all' />
<link rel='stylesheet' id='hello-elementor-css' href='https://export-primorye.ru/wp-content/themes/hello-elementor/style.min.css?ver=3.0.1' media='all' />
<script src="https://export-primorye.ru/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head>
<body class="{"post-template-default single single-post" if a else "archive category category-novosti"} elementor-default elementor-kit-7">
<a class="skip-link screen-reader-text" href="#content">Перейти к содержимому</a>
<div data-elementor-type="header" data-elementor-id="112" class="elementor elementor-112 elementor-location-header" data-elementor-post-type="elementor_library">
<div class="elementor-element elementor-element-2f1a6c3 e-flex e-con-boxed e-con e-parent" data-id="2f1a6c3" data-element_type="container"><div class="e-con-inner">
<div class="elementor-element elementor-element-9d3b1e2 elementor-widget elementor-widget-image" data-id="9d3b1e2" data-element_type="widget" data-widget_type="image.default"><div class="elementor-widget-container"><a href="https://export-primorye.ru"><img width="240" height="64" src="https://export-primorye.ru/wp-content/uploads/2023/05/logo-cpe.svg" class="attachment-full size-full wp-image-15" alt="" /></a></div></div>
<div class="elementor-element elementor-element-4e8a0f1 elementor-nav-menu__align-end elementor-widget elementor-widget-nav-menu" data-id="4e8a0f1" data-element_type="widget"><div class="elementor-widget-container"><nav class="elementor-nav-menu--main elementor-nav-menu__container"><ul id="menu-1-4e8a0f1" class="elementor-nav-menu">
<li class="menu-item"><a href="https://export-primorye.ru/o-centre/" class="elementor-item">О центре</a></li>
<li class="menu-item"><a href="https://export-primorye.ru/uslugi/" class="elementor-item">Услуги</a></li>
<li class="menu-item"><a href="https://export-primorye.ru/meropriyatiya/" class="elementor-item">Мероприятия</a></li>
<li class="menu-item current-menu-item"><a href="https://export-primorye.ru/novosti/" class="elementor-item elementor-item-active">Новости</a></li>
<li class="menu-item"><a href="https://export-primorye.ru/kontakty/" class="elementor-item">Контакты</a></li></ul></nav></div></div>
<div class="elementor-element elementor-element-7c2d9a4 elementor-widget elementor-widget-button" data-id="7c2d9a4" data-element_type="widget"><div class="elementor-widget-container"><div class="elementor-button-wrapper"><a class="elementor-button elementor-button-link elementor-size-sm" href="tel:+74232791040"><span class="elementor-button-content-wrapper"><span class="elementor-button-text">+7 (423) 279-10-40</span></span></a></div></div></div>
</div></div></div>
"""

    FOOT = """<div data-elementor-type="footer" data-elementor-id="140" class="elementor elementor-140 elementor-location-footer">
<div class="elementor-element elementor-element-1b7c0d2 e-flex e-con-boxed e-con e-parent" data-id="1b7c0d2" data-element_type="container"><div class="e-con-inner">
<div class="elementor-element elementor-element-ee31f0a elementor-widget elementor-widget-text-editor" data-id="ee31f0a" data-element_type="widget"><div class="elementor-widget-container"><p>Центр поддержки экспорта Приморского края работает в составе АНО «Центр поддержки предпринимательства Приморского края» при поддержке Российского экспортного центра.</p><p>690091, г. Владивосток, ул. Тигровая, 7</p></div></div>
<div class="elementor-element elementor-element-8a0f4b3 elementor-widget elementor-widget-image" data-id="8a0f4b3" data-element_type="widget"><div class="elementor-widget-container"><a href="https://мойбизнес.рф" target="_blank"><img src="https://export-primorye.ru/wp-content/uploads/2023/05/mb-logo.png" alt="Мой бизнес" /></a></div></div>
<div class="elementor-element elementor-element-5d2a7c1 elementor-widget elementor-widget-text-editor" data-id="5d2a7c1" data-element_type="widget"><div class="elementor-widget-container"><a href="https://export-primorye.ru/politika-konfidencialnosti/">Политика конфиденциальности</a></div></div>
</div></div></div>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>Мы используем файлы cookie для улучшения работы сайта. Оставаясь на сайте, вы соглашаетесь с <a href="https://export-primorye.ru/politika-konfidencialnosti/">политикой конфиденциальности</a>. <a role='button' data-cli_action="accept" id="cookie_action_close_header" class="cli-plugin-button cli-plugin-main-button">Принять</a></span></div>
<script src="https://export-primorye.ru/wp-content/plugins/elementor-pro/assets/js/frontend.min.js?ver=3.20.0" id="elementor-pro-frontend-js"></script>
</body>
</html>
"""

    @staticmethod
    def listing(site, idx, items):
        h = wp_elementor.head(site, f"Новости - {site['name']}")
        h += '<div data-elementor-type="archive" data-elementor-id="205" class="elementor elementor-205 elementor-location-archive">\n'
        h += '<div class="elementor-element elementor-element-6c0e3d1 elementor-widget elementor-widget-theme-archive-title elementor-page-title elementor-widget-heading" data-id="6c0e3d1" data-element_type="widget"><div class="elementor-widget-container"><h1 class="elementor-heading-title elementor-size-default">Новости</h1></div></div>\n'
        h += '<div class="elementor-element elementor-element-5b2e3f1 elementor-grid-3 elementor-grid-tablet-2 elementor-grid-mobile-1 elementor-posts--thumbnail-top elementor-card-shadow-yes elementor-widget elementor-widget-archive-posts" data-id="5b2e3f1" data-element_type="widget" data-settings="{&quot;archive_cards_columns&quot;:&quot;3&quot;,&quot;pagination_type&quot;:&quot;numbers_and_prev_next&quot;}" data-widget_type="archive-posts.archive_cards">\n<div class="elementor-widget-container">\n<div class="elementor-posts-container elementor-posts elementor-posts--skin-cards elementor-grid">\n'
        for a in items:
            u = a["url"]
            tags = " ".join(f"tag-{t.replace(' ', '-')}" for t in a["tags"])
            thumb = (
                f'<a class="elementor-post__thumbnail__link" href="{u}" tabindex="-1" ><div class="elementor-post__thumbnail"><img width="768" height="512" src="https://export-primorye.ru/wp-content/uploads/{a["dt"]:%Y/%m}/IMG_{a["id"]}-768x512.jpg" class="attachment-medium_large size-medium_large wp-image-{a["id"] + 1}" alt="" loading="lazy" /></div></a>'
                if a["photo"]
                else ""
            )
            h += f"""		<article class="elementor-post elementor-grid-item post-{a["id"]} post type-post status-publish format-standard {"has-post-thumbnail " if a["photo"] else ""}hentry category-novosti {tags}" role="listitem">
			<div class="elementor-post__card">
				{thumb}<div class="elementor-post__badge">Новости</div>
				<div class="elementor-post__text">
				<h3 class="elementor-post__title">
			<a href="{u}" >
				{esc(a["title"])}			</a>
		</h3>
				<div class="elementor-post__excerpt">
			<p>{esc(lead_of(a, 140))}</p>
		</div>

		<a class="elementor-post__read-more" href="{u}" aria-label="Подробнее о {esc(a["title"])}" tabindex="-1" >
			Читать далее »		</a>

				</div>
				<div class="elementor-post__meta-data">
					<span class="elementor-post-date">
			{d_dots(a["dt"])}		</span>
				</div>
					</div>
		</article>
"""
        h += "</div>\n"
        n = len(site["chunks"])
        nav = '<nav class="elementor-pagination" aria-label="Пагинация">'
        if idx > 0:
            prev = (
                "https://export-primorye.ru/novosti/"
                if idx == 1
                else f"https://export-primorye.ru/novosti/page/{idx}/"
            )
            nav += f'<a class="page-numbers prev" href="{prev}">&laquo; Предыдущая</a>'
        else:
            nav += '<span class="page-numbers prev">&laquo; Предыдущая</span>'
        for i in range(n):
            href = (
                "https://export-primorye.ru/novosti/"
                if i == 0
                else f"https://export-primorye.ru/novosti/page/{i + 1}/"
            )
            nav += (
                f'<span aria-current="page" class="page-numbers current"><span class="elementor-screen-only">Страница</span>{i + 1}</span>'
                if i == idx
                else f'<a class="page-numbers" href="{href}"><span class="elementor-screen-only">Страница</span>{i + 1}</a>'
            )
        if idx + 1 < n:
            nav += f'<a class="page-numbers next" href="https://export-primorye.ru/novosti/page/{idx + 2}/">Следующая &raquo;</a>'
        else:
            nav += '<span class="page-numbers next">Следующая &raquo;</span>'
        h += nav + "</nav>\n</div></div>\n</div>\n"
        return h + wp_elementor.FOOT

    @staticmethod
    def article(site, a):
        h = wp_elementor.head(site, f"{a['title']} - {site['name']}", a)
        h += f'<div data-elementor-type="single-post" data-elementor-id="188" class="elementor elementor-188 elementor-location-single post-{a["id"]} post type-post status-publish format-standard hentry category-novosti" data-elementor-post-type="elementor_library">\n'
        h += f'<div class="elementor-element elementor-element-3f0a2c1 elementor-widget elementor-widget-theme-post-title elementor-page-title elementor-widget-heading" data-id="3f0a2c1" data-element_type="widget"><div class="elementor-widget-container"><h1 class="elementor-heading-title elementor-size-default">{esc(a["title"])}</h1></div></div>\n'
        h += '<div class="elementor-element elementor-element-c1d8e40 elementor-widget elementor-widget-post-info" data-id="c1d8e40" data-element_type="widget"><div class="elementor-widget-container"><ul class="elementor-inline-items elementor-icon-list-items elementor-post-info">'
        h += f'<li class="elementor-icon-list-item elementor-repeater-item-6d3c2a1 elementor-inline-item" itemprop="datePublished"><a href="https://export-primorye.ru/{a["dt"]:%Y/%m/%d}/"><span class="elementor-icon-list-icon"><i aria-hidden="true" class="fas fa-calendar"></i></span><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date"><time>{d_dots(a["dt"])}</time></span></a></li>'
        h += '<li class="elementor-icon-list-item elementor-repeater-item-2e9f4b7 elementor-inline-item" itemprop="about"><span class="elementor-icon-list-icon"><i aria-hidden="true" class="fas fa-tags"></i></span><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-terms"><span class="elementor-post-info__terms-list"><a href="https://export-primorye.ru/category/novosti/" class="elementor-post-info__terms-list-item">Новости</a></span></span></li></ul></div></div>\n'
        if a["photo"]:
            h += f'<div class="elementor-element elementor-element-a7b1e02 elementor-widget elementor-widget-theme-post-featured-image elementor-widget-image" data-id="a7b1e02" data-element_type="widget"><div class="elementor-widget-container"><figure class="wp-caption"><img width="1024" height="683" src="https://export-primorye.ru/wp-content/uploads/{a["dt"]:%Y/%m}/IMG_{a["id"]}-1024x683.jpg" class="attachment-large size-large" alt="" /><figcaption class="widget-image-caption wp-caption-text">{esc(a["credit"])}</figcaption></figure></div></div>\n'
        body = body_html(a["blocks"], h="h2", typo=True).replace("</h2>", "</h2>\n<p>&nbsp;</p>")
        h += f'<div class="elementor-element elementor-element-0d4e1f8 elementor-widget elementor-widget-theme-post-content" data-id="0d4e1f8" data-element_type="widget"><div class="elementor-widget-container">\n{body}\n</div></div>\n'
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f'<div class="elementor-widget-container"><p><a href="https://export-primorye.ru/wp-content/uploads/{a["dt"]:%Y/%m}/{a["slug"][:20]}.{ext.lower()}">{t}</a> ({ext}, {size_str(kb)})</p></div>\n'
        h += '<div class="elementor-element elementor-element-91c0b2e elementor-share-buttons--view-icon elementor-widget elementor-widget-share-buttons" data-id="91c0b2e" data-element_type="widget"><div class="elementor-widget-container"><div class="elementor-grid"><div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_vk" role="button" tabindex="0" aria-label="Поделиться в vk"></div></div><div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_telegram" role="button" tabindex="0" aria-label="Поделиться в telegram"></div></div></div></div></div>\n'
        prev, nxt = a["related"][0], a["related"][1]
        h += f'<div class="elementor-element elementor-element-ba12f03 elementor-widget elementor-widget-post-navigation" data-id="ba12f03" data-element_type="widget"><div class="elementor-widget-container"><div class="elementor-post-navigation"><div class="elementor-post-navigation__prev elementor-post-navigation__link"><a href="{prev["url"]}" rel="prev"><span class="post-navigation__arrow-wrapper post-navigation__arrow-prev"><i class="fa fa-angle-left" aria-hidden="true"></i></span><span class="elementor-post-navigation__link__prev"><span class="post-navigation__prev--label">Предыдущая</span><span class="post-navigation__prev--title">{esc(prev["title"])}</span></span></a></div><div class="elementor-post-navigation__next elementor-post-navigation__link"><a href="{nxt["url"]}" rel="next"><span class="elementor-post-navigation__link__next"><span class="post-navigation__next--label">Следующая</span><span class="post-navigation__next--title">{esc(nxt["title"])}</span></span></a></div></div></div></div>\n'
        h += "</div>\n"
        return h + wp_elementor.FOOT


def nx_json(obj):
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class nextjs_export:
    BUILD = "Xk2vR8pLq0TzN4sYc1W7d"
    CSS = """<link rel="preload" href="/_next/static/media/a34f9d1faa5f3315-s.p.woff2" as="font" crossorigin="" type="font/woff2"/><link rel="preload" href="/_next/static/css/2c7f3b9e1d0a4f68.css" as="style"/><link rel="stylesheet" href="/_next/static/css/2c7f3b9e1d0a4f68.css" data-n-g=""/><noscript data-n-css=""></noscript><script defer="" nomodule="" src="/_next/static/chunks/polyfills-c67a75d1b6f99dc8.js"></script><script src="/_next/static/chunks/webpack-8fa1640cc84ba8fe.js" defer=""></script><script src="/_next/static/chunks/framework-fda0a023b274c574.js" defer=""></script><script src="/_next/static/chunks/main-7bb3a0a52ba77e8e.js" defer=""></script><script src="/_next/static/chunks/pages/_app-4f1d8b52c0a7a3e1.js" defer=""></script>"""

    @staticmethod
    def header():
        return """<div id="__next"><div class="Layout_wrapper__kW3pQ"><header class="Header_header__Xr2pL"><div class="Container_container__9bQ1s Header_inner__1q9ZT"><a class="Header_logo__2Kp0w" href="/"><img alt="Центр поддержки экспорта Камчатского края" width="180" height="48" decoding="async" data-nimg="1" src="/_next/static/media/logo.5d2a1c9e.svg" style="color:transparent"/></a><nav class="Header_nav__3aQ1m"><a class="Header_link__wW1zD" href="/about">О центре</a><a class="Header_link__wW1zD" href="/services">Услуги</a><a class="Header_link__wW1zD" href="/events">Мероприятия</a><a class="Header_link__wW1zD Header_active__9fKcP" href="/news">Новости</a><a class="Header_link__wW1zD" href="/contacts">Контакты</a></nav><a href="tel:+74152201701" class="Header_phone__0YtVb">8 (4152) 20-17-01</a><button type="button" class="Header_burger__c7Q2x" aria-label="Меню"><span></span></button></div></header>"""

    @staticmethod
    def footer(page, query, props):
        nd = {
            "props": {"pageProps": props, "__N_SSP": True},
            "page": page,
            "query": query,
            "buildId": nextjs_export.BUILD,
            "isFallback": False,
            "gssp": True,
            "locale": "ru",
            "locales": ["ru"],
            "defaultLocale": "ru",
            "scriptLoader": [],
        }
        return (
            '<footer class="Footer_footer__p1Hk4"><div class="Container_container__9bQ1s Footer_inner__3vB0m">'
            '<p class="Footer_copy__yT9aL">© 2025 Центр поддержки экспорта Камчатского края</p>'
            '<p class="Footer_address__Wm1bZ">683003, г. Петропавловск-Камчатский, ул. Ленинградская, 37</p>'
            '<a class="Footer_link__8sQwE" href="/privacy">Политика обработки персональных данных</a>'
            '<a class="Footer_partner__fD8kP" href="https://www.exportcenter.ru/" target="_blank" rel="noreferrer">Российский экспортный центр</a>'
            '</div></footer><div class="CookieBanner_banner__Qz5Yp"><p class="CookieBanner_text__hN1sK">Мы используем cookies, чтобы сайт работал лучше.</p>'
            '<button class="Button_button__z0V3a Button_primary__kE2tS">Понятно</button></div></div></div>'
            f'<script id="__NEXT_DATA__" type="application/json">{nx_json(nd)}</script></body></html>\n'
        )

    @staticmethod
    def card_json(a, tz):
        return {
            "id": a["id"],
            "slug": str(a["id"]),
            "title": a["title"],
            "lead": lead_of(a, 200),
            "publishedAt": (a["dt"] - dt.timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "cover": {"url": f"/uploads/news/{img(a, 1200)}.jpg"} if a["photo"] else None,
            "tags": [{"name": t} for t in a["tags"]],
        }

    @staticmethod
    def listing(site, idx, items):
        tz = site["tz"]
        h = f'<!DOCTYPE html><html lang="ru"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>Новости | {esc(site["name"])}</title><meta name="description" content="Новости Центра поддержки экспорта Камчатского края"/><meta name="next-head-count" content="4"/>{nextjs_export.CSS}</head><body>'
        h += nextjs_export.header()
        h += '<main class="NewsPage_main__R2d6w"><div class="Container_container__9bQ1s"><nav class="Breadcrumbs_breadcrumbs__4nTqz"><a class="Breadcrumbs_link__Vq0cM" href="/">Главная</a><span class="Breadcrumbs_sep__1Kx0a">/</span><span class="Breadcrumbs_current__b8LzE">Новости</span></nav>'
        h += '<h1 class="NewsPage_title__Lm3Fj">Новости</h1><div class="NewsPage_filters__0pXwq"><button class="Chip_chip__v2J9d Chip_active__k1PqS" type="button">Все</button><button class="Chip_chip__v2J9d" type="button">Экспорт</button><button class="Chip_chip__v2J9d" type="button">Обучение</button><button class="Chip_chip__v2J9d" type="button">Бизнес-миссии</button></div><div class="NewsPage_grid__7hGtY">'
        for a in items:
            cover = (
                f'<div class="NewsCard_image__Nf0sL"><img alt="" loading="lazy" width="400" height="260" decoding="async" data-nimg="1" style="color:transparent" srcSet="/_next/image?url=%2Fuploads%2Fnews%2F{img(a, 1200)}.jpg&amp;w=640&amp;q=75 1x, /_next/image?url=%2Fuploads%2Fnews%2F{img(a, 1200)}.jpg&amp;w=828&amp;q=75 2x" src="/_next/image?url=%2Fuploads%2Fnews%2F{img(a, 1200)}.jpg&amp;w=828&amp;q=75"/></div>'
                if a["photo"]
                else '<div class="NewsCard_image__Nf0sL NewsCard_placeholder__aQ3mV"></div>'
            )
            h += f'<a class="NewsCard_card__1vQ7n" href="/news/{a["id"]}">{cover}<div class="NewsCard_body__Hq2sT"><time class="NewsCard_date__4Fq2e" dateTime="{iso(a["dt"], tz)}">{d_long(a["dt"])}</time><h3 class="NewsCard_title__3xK9a">{esc(a["title"])}</h3><p class="NewsCard_lead__uV8mD">{esc(lead_of(a, 200))}</p></div></a>'
        h += '</div><nav class="Pagination_pagination__2s0dG" aria-label="pagination">'
        n = len(site["chunks"])
        if idx > 0:
            prev = "/news" if idx == 1 else f"/news?page={idx}"
            h += f'<a class="Pagination_arrow__Jk3sD" href="{prev}" aria-label="Назад">←</a>'
        for i in range(n):
            href = "/news" if i == 0 else f"/news?page={i + 1}"
            cls = "Pagination_page__wZ1mA Pagination_current__k8Ls0" if i == idx else "Pagination_page__wZ1mA"
            h += f'<a class="{cls}" href="{href}">{i + 1}</a>'
        if idx + 1 < n:
            h += f'<a class="Pagination_arrow__Jk3sD" href="/news?page={idx + 2}" aria-label="Вперёд">→</a>'
        h += "</nav></div></main>"
        props = {
            "news": {
                "items": [nextjs_export.card_json(a, tz) for a in items],
                "page": idx + 1,
                "pageSize": site["per_page"][0],
                "total": len(site["arts"]),
            }
        }
        return h + nextjs_export.footer("/news", {"page": str(idx + 1)} if idx else {}, props)

    @staticmethod
    def article(site, a):
        tz = site["tz"]
        h = f'<!DOCTYPE html><html lang="ru"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>{esc(a["title"])} | ЦПЭ Камчатского края</title><meta name="description" content="{esc(lead_of(a, 160))}"/><meta property="og:title" content="{esc(a["title"])}"/><meta property="og:type" content="article"/><meta name="next-head-count" content="6"/>{nextjs_export.CSS}<script src="/_next/static/chunks/pages/news/%5Bslug%5D-0e2c5a1f9b3d7a44.js" defer=""></script></head><body>'
        h += nextjs_export.header()
        h += f'<main class="ArticlePage_main__tQ8wN"><div class="Container_container__9bQ1s"><nav class="Breadcrumbs_breadcrumbs__4nTqz"><a class="Breadcrumbs_link__Vq0cM" href="/">Главная</a><span class="Breadcrumbs_sep__1Kx0a">/</span><a class="Breadcrumbs_link__Vq0cM" href="/news">Новости</a><span class="Breadcrumbs_sep__1Kx0a">/</span><span class="Breadcrumbs_current__b8LzE">{esc(truncate(a["title"], 50))}</span></nav>'
        h += f'<article class="Article_article__Y6vNd"><h1 class="Article_title__Vb9qR">{esc(a["title"])}</h1><div class="Article_meta__d2RkU"><time class="Article_date__pL4sQ" dateTime="{iso(a["dt"], tz)}">{d_long(a["dt"])}</time>'
        h += "".join(f'<span class="Tag_tag__nB7cE">#{esc(t)}</span>' for t in a["tags"]) + "</div>"
        if a["photo"]:
            h += f'<figure class="Article_cover__hS1xZ"><img alt="{esc(a["title"])}" width="1200" height="700" decoding="async" data-nimg="1" style="color:transparent" src="/_next/image?url=%2Fuploads%2Fnews%2F{img(a, 1200)}.jpg&amp;w=1920&amp;q=75"/><figcaption class="Article_caption__m0FqA">{esc(a["credit"])}</figcaption></figure>'
        content = body_html(a["blocks"], h="h2")
        h += f'<div class="Article_content__2hG0k">{content}</div>'
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f'<div class="Files_files__rT4pM"><a class="Files_file__s1QjD" href="/uploads/files/{a["id"]}.{ext.lower()}" download=""><span class="Files_name__Ua2cF">{t}</span><span class="Files_meta__hL7bN">{ext} · {size_str(kb)}</span></a></div>'
        h += (
            '<div class="Share_share__aX8dE"><span class="Share_label__b3MfQ">Поделиться:</span><a class="Share_item__wP0cK" href="https://vk.com/share.php?url=https%3A%2F%2Fexport41.ru%2Fnews%2F'
            + str(a["id"])
            + '" target="_blank" rel="noreferrer">VK</a><a class="Share_item__wP0cK" href="https://t.me/share/url?url=https%3A%2F%2Fexport41.ru%2Fnews%2F'
            + str(a["id"])
            + '" target="_blank" rel="noreferrer">Telegram</a></div></article>'
        )
        h += '<section class="RelatedNews_related__Fz2kL"><h2 class="RelatedNews_title__oM5qV">Читайте также</h2><div class="RelatedNews_list__cR9wT">'
        for r in a["related"]:
            h += f'<a class="NewsCard_card__1vQ7n NewsCard_compact__x3Lm0" href="/news/{r["id"]}"><div class="NewsCard_body__Hq2sT"><time class="NewsCard_date__4Fq2e" dateTime="{iso(r["dt"], tz)}">{d_long(r["dt"])}</time><h3 class="NewsCard_title__3xK9a">{esc(r["title"])}</h3></div></a>'
        h += '</div></section><a class="Article_back__Gq1vX" href="/news">← Все новости</a></div></main>'
        props = {
            "article": dict(nextjs_export.card_json(a, tz), content=content),
            "related": [nextjs_export.card_json(r, tz) for r in a["related"]],
        }
        return h + nextjs_export.footer("/news/[slug]", {"slug": str(a["id"])}, props)


VIEWSTATE = "/wEPDwUKLTY0NjA3NzY5Nw9kFgJmD2QWAgIDD2QWBgIBD2QWAmYPFgIeBFRleHQFIdCc0LjQvdGN0LrQvtC90L7QvNC40LrQuCDQoChNKWQCAw9kFgQCAQ8WAh4LXyFJdGVtQ291bnQCCGQCAw8PFgIeB1Zpc2libGVnZGQYAQUeX19Db250cm9sc1JlcXVpcmVQb3N0QmFja0tleV9fFgEFGWN0bDAwJGJ0blNlYXJjaA=="


class aspnet_gov:
    @staticmethod
    def head(site, action, body_cls):
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">

<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(site["name"])}
</title><link href="../App_Themes/Sakha/main.css" type="text/css" rel="stylesheet" /><link href="../App_Themes/Sakha/menu.css" type="text/css" rel="stylesheet" /></head>
<body class="{body_cls}">
    <form name="aspnetForm" method="post" action="{action}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{VIEWSTATE}" />
</div>

<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{
    theForm = document.aspnetForm;
}}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>

<div>
	<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="C0A4E6D2" />
	<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEWBAKm8oK+DQLs0bLrBgKM54rGBgK7q7GGCNsH3nOTt0hfH3xV3k0Dq4ZkLZ4D" />
</div>
<div id="ctl00_pnlTop" class="top">
	<div class="gerb"><a href="../Default.aspx"><img src="../Images/gerb_sakha.png" alt="Герб РС(Я)" /></a></div>
	<div class="sitename"><span id="ctl00_lblSiteName">{esc(site["name"])}</span></div>
	<div class="topcontacts">Приемная: (4112) 50-69-10<br />Телефон доверия: (4112) 50-69-44</div>
	<div class="search"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" class="searchbox" /><input type="submit" name="ctl00$btnSearch" value="Найти" id="ctl00_btnSearch" /></div>
</div>
<div id="ctl00_pnlMenu" class="menu">
	<a id="ctl00_rptMenu_ctl00_hlMenu" href="../About/Default.aspx">О министерстве</a> |
	<a id="ctl00_rptMenu_ctl01_hlMenu" href="../Activity/Default.aspx">Деятельность</a> |
	<a id="ctl00_rptMenu_ctl02_hlMenu" href="../Invest/Default.aspx">Инвестиционная политика</a> |
	<a id="ctl00_rptMenu_ctl03_hlMenu" class="selected" href="News.aspx">Пресс-служба</a> |
	<a id="ctl00_rptMenu_ctl04_hlMenu" href="../Contacts.aspx">Контакты</a>
</div>
<table class="layout" cellpadding="0" cellspacing="0"><tr><td class="leftcol" valign="top">
	<div class="leftmenu"><a href="News.aspx" class="active">Новости</a><a href="Announce.aspx">Анонсы</a><a href="Photo.aspx">Фотоархив</a><a href="javascript:__doPostBack('ctl00$lnkArchive','')" id="ctl00_lnkArchive">Архив новостей</a></div>
	<div class="banners"><a href="http://www.gosuslugi.ru/" target="_blank"><img src="../Images/banners/gosuslugi.gif" alt="Госуслуги" /></a><a href="../Invest/Map.aspx"><img src="../Images/banners/invest_map.jpg" alt="Инвестиционная карта Якутии" /></a></div>
</td><td class="maincol" valign="top">
"""

    FOOT = """</td></tr></table>
<div id="ctl00_pnlFooter" class="footer">
	677000, Республика Саха (Якутия), г. Якутск, ул. Аммосова, 8. E-mail: mineconomy@sakha.gov.ru<br />
	&copy; 2008-2025 Министерство экономики Республики Саха (Якутия)
	<div class="counter"><!-- Yandex.Metrika informer --><a href="https://metrika.yandex.ru/stat/?id=11823340" target="_blank" rel="nofollow"><img src="https://informer.yandex.ru/informer/11823340/3_0_FFFFFFFF_EFEFEFFF_0_pageviews" alt="Яндекс.Метрика" /></a></div>
</div>
</form>
</body>
</html>
"""

    @staticmethod
    def stamp(d):
        return f"{d_dots(d)} {d:%H:%M}"

    @staticmethod
    def listing(site, idx, items):
        action = "./News.aspx" if idx == 0 else f"./News.aspx?page={idx + 1}"
        h = aspnet_gov.head(site, action, "news")
        h += '<div class="path"><a href="../Default.aspx">Главная</a> &raquo; <a href="Default.aspx">Пресс-служба</a> &raquo; Новости</div>\n<h1 class="pagetitle">Новости</h1>\n'
        h += '<table id="ctl00_ContentPlaceHolder1_dlNews" class="newslist" cellspacing="0" border="0" style="border-collapse:collapse;">\n'
        for k, a in enumerate(items):
            p = f"ctl00_ContentPlaceHolder1_dlNews_ctl{k:02d}"
            pic = (
                f'<img id="{p}_imgNews" class="newsimg" src="../Upload/News/Thumbs/{a["id"]}.jpg" style="border-width:0px;" />'
                if a["photo"]
                else ""
            )
            h += f"""	<tr>
		<td>
            <div class="newsitem">{pic}
                <span id="{p}_lblDate" class="newsdate">{aspnet_gov.stamp(a["dt"])}</span><br />
                <a id="{p}_hlTitle" class="newstitle" href="NewsView.aspx?id={a["id"]}">{esc(a["title"])}</a>
                <div class="newsanons"><span id="{p}_lblAnons">{esc(lead_of(a, 260))}</span></div>
            </div>
        </td>
	</tr>
"""
        h += "</table>\n"
        n = len(site["chunks"])
        h += '<div id="ctl00_ContentPlaceHolder1_pnlPager" class="pager">\n\tСтраницы:\n'
        for i in range(n):
            href = "News.aspx" if i == 0 else f"News.aspx?page={i + 1}"
            h += (
                f'\t<span class="current">{i + 1}</span>\n'
                if i == idx
                else f'\t<a href="{href}">{i + 1}</a>\n'
            )
        if idx + 1 < n:
            h += f'\t<a href="News.aspx?page={idx + 2}">Следующая &gt;</a>\n'
        h += "</div>\n"
        return h + aspnet_gov.FOOT

    @staticmethod
    def article(site, a):
        h = aspnet_gov.head(site, f"./NewsView.aspx?id={a['id']}", "newsview")
        h += '<div class="path"><a href="../Default.aspx">Главная</a> &raquo; <a href="Default.aspx">Пресс-служба</a> &raquo; <a href="News.aspx">Новости</a></div>\n'
        h += '<div id="ctl00_ContentPlaceHolder1_pnlNews" class="newsfull">\n'
        h += f'\t<span id="ctl00_ContentPlaceHolder1_lblDate" class="newsdate">{aspnet_gov.stamp(a["dt"])}</span><br />\n'
        h += f'\t<span id="ctl00_ContentPlaceHolder1_lblTitle" class="newstitlefull">{esc(a["title"])}</span>\n'
        if a["photo"]:
            h += f'\t<div class="newsphoto"><img id="ctl00_ContentPlaceHolder1_imgPhoto" src="../Upload/News/{a["id"]}.jpg" style="border-width:0px;" /><br /><span id="ctl00_ContentPlaceHolder1_lblPhotoAuthor" class="photoauthor">{esc(a["credit"])}</span></div>\n'
        body = body_html(
            a["blocks"],
            h="strong",
            quote="MsoQuote",
            p_attr=' class="MsoNormal" style="text-align:justify;text-indent:35.45pt"',
        )
        body = (
            body.replace(
                '<p class="MsoNormal" style="text-align:justify;text-indent:35.45pt">',
                '<p class="MsoNormal" style="text-align:justify;text-indent:35.45pt"><span style=\'font-size:13.0pt;font-family:"Times New Roman","serif"\'>',
            )
            .replace("</p>", "</span></p>")
            .replace("<p><strong>", "<p><span><strong>")
            .replace('<p class="MsoQuote"><i>', '<p class="MsoQuote"><span><i>')
        )
        h += f'\t<div id="ctl00_ContentPlaceHolder1_pnlText" class="newstext">\n{body}\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n\t</div>\n'
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f'\t<div class="files"><a id="ctl00_ContentPlaceHolder1_rptFiles_ctl00_hlFile" href="../Upload/Files/{a["id"]}_1.{ext.lower()}">{t}</a> <span class="filesize">({ext}, {size_str(kb)})</span></div>\n'
        if a["source"]:
            h += f'\t<div class="source">Источник: {a["source"]}</div>\n'
        h += f'\t<div class="newsviews">Количество просмотров: <span id="ctl00_ContentPlaceHolder1_lblViews">{a["views"]}</span></div>\n'
        h += f'\t<div class="newslinks"><a id="ctl00_ContentPlaceHolder1_hlPrint" href="NewsPrint.aspx?id={a["id"]}" target="_blank">Версия для печати</a> | <a href="javascript:history.back()">&laquo; Назад</a></div>\n</div>\n'
        return h + aspnet_gov.FOOT


class gosweb_ministry:
    BASE = "/deyatelnost/novosti-ministerstva/"

    @staticmethod
    def head(site, title, crumbs):
        cr = "".join(
            f"<li class='breadcrumbs-item'><a href='{u}' class='tpl-text-alt'>{t}</a></li>"
            for u, t in crumbs[:-1]
        )
        cr += f"<li class='breadcrumbs-item'><span class='tpl-text-alt'>{esc(crumbs[-1][1])}</span></li>"
        return f"""<!DOCTYPE html>
<html lang='ru'>
<head>
<meta charset='utf-8'>
<meta name='viewport' content='width=device-width, initial-scale=1'>
<title>{esc(title)}</title>
<link rel='stylesheet' href='/netcat_template/template/gosweb/assets/css/main.min.css?v=4.12.7'>
<link rel='icon' href='/netcat_files/favicon/favicon-49.ico'>
<script src='/netcat_template/template/gosweb/assets/js/vendor.min.js?v=4.12.7' defer></script>
</head>
<body class='tpl-body gw-theme-blue'>
<div class='gw-special-panel'><a href='#' class='gw-special-toggle tpl-text-alt'>Версия для слабовидящих</a></div>
<header class='gw-header'>
 <div class='gw-header-top'><div class='gw-container'>
  <a href='/' class='gw-header-logo'><img src='/netcat_files/generated/2/3/gerb-magadan.svg' alt=''>
   <span class='gw-header-name tpl-text-header3'>{esc(site["name"])}</span></a>
  <div class='gw-header-contacts'><a href='tel:+74132625030' class='tpl-text-default'>+7 (4132) 62-50-30</a><span class='tpl-text-alt'>Приёмная министерства</span></div>
  <a href='https://www.gosuslugi.ru/' class='gw-header-gosuslugi' target='_blank' rel='nofollow'><img src='/netcat_template/template/gosweb/assets/img/gosuslugi.svg' alt='Госуслуги'></a>
 </div></div>
 <nav class='gw-header-menu'><div class='gw-container'><ul class='gw-menu-list'>
  <li><a href='/glavnoe/' class='tpl-text-default'>Главное</a></li>
  <li><a href='/ofitsialno/' class='tpl-text-default'>Официально</a></li>
  <li class='active'><a href='/deyatelnost/' class='tpl-text-default'>Деятельность</a></li>
  <li><a href='/dlya-zhiteley/' class='tpl-text-default'>Для жителей</a></li>
  <li><a href='/kontakty/' class='tpl-text-default'>Контакты</a></li>
 </ul></div></nav>
</header>
<main class='gw-main'><div class='gw-container'>
<ul class='breadcrumbs' itemscope itemtype='https://schema.org/BreadcrumbList'>{cr}</ul>
"""

    @staticmethod
    def foot():
        return """</div>
<div class='gw-pos-widget'><div class='tpl-text-header3'>Не нашли ответ на свой вопрос?</div><div class='tpl-text-default'>Напишите нам через платформу обратной связи Госуслуг</div><a href='https://pos.gosuslugi.ru/form/?opaId=215634' class='tpl-button tpl-button-primary' target='_blank'>Написать</a></div>
</main>
<footer class='gw-footer'><div class='gw-container'>
 <div class='gw-footer-name tpl-text-default'>Министерство экономического развития, инвестиционной политики и инноваций Магаданской области</div>
 <div class='gw-footer-address tpl-text-alt'>685000, г. Магадан, ул. Горького, 6. Электронная почта: minec@49gov.ru</div>
 <ul class='gw-footer-menu'><li><a href='/ofitsialno/dokumenty/'>Документы</a></li><li><a href='/karta-sayta/'>Карта сайта</a></li><li><a href='/politika-obrabotki-personalnyh-dannyh/'>Политика обработки персональных данных</a></li></ul>
 <div class='gw-footer-platform tpl-text-alt'>Сайт работает на Платформе ГосВеб</div>
</div></footer>
<div class='gw-cookie' data-cookie-name='gw_cookie_agree'><div class='tpl-text-default'>Продолжая пользоваться сайтом, вы соглашаетесь на использование cookie-файлов.</div><button type='button' class='tpl-button tpl-button-primary'>Согласен</button></div>
</body>
</html>
"""

    @staticmethod
    def human(d):
        return f"{d_long(d)} {d:%H:%M}"

    @staticmethod
    def listing(site, idx, items):
        B = gosweb_ministry.BASE
        crumbs = [("/", "Главная"), ("/deyatelnost/", "Деятельность"), (B, "Новости министерства")]
        h = gosweb_ministry.head(site, "Новости министерства", crumbs)
        h += "<h1 class='tpl-text-header1'>Новости министерства</h1>\n"
        h += f"<div class='news-rubrics'><a href='{B}' class='tpl-text-alt active'>Все</a> <a href='{B}?filter[231][Category]=4' rel='nofollow' class='tpl-text-alt'>Инвестиции</a> <a href='{B}?filter[231][Category]=7' rel='nofollow' class='tpl-text-alt'>Поддержка бизнеса</a> <a href='{B}?filter[231][Category]=9' rel='nofollow' class='tpl-text-alt'>Инновации</a></div>\n"
        h += f"<div class='tpl-block-231'><div class='objects-list'><div class='tpl-block-list-objects news-list-rows' data-object-count='{len(items)}'>\n"
        for a in items:
            u = path(a["url"])
            pic = (
                f"""<div class='item-image'><a href='{u}' title='{esc(a["title"])}'><img src='/netcat_files/49/231/{img(a, 640)}.jpg' alt='{esc(a["title"])}.'></a></div>"""
                if a["photo"]
                else ""
            )
            h += f"""<div class='object-item object-item-row' itemscope itemtype='https://schema.org/NewsArticle'>
    <meta itemprop='datePublished' content='{a["dt"]:%Y-%m-%d %H:%M}:00' />
    {pic}
    <div class='item-info'>
        <div class='item-date tpl-text-alt'>{gosweb_ministry.human(a["dt"])}</div>
        <div class='object-item-title tpl-text-header3' itemprop='headline'><a href='{u}' itemprop='url' title='{esc(a["title"])}'>{esc(a["title"])}</a></div>
        <div class='object-item-announce tpl-text-default' itemprop='description'>{esc(lead_of(a, 200))}</div>
    </div>
</div>
"""
        h += "</div></div>\n<div class='tpl-pagination'>"
        n = len(site["chunks"])
        per = site["per_page"][0]
        for i in range(n):
            href = B if i == 0 else f"{B}?cur_cc=231&amp;curPos={i * per}"
            h += (
                f"<span class='tpl-pagination-item active'>{i + 1}</span>"
                if i == idx
                else f"<a class='tpl-pagination-item' href='{href}'>{i + 1}</a>"
            )
        if idx + 1 < n:
            h += f"<a class='tpl-pagination-next' href='{B}?cur_cc=231&amp;curPos={(idx + 1) * per}' title='Следующая страница'></a>"
        h += "</div></div>\n"
        return h + gosweb_ministry.foot()

    @staticmethod
    def article(site, a):
        B = gosweb_ministry.BASE
        crumbs = [
            ("/", "Главная"),
            ("/deyatelnost/", "Деятельность"),
            (B, "Новости министерства"),
            ("", a["title"]),
        ]
        h = gosweb_ministry.head(site, a["title"], crumbs)
        h += f"<div class='object-full' itemscope itemtype='https://schema.org/NewsArticle'>\n<meta itemprop='datePublished' content='{a['dt']:%Y-%m-%d %H:%M}:00' />\n"
        if a["updated"]:
            h += f"<meta itemprop='dateModified' content='{a['updated']:%Y-%m-%d %H:%M}:00' />\n"
        h += f"<h1 class='tpl-text-header1' itemprop='headline'>{esc(a['title'])}</h1>\n"
        h += f"<div class='object-full-info'><span class='item-date tpl-text-alt' title='{gosweb_ministry.human(a['dt'])}'>{gosweb_ministry.human(a['dt'])}</span>"
        if a["updated"]:
            h += f" <span class='item-date-update tpl-text-alt'>Обновлено: {gosweb_ministry.human(a['updated'])}</span>"
        h += "</div>\n"
        if a["photo"]:
            h += f"<div class='tpl-component-gw-image'><figure><img src='/netcat_files/49/231/{img(a, 1280)}.jpg' alt='{esc(a['title'])}' itemprop='image'><figcaption class='tpl-text-alt'>{esc(a['credit'])}</figcaption></figure></div>\n"
        h += (
            "<div class='tpl-component-gw-base-text'><div class='tpl-text-default' itemprop='articleBody'>\n"
            + body_html(a["blocks"], h="h3")
            + "\n</div></div>\n"
        )
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f"<div class='tpl-component-gw-file'><a href='/netcat_files/49/231/{a['id']}_{ext.lower()}.{ext.lower()}' class='file-item' download><span class='file-name tpl-text-default'>{t}</span><span class='file-info tpl-text-alt'>Документ ({ext}, {size_str(kb)})</span></a></div>\n"
        h += (
            "<div class='object-share'><span class='tpl-text-alt'>Поделиться:</span> <a href='https://vk.com/share.php?url="
            + a["url"]
            + "' target='_blank' rel='nofollow'>ВКонтакте</a> <a href='https://connect.ok.ru/offer?url="
            + a["url"]
            + "' target='_blank' rel='nofollow'>Одноклассники</a></div>\n"
        )
        h += f"<a href='{B}' class='tpl-link-back tpl-text-default'>Назад к списку</a>\n</div>\n"
        return h + gosweb_ministry.foot()


class static_1251:
    @staticmethod
    def listing(site, idx, items):
        year = items[0]["dt"].year
        other = 2010 if year == 2011 else 2011
        h = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Новости {year} года - Инвестиционный портал Тульской области</title>
<link rel="stylesheet" href="../style.css" type="text/css">
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td background="../img/top_bg.gif" height="96"><a href="../index.htm"><img src="../img/logo.gif" width="320" height="96" border="0" alt="Инвестиционный портал Тульской области"></a></td>
<td background="../img/top_bg.gif" align="right" valign="bottom"><font face="Verdana" size="1" color="#FFFFFF">Тел.: (4872) 36-18-40&nbsp;&nbsp;<br>E-mail: invest@tula.net&nbsp;&nbsp;</font></td></tr>
</table>
<table width="100%" border="0" cellspacing="0" cellpadding="8">
<tr><td width="180" valign="top" bgcolor="#E8EEF4">
<font face="Verdana" size="2">
<a href="../index.htm"><b>Главная</b></a><br><br>
<a href="../region.htm">О регионе</a><br>
<a href="../invest.htm">Инвестиционный климат</a><br>
<a href="../projects.htm">Инвестиционные проекты</a><br>
<a href="../parks.htm">Индустриальные парки</a><br>
<a href="2011.htm"><b>Новости</b></a><br>
<a href="../zakon.htm">Законодательство</a><br>
<a href="../contacts.htm">Контакты</a><br>
</font>
<br><br><a href="../eng/index.htm"><img src="../img/eng.gif" width="24" height="16" border="0" alt="English"></a>
</td>
<td valign="top">
<font face="Verdana" size="4" color="#003366"><b>Новости</b></font><br>
<font face="Verdana" size="2">Архив: {'<b>2011</b> | <a href="2010.htm">2010</a>' if year == 2011 else '<a href="2011.htm">2011</a> | <b>2010</b>'} | <a href="2009.htm">2009</a></font>
<hr size="1" noshade color="#003366">
"""
        for a in items:
            md = f"{a['dt']:%m%d}"
            h += f"""<p><a name="{md}"></a><font face="Verdana" size="2" color="#003366"><b>{d_dots(a["dt"])}</b></font><br>
<font face="Verdana" size="2"><a href="{a["dt"]:%Y}/{md}.htm"><b>{esc(a["title"])}</b></a></font><br>
<font face="Arial" size="2">{esc(lead_of(a, 300))}</font></p>
<hr size="1" noshade color="#CCCCCC">
"""
        if year == 2011:
            h += f'<p align="right"><font face="Verdana" size="2"><a href="{other}.htm">Новости {other} года &gt;&gt;</a></font></p>\n'
        h += """</td></tr>
</table>
<table width="100%" border="0" cellspacing="0" cellpadding="4" bgcolor="#003366">
<tr><td><font face="Verdana" size="1" color="#FFFFFF">&copy; 2008-2011 Департамент экономического развития Тульской области. При перепечатке ссылка обязательна.</font></td>
<td align="right"><!--LiveInternet counter--><a href="http://www.liveinternet.ru/click" target="_blank"><img src="http://counter.yadro.ru/hit?t14.6;r" alt="" title="LiveInternet: показано число просмотров за 24 часа" border="0" width="88" height="31"></a><!--/LiveInternet--></td></tr>
</table>
</body>
</html>
"""
        return h

    @staticmethod
    def article(site, a):
        body = []
        for kind, val in a["blocks"]:
            if kind == "p":
                body.append(f'<P ALIGN="justify"><FONT FACE="Arial" SIZE="2">{esc(val)}</FONT></P>')
            elif kind == "h":
                body.append(f'<P><FONT FACE="Arial" SIZE="2"><B>{esc(val)}</B></FONT></P>')
            elif kind == "q":
                body.append(f'<P ALIGN="justify"><FONT FACE="Arial" SIZE="2"><I>{esc(val)}</I></FONT></P>')
            else:
                body.append(
                    "<UL>"
                    + "".join(f'<LI><FONT FACE="Arial" SIZE="2">{esc(x)}</FONT>' for x in val)
                    + "</UL>"
                )
        nl = "\n"
        return f"""<HTML>
<HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1251">
<TITLE>{d_dots(a["dt"])} {esc(a["title"])}</TITLE>
<LINK REL="stylesheet" HREF="../../style.css" TYPE="text/css">
</HEAD>
<BODY BGCOLOR="#FFFFFF" LEFTMARGIN="0" TOPMARGIN="0">
<TABLE WIDTH="100%" BORDER="0" CELLSPACING="0" CELLPADDING="0">
<TR><TD BACKGROUND="../../img/top_bg.gif" HEIGHT="96"><A HREF="../../index.htm"><IMG SRC="../../img/logo.gif" WIDTH="320" HEIGHT="96" BORDER="0" ALT="Инвестиционный портал Тульской области"></A></TD></TR>
</TABLE>
<TABLE WIDTH="760" BORDER="0" CELLSPACING="0" CELLPADDING="10">
<TR><TD VALIGN="top">
<FONT FACE="Verdana" SIZE="1"><A HREF="../../index.htm">Главная</A> / <A HREF="../{a["dt"]:%Y}.htm">Новости</A></FONT><BR><BR>
<FONT FACE="Verdana" SIZE="2" COLOR="#666666">{d_dots(a["dt"])}</FONT><BR>
<FONT FACE="Verdana" SIZE="3" COLOR="#003366"><B>{esc(a["title"])}</B></FONT><BR><BR>
{('<CENTER><IMG SRC="../../img/news/' + f"{a['dt']:%Y%m%d}" + '.jpg" WIDTH="400" BORDER="1"><BR><FONT FACE="Arial" SIZE="1">' + esc(a["credit"]) + "</FONT></CENTER><BR>") if a["photo"] else ""}
{nl.join(body)}
<BR><FONT FACE="Verdana" SIZE="2"><A HREF="../{a["dt"]:%Y}.htm#{a["dt"]:%m%d}">&lt;&lt; Назад к новостям</A></FONT>
</TD></TR>
</TABLE>
<HR SIZE="1" NOSHADE>
<CENTER><FONT FACE="Verdana" SIZE="1">&copy; 2008-2011 Департамент экономического развития Тульской области</FONT></CENTER>
</BODY>
</HTML>
"""


class webasyst_blog:
    @staticmethod
    def head(site, title):
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="Keywords" content="" />
<meta name="Description" content="" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link href="/wa-data/public/site/themes/default/default.css?v2.9.1.146" rel="stylesheet" type="text/css"/>
<link href="/wa-data/public/blog/themes/default/default.blog.css?v2.9.1.146" rel="stylesheet" type="text/css"/>
<script type="text/javascript" src="/wa-content/js/jquery/jquery-1.11.1.min.js"></script>
<link rel="alternate" type="application/rss+xml" title="Новости" href="https://cdp73.ru/blog/rss/" />
</head>
<body>
<div id="header">
  <div class="container">
    <h2><a href="/">{esc(site["name"])}</a></h2>
    <ul class="pages flyout-nav"><li><a href="/">Главная</a></li><li><a href="/about/">О корпорации</a></li><li><a href="/uslugi/">Услуги</a></li><li class="selected"><a href="/blog/">Новости</a></li><li><a href="/kontakty/">Контакты</a></li></ul>
    <div class="phone">+7 (8422) 27-13-08</div>
  </div>
</div>
<div id="main"><div class="container">
<div class="sidebar left200px">
  <ul class="menu-v"><li class="selected"><a href="/blog/">Все записи</a></li><li><a href="/blog/category/podderzhka/">Поддержка</a></li><li><a href="/blog/category/proekty/">Проекты</a></li></ul>
  <h5>Архив</h5>
  <ul class="menu-v timeline"><li><a href="/blog/2025/03/">Март 2025</a></li><li><a href="/blog/2025/02/">Февраль 2025</a></li><li><a href="/blog/2025/01/">Январь 2025</a></li></ul>
  <div class="subscribe"><a href="https://cdp73.ru/blog/rss/" class="rss">RSS</a></div>
</div>
<div class="content left200px" id="page" role="main">
"""

    FOOT = """</div>
<div class="clear-both"></div>
</div></div>
<div id="footer"><div class="container">
  <div class="copyright">&copy; 2025 АО «Корпорация развития промышленности и предпринимательства Ульяновской области»</div>
  <div class="powered">Работает на <a href="https://www.webasyst.ru/">Webasyst</a></div>
</div></div>
</body>
</html>
"""

    @staticmethod
    def stamp(d):
        return f"{d_long(d)} {d:%H:%M}"

    @staticmethod
    def listing(site, idx, items):
        h = webasyst_blog.head(site, f"Новости — {site['name']}")
        h += '<div id="blog-stream" class="blog-stream">\n'
        for a in items:
            u = path(a["url"])
            nc = a["views"] % 5
            cc = (
                f'<div class="comment-count"><a href="{u}#comments">{nc} {plural(nc, "комментарий", "комментария", "комментариев")}</a></div>'
                if nc
                else ""
            )
            h += f"""<div class="post" id="post-{a["id"] + 200}" itemscope itemtype="http://schema.org/BlogPosting">
    <h3>
        <a href="{u}" itemprop="url"><span itemprop="name">{esc(a["title"])}</span></a>
    </h3>
    <div class="credentials">
        <a href="/blog/author/3/" class="username" itemprop="author">Пресс-служба</a>
        <span class="hint date" itemprop="datePublished" content="{a["dt"]:%Y-%m-%dT%H:%M}">{webasyst_blog.stamp(a["dt"])}</span>
    </div>
    <div class="text" itemprop="articleBody">
        <p>{esc(a["blocks"][0][1])}</p>
        <a href="{u}" class="more">Читать далее →</a>
    </div>
    {cc}
</div>
"""
        h += "</div>\n"
        n = len(site["chunks"])
        h += '<div class="pageless-wrapper"><ul class="paging">'
        for i in range(n):
            href = "/blog/" if i == 0 else f"/blog/?page={i + 1}"
            h += f'<li{" class=selected" if i == idx else ""}><a href="{href}">{i + 1}</a></li>'
        if idx + 1 < n:
            h += f'<li><a href="/blog/?page={idx + 2}" class="inline-link">→</a></li>'
        h += "</ul></div>\n"
        return h + webasyst_blog.FOOT

    @staticmethod
    def article(site, a):
        h = webasyst_blog.head(site, f"{a['title']} — Новости — {site['name']}")
        h += f'<div class="post" id="post-{a["id"] + 200}" role="main" itemscope itemtype="http://schema.org/BlogPosting">\n'
        h += f'<h1><span itemprop="name">{esc(a["title"])}</span></h1>\n'
        h += f'<div class="credentials"><a href="/blog/author/3/" class="username" itemprop="author">Пресс-служба</a> <span class="hint date" itemprop="datePublished" content="{a["dt"]:%Y-%m-%dT%H:%M}">{webasyst_blog.stamp(a["dt"])}</span></div>\n'
        h += '<div class="text" itemprop="articleBody">\n'
        if a["photo"]:
            h += f'<p><img src="/wa-data/public/blog/img/{img(a, 900)}.jpg" alt="" /></p>\n<p class="hint">{esc(a["credit"])}</p>\n'
        h += body_html(a["blocks"], h="h3") + "\n</div>\n"
        if a["tags"]:
            h += (
                '<div class="tags">Теги: '
                + ", ".join(f'<a href="/blog/tag/{t.replace(" ", "+")}/">{t}</a>' for t in a["tags"])
                + "</div>\n"
            )
        h += "</div>\n"
        h += f"""<section class="comments" id="comments">
<h3 class="comment-count">Комментарии (0)</h3>
<div class="comment-form" id="comment-form"><h4>Добавить комментарий</h4>
<form method="post" action="{path(a["url"])}comment/"><div class="comment-form-fields">
<p><label for="comment_name">Ваше имя</label><input type="text" name="name" id="comment_name" value=""></p>
<p><label for="comment_email">Email</label><input type="text" name="email" id="comment_email" value=""></p>
<p><textarea id="comment_text" name="text" rows="10" cols="45"></textarea></p>
</div><input type="submit" value="Добавить комментарий" /></form></div>
</section>
"""
        return h + webasyst_blog.FOOT
