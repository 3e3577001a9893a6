"""1C-Bitrix with an Aspro-style commercial theme (aspro.allcorp-like), Samara ministry of industry."""

from __future__ import annotations

from datetime import datetime

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, css_block, d_long, esc, metrika

TPL = "/bitrix/templates/aspro-allcorp3"


class BitrixAspro(Layout):
    name = "bitrix_aspro"
    family = "1C-Bitrix, Aspro-style commercial theme"
    description = (
        "Aspro-like theme: div.item-views.list > div.item with div.period-block span.date «17 марта "
        "2025», section link beside the date, «Подробнее» button duplicating the link; detail pages "
        "with h1#pagetitle, date only, gallery, ya-share, «Назад к списку»; title «Заголовок - Минпромторг "
        "…»; module-pagination with ?PAGEN_1=N."
    )
    timezone = "Europe/Samara"
    region_key = "samara"
    host = "https://minprom.samregion.ru"
    newest = datetime(2025, 6, 20, 16, 10)
    per_page = (9, 9)

    SECTIONS = (
        ("novosti-ministerstva", "Новости министерства"),
        ("promyshlennost", "Промышленность"),
        ("torgovlya", "Торговля"),
    )

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["sec"] = self.rng.choice(self.SECTIONS)
            rel.extra["pic"] = (
                f"/upload/iblock/{self.rng.getrandbits(12):03x}/{self.rng.getrandbits(48):012x}.jpg"
            )

    def listing_url(self, n: int) -> str:
        return f"{self.host}/press-center/news/" + ("" if n == 1 else f"?PAGEN_1={n}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/press-center/news/{rel.slug}/"

    def published_time(self, rel: Release) -> str | None:
        return None

    def head(self, title: str) -> str:
        return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru" >
<head>
	<title>{esc(title)}</title>
	<meta name="viewport" content="initial-scale=1.0, width=device-width" />
	<meta name="HandheldFriendly" content="true" />
	<meta name="yes" content="yes" />
	<meta name="apple-mobile-web-app-status-bar-style" content="black" />
	<meta name="SKYPE_TOOLBAR" content="SKYPE_TOOLBAR_PARSER_COMPATIBLE" />
	<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
	<meta name="description" content="Официальный сайт министерства промышленности и торговли Самарской области" />
	<link href="https://fonts.googleapis.com/css?family=Montserrat:400,500,700&subset=cyrillic" rel="stylesheet"/>
	<link href="{TPL}/css/bootstrap.min.css?1589187270121326" type="text/css" rel="stylesheet" />
	<link href="{TPL}/vendor/fonts/font-awesome/css/font-awesome.min.css?158918727029063" type="text/css" rel="stylesheet" />
	<link href="{TPL}/css/jquery.fancybox.min.css?15891872701263" type="text/css" rel="stylesheet" />
	<link href="{TPL}/styles.css?1704888311" type="text/css" rel="stylesheet" />
	<link href="{TPL}/template_styles.css?1704888311" type="text/css" rel="stylesheet" />
	<link href="{TPL}/themes/custom_s1/theme.css?170488831145312" type="text/css" rel="stylesheet" />
	<script type="text/javascript">var arAllcorp3Options = {{'SITE_DIR':'/','SITE_ID':'s1','SITE_TEMPLATE_PATH':'{TPL}','THEME':{{'BASE_COLOR':'CUSTOM','BASE_COLOR_CUSTOM':'1d5aa8','TOP_MENU_FIXED':'Y','PAGE_TITLE':'1','SHOW_BREADCRUMBS':'Y','USE_CAPTCHA_FORM':'HIDDEN'}}}};</script>
	<script type="text/javascript" src="{TPL}/js/jquery.actual.min.js?15891872701251"></script>
	<script type="text/javascript" src="{TPL}/js/main.js?1704888311110245"></script>
	{css_block("aspro", self.rng, 55)}
</head>
<body class="fill_bg_n header_fill_ theme-default" id="main">
	<div id="panel"></div>
	<div class="body  hover_">
	<div class="body_media"></div>
	<header class="header_3 long">
		<div class="top-block top-block-v1">
			<div class="maxwidth-theme"><div class="row">
				<div class="top-block-item col-md-4"><div class="phone-block"><i class="svg svg-phone"></i>
					<a href="tel:+78463325501">+7 (846) 332-55-01</a> <span class="grey">приёмная</span></div></div>
				<div class="top-block-item col-md-4"><div class="address"><i class="svg svg-address"></i>443006, г. Самара, ул. Молодогвардейская, 210</div></div>
				<div class="top-block-item col-md-4 text-right"><a href="/special/" class="special-version">Версия для слабовидящих</a></div>
			</div></div>
		</div>
		<div class="maxwidth-theme logo-row"><div class="row">
			<div class="logo-block col-md-3"><div class="logo"><a href="/"><img src="/upload/CAllcorp3/0e5/logo_minprom.png" alt="{attr(self.region.body)}" title="{attr(self.region.body)}" /></a></div></div>
			<div class="col-md-6 slogan"><div class="top-description">{esc(self.region.body)}</div></div>
			<div class="col-md-3"><div class="search-wrapper"><div id="title-search"><form action="/search/"><input class="search-input" id="title-search-input" type="text" name="q" value="" size="20" maxlength="50" autocomplete="off" placeholder="Поиск" /><button class="btn btn-search" type="submit" name="s"><i class="svg svg-search"></i></button></form></div></div></div>
		</div></div>
		<div class="menu-row middle-block bgcolored"><div class="maxwidth-theme"><nav class="mega-menu sliced"><div class="table-menu"><table><tr>
			<td class="menu-item unvisible"><div class="wrap"><a class="" href="/ministry/"><div>О министерстве</div></a></div></td>
			<td class="menu-item unvisible dropdown"><div class="wrap"><a class="dropdown-toggle" href="/activity/"><div>Деятельность</div></a></div></td>
			<td class="menu-item unvisible"><div class="wrap"><a class="" href="/support/"><div>Меры поддержки</div></a></div></td>
			<td class="menu-item unvisible active"><div class="wrap"><a class="" href="/press-center/"><div>Пресс-центр</div></a></div></td>
			<td class="menu-item unvisible"><div class="wrap"><a class="" href="/documents/"><div>Документы</div></a></div></td>
			<td class="menu-item unvisible"><div class="wrap"><a class="" href="/contacts/"><div>Контакты</div></a></div></td>
		</tr></table></div></nav></div></div>
	</header>
	<div role="main" class="main banner-auto">
"""

    def title_block(self, h1: str, crumbs: list[tuple[str, str]]) -> str:
        bc = "".join(
            f'<div class="bx-breadcrumb-item" id="bx_breadcrumb_{i}" itemprop="itemListElement" itemscope '
            f'itemtype="http://schema.org/ListItem"><a href="{u}" title="{attr(t)}" itemprop="item">'
            f'<span itemprop="name">{esc(t)}</span></a><meta itemprop="position" content="{i + 1}" />'
            '</div><span class="separator">-</span>'
            for i, (u, t) in enumerate(crumbs)
        )
        return f"""<section class="page-top maxwidth-theme ">
	<div class="row"><div class="col-md-12">
		<div class="page-top-main">
			<h1 id="pagetitle">{esc(h1)}</h1>
		</div>
		<div class="breadcrumbs" id="navigation" itemscope="" itemtype="http://schema.org/BreadcrumbList">{bc}</div>
	</div></div>
</section>
"""

    def foot(self) -> str:
        return f"""	</div>
	<footer id="footer">
		<div class="footer-v1"><div class="footer-inner"><div class="maxwidth-theme"><div class="row">
			<div class="col-md-3"><div class="copy">&copy; 2025 {esc(self.region.body)}</div></div>
			<div class="col-md-3"><ul class="bottom-menu"><li><a href="/press-center/news/">Новости</a></li><li><a href="/documents/">Документы</a></li><li><a href="/anticorruption/">Противодействие коррупции</a></li></ul></div>
			<div class="col-md-3"><div class="info"><div class="phone"><a href="tel:+78463325501">+7 (846) 332-55-01</a></div><div class="email"><a href="mailto:minprom@samregion.ru">minprom@samregion.ru</a></div></div></div>
			<div class="col-md-3"><div class="social-icons"><ul><li class="vk"><a href="https://vk.com/minpromsamara" target="_blank" rel="nofollow">ВКонтакте</a></li><li class="telegram"><a href="https://t.me/minpromsamara" target="_blank" rel="nofollow">Telegram</a></li></ul></div></div>
		</div></div></div></div>
	</footer>
	<div class="cookie-banner" id="cookie-banner" style="display:none">Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая работу с сайтом, вы соглашаетесь с <a href="/policy/">политикой обработки персональных данных</a>. <button class="btn btn-default btn-xs" onclick="setCookieAgree()">Согласен</button></div>
	</div>
	{metrika(44117452)}
</body>
</html>
"""

    def pager(self, n: int) -> str:
        total = len(self.pages)
        out = ['<div class="module-pagination"><div class="nums"><ul class="flex-direction-nav">']
        if n > 1:
            out.append(
                f'<li class="flex-nav-prev colored_theme_hover_text"><a href="{self.rel_path(self.listing_url(n - 1))}" class="flex-prev"></a></li>'
            )
        if n < total:
            out.append(
                f'<li class="flex-nav-next colored_theme_hover_text"><a href="{self.rel_path(self.listing_url(n + 1))}" class="flex-next"></a></li>'
            )
        out.append("</ul>")
        for k in range(1, total + 1):
            out.append(
                '<span class="cur">1</span>'.replace("1", str(k))
                if k == n
                else f'<a href="{self.rel_path(self.listing_url(k))}" class="dark_link">{k}</a>'
            )
        out.append("</div></div>")
        return "\n".join(out)

    def render_listing(self, n: int) -> Listing:
        items, not_rel = [], []
        for rel in self.pages[n - 1]:
            href = self.rel_path(rel.url)
            sec_url = f"/press-center/news/{rel.extra['sec'][0]}/"
            not_rel.append(self.host + sec_url)
            items.append(f"""<div class="item-wrapper col-md-12 col-sm-12 col-xs-12 clearfix">
	<div class="item noborder shadow clearfix" id="bx_3966226736_{40000 + rel.idx}">
		<div class="image shine">
			<a href="{href}"><img src="{rel.extra["pic"]}" alt="{attr(rel.title)}" title="{attr(rel.title)}" class="img-responsive" /></a>
		</div>
		<div class="body-info">
			<div class="period-block font_xs">
				<span class="date">{d_long(rel.dt)}</span>
				<span class="section_name"><a href="{sec_url}">{esc(rel.extra["sec"][1])}</a></span>
			</div>
			<div class="title">
				<a href="{href}" class="dark-color">{esc(rel.title)}</a>
			</div>
			<div class="previewtext">{esc(rel.teaser)}</div>
			<div class="link-block-more">
				<a href="{href}" class="btn btn-default btn-xs"><span>Подробнее</span></a>
			</div>
		</div>
	</div>
</div>""")
        tabs = "".join(
            f'<div class="item-link"><a href="/press-center/news/{k}/" class="btn-inline">{esc(t)}</a></div>'
            for k, t in self.SECTIONS
        )
        not_rel += [f"{self.host}/press-center/news/{k}/" for k, _ in self.SECTIONS]
        html = (
            self.head("Новости - " + self.region.body)
            + self.title_block("Новости", [("/", "Главная"), ("/press-center/", "Пресс-центр")])
            + '<div class="container"><div class="maxwidth-theme"><div class="content-md">\n'
            + f'<div class="head-block top"><div class="bordered-block">{tabs}</div></div>\n'
            + '<div class="item-views list list-type-block image_left news">\n<div class="items row">\n'
            + "\n".join(items)
            + "\n</div>\n"
            + self.pager(n)
            + "\n</div>\n</div></div></div>\n"
            + self.foot()
        )
        return Listing(html, not_rel)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        inserts = {}
        if len(rel.blocks) > 5:
            inserts[len(rel.blocks) - 1] = (
                f'<p><img src="/upload/medialibrary/{r.getrandbits(12):03x}/p{rel.idx}.jpg" alt="" width="700" '
                'height="467" /></p>'
            )
        text = body_html(rel.blocks, BodyStyle(h="<h4>{}</h4>"), inserts)
        gallery = "".join(
            f'<div class="item"><a href="/upload/iblock/{r.getrandbits(12):03x}/g{k}.jpg" class="fancy" '
            f'data-fancybox="gallery" title="{attr(rel.photo_caption)}"><img src="/upload/resize_cache/iblock/'
            f'{r.getrandbits(12):03x}/300_200_2/g{k}.jpg" alt="{attr(rel.photo_caption)}" /></a></div>'
            for k in range(r.randint(2, 5))
        )
        docs = ""
        if rel.attachments:
            docs = (
                '<div class="wraps docs-block"><h4>Документы</h4><div class="row">'
                + "".join(
                    f'<div class="col-md-6"><div class="blocks clearfix pdf"><div class="inner-wrapper">'
                    f'<a href="/upload/iblock/{r.getrandbits(12):03x}/d{k}.pdf" class="dark-color text" target="_blank">'
                    f'{esc(lbl)}</a><div class="filesize">{sz}</div></div></div></div>'
                    for k, (lbl, sz) in enumerate(rel.attachments)
                )
                + "</div></div>"
            )
        main = f"""<div class="container"><div class="maxwidth-theme"><div class="row"><div class="col-md-9">
<div class="detail news">
	<div class="detailimage image-left"><a href="{rel.extra["pic"]}" class="fancy" data-fancybox="big-gallery"><img src="{rel.extra["pic"]}" class="img-responsive" title="{attr(rel.title)}" alt="{attr(rel.title)}" /></a></div>
	<div class="period-block"><span class="date">{d_long(rel.dt)}</span></div>
	<div class="content">
{text}
	</div>
	<div class="wraps galerys-block"><hr/><h4>Фотогалерея</h4><div class="flexslider">{gallery}</div></div>
	{docs}
	<div class="share top"><span class="share_title">Поделиться</span>
		<div class="ya-share2" data-curtain data-shape="round" data-services="vkontakte,odnoklassniki,telegram"></div></div>
</div>
<div class="link-block-back"><a class="back-url url-block" href="/press-center/news/"><i class="fa fa-angle-left"></i><span>Назад к списку</span></a></div>
</div>
<div class="col-md-3 left-menu-md"><aside class="sidebar"><ul class="nav nav-list side-menu">
<li class="active"><a href="/press-center/news/">Новости</a></li><li><a href="/press-center/announcements/">Анонсы</a></li>
<li><a href="/press-center/media/">Медиатека</a></li><li><a href="/press-center/smi/">Контакты для СМИ</a></li></ul>
<div class="sidearea"><div class="banner"><a href="https://mybiz63.ru/"><img src="/upload/medialibrary/f3a/moi_biznes.png" alt="Мой бизнес"/></a></div></div>
</aside></div>
</div></div></div>
"""
        crumbs = [("/", "Главная"), ("/press-center/", "Пресс-центр"), ("/press-center/news/", "Новости")]
        return (
            self.head(f"{rel.title} - Минпромторг Самарской области")
            + self.title_block(rel.title, crumbs)
            + main
            + self.foot()
        )


LAYOUT = BitrixAspro()
