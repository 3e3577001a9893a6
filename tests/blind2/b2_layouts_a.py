"""Renderers: UMI.CMS, HostCMS, MODX Revo, 1C-Bitrix custom theme, Joomla 3 + K2, Drupal 7.

Each layout is a class with listing(site, idx, items) and article(site, a) returning HTML text.
The markup follows what these CMS families emit; the text comes from the article records.
"""

from b2_common import (
    MONTHS_SHORT,
    WEEKDAYS,
    body_html,
    d_dots,
    d_long,
    esc,
    iso,
    lead_of,
    size_str,
    truncate,
)


def path(url):
    return "/" + url.split("/", 3)[3]


def img(a, w=360):
    return f"{a['id'] * 7919 % 100000:05x}{w}"


class umi_gov:
    @staticmethod
    def head(site, title):
        return f"""<!DOCTYPE html>
<html lang="ru" xmlns:umi="http://www.umi-cms.ru/TR/umi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}</title>
<meta name="keywords" content="">
<link rel="stylesheet" type="text/css" href="/templates/minek/css/main.css?v=20240611">
<link rel="alternate" type="application/rss+xml" href="/press/news/rss/" title="Новости">
<script src="/js/jquery/jquery.js"></script><script src="/js/guest.js"></script>
</head>
<body>
<div class="vision_link"><a href="/?vision=1">Версия для слабовидящих</a></div>
<div class="header">
 <a href="/" class="logo"><img src="/templates/minek/img/gerb.png" alt="Герб"></a>
 <div class="site_name">{esc(site["name"])}</div>
 <div class="header_contacts">Приёмная: <b>+7 (4012) 59-91-20</b><br>Горячая линия для инвесторов: <b>8-800-550-39-39</b></div>
 <form action="/search/search_do/" class="search"><input type="text" name="search_string" placeholder="Поиск по сайту"></form>
</div>
<ul class="main_menu">
 <li><a href="/about/">О министерстве</a></li><li><a href="/activity/">Деятельность</a></li>
 <li><a href="/investors/">Инвесторам</a></li><li><a href="/docs/">Документы</a></li>
 <li class="active"><a href="/press/">Пресс-центр</a></li><li><a href="/contacts/">Контакты</a></li>
</ul>
<div class="wrap"><div class="left_col">
 <ul class="sub_menu"><li class="active"><a href="/press/news/">Новости</a></li><li><a href="/press/anons/">Анонсы</a></li>
 <li><a href="/press/photo/">Фотогалерея</a></li><li><a href="/press/smi/">СМИ о нас</a></li></ul>
 <div class="banner"><a href="https://mybusiness39.ru/" target="_blank"><img src="/images/banners/mb39.jpg" alt="Мой бизнес"></a></div>
</div><div class="content">
"""

    FOOT = """</div></div>
<div class="footer"><div class="copy">© 2010–2025 Министерство экономического развития, промышленности и торговли Калининградской области<br>236007, г. Калининград, ул. Дм. Донского, 1. E-mail: minek@gov39.ru</div>
<div class="counters"><!-- Yandex.Metrika counter --><script>(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};})(window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");ym(31877255, "init", {clickmap:true});</script><noscript><div><img src="https://mc.yandex.ru/watch/31877255" alt=""></div></noscript></div>
<div class="umi">Сайт работает на <a href="https://www.umi-cms.ru/" target="_blank">UMI.CMS</a></div></div>
</body></html>
"""

    @staticmethod
    def listing(site, idx, items):
        h = umi_gov.head(site, site["name"] + " - Новости")
        h += '<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press/">Пресс-центр</a> / <span>Новости</span></div>\n'
        h += '<h1 umi:element-id="14" umi:field-name="h1">Новости</h1>\n<div class="news_list">\n'
        for a in items:
            u = path(a["url"])
            h += f"""<div class="news_item" umi:element-id="{a["id"]}">
 <div class="news_date">{d_dots(a["dt"])}</div>
 {'<div class="news_image"><a href="' + u + '"><img src="/images/cms/thumbs/' + img(a) + "/news_" + str(a["id"]) + '_160_120.jpg" width="160" height="120" alt=""></a></div>' if a["photo"] else ""}
 <div class="news_title"><a href="{u}" umi:field-name="h1">{esc(a["title"])}</a></div>
 <div class="news_anons" umi:field-name="anons"><p>{esc(lead_of(a, 220))}</p></div>
</div>
"""
        h += '</div>\n<div class="numpages"><ul>'
        n = len(site["chunks"])
        for i in range(n):
            h += f"<li><span>{i + 1}</span></li>" if i == idx else f'<li><a href="?p={i}">{i + 1}</a></li>'
        if idx + 1 < n:
            h += f'<li class="next_page"><a href="?p={idx + 1}">&rarr;</a></li><li><a href="?p={n - 1}">&raquo;</a></li>'
        h += "</ul></div>\n"
        return h + umi_gov.FOOT

    @staticmethod
    def article(site, a):
        h = umi_gov.head(site, f"{site['name']} - {a['title']}")
        h += '<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press/">Пресс-центр</a> / <a href="/press/news/">Новости</a></div>\n'
        h += f'<div class="news_full"><div class="date">{d_dots(a["dt"])}</div>\n'
        h += f'<h1 umi:element-id="{a["id"]}" umi:field-name="h1" umi:empty="Заголовок">{esc(a["title"])}</h1>\n'
        if a["photo"]:
            h += f'<div class="news_photo"><img src="/images/cms/data/news/2025/{a["id"]}_1.jpg" alt="{esc(a["title"])}" width="600"></div>\n'
        h += f'<div class="news_content" umi:element-id="{a["id"]}" umi:field-name="content">\n'
        h += body_html(a["blocks"], h="h3", p_attr=' style="text-align: justify;"')
        h += "\n</div>\n"
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f'<div class="files"><a href="/files/news/{a["id"]}.{ext.lower()}">{t}</a> ({ext}, {size_str(kb)})</div>\n'
        h += """<div class="share"><span>Поделиться:</span> <div class="ya-share2" data-services="vkontakte,odnoklassniki,telegram"></div>
<script src="https://yastatic.net/share2/share.js"></script></div>
"""
        h += f'<div class="print"><a href="{path(a["url"])}?print=1" target="_blank">Версия для печати</a></div>\n'
        h += '<div class="back"><a href="/press/news/">&larr; Вернуться к списку новостей</a></div></div>\n'
        return h + umi_gov.FOOT


