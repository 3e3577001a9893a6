"""WordPress with a classic theme (twentyfifteen-like), Smolensk investment agency."""

from __future__ import annotations

from datetime import datetime

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, css_block, d_dots, esc, metrika

CAT = "/category/novosti/"


class WpClassic(Layout):
    name = "wp_classic"
    family = "WordPress, classic theme"
    description = (
        "Classic WordPress theme: article.post with h2.entry-title, both time.entry-date.published "
        "and time.updated in the text, «Читать далее» links to #more-N, category/tag/author/#respond "
        "links, /page/N/ paging; single posts under /YYYY/MM/DD/slug/ with Gutenberg figure, "
        "quote and list blocks, post navigation with neighbour titles, «Свежие записи» and archive "
        "widgets; date shown without time."
    )
    timezone = "Europe/Moscow"
    region_key = "smolensk"
    host = "https://smolinvest.com"
    newest = datetime(2025, 2, 14, 17, 5)
    per_page = (8, 8)

    def prepare(self) -> None:
        for rel in self.releases:
            rel.extra["pid"] = 5120 - rel.idx * 11

    def listing_url(self, n: int) -> str:
        return self.host + CAT + ("" if n == 1 else f"page/{n}/")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/{rel.dt:%Y/%m/%d}/{rel.slug}/"

    def published_time(self, rel: Release) -> str | None:
        return None

    def times(self, rel: Release) -> str:
        upd = rel.updated or rel.dt
        return (
            f'<time class="entry-date published" datetime="{rel.dt:%Y-%m-%dT%H:%M:%S}+03:00">{d_dots(rel.dt)}</time>'
            f'<time class="updated" datetime="{upd:%Y-%m-%dT%H:%M:%S}+03:00">{d_dots(upd)}</time>'
        )

    def head(self, title: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="ru-RU" class="no-js">
<head>
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width">
	<link rel="profile" href="https://gmpg.org/xfn/11">
	<link rel="pingback" href="{self.host}/xmlrpc.php">
<title>{esc(title)}</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="Агентство инвестиционного развития &raquo; Лента" href="{self.host}/feed/" />
{extra}<link rel='stylesheet' id='wp-block-library-css' href='{self.host}/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3' media='all' />
<link rel='stylesheet' id='twentyfifteen-style-css' href='{self.host}/wp-content/themes/twentyfifteen/style.css?ver=20231107' media='all' />
<script src="{self.host}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{self.host}/wp-json/" />
<meta name="generator" content="WordPress 6.4.3" />
{css_block("wp", self.rng, 40)}
</head>
<body class="archive category wp-embed-responsive">
<div id="page" class="hfeed site">
	<a class="skip-link screen-reader-text" href="#content">Перейти к содержимому</a>
	<div id="sidebar" class="sidebar">
		<header id="masthead" class="site-header">
			<div class="site-branding">
				<p class="site-title"><a href="{self.host}/" rel="home">Агентство инвестиционного развития Смоленской области</a></p>
				<p class="site-description">Инвестиционный портал Смоленской области · Горячая линия инвестора 8-800-550-67-67</p>
				<button class="secondary-toggle">Меню и виджеты</button>
			</div>
		</header>
		<div id="secondary" class="secondary">
			<nav id="site-navigation" class="main-navigation"><div class="menu-main-container"><ul id="menu-main" class="nav-menu">
<li class="menu-item"><a href="{self.host}/ob-agentstve/">Об агентстве</a></li>
<li class="menu-item current-menu-item"><a href="{self.host}{CAT}">Новости</a></li>
<li class="menu-item"><a href="{self.host}/investoru/">Инвестору</a></li>
<li class="menu-item"><a href="{self.host}/ploshhadki/">Инвестиционные площадки</a></li>
<li class="menu-item"><a href="{self.host}/kontakty/">Контакты</a></li>
</ul></div></nav>
"""

    def widgets(self, exclude: Release | None) -> tuple[str, list[str]]:
        recent = [r for r in self.releases if r is not exclude][:5]
        months = sorted({(r.dt.year, r.dt.month) for r in self.releases}, reverse=True)
        arch = "".join(
            f'<li><a href="{self.host}/{y}/{m:02d}/">{["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"][m - 1]} {y}</a></li>'
            for y, m in months
        )
        html = f"""			<div id="widget-area" class="widget-area" role="complementary">
<aside id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{self.host}/"><label><span class="screen-reader-text">Найти:</span><input type="search" class="search-field" placeholder="Поиск&hellip;" value="" name="s" /></label><input type="submit" class="search-submit screen-reader-text" value="Поиск" /></form></aside>
<aside id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Свежие записи</h2><ul>
{"".join(f'<li><a href="{r.url}">{esc(r.title)}</a></li>' for r in recent)}
</ul></aside>
<aside id="archives-2" class="widget widget_archive"><h2 class="widget-title">Архивы</h2><ul>{arch}</ul></aside>
<aside id="categories-2" class="widget widget_categories"><h2 class="widget-title">Рубрики</h2><ul><li class="cat-item cat-item-1"><a href="{self.host}{CAT}">Новости</a></li><li class="cat-item cat-item-5"><a href="{self.host}/category/anonsy/">Анонсы</a></li></ul></aside>
			</div>
		</div>
	</div>
	<div id="content" class="site-content">
"""
        urls = [r.url for r in recent] + [f"{self.host}/{y}/{m:02d}/" for y, m in months]
        urls += [self.host + CAT, f"{self.host}/category/anonsy/"]
        return html, urls

    def foot(self) -> str:
        return f"""	</div>
	<footer id="colophon" class="site-footer"><div class="site-info">
		<p>214000, г. Смоленск, ул. Октябрьской революции, д. 14а · +7 (4812) 29-10-01</p>
		<a href="https://ru.wordpress.org/" class="imprint">Сайт работает на WordPress</a>
	</div></footer>
</div>
<script src="{self.host}/wp-content/themes/twentyfifteen/js/functions.js?ver=20221101" id="twentyfifteen-script-js"></script>
{metrika(51833620)}
</body>
</html>
"""

    def entry(self, rel: Release) -> tuple[str, list[str]]:
        pid = rel.extra["pid"]
        tags = "".join(
            f'<a href="{self.host}/tag/{t.replace(" ", "-")}/" rel="tag">{esc(t)}</a>, ' for t in rel.tags
        )[:-2]
        html = f"""<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard has-post-thumbnail hentry category-novosti">
	<a class="post-thumbnail" href="{rel.url}" aria-hidden="true"><img width="825" height="510" src="{self.host}/wp-content/uploads/{rel.dt:%Y/%m}/{rel.slug[:18]}-825x510.jpg" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="{attr(rel.title)}" decoding="async" /></a>
	<header class="entry-header">
		<h2 class="entry-title"><a href="{rel.url}" rel="bookmark">{esc(rel.title)}</a></h2>
	</header>
	<div class="entry-content">
		<p>{esc(rel.teaser)} <a href="{rel.url}#more-{pid}" class="more-link">Читать далее <span class="screen-reader-text">{esc(rel.title)}</span></a></p>
	</div>
	<footer class="entry-footer"><span class="posted-on"><span class="screen-reader-text">Опубликовано </span><a href="{rel.url}" rel="bookmark">{self.times(rel)}</a></span><span class="byline"><span class="author vcard"><span class="screen-reader-text">Автор </span><a class="url fn n" href="{self.host}/author/press/">Пресс-служба</a></span></span><span class="cat-links"><span class="screen-reader-text">Рубрики </span><a href="{self.host}{CAT}" rel="category tag">Новости</a></span><span class="tags-links"><span class="screen-reader-text">Метки </span>{tags}</span><span class="comments-link"><a href="{rel.url}#respond">Добавить комментарий<span class="screen-reader-text"> к записи {esc(rel.title)}</span></a></span></footer>
</article>
"""
        urls = [f"{rel.url}#more-{pid}", f"{rel.url}#respond", f"{self.host}/author/press/", self.host + CAT]
        urls += [f"{self.host}/tag/{t.replace(' ', '-')}/" for t in rel.tags]
        return html, urls

    def render_listing(self, n: int) -> Listing:
        side, not_rel = self.widgets(None)
        posts = []
        for rel in self.pages[n - 1]:
            h, u = self.entry(rel)
            posts.append(h)
            not_rel += u
        total = len(self.pages)
        nums = "".join(
            f'<span aria-current="page" class="page-numbers current"><span class="meta-nav screen-reader-text">Страница </span>{k}</span>'
            if k == n
            else f'<a class="page-numbers" href="{self.listing_url(k)}"><span class="meta-nav screen-reader-text">Страница </span>{k}</a>'
            for k in range(1, total + 1)
        )
        if n > 1:
            nums = f'<a class="prev page-numbers" href="{self.listing_url(n - 1)}">Назад</a>' + nums
        if n < total:
            nums += f'<a class="next page-numbers" href="{self.listing_url(n + 1)}">Далее</a>'
        html = (
            self.head(
                "Новости – Агентство инвестиционного развития Смоленской области"
                + ("" if n == 1 else f" – Страница {n}")
            )
            + side
            + '<div id="primary" class="content-area"><main id="main" class="site-main">'
            + '<header class="page-header"><h1 class="page-title">Рубрика: <span>Новости</span></h1></header>'
            + "".join(posts)
            + f'<nav class="navigation pagination" aria-label="Записи"><h2 class="screen-reader-text">Навигация по записям</h2><div class="nav-links">{nums}</div></nav>'
            + "</main></div>"
            + self.foot()
        )
        return Listing(html, not_rel)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        fig = (
            f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" '
            f'src="{self.host}/wp-content/uploads/{rel.dt:%Y/%m}/img_{r.randint(1000, 9999)}-1024x683.jpg" '
            f'alt="" class="wp-image-{rel.extra["pid"] + 1}"/><figcaption class="wp-element-caption">'
            f"{esc(rel.photo_caption)}. {esc(rel.photo_credit)}</figcaption></figure>"
        )
        style = BodyStyle(
            h='<h2 class="wp-block-heading">{}</h2>',
            quote='<blockquote class="wp-block-quote"><p>{}</p></blockquote>',
            ul=('<ul class="wp-block-list">', "</ul>"),
            sep="\n\n",
            nbsp=r.random() < 0.4,
        )
        body = body_html(rel.blocks, style, {1: fig} if len(rel.blocks) > 1 else {len(rel.blocks): fig})
        i = self.releases.index(rel)
        nav = ""
        if i + 1 < len(self.releases):
            o = self.releases[i + 1]
            nav += f'<div class="nav-previous"><a href="{o.url}" rel="prev"><span class="meta-nav" aria-hidden="true">Назад</span> <span class="screen-reader-text">Предыдущая запись:</span> <span class="post-title">{esc(o.title)}</span></a></div>'
        if i > 0:
            o = self.releases[i - 1]
            nav += f'<div class="nav-next"><a href="{o.url}" rel="next"><span class="meta-nav" aria-hidden="true">Далее</span> <span class="screen-reader-text">Следующая запись:</span> <span class="post-title">{esc(o.title)}</span></a></div>'
        side, _ = self.widgets(rel)
        pid = rel.extra["pid"]
        main = f"""<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard has-post-thumbnail hentry category-novosti">
	<header class="entry-header"><h1 class="entry-title">{esc(rel.title)}</h1></header>
	<div class="entry-content">
{body}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Поделиться:</h3><div class="sd-content"><ul><li class="share-vk"><a rel="nofollow noopener noreferrer" class="share-vk sd-button" href="https://vk.com/share.php?url={rel.url}" target="_blank"><span>ВКонтакте</span></a></li><li class="share-telegram"><a rel="nofollow noopener noreferrer" class="share-telegram sd-button" href="https://t.me/share/url?url={rel.url}" target="_blank"><span>Telegram</span></a></li></ul></div></div></div>
	</div>
	<footer class="entry-footer"><span class="posted-on"><span class="screen-reader-text">Опубликовано </span><a href="{rel.url}" rel="bookmark">{self.times(rel)}</a></span><span class="byline"><span class="author vcard"><a class="url fn n" href="{self.host}/author/press/">Пресс-служба</a></span></span><span class="cat-links"><a href="{self.host}{CAT}" rel="category tag">Новости</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Записи"><h2 class="screen-reader-text">Навигация по записям</h2><div class="nav-links">{nav}</div></nav>
<div id="comments" class="comments-area"><p class="no-comments">Обсуждение закрыто.</p></div>
</main></div>
"""
        extra = f"<link rel=\"canonical\" href=\"{rel.url}\" />\n<link rel='shortlink' href='{self.host}/?p={pid}' />\n"
        return (
            self.head(f"{rel.title} – Агентство инвестиционного развития Смоленской области", extra)
            + side
            + main
            + self.foot()
        )


LAYOUT = WpClassic()
