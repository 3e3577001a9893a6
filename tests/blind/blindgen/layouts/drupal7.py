"""Drupal 7 (views-row listing, /content/<slug> nodes), Kurgan region economy department, 2018."""

from __future__ import annotations

import calendar
from datetime import datetime

from ..content import Release
from ..site import MONTHS_N, BodyStyle, Layout, Listing, attr, body_html, css_block, d_long, esc, metrika


def unpadded(dt: datetime) -> str:
    return f"{dt.hour}:{dt:%M}"


class Drupal7(Layout):
    name = "drupal7"
    family = "Drupal 7 (views, field-name-body)"
    description = (
        "Drupal 7 view: li.views-row where one <a> wraps the date («18 марта 2018» + span.minutes "
        "with unpadded hour «9:07»), the thumbnail and the title with a trailing «→»; ?page=N "
        "0-based pager; news calendar with /calendar/day/YYYY-M-D links; node pages with RDFa "
        "dc:date (+05:00), «18 марта 2018 - 9:07», field-name-body, tags."
    )
    timezone = "Asia/Yekaterinburg"
    region_key = "kurgan"
    host = "http://economic.kurganobl.ru"
    newest = datetime(2018, 3, 19, 18, 5)
    per_page = (7, 7, 6)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["nid"] = 24110 - rel.idx * 3
            rel.extra["fid"] = 23990 - rel.idx * 2

    def listing_url(self, n: int) -> str:
        return f"{self.host}/news" + ("" if n == 1 else f"?page={n - 1}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/content/{rel.slug}"

    def head(self, title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN"
  "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" version="XHTML+RDFa 1.0" dir="ltr"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/terms/"
  xmlns:foaf="http://xmlns.com/foaf/0.1/"
  xmlns:og="http://ogp.me/ns#"
  xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
  xmlns:sioc="http://rdfs.org/sioc/ns#"
  xmlns:sioct="http://rdfs.org/sioc/types#"
  xmlns:skos="http://www.w3.org/2004/02/skos/core#"
  xmlns:xsd="http://www.w3.org/2001/XMLSchema#">
<head profile="http://www.w3.org/1999/xhtml/vocab">
  <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<link rel="shortcut icon" href="http://economic.kurganobl.ru/sites/all/themes/kurgan/favicon.ico" type="image/vnd.microsoft.icon" />
<meta name="Generator" content="Drupal 7 (http://drupal.org)" />
{extra}  <title>{esc(title)}</title>
  <style type="text/css" media="all">
@import url("http://economic.kurganobl.ru/modules/system/system.base.css?p5k2nx");
@import url("http://economic.kurganobl.ru/modules/system/system.menus.css?p5k2nx");
@import url("http://economic.kurganobl.ru/modules/field/theme/field.css?p5k2nx");
@import url("http://economic.kurganobl.ru/modules/node/node.css?p5k2nx");
@import url("http://economic.kurganobl.ru/sites/all/modules/views/css/views.css?p5k2nx");
@import url("http://economic.kurganobl.ru/sites/all/themes/kurgan/css/style.css?p5k2nx");
</style>
  <script type="text/javascript" src="http://economic.kurganobl.ru/misc/jquery.js?v=1.4.4"></script>
<script type="text/javascript" src="http://economic.kurganobl.ru/misc/drupal.js?p5k2nx"></script>
<script type="text/javascript" src="http://economic.kurganobl.ru/sites/default/files/languages/ru_Xb2lq8H0.js?p5k2nx"></script>
<script type="text/javascript">
<!--//--><![CDATA[//><!--
jQuery.extend(Drupal.settings, {{"basePath":"\\/","pathPrefix":"","ajaxPageState":{{"theme":"kurgan","theme_token":"Q2m1x9yD0bq8rTzW"}}}});
//--><!]]>
</script>
{css_block("k", self.rng, 35)}
</head>
<body class="html not-front not-logged-in one-sidebar sidebar-second page-node" >
  <div id="skip-link"><a href="#main-content" class="element-invisible element-focusable">Перейти к основному содержанию</a></div>
  <div id="page-wrapper"><div id="page">
    <div id="header"><div class="section clearfix">
      <a href="/" title="Главная" rel="home" id="logo"><img src="http://economic.kurganobl.ru/sites/all/themes/kurgan/logo.png" alt="Главная" /></a>
      <div id="name-and-slogan"><div id="site-name"><strong><a href="/" title="Главная" rel="home"><span>{esc(self.region.body)}</span></a></strong></div></div>
      <div class="region region-header"><div id="block-search-form" class="block block-search"><div class="content"><form action="/news" method="post" id="search-block-form" accept-charset="UTF-8"><div><div class="container-inline"><input title="Введите ключевые слова для поиска." type="text" id="edit-search-block-form--2" name="search_block_form" value="" size="15" maxlength="128" class="form-text" /><input type="submit" id="edit-submit" name="op" value="Поиск" class="form-submit" /></div></div></form></div></div></div>
    </div></div>
    <div id="navigation"><div class="section"><ul id="main-menu" class="links inline clearfix"><li class="menu-218 first"><a href="/">Главная</a></li>
<li class="menu-501"><a href="/about">О департаменте</a></li>
<li class="menu-502 active-trail"><a href="/news" class="active-trail">Новости</a></li>
<li class="menu-503"><a href="/invest">Инвестиционная деятельность</a></li>
<li class="menu-504"><a href="/msp">Поддержка предпринимательства</a></li>
<li class="menu-505 last"><a href="/contacts">Контакты</a></li>
</ul></div></div>
"""

    def sidebar(self, month_of: datetime) -> tuple[str, list[str]]:
        y, m = month_of.year, month_of.month
        days = {r.dt.day for r in self.releases if (r.dt.year, r.dt.month) == (y, m)}
        cells, urls = [], []
        for week in calendar.Calendar().monthdayscalendar(y, m):
            tds = []
            for d in week:
                if d and d in days:
                    u = f"/calendar/day/{y}-{m}-{d}"
                    urls.append(self.host + u)
                    tds.append(f'<td class="has-events"><a href="{u}">{d}</a></td>')
                else:
                    tds.append(f"<td>{d or ''}</td>")
            cells.append("<tr>" + "".join(tds) + "</tr>")
        return (
            f"""<div class="region region-sidebar-second"><div id="block-views-calendar-block-1" class="block block-views">
<h2>Календарь новостей</h2><div class="content"><div class="calendar-calendar"><div class="month-view">
<div class="date-heading"><h3>{MONTHS_N[m - 1]} {y}</h3></div>
<table class="mini"><thead><tr><th>Пн</th><th>Вт</th><th>Ср</th><th>Чт</th><th>Пт</th><th>Сб</th><th>Вс</th></tr></thead>
<tbody>{"".join(cells)}</tbody></table></div></div></div></div>
<div id="block-block-7" class="block block-block"><div class="content"><p><a href="http://invest45.ru/"><img src="/sites/default/files/banners/invest45.png" alt="Инвестиционный портал Курганской области" /></a></p>
<p><a href="https://mb45.ru/"><img src="/sites/default/files/banners/mb45.png" alt="Центр «Мой бизнес»" /></a></p></div></div></div>""",
            urls,
        )

    def foot(self) -> str:
        return f"""    <div id="footer"><div class="section"><div class="region region-footer"><div id="block-block-2" class="block block-block"><div class="content">
<p>{esc(self.region.body)}<br />640024, г. Курган, ул. Гоголя, 56. Тел. (3522) 42-94-01, факс (3522) 42-94-02</p>
<p>&copy; 2011-2018. Все права защищены.</p></div></div>
<div class="counters">{metrika(24917438)}</div></div></div></div>
  </div></div>
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rows = []
        rels = self.pages[n - 1]
        for k, rel in enumerate(rels, 1):
            cls = f"views-row views-row-{k} views-row-{'odd' if k % 2 else 'even'}"
            cls += " views-row-first" if k == 1 else (" views-row-last" if k == len(rels) else "")
            rows.append(f"""          <li class="{cls}">
  <div class="views-field views-field-nothing">        <span class="field-content"><a href="/content/{rel.slug}"><span class="views-field-created">
{d_long(rel.dt)}
<span class="minutes">{unpadded(rel.dt)}</span>
</span>
<span class="image"><span><img src="{self.host}/sites/default/files/styles/news_prev_style/public/field_image/{rel.extra["fid"]}/{rel.dt:%Y-%m-%d}{k:02d}.jpg?itok=K{rel.idx:02d}a1YfN9" width="65" height="55" alt="" /></span></span>
<span class="views-field-title">{esc(rel.title)} →</span></a></span>  </div></li>""")
        total = len(self.pages)
        pager = ['<h2 class="element-invisible">Страницы</h2><div class="item-list"><ul class="pager">']
        if n > 1:
            pager.append(
                '<li class="pager-first first"><a title="На первую страницу" href="/news">« первая</a></li>'
            )
            pager.append(
                f'<li class="pager-previous"><a title="На предыдущую страницу" href="{self.rel_path(self.listing_url(n - 1))}">‹ предыдущая</a></li>'
            )
        for k in range(1, total + 1):
            pager.append(
                f'<li class="pager-current">{k}</li>'
                if k == n
                else f'<li class="pager-item"><a title="На страницу номер {k}" href="{self.rel_path(self.listing_url(k))}">{k}</a></li>'
            )
        if n < total:
            pager.append(
                f'<li class="pager-next"><a title="На следующую страницу" href="{self.rel_path(self.listing_url(n + 1))}">следующая ›</a></li>'
            )
            pager.append(
                f'<li class="pager-last last"><a title="На последнюю страницу" href="{self.rel_path(self.listing_url(total))}">последняя »</a></li>'
            )
        pager.append("</ul></div>")
        side, urls = self.sidebar(rels[0].dt)
        html = (
            self.head(f"Новости | {self.region.body}")
            + '<div id="breadcrumb"><h2 class="element-invisible">Вы здесь</h2><div class="breadcrumb"><a href="/">Главная</a> » Новости</div></div>'
            + '<div id="main-wrapper"><div id="main" class="clearfix"><div id="content" class="column"><div class="section">'
            + '<a id="main-content"></a><h1 class="title" id="page-title">Новости</h1>'
            + '<div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">'
            + '<div class="view view-news view-id-news view-display-id-page all-news-view view-dom-id-9b8e3f2c1a"><div class="view-content">'
            + '<div class="item-list">    <ul>'
            + "\n".join(rows)
            + "\n      </ul></div>    </div>\n"
            + "\n".join(pager)
            + "\n</div></div></div></div></div></div>"
            + side
            + "</div></div>"
            + self.foot()
        )
        return Listing(html, urls, {r.url: r.title for r in rels})

    def render_article(self, rel: Release) -> str:
        tags = "".join(
            f'<div class="field-item {"even" if i % 2 == 0 else "odd"}" rel="dc:subject"><a href="/taxonomy/term/{40 + i}" typeof="skos:Concept" property="rdfs:label skos:prefLabel">{esc(t)}</a></div>'
            for i, t in enumerate(rel.tags)
        )
        iso = f"{rel.dt:%Y-%m-%dT%H:%M:%S}+05:00"
        extra = f'<link rel="canonical" href="/content/{rel.slug}" />\n<link rel="shortlink" href="/node/{rel.extra["nid"]}" />\n'
        main = f"""<div id="breadcrumb"><h2 class="element-invisible">Вы здесь</h2><div class="breadcrumb"><a href="/">Главная</a> » <a href="/news">Новости</a></div></div>
<div id="main-wrapper"><div id="main" class="clearfix"><div id="content" class="column"><div class="section">
<a id="main-content"></a>
<h1 class="title" id="page-title">{esc(rel.title)}</h1>
<div class="tabs"></div>
<div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">
<div id="node-{rel.extra["nid"]}" class="node node-news node-promoted clearfix" about="/content/{rel.slug}" typeof="sioc:Item foaf:Document">
  <span property="dc:title" content="{attr(rel.title)}" class="rdf-meta element-hidden"></span>
  <div class="submitted"><span property="dc:date dc:created" content="{iso}" datatype="xsd:dateTime">{d_long(rel.dt)} - {unpadded(rel.dt)}</span></div>
  <div class="content">
    <div class="field field-name-field-image field-type-image field-label-hidden"><div class="field-items"><div class="field-item even" rel="og:image rdfs:seeAlso" resource="{self.host}/sites/default/files/field_image/{rel.extra["fid"]}/foto.jpg"><a href="{self.host}/sites/default/files/field_image/{rel.extra["fid"]}/foto.jpg" title="{attr(rel.photo_caption)}" class="colorbox"><img typeof="foaf:Image" src="{self.host}/sites/default/files/styles/large/public/field_image/{rel.extra["fid"]}/foto.jpg?itok=pQ{rel.idx:02d}x" width="480" height="320" alt="" title="{attr(rel.photo_caption)}" /></a></div></div></div>
    <div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">{body_html(rel.blocks, BodyStyle(h="<p><strong>{}</strong></p>", quote="<p><em>{}</em></p>"))}
</div></div></div>
    <div class="field field-name-field-tags field-type-taxonomy-term-reference field-label-inline clearfix"><div class="field-label">Теги:&nbsp;</div><div class="field-items">{tags}</div></div>
  </div>
  <ul class="links inline"><li class="print_html first"><a href="/print/{rel.extra["nid"]}" title="Отобразить версию для печати этой страницы." class="print-page" rel="nofollow">Версия для печати</a></li>
<li class="statistics_counter last"><span>{rel.views} просмотров</span></li></ul>
</div>
</div></div></div></div></div>
"""
        side, _ = self.sidebar(rel.dt)
        return (
            self.head(f"{rel.title} | {self.region.body}", extra) + main + side + "</div></div>" + self.foot()
        )


LAYOUT = Drupal7()