class hostcms_agency:
    @staticmethod
    def head(site, title):
        return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="description" content="">
<link rel="stylesheet" href="/templates/template1/style.css?1706101212">
<link rel="stylesheet" href="/hostcmsfiles/jquery/photobox/photobox.css">
</head>
<body class="pageBody">
<div class="top-line"><div class="container"><span class="phone"><a href="tel:+78462005050">+7 (846) 200-50-50</a></span>
<span class="mail">info@aiso63.ru</span> <a class="btn-callback" href="#callback">Обратный звонок</a></div></div>
<header class="header"><div class="container">
<a class="logo" href="/"><img src="/images/logo-aiso.svg" alt="{esc(site["name"])}"></a>
<nav class="top-menu"><ul>
<li><a href="/about/">Об агентстве</a></li><li><a href="/investoram/">Инвесторам</a></li>
<li><a href="/ploshchadki/">Инвестиционные площадки</a></li><li><a href="/podderzhka/">Меры поддержки</a></li>
<li class="current"><a href="/press-center/">Пресс-центр</a></li><li><a href="/contacts/">Контакты</a></li>
</ul></nav></div></header>
<div class="container main">
"""

    FOOT = """</div>
<footer class="footer"><div class="container">
<div class="footer-col">АО «Агентство инвестиций Самарской области»<br>443010, г. Самара, ул. Фрунзе, 106</div>
<div class="footer-col"><a href="/politika-konfidentsialnosti/">Политика конфиденциальности</a><br><a href="/sitemap/">Карта сайта</a></div>
<div class="footer-col">Сайт создан на <a href="https://www.hostcms.ru" rel="nofollow">HostCMS</a></div>
</div></footer>
<div id="cookie-notice" class="cookie">Мы используем файлы cookie, чтобы сайт работал удобнее. Продолжая пользоваться сайтом, вы соглашаетесь с этим. <button type="button">Хорошо</button></div>
<script src="/hostcmsfiles/jquery/jquery.min.js"></script><script src="/templates/template1/script.js"></script>
</body>
</html>
"""

    @staticmethod
    def date(d):
        return f"{d.day:02d} {d_long(d).split(' ', 1)[1]} г."

    @staticmethod
    def listing(site, idx, items):
        h = hostcms_agency.head(site, "Новости")
        h += '<div class="breadcrumbs"><a href="/">Главная</a><span> → </span><a href="/press-center/">Пресс-центр</a><span> → </span>Новости</div>\n'
        h += '<h1>Новости</h1>\n<div class="news-list">\n'
        for a in items:
            u = path(a["url"])
            tags = "".join(
                f'<a href="/press-center/news/tag/{t.replace(" ", "%20")}/" class="tag">{t}</a> '
                for t in a["tags"]
            )
            h += f"""<div class="news-item">
  <div class="news-date">{hostcms_agency.date(a["dt"])}</div>
  <div class="news-name"><a href="{u}">{esc(a["title"])}</a></div>
  <div class="news-description"><p>{esc(lead_of(a, 200))}</p></div>
  {('<div class="news-tags">' + tags + "</div>") if tags else ""}
</div>
"""
        h += '</div>\n<div class="pagination">'
        n = len(site["chunks"])
        for i in range(n):
            href = "/press-center/news/" if i == 0 else f"/press-center/news/page-{i + 1}/"
            h += (
                f'<span class="current">{i + 1}</span> '
                if i == idx
                else f'<a href="{href}" class="page_link">{i + 1}</a> '
            )
        if idx + 1 < n:
            h += f'<a href="/press-center/news/page-{idx + 2}/" class="page_link" id="id_next">&rarr;</a>'
        h += "</div>\n"
        h += '<div class="sidebar-block"><h3>Облако тегов</h3><a href="/press-center/news/tag/инвестиции/">инвестиции</a> <a href="/press-center/news/tag/экспорт/">экспорт</a> <a href="/press-center/news/tag/МСП/">МСП</a></div>\n'
        return h + hostcms_agency.FOOT

    @staticmethod
    def article(site, a):
        h = hostcms_agency.head(site, a["title"])
        h += '<div class="breadcrumbs"><a href="/">Главная</a><span> → </span><a href="/press-center/">Пресс-центр</a><span> → </span><a href="/press-center/news/">Новости</a></div>\n'
        h += f'<h1 hostcms:id="{a["id"]}" hostcms:field="name" hostcms:entity="informationsystem_item">{esc(a["title"])}</h1>\n'
        h += f'<div class="item-date">{hostcms_agency.date(a["dt"])}</div>\n'
        if a["photo"]:
            h += f'<div class="item-image"><img src="/upload/information_system_3/{a["id"] % 1000:03d}/item_{a["id"]}.jpg" alt=""></div>\n'
        h += '<div class="item-text" hostcms:id="{}" hostcms:field="text" hostcms:entity="informationsystem_item" hostcms:type="wysiwyg">\n'.format(
            a["id"]
        )
        h += body_html(a["blocks"], h="h2")
        h += "\n</div>\n"
        if a["tags"]:
            h += (
                '<div class="item-tags">Метки: '
                + ", ".join(f'<a href="/press-center/news/tag/{t}/">{t}</a>' for t in a["tags"])
                + "</div>\n"
            )
        h += f'<div class="item-views">Просмотров: {a["views"]}</div>\n'
        h += """<div class="comments"><h2>Добавить комментарий</h2><form action="" method="post" class="comment-form">
