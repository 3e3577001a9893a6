"""1C-Bitrix with the stock news.list / news.detail templates (.default), ministry of Kaliningrad region."""

from __future__ import annotations

from datetime import datetime

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, br_body, css_block, d_dots, esc, metrika

MENU = (
    ("/ministry/", "О министерстве"),
    ("/activity/", "Деятельность"),
    ("/docs/", "Документы"),
    ("/support/", "Поддержка бизнеса"),
    ("/press/", "Пресс-центр"),
    ("/contacts/", "Контакты"),
)


class BitrixStock(Layout):
    name = "bitrix_stock"
    family = "1C-Bitrix news.list / news.detail default templates"
    description = (
        "Stock Bitrix templates: p.news-item with span.news-date-time DD.MM.YYYY (no time anywhere), "
        "<p> wrapping a <div> (invalid nesting), ?PAGEN_1=N paging with «Начало | Пред. | След. | "
        "Конец»; detail has both h1#pagetitle and h3 headline, DETAIL_TEXT sometimes <br /> separated, "
        "photo caption as a right-aligned <p> inside the text, «Возврат к списку», print link."
    )
    timezone = "Europe/Kaliningrad"
    region_key = "kaliningrad"
    host = "https://economy.gov39.ru"
    newest = datetime(2024, 11, 29, 17, 40)
    per_page = (6, 6, 6)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["id"] = 48213 - rel.idx * 7
            rel.extra["br"] = self.rng.random() < 0.35
            rel.extra["img"] = (
                f"/upload/iblock/{self.rng.randint(0, 4095):03x}/{self.rng.getrandbits(64):016x}.jpg"
            )

    def listing_url(self, n: int) -> str:
        base = f"{self.host}/press/news/"
        return base if n == 1 else f"{base}?PAGEN_1={n}"

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/press/news/{48213 - rel.idx * 7}/"

    def published_time(self, rel: Release) -> str | None:
        return None

    # ------------------------------------------------------------------------------------------
    def head(self, title: str) -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{esc(title)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="index, follow" />
<meta name="keywords" content="министерство, экономика, Калининградская область" />
<meta name="description" content="{attr(self.region.body)}" />
<link href="/bitrix/js/main/core/css/core.min.css?16530427472854" type="text/css" rel="stylesheet" />
<link href="/bitrix/templates/minec_gov39/components/bitrix/news/.default/style.css?1531204521" type="text/css" rel="stylesheet" />
<link href="/bitrix/templates/minec_gov39/styles.css?1649152212" type="text/css" rel="stylesheet" />
<link href="/bitrix/templates/minec_gov39/template_styles.css?1701339048" type="text/css" rel="stylesheet" />
<script type="text/javascript">if(!window.BX)window.BX={{}};if(!window.BX.message)window.BX.message=function(mess){{if(typeof mess==='object'){{for(let i in mess) {{BX.message[i]=mess[i];}} return true;}}}};</script>
<script type="text/javascript">(window.BX||top.BX).message({{'JS_CORE_LOADING':'Загрузка...','JS_CORE_NO_DATA':'- Нет данных -','JS_CORE_WINDOW_CLOSE':'Закрыть','LANGUAGE_ID':'ru','FORMAT_DATE':'DD.MM.YYYY','FORMAT_DATETIME':'DD.MM.YYYY HH:MI:SS','COOKIE_PREFIX':'BITRIX_SM','SERVER_TZ_OFFSET':'7200','SITE_ID':'s1','SITE_DIR':'/','USER_ID':'','SERVER_TIME':'{int(self.newest.timestamp())}','USER_TZ_OFFSET':'0','USER_TZ_AUTO':'Y','bitrix_sessid':'8f0d2a6bc1e3a5d4f1f2b7c8e9a0b1c2'}});</script>
<script type="text/javascript" src="/bitrix/js/main/core/core.min.js?1653042747252095"></script>
<script type="text/javascript" src="/bitrix/templates/minec_gov39/js/jquery-1.8.3.min.js?145138452693637"></script>
{css_block("gov39", self.rng, 45)}
</head>
<body>
<div id="panel"></div>
<div class="wrapper">
<div class="top-line"><div class="container">
<a href="/special/" class="bvi-open">Версия для слабовидящих</a>
<span class="hotline">Горячая линия для предпринимателей: <b>8-800-100-39-39</b></span>
<a href="https://gov39.ru/" target="_blank">Правительство Калининградской области</a>
</div></div>
<div id="header"><div class="container">
<a href="/" class="logo"><img src="/bitrix/templates/minec_gov39/images/gerb.png" alt="Герб" width="64" height="78" /></a>
<div class="logo-text"><a href="/">{esc(self.region.body)}</a></div>
<div class="search-form"><form action="/search/index.php"><input type="text" name="q" value="" size="15" maxlength="50" placeholder="Поиск по сайту" /><input name="s" type="submit" value="Найти" /></form></div>
</div></div>
<div id="menu"><ul class="top-menu">
{"".join(f'<li><a href="{u}"{" class=selected" if u == "/press/" else ""}>{t}</a></li>' for u, t in MENU)}
</ul></div>
<div class="container main-part">
"""

    def left_col(self) -> str:
        items = (
            ("/press/news/", "Новости"),
            ("/press/anons/", "Анонсы"),
            ("/press/smi/", "СМИ о нас"),
            ("/press/photo/", "Фотогалерея"),
            ("/press/contacts/", "Контакты для СМИ"),
        )
        lis = "\n".join(f'<li><a href="{u}">{t}</a></li>' for u, t in items)
        return f"""<div id="left-column"><ul class="left-menu">
{lis}
</ul>
<div class="banner"><a href="https://mb39.ru/" target="_blank"><img src="/upload/medialibrary/5a1/mybiz_banner.png" alt="Мой бизнес" width="220" height="110" /></a></div>
<div class="banner"><a href="https://invest39.ru/" target="_blank"><img src="/upload/medialibrary/b02/invest_portal.jpg" alt="Инвестиционный портал" width="220" height="110" /></a></div>
</div>
"""

    def foot(self) -> str:
        return f"""</div>
<div id="footer"><div class="container">
<p>&copy; 2008–2024 {esc(self.region.body)}</p>
<p>236007, г. Калининград, ул. Дмитрия Донского, д. 1. Телефон приёмной: +7 (4012) 599-000</p>
<p>При использовании материалов ссылка на сайт обязательна</p>
<div class="counters">{metrika(21994582)}</div>
</div></div>
</div>
</body>
</html>
"""

    def crumbs(self, last: str | None) -> str:
        out = (
            '<div class="breadcrumbs"><a href="/" title="Главная">Главная</a> / '
            '<a href="/press/" title="Пресс-центр">Пресс-центр</a>'
        )
        if last:
            out += f' / <a href="/press/news/" title="Новости">Новости</a> / <span>{esc(last)}</span>'
        else:
            out += " / <span>Новости</span>"
        return out + "</div>"

    def pager(self, n: int) -> str:
        total = len(self.pages)
        per = self.per_page[0]
        first = (n - 1) * per + 1
        last = first + len(self.pages[n - 1]) - 1
        nums = []
        for k in range(1, total + 1):
            nums.append(
                f"<b>{k}</b>" if k == n else f'<a href="{self.rel_path(self.listing_url(k))}">{k}</a>'
            )
        prev = (
            "Начало&nbsp;|&nbsp;Пред.&nbsp;|"
            if n == 1
            else f'<a href="/press/news/">Начало</a>&nbsp;|&nbsp;<a href="{self.rel_path(self.listing_url(n - 1))}">Пред.</a>&nbsp;|'
        )
        nxt = (
            "|&nbsp;След.&nbsp;|&nbsp;Конец"
            if n == total
            else f'|&nbsp;<a href="{self.rel_path(self.listing_url(n + 1))}">След.</a>&nbsp;|&nbsp;'
            f'<a href="{self.rel_path(self.listing_url(total))}">Конец</a>'
        )
        return (
            f'<font class="text">Новости <b>{first}</b> - <b>{last}</b> из <b>{len(self.releases)}</b><br />'
            f'</font>\n<font class="text">\n\t{prev}\n\t{"&nbsp;".join(nums)}\n\t{nxt}\n</font>'
        )

    # ------------------------------------------------------------------------------------------
    def render_listing(self, n: int) -> Listing:
        items = []
        for rel in self.pages[n - 1]:
            href = self.rel_path(rel.url)
            img = ""
            if self.rng.random() < 0.8:
                img = (
                    f'<a href="{href}"><img class="preview_picture" border="0" src="{rel.extra["img"]}" '
                    f'width="120" height="80" alt="{attr(rel.title)}" title="{attr(rel.title)}" '
                    'style="float:left" /></a>'
                )
            items.append(f"""	<p class="news-item" id="bx_3218110189_{rel.extra["id"]}">
				{img}
							<span class="news-date-time">{d_dots(rel.dt)}</span>
							<a href="{href}"><b>{esc(rel.title)}</b></a><br />
							{esc(rel.teaser)}
							<div style="clear:both"></div>
			</p>""")
        html = (
            self.head("Новости")
            + self.left_col()
            + '<div id="content">\n'
            + self.crumbs(None)
            + '\n<h1 id="pagetitle">Новости</h1>\n<div class="news-list">\n'
            + "\n".join(items)
            + "\n\t<br />"
            + self.pager(n)
            + "\n</div>\n"
            + '<p><a href="/bitrix/rss.php?ID=12&amp;LANG=s1&amp;TYPE=news&amp;LIMIT=30" class="rss">RSS</a></p>'
            + "\n</div>\n"
            + self.foot()
        )
        return Listing(html)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        if rel.extra["br"]:
            text = br_body(rel.blocks, nbsp=True)
        else:
            inserts = {}
            if len(rel.blocks) > 3 and r.random() < 0.5:
                inserts[2] = (
                    f'<p style="text-align: center;"><img src="/upload/medialibrary/{r.randint(100, 999)}/'
                    f'foto{rel.idx}.jpg" width="600" height="400" alt="" /></p>\n'
                    f'<p style="text-align: right;"><i>{esc(rel.photo_credit)}</i></p>'
                )
            text = body_html(
                rel.blocks, BodyStyle(nbsp=True, h="<p><b>{}</b></p>", quote="<p><i>{}</i></p>"), inserts
            )
        files = ""
        if rel.attachments:
            lis = "".join(
                f'<li><a href="/upload/iblock/{r.randint(100, 999)}/doc{k}.pdf">{esc(lbl)}</a> '
                f"(PDF, {sz})</li>"
                for k, (lbl, sz) in enumerate(rel.attachments)
            )
            files = f'<div class="news-prop"><b>Документы:</b><ul>{lis}</ul></div>'
        body = f"""<div class="news-detail">
					<img class="detail_picture" border="0" src="{rel.extra["img"]}" width="500" height="333" alt="{attr(rel.title)}"  title="{attr(rel.title)}" />
				<span class="news-date-time">{d_dots(rel.dt)}</span>
				<h3>{esc(rel.title)}</h3>
		{text}
		<div style="clear:both"></div>
	<br />
	{files}
		<div class="news-detail-share"><noindex>
		<div class="ya-share2" data-services="vkontakte,odnoklassniki,telegram,whatsapp" data-size="s"></div>
		</noindex></div>
</div>
<p class="print"><a href="{self.rel_path(rel.url)}?print=Y" rel="nofollow" target="_blank">Версия для печати</a></p>
<p><a href="/press/news/">Возврат к списку</a></p>
"""
        return (
            self.head(rel.title)
            + self.left_col()
            + '<div id="content">\n'
            + self.crumbs(rel.title)
            + f'\n<h1 id="pagetitle">{esc(rel.title)}</h1>\n'
            + body
            + "</div>\n"
            + self.foot()
        )


LAYOUT = BitrixStock()
