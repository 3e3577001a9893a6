"""Joomla 3 com_content (category blog + item-page), Primorye ministry of economic development."""

from __future__ import annotations

from datetime import datetime

from ..content import Release
from ..site import WEEKDAYS, BodyStyle, Layout, Listing, attr, body_html, css_block, d_long, esc, hm, metrika

CAT = "/press-tsentr/novosti"
SITE = "Министерство экономического развития Приморского края"


def lc2(dt: datetime) -> str:
    """Joomla DATE_FORMAT_LC2 in Russian: «Понедельник, 17 марта 2025 14:30»."""
    return f"{WEEKDAYS[dt.weekday()].capitalize()}, {d_long(dt)} {hm(dt)}"


class Joomla(Layout):
    name = "joomla"
    family = "Joomla 3 com_content"
    description = (
        "Joomla category blog: div.items-row > div.item with h2[itemprop=name] link, dl.article-info "
        "with «Категория» link, «Опубликовано: Понедельник, 17 марта 2025 14:30» (weekday form) and "
        "«Просмотров», «Подробнее...» buttons, ?start=N paging; item-page headline in h2 (no h1), "
        "«Обновлено: …» beside the publication date, print/e-mail icons, pagenav «Назад»/«Вперёд»."
    )
    timezone = "Asia/Vladivostok"
    region_key = "primorye"
    host = "https://economy.primorsky.ru"
    newest = datetime(2025, 10, 3, 15, 30)
    per_page = (8, 8, 4)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["aid"] = 3380 - rel.idx * 2

    def listing_url(self, n: int) -> str:
        return self.host + CAT + ("" if n == 1 else f"?start={8 * (n - 1)}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}{CAT}/{3380 - rel.idx * 2}-{rel.slug}"

    def head(self, title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="ru-ru" dir="ltr">
<head>
	<meta name="viewport" content="width=device-width, initial-scale=1.0" />
	<meta charset="utf-8" />
	<base href="{self.host}{CAT}" />
	<meta name="keywords" content="экономика, Приморский край, инвестиции" />
	<meta name="generator" content="Joomla! - Open Source Content Management" />
	<title>{esc(title)}</title>
{extra}	<link href="/templates/primeco/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon" />
	<link href="/media/jui/css/bootstrap.min.css?3f1a7c2b" rel="stylesheet" />
	<link href="/templates/primeco/css/template.css?3f1a7c2b" rel="stylesheet" />
	<script src="/media/jui/js/jquery.min.js?3f1a7c2b"></script>
	<script src="/media/jui/js/jquery-noconflict.js?3f1a7c2b"></script>
	<script src="/media/system/js/caption.js?3f1a7c2b"></script>
	<script>jQuery(window).on('load',  function() {{ new JCaption('img.caption'); }});</script>
{css_block("pe", self.rng, 40)}
</head>
<body class="site com_content view-{"category" if not extra else "article"} no-layout no-task">
	<div class="body" id="top"><div class="container">
		<header class="header" role="banner"><div class="header-inner clearfix">
			<a class="brand pull-left" href="/"><img src="/images/logo/gerb_pk.png" alt="{SITE}" /> <span class="site-title" title="{SITE}">{SITE}</span></a>
			<div class="header-search pull-right"><div class="moduletable"><div class="custom"><p>Телефон горячей линии для инвесторов: <strong>8-800-201-25-25</strong></p></div></div>
			<div class="search"><form action="/press-tsentr/novosti" method="post" class="form-inline"><label for="mod-search-searchword94" class="element-invisible">Искать...</label> <input name="searchword" id="mod-search-searchword94" maxlength="200" class="inputbox search-query input-medium" type="search" placeholder="Поиск..." /><input type="hidden" name="task" value="search" /><input type="hidden" name="option" value="com_search" /></form></div></div>
		</div></header>
		<nav class="navigation" role="navigation"><div class="navbar pull-left"><a class="btn btn-navbar collapsed" data-toggle="collapse" data-target=".nav-collapse"><span class="element-invisible">Включить навигацию</span><span class="icon-bar"></span></a></div>
		<div class="nav-collapse"><ul class="nav menu nav-pills mod-list">
<li class="item-101 default"><a href="/">Главная</a></li><li class="item-102 deeper parent"><a href="/o-ministerstve">О министерстве</a></li><li class="item-110 active deeper parent"><a href="/press-tsentr">Пресс-центр</a></li><li class="item-111"><a href="/investitsii">Инвестиции</a></li><li class="item-112"><a href="/podderzhka-biznesa">Поддержка бизнеса</a></li><li class="item-113"><a href="/kontakty">Контакты</a></li></ul></div></nav>
		<div class="moduletable"><ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb">
"""

    def crumbs_end(self, items: list[tuple[str, str]], last: str) -> str:
        out = '<li class="active"><span class="divider icon-location"></span></li>'
        for pos, (u, t) in enumerate(items, 1):
            out += (
                f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" '
                f'href="{u}" class="pathway"><span itemprop="name">{esc(t)}</span></a><span class="divider">'
                f'<img src="/media/system/images/arrow.png" alt="" /></span><meta itemprop="position" content="{pos}"></li>'
            )
        out += f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" class="active"><span itemprop="name">{esc(last)}</span></li>'
        return out + "</ul></div>\n"

    def info(self, rel: Release, full: bool) -> str:
        upd = ""
        if full and rel.updated:
            upd = (
                f'<dd class="modified"><span class="icon-calendar" aria-hidden="true"></span><time datetime="'
                f'{rel.updated:%Y-%m-%dT%H:%M:%S}+10:00" itemprop="dateModified">Обновлено: {lc2(rel.updated)}</time></dd>'
            )
        return f"""<dl class="article-info muted">
<dt class="article-info-term">Подробности</dt>
<dd class="category-name"><span class="icon-folder-open icon-fw" aria-hidden="true"></span> Категория: <a href="{CAT}" itemprop="genre">Новости</a></dd>
<dd class="published"><span class="icon-calendar" aria-hidden="true"></span><time datetime="{rel.dt:%Y-%m-%dT%H:%M:%S}+10:00" itemprop="datePublished">Опубликовано: {lc2(rel.dt)}</time></dd>
{upd}<dd class="hits"><span class="icon-eye-open" aria-hidden="true"></span><meta itemprop="interactionCount" content="UserPageVisits:{rel.views}" />Просмотров: {rel.views}</dd>
</dl>"""

    def foot(self) -> str:
        return f"""		</div></div>
	<footer class="footer" role="contentinfo"><div class="container"><hr />
		<div class="moduletable"><div class="custom"><p>{SITE}<br />690110, г. Владивосток, ул. Светланская, 22. Приёмная: +7 (423) 220-92-70</p></div></div>
		<p class="pull-right"><a href="#top" id="back-top">Наверх</a></p>
		<p>&copy; 2025 {SITE}</p>
	</div></footer>
	{metrika(30991876)}
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        rels = self.pages[n - 1]
        rows = []
        for k in range(0, len(rels), 2):
            items = []
            for j, rel in enumerate(rels[k : k + 2]):
                href = self.rel_path(rel.url)
                items.append(f"""<div class="span6"><div class="item column-{j + 1}" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
	<div class="page-header"><h2 itemprop="name"><a href="{href}" itemprop="url">{esc(rel.title)}</a></h2></div>
	{self.info(rel, False)}
	<div class="pull-left item-image"><a href="{href}"><img src="/images/news/{rel.dt:%Y}/{rel.slug[:12]}.jpg" alt="" itemprop="thumbnailUrl"/></a></div>
	<p>{esc(rel.teaser)}</p>
	<p class="readmore"><a class="btn" href="{href}" itemprop="url" aria-label="Подробнее: {attr(rel.title)}"><span class="icon-chevron-right" aria-hidden="true"></span> Подробнее...</a></p>
</div></div>""")
            rows.append(
                f'<div class="items-row cols-2 row-{k // 2} row-fluid clearfix">' + "".join(items) + "</div>"
            )
        total = len(self.pages)
        pag = ['<div class="pagination"><p class="counter pull-right">Страница ' + f"{n} из {total}</p><ul>"]
        pag.append(
            f'<li><a title="В начало" href="{CAT}" class="pagenav">В начало</a></li>'
            if n > 1
            else '<li class="disabled"><a>В начало</a></li>'
        )
        pag.append(
            f'<li><a title="Назад" href="{self.rel_path(self.listing_url(n - 1))}" class="pagenav">Назад</a></li>'
            if n > 1
            else '<li class="disabled"><a>Назад</a></li>'
        )
        for k in range(1, total + 1):
            pag.append(
                f'<li class="active"><a>{k}</a></li>'
                if k == n
                else f'<li><a title="{k}" href="{self.rel_path(self.listing_url(k))}" class="pagenav">{k}</a></li>'
            )
        if n < total:
            pag.append(
                f'<li><a title="Вперёд" href="{self.rel_path(self.listing_url(n + 1))}" class="pagenav">Вперёд</a></li>'
            )
            pag.append(
                f'<li><a title="В конец" href="{self.rel_path(self.listing_url(total))}" class="pagenav">В конец</a></li>'
            )
        pag.append("</ul></div>")
        html = (
            self.head(f"{SITE} - Новости")
            + self.crumbs_end([("/", "Главная"), ("/press-tsentr", "Пресс-центр")], "Новости")
            + '<div class="row-fluid"><main id="content" role="main" class="span12"><div id="system-message-container"></div>'
            + '<div class="blog" itemscope itemtype="https://schema.org/Blog"><div class="page-header"><h1> Новости </h1></div>'
            + "\n".join(rows)
            + "".join(pag)
            + "</div></main></div>"
            + self.foot()
        )
        return Listing(html, [self.host + CAT])

    def render_article(self, rel: Release) -> str:
        i = self.releases.index(rel)
        nav = '<ul class="pager pagenav">'
        if i > 0:
            nav += f'<li class="previous"><a class="hasTooltip" title="{attr(self.releases[i - 1].title)}" aria-label="Предыдущий материал: {attr(self.releases[i - 1].title)}" href="{self.rel_path(self.releases[i - 1].url)}" rel="prev"><span class="icon-chevron-left" aria-hidden="true"></span> <span aria-hidden="true">Назад</span></a></li>'
        if i + 1 < len(self.releases):
            nav += f'<li class="next"><a class="hasTooltip" title="{attr(self.releases[i + 1].title)}" aria-label="Следующий материал: {attr(self.releases[i + 1].title)}" href="{self.rel_path(self.releases[i + 1].url)}" rel="next"><span aria-hidden="true">Вперёд</span> <span class="icon-chevron-right" aria-hidden="true"></span></a></li>'
        nav += "</ul>"
        img = (
            f'<p><img src="/images/news/{rel.dt:%Y}/{rel.slug[:12]}_big.jpg" alt="{attr(rel.photo_caption)}" '
            f'class="caption" title="{attr(rel.photo_caption)}" width="640" height="427" /></p>'
        )
        body = body_html(
            rel.blocks,
            BodyStyle(h="<p><strong>{}</strong></p>", nbsp=True),
            {1: img} if len(rel.blocks) > 1 else {},
        )
        files = ""
        if rel.attachments:
            files = (
                '<p>Документы:</p><ul class="attachments">'
                + "".join(
                    f'<li><a href="/images/docs/{rel.extra["aid"]}_{k}.pdf" target="_blank">{esc(lbl)}</a> (PDF, {sz})</li>'
                    for k, (lbl, sz) in enumerate(rel.attachments)
                )
                + "</ul>"
            )
        main = f"""<div class="row-fluid"><main id="content" role="main" class="span9"><div id="system-message-container"></div>
<div class="item-page" itemscope itemtype="https://schema.org/Article">
	<meta itemprop="inLanguage" content="ru-RU" />
	<div class="page-header"><h2 itemprop="headline">{esc(rel.title)}</h2></div>
	<div class="icons"><div class="btn-group pull-right"><button class="btn dropdown-toggle" type="button" data-toggle="dropdown" aria-label="Инструменты пользователя"><span class="icon-cog" aria-hidden="true"></span><span class="caret" aria-hidden="true"></span></button>
	<ul class="dropdown-menu"><li class="print-icon"><a href="{self.rel_path(rel.url)}?tmpl=component&amp;print=1" title="Печать материала &lt; {attr(rel.title)} &gt;" onclick="window.open(this.href,'win2','status=no,toolbar=no,scrollbars=yes,titlebar=no,menubar=no,resizable=yes,width=640,height=480,directories=no,location=no'); return false;" rel="nofollow"><span class="icon-print" aria-hidden="true"></span> Печать</a></li>
	<li class="email-icon"><a href="/component/mailto/?tmpl=component&amp;template=primeco&amp;link=a1b2c3" title="Отправить ссылку другу" rel="nofollow"><span class="icon-envelope" aria-hidden="true"></span> E-mail</a></li></ul></div></div>
	{self.info(rel, True)}
	<div itemprop="articleBody">
	{body}
	{files}
	</div>
	{nav}
</div>
</main>
<div id="aside" class="span3"><div class="well "><h3 class="page-header">Пресс-центр</h3><ul class="nav menu"><li><a href="/press-tsentr/novosti">Новости</a></li><li><a href="/press-tsentr/anonsy">Анонсы</a></li><li><a href="/press-tsentr/fotogalereya">Фотогалерея</a></li></ul></div></div>
</div>
"""
        return (
            self.head(f"{SITE} - {rel.title}", '\t<meta name="author" content="Пресс-служба" />\n')
            + self.crumbs_end(
                [("/", "Главная"), ("/press-tsentr", "Пресс-центр"), (CAT, "Новости")], rel.title
            )
            + main
            + self.foot()
        )


LAYOUT = Joomla()