<div class="row"><div class="caption">Имя</div><input type="text" name="author" value="" size="40"></div>
<div class="row"><div class="caption">E-mail</div><input type="text" name="email" value="" size="40"></div>
<div class="row"><div class="caption">Тема</div><input type="text" name="subject" value="" size="40"></div>
<div class="row"><div class="caption">Комментарий</div><textarea name="text" cols="68" rows="5"></textarea></div>
<div class="row"><div class="caption">Контрольное число</div><img src="/captcha.php?id=17384&amp;height=30" class="captcha" alt="Контрольное число"> <input type="text" name="captcha"></div>
<input type="submit" class="button" value="Опубликовать"></form></div>
"""
        return h + hostcms_agency.FOOT


class modx_fund:
    @staticmethod
    def date(d):
        return f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year}"

    @staticmethod
    def head(site, title):
        return f"""<!doctype html>
<html lang="ru">
<head>
<meta charset="UTF-8">
<base href="https://frp66.ru/" />
<title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="assets/templates/frp/css/app.min.css?v=1.4.2">
<link rel="icon" href="assets/templates/frp/img/favicon.ico">
</head>
<body>
<header class="site-header">
 <div class="site-header__top"><div class="container">
  <a href="./" class="site-header__logo"><img src="assets/templates/frp/img/logo.svg" alt="ФРП СО"></a>
  <div class="site-header__phone"><a href="tel:+73432888870">+7 (343) 288-88-70</a><small>пн–пт 9:00–18:00</small></div>
  <a href="zayavka.html" class="btn btn--accent">Подать заявку на заём</a>
 </div></div>
 <nav class="site-nav"><div class="container"><ul>
  <li><a href="o-fonde.html">О фонде</a></li><li><a href="programmy/">Программы</a></li>
  <li><a href="dokumenty/">Документы</a></li><li class="active"><a href="novosti/">Новости</a></li>
  <li><a href="kontakty.html">Контакты</a></li></ul></div></nav>
</header>
<main class="page"><div class="container">
"""

    FOOT = """</div></main>
<footer class="site-footer"><div class="container">
 <div class="site-footer__col">© 2025 Фонд технологического развития промышленности Свердловской области</div>
 <div class="site-footer__col"><a href="politika.html">Политика обработки персональных данных</a></div>
 <div class="site-footer__col">620075, Екатеринбург, ул. Малышева, 51, офис 3502</div>
</div></footer>
<script src="assets/templates/frp/js/app.min.js?v=1.4.2"></script>
</body>
</html>
"""

    @staticmethod
    def listing(site, idx, items):
        h = modx_fund.head(site, "Новости — ФРП Свердловской области")
        h += '<ul class="breadcrumb"><li class="breadcrumb-item"><a href="./">Главная</a></li><li class="breadcrumb-item active">Новости</li></ul>\n'
        h += '<h1 class="page__title">Новости</h1>\n<div class="news-list" id="pdopage"><div class="rows">\n'
        for a in items:
            rel = a["url"].split("/", 3)[3]
            pic = (
                f'<a href="{rel}" class="news-card__img"><img src="assets/cache_image/news/{a["id"]}_370x220_9c1.jpg" alt=""></a>'
                if a["photo"]
                else ""
            )
            h += f"""<article class="news-card">
 {pic}
 <div class="news-card__body">
  <time class="news-card__date">{modx_fund.date(a["dt"])}</time>
  <a href="{rel}" class="news-card__title">{esc(a["title"])}</a>
  <p class="news-card__intro">{esc(lead_of(a, 150))}</p>
 </div>
