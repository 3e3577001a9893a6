"""1C-Bitrix regional-government theme: each card has the rubric link beside the date, the headline link below."""

from __future__ import annotations

from datetime import datetime

from ..content import Release
from ..site import BodyStyle, Layout, Listing, attr, body_html, css_block, d_long, esc, hm, metrika

RUBRICS = {
    "Экономика": "economy",
    "Промышленность": "industry",
    "Инвестиции": "investments",
    "Экспорт": "export",
    "Малый бизнес": "msp",
    "Торговля": "trade",
    "Общество": "society",
}


class BitrixRubricPortal(Layout):
    name = "bitrix_rubric_portal"
    family = "1C-Bitrix, custom regional-government theme"
    description = (
        "Cards whose meta line is «<a>Экономика</a> 17 марта 2025, 14:30» (rubric link first, date "
        "beside it), image link, then the headline link; «Показать ещё» + ?PAGEN_1=N; articles show "
        "date with time plus «Обновлено: …» and a view counter; «Популярное» sidebar with dated links "
        "to other releases; title «Министерство … :: Заголовок»."
    )
    timezone = "Asia/Yekaterinburg"
    region_key = "perm"
    host = "https://minpromtorg.permkrai.ru"
    newest = datetime(2023, 10, 6, 18, 25)
    per_page = (6, 6, 5)

    def listing_url(self, n: int) -> str:
        return f"{self.host}/news/" + ("" if n == 1 else f"?PAGEN_1={n}")

    def article_url(self, rel: Release) -> str:
        return f"{self.host}/news/{rel.slug}/"

    def dt_text(self, dt: datetime) -> str:
        return f"{d_long(dt)}, {hm(dt)}"

    def head(self, title: str, og: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{og}<link href="/bitrix/cache/css/s1/permkrai_ministry/template_5d3a2b1c9e0f/template_5d3a2b1c9e0f_v1.css?1696502212187654" type="text/css" rel="stylesheet" data-template-style="true"/>
<script type="text/javascript" src="/bitrix/cache/js/s1/permkrai_ministry/kernel_main/kernel_main_v1.js?1696502212152484"></script>
<script type="text/javascript" src="/bitrix/cache/js/s1/permkrai_ministry/template_c0b1d6a9f8e7/template_c0b1d6a9f8e7_v1.js?1696502212231025"></script>
{css_block("pk", self.rng, 50)}
</head>
<body>
<div class="page">
<div class="top-panel"><div class="container">
  <div class="top-panel__left"><a href="https://permkrai.ru/" class="top-panel__link">Портал Пермского края</a>
  <a href="https://gosuslugi.ru/" class="top-panel__link">Госуслуги</a></div>
  <div class="top-panel__right"><span class="top-panel__phone">Горячая линия для бизнеса <a href="tel:88003001259">8-800-300-12-59</a></span>
  <a href="/special/" class="top-panel__eye">Версия для слабовидящих</a></div>
</div></div>
<header class="header"><div class="container header__inner">
  <a class="header__logo" href="/"><img src="/local/templates/permkrai_ministry/img/gerb-perm.svg" alt="" width="56"><span>{esc(self.region.body)}</span></a>
  <form class="header__search" action="/search/"><input type="text" name="q" placeholder="Поиск по сайту"><button type="submit">Найти</button></form>
</div>
<nav class="main-nav"><div class="container"><ul class="main-nav__list">
  <li><a href="/ministry/">О министерстве</a></li><li><a href="/activity/">Деятельность</a></li>
  <li><a href="/support/">Поддержка бизнеса</a></li><li class="active"><a href="/news/">Новости</a></li>
  <li><a href="/documents/">Документы</a></li><li><a href="/contacts/">Контакты</a></li></ul></div></nav>
</header>
<main class="main"><div class="container">
"""

    def popular(self, exclude: Release | None) -> tuple[str, list[str]]:
        rng = self.rng
        pool = [r for r in self.releases if r is not exclude]
        picks = sorted(rng.sample(pool, 4), key=lambda r: r.dt, reverse=True)
        lis = "".join(
            f'<li class="popular__item"><span class="popular__date">{d_long(r.dt)}</span>'
            f'<a href="{self.rel_path(r.url)}" class="popular__link">{esc(r.title)}</a></li>'
            for r in picks
        )
        return (
            f'<aside class="sidebar"><div class="popular"><div class="popular__title">Популярное</div>'
            f'<ul class="popular__list">{lis}</ul></div>'
            '<div class="sidebar-banner"><a href="https://invest.permkrai.ru/"><img src="/upload/medialibrary/'
            '1b0/invest.jpg" alt="Инвестиционный портал Пермского края"></a></div></aside>',
            [r.url for r in picks],
        )

    def foot(self) -> str:
        return f"""</div></main>
<footer class="footer"><div class="container">
  <div class="footer__col"><div class="footer__name">{esc(self.region.body)}</div>
  <div class="footer__addr">614006, г. Пермь, ул. Ленина, д. 51, каб. 410</div>
  <div class="footer__phone">Тел.: +7 (342) 217-75-01</div></div>
  <div class="footer__col"><ul><li><a href="/news/">Новости</a></li><li><a href="/documents/">Документы</a></li><li><a href="/feedback/">Обращения граждан</a></li></ul></div>
  <div class="footer__copy">© 2012–2023. При использовании материалов сайта ссылка обязательна.</div>
</div></footer>
</div>
{metrika(49933318)}
</body>
</html>
"""

    def render_listing(self, n: int) -> Listing:
        items, not_rel = [], []
        for rel in self.pages[n - 1]:
            href = self.rel_path(rel.url)
            rub = f"/news/?rubric={RUBRICS[rel.rubric]}"
            not_rel.append(self.host + rub)
            items.append(f"""<div class="news-card" id="bx_1970176138_{31000 + rel.idx}">
  <div class="news-card__meta"><a class="news-card__rubric" href="{rub}">{esc(rel.rubric)}</a><span class="news-card__date">{self.dt_text(rel.dt)}</span></div>
  <a class="news-card__img" href="{href}"><img src="/upload/resize_cache/iblock/{self.rng.getrandbits(12):03x}/400_260_2/{rel.slug[:20]}.jpg" alt=""></a>
  <div class="news-card__body">
    <a class="news-card__title" href="{href}">{esc(rel.title)}</a>
    <div class="news-card__text">{esc(rel.teaser)}</div>
  </div>
</div>""")
        total = len(self.pages)
        nav = (
            '<div class="pagination">'
            + "".join(
                f'<span class="pagination__item pagination__item--active">{k}</span>'
                if k == n
                else f'<a class="pagination__item" href="{self.rel_path(self.listing_url(k))}">{k}</a>'
                for k in range(1, total + 1)
            )
            + "</div>"
        )
        more = (
            f'<a class="btn btn--more js-show-more" href="{self.rel_path(self.listing_url(n + 1))}" '
            f'data-page="{n + 1}">Показать ещё</a>'
            if n < total
            else ""
        )
        filt = (
            '<div class="news-filter">'
            + "".join(
                f'<a class="news-filter__item" href="/news/?rubric={v}">{k}</a>' for k, v in RUBRICS.items()
            )
            + "</div>"
        )
        not_rel += [f"{self.host}/news/?rubric={v}" for v in RUBRICS.values()]
        side, side_urls = self.popular(None)
        html = (
            self.head(f"{self.region.body} :: Новости")
            + '<div class="breadcrumbs"><a href="/">Главная</a> <span>/</span> <span>Новости</span></div>'
            + '<div class="layout"><div class="layout__main"><h1 class="page-title">Новости</h1>'
            + filt
            + '<div class="news-grid">'
            + "\n".join(items)
            + "</div>"
            + more
            + nav
            + "</div>"
            + side
            + "</div>"
            + self.foot()
        )
        return Listing(html, not_rel + side_urls)

    def render_article(self, rel: Release) -> str:
        r = self.rng
        style = BodyStyle(
            lead='<div class="article__lead"><p><strong>{}</strong></p></div>',
            h="<h2>{}</h2>",
            quote='<blockquote class="article__quote">{}</blockquote>',
            nbsp=True,
        )
        inserts = {
            1: (
                f'<div class="article__photo"><img src="/upload/iblock/{r.getrandbits(12):03x}/'
                f'{rel.slug[:16]}.jpg" alt="{attr(rel.photo_caption)}"><div class="article__photo-caption">'
                f"{esc(rel.photo_caption)}. {esc(rel.photo_credit)}</div></div>"
            )
        }
        upd = (
            f'<span class="article__updated">Обновлено: {self.dt_text(rel.updated)}</span>'
            if rel.updated
            else ""
        )
        tags = " ".join(f'<a href="/news/?tag={t}" class="article__tag">#{esc(t)}</a>' for t in rel.tags)
        side, _ = self.popular(rel)
        og = (
            f'<meta property="og:type" content="article">\n<meta property="og:title" content="{attr(rel.title)}">\n'
            f'<meta property="og:url" content="{rel.url}">\n'
        )
        main = f"""<div class="breadcrumbs"><a href="/">Главная</a> <span>/</span> <a href="/news/">Новости</a> <span>/</span> <span>{esc(rel.title)}</span></div>
<div class="layout"><div class="layout__main"><article class="article">
  <div class="article__meta"><a class="article__rubric" href="/news/?rubric={RUBRICS[rel.rubric]}">{esc(rel.rubric)}</a>
  <span class="article__date">{self.dt_text(rel.dt)}</span>{upd}
  <span class="article__views" title="Просмотры">{rel.views}</span></div>
  <h1 class="article__title">{esc(rel.title)}</h1>
  <div class="article__text">
{body_html(rel.blocks, style, inserts)}
  </div>
  <div class="article__tags">{tags}</div>
  <div class="article__share">Поделиться: <a href="https://vk.com/share.php?url={rel.url}" target="_blank" rel="nofollow">ВКонтакте</a> <a href="https://connect.ok.ru/offer?url={rel.url}" target="_blank" rel="nofollow">Одноклассники</a> <a href="https://t.me/share/url?url={rel.url}" target="_blank" rel="nofollow">Telegram</a></div>
  <a class="article__back" href="/news/">&larr; Все новости</a>
</article></div>
{side}</div>
"""
        return self.head(f"{self.region.body} :: {rel.title}", og) + main + self.foot()


LAYOUT = BitrixRubricPortal()