</article>
"""
        h += '</div>\n<ul class="pagination">'
        n = len(site["chunks"])
        for i in range(n):
            href = "novosti/" if i == 0 else f"novosti/?page={i + 1}"
            cls = "page-item active" if i == idx else "page-item"
            h += f'<li class="{cls}"><a class="page-link" href="{href}">{i + 1}</a></li>'
        if idx + 1 < n:
            h += f'<li class="page-item"><a class="page-link" href="novosti/?page={idx + 2}">»</a></li>'
        h += "</ul></div>\n"
        return h + modx_fund.FOOT

    @staticmethod
    def article(site, a):
        h = modx_fund.head(site, f"{a['title']} — ФРП Свердловской области")
        h += f'<ul class="breadcrumb"><li class="breadcrumb-item"><a href="./">Главная</a></li><li class="breadcrumb-item"><a href="novosti/">Новости</a></li><li class="breadcrumb-item active">{esc(truncate(a["title"], 60))}</li></ul>\n'
        h += f'<article class="article"><h1 class="article__title">{esc(a["title"])}</h1>\n'
        h += f'<div class="article__meta"><time class="article__date">{modx_fund.date(a["dt"])}</time><span class="article__views"><svg class="icon"><use xlink:href="#eye"></use></svg>{a["views"]}</span></div>\n'
        if a["photo"]:
            h += f'<figure class="article__image"><img src="assets/images/news/{a["id"]}/main.jpg" alt=""><figcaption>{esc(a["credit"])}</figcaption></figure>\n'
        h += '<div class="article__content">\n' + body_html(a["blocks"], h="h2", typo=True) + "\n</div>\n"
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f'<div class="article__files"><a class="file" href="assets/files/{a["id"]}.{ext.lower()}"><span class="file__name">{t}</span><span class="file__meta">{ext}, {size_str(kb)}</span></a></div>\n'
        h += '<a href="novosti/" class="article__back">← Все новости</a></article>\n'
        rel = a["related"][:2]
        h += (
            '<aside class="more-news"><h3>Другие новости</h3>'
            + "".join(
                f'<a href="{r["url"].split("/", 3)[3]}" class="more-news__item"><time>{modx_fund.date(r["dt"])}</time>{esc(r["title"])}</a>'
                for r in rel
            )
            + "</aside>\n"
        )
        return h + modx_fund.FOOT


class bitrix_invest:
    @staticmethod
    def head(site, title, og=None):
        ogs = (
            f'<meta property="og:title" content="{esc(og)}">\n<meta property="og:type" content="article">\n'
            if og
            else ""
        )
        return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{esc(title)}</title>
{ogs}<link href="/bitrix/cache/css/s1/airo/template_5e1b0c7a3f2d6e9a/template_5e1b0c7a3f2d6e9a_v1.css?1708417312214870" type="text/css" rel="stylesheet"/>
<script type="text/javascript">if(!window.BX)window.BX={{}};if(!window.BX.message)window.BX.message=function(mess){{if(typeof mess==='object'){{for(let i in mess) {{BX.message[i]=mess[i];}} return true;}}}};</script>
<script type="text/javascript">(window.BX||top.BX).message({{'LANGUAGE_ID':'ru','FORMAT_DATE':'DD.MM.YYYY','FORMAT_DATETIME':'DD.MM.YYYY HH:MI:SS','SITE_ID':'s1'}});</script>
</head>
<body>
<div id="panel"></div>
<header class="header">
 <div class="header__inner">
  <a href="/" class="header__logo"><img src="/local/templates/airo/images/logo.svg" alt="АРИ Омской области"></a>
  <nav class="header__menu"><ul>
   <li><a href="/about/">Об агентстве</a></li><li><a href="/invest/">Инвестору</a></li>
   <li><a href="/invest/platforms/">Площадки</a></li><li><a href="/support/">Меры поддержки</a></li>
   <li class="selected"><a href="/press-center/">Пресс-центр</a></li></ul></nav>
  <div class="header__phone"><a href="tel:+73812350100">+7 (3812) 35-01-00</a></div>
  <a class="header__lang" href="/en/">EN</a>
 </div>
</header>
<main class="main">
"""

    FOOT = """</main>
<footer class="footer">
 <div class="footer__inner">
  <div class="footer__copy">© 2025 АНО «Агентство развития и инвестиций Омской области»</div>
  <div class="footer__addr">644043, г. Омск, ул. Красный Путь, 5</div>
  <ul class="footer__menu"><li><a href="/privacy/">Политика конфиденциальности</a></li><li><a href="/press-center/news/rss/">RSS</a></li></ul>
  <div class="footer__dev">Разработка сайта — <a href="https://example-studio.ru/" rel="nofollow">Веб-студия</a></div>
 </div>
</footer>
<div class="cookie-popup js-cookie" style="display:none">Сайт использует cookie. <a href="/privacy/">Подробнее</a> <button class="cookie-popup__btn">Принять</button></div>
<script type="text/javascript" src="/bitrix/cache/js/s1/airo/template_a1f7e2/template_a1f7e2_v1.js?1708417312118021"></script>
</body>
</html>
"""

    @staticmethod
    def pager(idx, n, param, base="/press-center/news/"):
        h = '<div class="bx-pagination"><div class="bx-pagination-container"><ul>'
        if idx > 0:
            prev = base if idx == 1 else f"{base}?{param}={idx}"
            h += f'<li class="bx-pag-prev"><a href="{prev}"><span>Назад</span></a></li>'
        else:
            h += '<li class="bx-pag-prev"><span>Назад</span></li>'
        for i in range(n):
            href = base if i == 0 else f"{base}?{param}={i + 1}"
            h += (
                f'<li class="bx-active"><span>{i + 1}</span></li>'
                if i == idx
                else f'<li><a href="{href}"><span>{i + 1}</span></a></li>'
            )
        if idx + 1 < n:
            h += f'<li class="bx-pag-next"><a href="{base}?{param}={idx + 2}"><span>Вперед</span></a></li>'
        else:
            h += '<li class="bx-pag-next"><span>Вперед</span></li>'
        return h + "</ul></div></div>"

    @staticmethod
    def listing(site, idx, items):
        h = bitrix_invest.head(site, "Новости — Агентство развития и инвестиций Омской области")
        h += '<div class="breadcrumbs"><a href="/" title="Главная">Главная</a><span class="sep">/</span><a href="/press-center/" title="Пресс-центр">Пресс-центр</a><span class="sep">/</span><span>Новости</span></div>\n'
        h += '<div class="page-head"><h1>Новости</h1><div class="tabs"><a class="tabs__item active" href="/press-center/news/">Новости</a><a class="tabs__item" href="/press-center/smi/">СМИ о нас</a><a class="tabs__item" href="/press-center/video/">Видео</a></div></div>\n'
        h += '<div class="layout"><div class="layout__content"><div class="news-cards">\n'
        for a in items:
            u = path(a["url"])
            anchor = truncate(a["title"], 85)
            a["anchor"] = anchor
            bg = (
                f"/upload/iblock/{a['id'] % 997:03x}/{img(a, 800)}.jpg"
                if a["photo"]
                else "/local/templates/airo/images/news-placeholder.jpg"
            )
            h += f"""<div class="news-card" id="bx_3218110189_{a["id"]}">
 <a href="{u}" class="news-card__img" style="background-image: url('{bg}');"></a>
 <div class="news-card__body">
  <div class="news-card__date">{a["dt"].day:02d} {d_long(a["dt"]).split(" ", 1)[1]}</div>
  <a href="{u}" class="news-card__title">{esc(anchor)}</a>
  <a href="{u}" class="news-card__more">Подробнее →</a>
 </div>
</div>
"""
        h += "</div>\n" + bitrix_invest.pager(idx, len(site["chunks"]), "PAGEN_2") + "\n</div>\n"
        h += '<aside class="layout__aside"><div class="events-block"><h3>Мероприятия</h3>'
        h += '<div class="event"><span class="event__date">27 марта</span><a href="/press-center/events/forum-omsk-2025/">Омский промышленный форум</a></div>'
        h += '<div class="event"><span class="event__date">3 апреля</span><a href="/press-center/events/den-investora/">День инвестора в Таре</a></div>'
        h += bitrix_invest.pager(0, 3, "PAGEN_1") + "</div>"
        h += '<div class="aside-banner"><a href="/invest/platforms/"><img src="/upload/medialibrary/ban/map.jpg" alt="Карта инвестиционных площадок"></a></div></aside></div>\n'
        return h + bitrix_invest.FOOT

    @staticmethod
    def article(site, a):
        h = bitrix_invest.head(
            site, f"{a['title']} — Агентство развития и инвестиций Омской области", og=a["title"]
        )
        h += f'<div class="breadcrumbs"><a href="/" title="Главная">Главная</a><span class="sep">/</span><a href="/press-center/" title="Пресс-центр">Пресс-центр</a><span class="sep">/</span><a href="/press-center/news/" title="Новости">Новости</a><span class="sep">/</span><span>{esc(a["title"])}</span></div>\n'
        h += f'<div class="news-detail" id="bx_1878455859_{a["id"]}">\n'
        h += f'<div class="news-detail__top"><span class="news-detail__date">{d_dots(a["dt"])} {a["dt"]:%H:%M}</span><span class="news-detail__views">{a["views"]}</span></div>\n'
        h += f'<h1 class="news-detail__title">{esc(a["title"])}</h1>\n'
        if a["photo"]:
            h += f'<div class="news-detail__picture"><img src="/upload/iblock/{a["id"] % 997:03x}/{img(a, 1200)}.jpg" alt="{esc(a["title"])}" title="{esc(a["title"])}"></div>\n'
        h += '<div class="news-detail__text">' + body_html(a["blocks"], h="h3") + "</div>\n"
        if a["source"]:
            h += f'<div class="news-detail__source">Источник: {a["source"]}</div>\n'
        h += (
            '<div class="news-detail__share"><span>Поделиться</span><a class="share share--vk" href="https://vk.com/share.php?url='
            + a["url"]
            + '" target="_blank"></a><a class="share share--tg" href="https://t.me/share/url?url='
            + a["url"]
            + '" target="_blank"></a></div>\n'
        )
        h += '<a class="news-detail__back" href="/press-center/news/">← Назад к списку</a></div>\n'
        h += (
            '<div class="news-related"><h2>Другие новости</h2><div class="news-related__list">'
            + "".join(
                f'<a class="news-related__item" href="{path(r["url"])}"><span>{d_dots(r["dt"])}</span>{esc(r["title"])}</a>'
                for r in a["related"]
            )
            + "</div></div>\n"
        )
        return h + bitrix_invest.FOOT


class joomla_k2:
    @staticmethod
    def date(d):
        return f"{WEEKDAYS[d.weekday()]}, {d.day:02d} {d_long(d).split(' ', 1)[1]} {d:%H:%M}"

    @staticmethod
    def head(site, title):
        return f"""<!DOCTYPE html>
<html prefix="og: http://ogp.me/ns#" xml:lang="ru-ru" lang="ru-ru" dir="ltr">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<base href="{site["base"]}" />
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<title>{esc(title)}</title>
<link href="/media/k2/assets/css/k2.fonts.css?v=2.10.3" rel="stylesheet" />
<link href="/components/com_k2/css/k2.css?v=2.10.3&amp;b=20200429" rel="stylesheet" />
<link href="/templates/sppkk/css/template.css" rel="stylesheet" />
<script src="/media/jui/js/jquery.min.js?3b1ed8f0c2b6fd7b6cd5f0b7a6c0b4b4"></script>
<script src="/media/k2/assets/js/k2.frontend.js?v=2.10.3&amp;b=20200429&amp;sitepath=/"></script>
</head>
<body class="site com_k2 view-itemlist no-layout no-task itemid-112">
<div class="body"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix">
<a class="brand pull-left" href="/"><img src="/images/logo_spp.png" alt="Союз промышленников и предпринимателей Красноярского края" /></a>
<div class="header-search pull-right"><div class="custom"><p>г. Красноярск, ул. Ленина, 113, оф. 402<br />Тел.: (391) 227-51-09</p></div></div>
</div></header>
<nav class="navigation" role="navigation"><ul class="nav menu nav-pills mod-list">
<li class="item-101 default"><a href="/">Главная</a></li><li class="item-108"><a href="/o-soyuze">О союзе</a></li>
<li class="item-112 current active"><a href="/novosti">Новости</a></li><li class="item-115"><a href="/chleny-soyuza">Члены союза</a></li>
<li class="item-117"><a href="/kontakty">Контакты</a></li></ul></nav>
<div class="row-fluid"><main id="content" role="main" class="span9">
<ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb"><li>Вы здесь: &#160;</li><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/" class="pathway"><span itemprop="name">Главная</span></a><span class="divider"> </span><meta itemprop="position" content="1"></li><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" class="active"><span itemprop="name">Новости</span><meta itemprop="position" content="2"></li></ul>
"""

    @staticmethod
    def foot():
        return """</main>
<div id="aside" class="span3"><div class="well "><h3 class="page-header">Календарь событий</h3><ul class="latestnews mod-list">
<li><a href="/meropriyatiya/item/702-zasedanie-pravleniya">Заседание правления союза 2 апреля</a></li>
<li><a href="/meropriyatiya/item/699-kongress-delovyh-krugov">Конгресс деловых кругов Сибири</a></li></ul></div>
<div class="well "><h3 class="page-header">Подписка</h3><form action="/novosti?format=feed&amp;type=rss"><a href="/novosti?format=feed&amp;type=rss">RSS-лента новостей</a></form></div></div>
</div></div></div>
<footer class="footer" role="contentinfo"><div class="container"><hr /><p class="pull-right"><a href="#top" id="back-top">Наверх</a></p>
<p>&copy; 2025 Союз промышленников и предпринимателей Красноярского края</p></div></footer>
<!-- Yandex.Metrika informer --><a href="https://metrika.yandex.ru/stat/?id=24516823&amp;from=informer" target="_blank" rel="nofollow"><img src="https://informer.yandex.ru/informer/24516823/3_1_FFFFFFFF_EFEFEFFF_0_pageviews" style="width:88px; height:31px; border:0;" alt="Яндекс.Метрика" /></a>
</body>
</html>
"""

    @staticmethod
    def listing(site, idx, items):
        site["base"] = site["listing_urls"][idx]
        h = joomla_k2.head(site, "Новости")
        h += '<div id="k2Container" class="itemListView">\n<div class="itemListCategoriesBlock"><div class="itemListCategory"><h2>Новости</h2><div class="clr"></div></div></div>\n<div class="itemList">\n<div id="itemListLeading">\n'
        for a in items:
            u = path(a["url"])
            tags = "".join(
                f'<li><a href="/novosti/itemlist/tag/{t.replace(" ", "%20")}">{t}</a></li>' for t in a["tags"]
            )
            imgb = (
                f'<div class="catItemImageBlock"><span class="catItemImage"><a href="{u}" title="{esc(a["title"])}"><img src="/media/k2/items/cache/{img(a)}_M.jpg" alt="{esc(a["title"])}" style="width:400px; height:auto;" /></a></span><div class="clr"></div></div>'
                if a["photo"]
                else ""
            )
            h += f"""<div class="itemContainer itemContainerLast" style="width:100.0%;">
<div class="catItemView groupLeading">
 <div class="catItemHeader">
  <span class="catItemDateCreated">{joomla_k2.date(a["dt"])}</span>
  <h3 class="catItemTitle"><a href="{u}">{esc(a["title"])}</a></h3>
  <span class="catItemAuthor">Написано <a rel="author" href="/novosti/itemlist/user/62-press-sluzhba">Пресс-служба</a></span>
 </div>
 <div class="catItemBody">{imgb}<div class="catItemIntroText"><p>{esc(a["blocks"][0][1])}</p></div><div class="clr"></div></div>
 <div class="clr"></div>
 <div class="catItemLinks">
  <div class="catItemCategory"><span>Опубликовано в</span> <a href="/novosti/itemlist/category/3-novosti">Новости</a></div>
  {('<div class="catItemTagsBlock"><span>Теги</span><ul class="catItemTags">' + tags + '</ul><div class="clr"></div></div>') if tags else ""}
  <div class="clr"></div>
 </div>
 <div class="catItemReadMore"><a class="k2ReadMore" href="{u}">Подробнее...</a></div>
 <div class="clr"></div>
</div>
</div>
<div class="clr"></div>
"""
        h += '</div>\n</div>\n<div class="k2Pagination"><div class="pagination"><ul class="pagination-list">'
        n = len(site["chunks"])
        per = site["per_page"][0]
        if idx > 0:
            h += '<li><a title="В начало" href="/novosti" class="pagenav">В начало</a></li>'
            prev = "/novosti" if idx == 1 else f"/novosti?start={(idx - 1) * per}"
            h += f'<li><a title="Предыдущая" href="{prev}" class="pagenav">Предыдущая</a></li>'
        else:
            h += '<li class="disabled"><a>В начало</a></li><li class="disabled"><a>Предыдущая</a></li>'
        for i in range(n):
            href = "/novosti" if i == 0 else f"/novosti?start={i * per}"
            h += (
                f'<li class="active hidden-phone"><a>{i + 1}</a></li>'
                if i == idx
                else f'<li class="hidden-phone"><a title="{i + 1}" href="{href}" class="pagenav">{i + 1}</a></li>'
            )
        if idx + 1 < n:
            h += f'<li><a title="Следующая" href="/novosti?start={(idx + 1) * per}" class="pagenav">Следующая</a></li>'
            h += f'<li><a title="В конец" href="/novosti?start={(n - 1) * per}" class="pagenav">В конец</a></li>'
        h += f'</ul></div><div class="clr"></div>Страница {idx + 1} из {n}</div>\n</div>\n'
        return h + joomla_k2.foot()

    @staticmethod
    def article(site, a):
        site["base"] = a["url"]
        h = joomla_k2.head(site, a["title"]).replace("view-itemlist", "view-item")
        h += (
            '<span id="startOfPageId'
            + str(a["id"])
            + '"></span>\n<div id="k2Container" class="itemView">\n<div class="itemHeader">\n'
        )
        h += f'<span class="itemDateCreated">{joomla_k2.date(a["dt"])}</span>\n<h2 class="itemTitle">{esc(a["title"])}</h2>\n'
        h += '<span class="itemAuthor">Написано&nbsp;<a rel="author" href="/novosti/itemlist/user/62-press-sluzhba">Пресс-служба</a></span>\n</div>\n'
        h += (
            '<div class="itemToolbar"><ul><li><a class="itemPrintLink" rel="nofollow" href="'
            + path(a["url"])
            + '?tmpl=component&amp;print=1" onclick="window.open(this.href,\'printWindow\',\'width=900,height=600\'); return false;">Печать</a></li><li><a class="itemEmailLink" rel="nofollow" href="/component/mailto/?tmpl=component&amp;template=sppkk&amp;link='
            + str(a["id"])
            + '">E-mail</a></li></ul><div class="clr"></div></div>\n'
        )
        h += '<div class="itemBody">\n'
        if a["photo"]:
            h += f'<div class="itemImageBlock"><span class="itemImage"><a data-k2-modal="image" href="/media/k2/items/cache/{img(a)}_XL.jpg" title="Нажмите для предпросмотра изображения"><img src="/media/k2/items/cache/{img(a)}_L.jpg" alt="{esc(a["title"])}" style="width:600px; height:auto;" /></a></span><span class="itemImageCaption">{esc(a["credit"])}</span><div class="clr"></div></div>\n'
        h += f'<div class="itemIntroText"><p>{esc(a["blocks"][0][1])}</p></div>\n'
        h += '<div class="itemFullText">\n' + body_html(a["blocks"][1:], h="h3") + "\n</div>\n"
        h += '<div class="clr"></div>\n'
        if a["updated"]:
            h += f'<div class="itemDateModified">Последнее изменение {joomla_k2.date(a["updated"])}</div>\n'
        h += f'<div class="itemLinks"><div class="itemHitsBlock"><span class="itemHits">Прочитано <b>{a["views"]}</b> раз</span></div><div class="itemCategory"><span>Опубликовано в</span> <a href="/novosti/itemlist/category/3-novosti">Новости</a></div>'
        if a["tags"]:
            h += (
                '<div class="itemTagsBlock"><span>Теги</span><ul class="itemTags">'
                + "".join(
                    f'<li><a href="/novosti/itemlist/tag/{t.replace(" ", "%20")}">{t}</a></li>'
                    for t in a["tags"]
                )
                + "</ul></div>"
            )
        h += "</div>\n"
        if a["attach"]:
            t, ext, _kb = a["attach"]
            h += f'<div class="itemAttachmentsBlock"><span>Скачать вложения:</span><ul class="itemAttachments"><li><a title="{t}" href="/novosti/item/download/{a["id"] + 40}_{img(a)}">{t}.{ext.lower()}</a></li></ul></div>\n'
        rel = a["related"]
        h += (
            '<div class="itemRelated"><h3>Похожие материалы (по тегу)</h3><ul>'
            + "".join(
                f'<li class="even"><a class="itemRelTitle" href="{path(r["url"])}">{esc(r["title"])}</a></li>'
                for r in rel
            )
            + "</ul></div>\n"
        )
        h += '<div class="itemNavigation"><span class="itemNavigationTitle">Другие материалы в этой категории:</span>'
        h += f' <a class="itemPrevious" href="{path(rel[0]["url"])}">&laquo; {esc(truncate(rel[0]["title"], 50))}</a></div>\n'
        h += (
            '</div>\n<div class="itemBackToTop"><a class="k2Anchor" href="'
            + path(a["url"])
            + "#startOfPageId"
            + str(a["id"])
            + '">наверх</a></div>\n</div>\n'
        )
        return h + joomla_k2.foot()


class drupal7_gov:
    @staticmethod
    def date(d):
        return f"{d_dots(d)} - {d:%H:%M}"

    @staticmethod
    def head(site, title, node=None):
        cls = (
            f"not-front page-node page-node- page-node-{node} node-type-news"
            if node
            else "not-front page-press page-press-news"
        )
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" version="XHTML+RDFa 1.0" dir="ltr"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/terms/"
  xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:sioc="http://rdfs.org/sioc/ns#" xmlns:xsd="http://www.w3.org/2001/XMLSchema#">
<head profile="http://www.w3.org/1999/xhtml/vocab">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<link rel="shortcut icon" href="https://irkobl-economy.ru/sites/all/themes/irkgov/favicon.ico" type="image/vnd.microsoft.icon" />
<title>{esc(title)}</title>
<style type="text/css" media="all">@import url("https://irkobl-economy.ru/modules/system/system.base.css?sa1b2c");
@import url("https://irkobl-economy.ru/sites/all/themes/irkgov/css/style.css?sa1b2c");</style>
<script type="text/javascript" src="https://irkobl-economy.ru/misc/jquery.js?v=1.4.4"></script>
<script type="text/javascript">jQuery.extend(Drupal.settings, {{"basePath":"\\/","pathPrefix":"","ajaxPageState":{{"theme":"irkgov","theme_token":"vQ3kXh0bXw"}}}});</script>
</head>
<body class="html {cls}">
<div id="skip-link"><a href="#main-content" class="element-invisible element-focusable">Перейти к основному содержанию</a></div>
<div id="page-wrapper"><div id="page">
<div id="header"><div class="section clearfix">
<a href="/" title="Главная" rel="home" id="logo"><img src="https://irkobl-economy.ru/sites/default/files/gerb_irk.png" alt="Главная" /></a>
<div id="name-and-slogan"><div id="site-name"><strong><a href="/" title="Главная" rel="home"><span>{esc(site["name"])}</span></a></strong></div>
<div id="site-slogan">Официальный сайт</div></div>
<div class="region region-header"><div id="block-block-3" class="block block-block"><div class="content"><p>Телефон приёмной: 8 (3952) 25-62-20</p></div></div></div>
</div></div>
<div id="navigation"><div class="section"><ul class="menu"><li class="first leaf"><a href="/about">О министерстве</a></li><li class="leaf"><a href="/activity">Деятельность</a></li><li class="leaf"><a href="/invest">Инвестиционная деятельность</a></li><li class="expanded active-trail"><a href="/press" class="active-trail">Пресс-центр</a></li><li class="last leaf"><a href="/contacts">Контакты</a></li></ul></div></div>
"""

    @staticmethod
    def foot():
        return """<div id="footer"><div class="section"><div class="region region-footer"><div id="block-block-1" class="block block-block"><div class="content"><p>© Министерство экономического развития и промышленности Иркутской области, 2025</p><p>664027, г. Иркутск, ул. Ленина, 1а</p><p>При использовании материалов сайта ссылка на источник обязательна</p></div></div>
<div id="block-block-7" class="block block-block"><div class="content"><!-- Спутник --><script type="text/javascript">(function(d, t, p) {var j = d.createElement(t); j.async = true; j.type = "text/javascript"; j.src = ("https:" == p ? "https:" : "http:") + "//stat.sputnik.ru/cnt.js"; var s = d.getElementsByTagName(t)[0]; s.parentNode.insertBefore(j, s);})(document, "script", document.location.protocol);</script></div></div></div></div></div>
</div></div>
</body>
</html>
"""

    @staticmethod
    def listing(site, idx, items):
        h = drupal7_gov.head(site, f"Новости | {site['name']}")
        h += '<div id="breadcrumb"><h2 class="element-invisible">Вы здесь</h2><div class="breadcrumb"><a href="/">Главная</a> » <a href="/press">Пресс-центр</a></div></div>\n'
        h += '<div id="main-wrapper"><div id="main" class="clearfix"><div id="content" class="column"><div class="section"><a id="main-content"></a>\n<h1 class="title" id="page-title">Новости</h1>\n'
        h += '<div class="view view-news view-id-news view-display-id-page view-dom-id-8c1f0e3b">\n<div class="view-filters"><form action="/press/news" method="get" id="views-exposed-form-news-page" accept-charset="UTF-8"><div class="views-exposed-widget"><label for="edit-field-rubric-tid">Рубрика</label><select id="edit-field-rubric-tid" name="field_rubric_tid"><option value="All" selected="selected">- Любой -</option><option value="12">Инвестиции</option><option value="13">Промышленность</option></select></div><input type="submit" id="edit-submit-news" value="Применить" class="form-submit" /></form></div>\n<div class="view-content">\n'
        for i, a in enumerate(items):
            pos = "views-row-odd" if i % 2 == 0 else "views-row-even"
            first = " views-row-first" if i == 0 else " views-row-last" if i == len(items) - 1 else ""
            h += f"""  <div class="views-row views-row-{i + 1} {pos}{first}">
  <div class="views-field views-field-field-date">        <div class="field-content"><span class="date-display-single">{drupal7_gov.date(a["dt"])}</span></div>  </div>
  <div class="views-field views-field-title">        <span class="field-content"><a href="{path(a["url"])}">{esc(a["title"])}</a></span>  </div>
  <div class="views-field views-field-body">        <div class="field-content">{esc(lead_of(a, 240))}</div>  </div>
  </div>
"""
        h += '</div>\n<h2 class="element-invisible">Страницы</h2><div class="item-list"><ul class="pager">'
        n = len(site["chunks"])
        if idx > 0:
            h += '<li class="pager-first first"><a title="На первую страницу" href="/press/news">« первая</a></li>'
            prev = "/press/news" if idx == 1 else f"/press/news?page={idx - 1}"
            h += f'<li class="pager-previous"><a title="На предыдущую страницу" href="{prev}">‹ предыдущая</a></li>'
        for i in range(n):
            href = "/press/news" if i == 0 else f"/press/news?page={i}"
            h += (
                f'<li class="pager-current">{i + 1}</li>'
                if i == idx
                else f'<li class="pager-item"><a title="На страницу номер {i + 1}" href="{href}">{i + 1}</a></li>'
            )
        if idx + 1 < n:
            h += f'<li class="pager-next"><a title="На следующую страницу" href="/press/news?page={idx + 1}">следующая ›</a></li>'
            h += f'<li class="pager-last last"><a title="На последнюю страницу" href="/press/news?page={n - 1}">последняя »</a></li>'
        h += "</ul></div>\n</div>\n</div></div></div></div>\n"
        return h + drupal7_gov.foot()

    @staticmethod
    def article(site, a):
        nid = a["id"]
        h = drupal7_gov.head(site, f"{a['title']} | {site['name']}", node=nid)
        h += '<div id="breadcrumb"><h2 class="element-invisible">Вы здесь</h2><div class="breadcrumb"><a href="/">Главная</a> » <a href="/press">Пресс-центр</a> » <a href="/press/news">Новости</a></div></div>\n'
        h += '<div id="main-wrapper"><div id="main" class="clearfix"><div id="content" class="column"><div class="section"><a id="main-content"></a>\n'
        h += f'<h1 class="title" id="page-title">{esc(a["title"])}</h1>\n'
        h += '<div class="tabs"></div>\n<div class="region region-content"><div id="block-system-main" class="block block-system"><div class="content">\n'
        h += f'<div id="node-{nid}" class="node node-news node-promoted clearfix" about="/node/{nid}" typeof="sioc:Item foaf:Document">\n'
        h += f'<span property="dc:title" content="{esc(a["title"])}" class="rdf-meta element-hidden"></span>\n<div class="content">\n'
        h += f'<div class="field field-name-field-date field-type-datetime field-label-inline clearfix"><div class="field-label">Дата публикации:&nbsp;</div><div class="field-items"><div class="field-item even"><span class="date-display-single" property="dc:date" datatype="xsd:dateTime" content="{iso(a["dt"], site["tz"])}">{drupal7_gov.date(a["dt"])}</span></div></div></div>\n'
        if a["updated"]:
            h += f'<div class="field field-name-field-updated field-type-datetime field-label-inline clearfix"><div class="field-label">Дата изменения:&nbsp;</div><div class="field-items"><div class="field-item even"><span class="date-display-single">{drupal7_gov.date(a["updated"])}</span></div></div></div>\n'
        if a["photo"]:
            h += f'<div class="field field-name-field-image field-type-image field-label-hidden"><div class="field-items"><div class="field-item even"><img typeof="foaf:Image" src="https://irkobl-economy.ru/sites/default/files/styles/large/public/news/{nid}.jpg?itok=Xr3kQ9aP" width="480" height="320" alt="" /></div></div></div>\n'
        h += '<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded">'
        h += body_html(a["blocks"], h="h3", quote="blockquote")
        h += "</div></div></div>\n"
        if a["attach"]:
            t, ext, kb = a["attach"]
            h += f'<div class="field field-name-field-files field-type-file field-label-above"><div class="field-label">Документы:&nbsp;</div><div class="field-items"><div class="field-item even"><span class="file"><img class="file-icon" alt="" title="application/{ext.lower()}" src="/modules/file/icons/application-pdf.png" /> <a href="https://irkobl-economy.ru/sites/default/files/docs/{nid}.{ext.lower()}" type="application/{ext.lower()}; length={kb * 1024}">{t}.{ext.lower()}</a></span></div></div></div>\n'
        if a["tags"]:
            h += (
                '<div class="field field-name-field-rubric field-type-taxonomy-term-reference field-label-inline clearfix"><div class="field-label">Рубрика:&nbsp;</div><div class="field-items">'
                + "".join(
                    f'<div class="field-item even"><a href="/taxonomy/term/{30 + k}" typeof="skos:Concept" property="rdfs:label skos:prefLabel" datatype="">{t}</a></div>'
                    for k, t in enumerate(a["tags"])
                )
                + "</div></div>\n"
            )
        h += f'</div>\n<ul class="links inline"><li class="print_html first"><a href="/print/{nid}" title="Отобразить версию для печати этой страницы." class="print-page" rel="nofollow">Версия для печати</a></li><li class="statistics_counter last"><span>{a["views"]} просмотров</span></li></ul>\n</div>\n'
        h += "</div></div></div>\n</div></div></div></div>\n"
        return h + drupal7_gov.foot()
