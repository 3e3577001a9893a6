# ruff: noqa: E501  (the pages are written inline)
"""A small press site whose template fools a page judged alone, for the site-profile tests.

An old table layout (no <h1>: the headline is a bold line; <title> is «Фонд … :: Заголовок»), the
chrome a page judged alone keeps (breadcrumbs ending in the headline, a date line with views, a
phone banner, photo credits and captions, «Поделиться», «<< Все новости», «Источник: …»), and a
«redesign» of the same site in another template, for relearning. Written for these tests; the
blind corpus (tests/blind/) is never used to build or tune anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

SITE = "Фонд развития промышленности Энской области"
TOPICS = (
    ("Завод металлоконструкций получил льготный заём", "металлоконструкций"),
    ("Экспортёры региона провели переговоры с партнёрами из Казахстана", "экспорта"),
    ("В технопарке открылся центр коллективного пользования", "технопарка"),
    ("Фонд одобрил три проекта по импортозамещению", "импортозамещения"),
    ("Региональный фонд снизил ставку по программе «Модернизация»", "модернизации"),
    ("Предприятия области представят продукцию на выставке «Иннопром»", "выставки"),
    ("Резиденты индустриального парка создали 140 рабочих мест", "индустриального парка"),
    ("Подведены итоги конкурса «Лучший экспортёр года»", "конкурса"),
    ("Производитель упаковки запустил вторую линию", "упаковки"),
    ("Фонд начал приём заявок на программу «Проекты развития»", "программы"),
)


@dataclass(frozen=True)
class Release:
    number: int
    title: str
    published: dt.datetime
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/news/show.php?id={1000 + self.number}"


def releases() -> list[Release]:
    found = []
    start = dt.datetime(2026, 11, 20, 9, 30)
    for number, (title, word) in enumerate(TOPICS):
        paragraphs = tuple(
            f"Абзац {index + 1} о теме {word}: фонд сообщает подробности проекта номер {number} "
            f"и приводит цифры {number * 7 + index} млн рублей для предприятий области."
            for index in range(2 + number % 4)
        )
        found.append(Release(number, title, start - dt.timedelta(days=number, hours=number), paragraphs))
    return found


def _date(moment: dt.datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M")


def old_article(release: Release) -> str:
    body = "<br><br>\n".join(escape(paragraph) for paragraph in release.paragraphs)
    return f"""<html><head><meta charset="utf-8"><title>{escape(SITE)} :: {escape(release.title)}</title></head>
<body><table width="100%"><tr><td class="top">Горячая линия для инвесторов 8-800-100-00-00</td></tr>
<tr><td class="menu"><a href="/">Главная</a> | <a href="/news/">Новости</a> | <a href="/about/">О фонде</a></td></tr>
<tr><td>
<table><tr><td class="path"><a href="/">Главная</a> » <a href="/news/">Новости</a> » {escape(release.title)}</td></tr>
<tr><td class="txt">
<b>{escape(release.title)}</b><br>
{_date(release.published)} | Просмотров: {100 + release.number}<br><br>
<img src="/img/{release.number}.jpg"><br>
<i>Фото: пресс-служба фонда</i><br><br>
{body}<br><br>
Источник: пресс-служба {escape(SITE)}<br><br>
<a href="/share">Поделиться</a><br>
<a href="/news/">&lt;&lt; Все новости</a>
</td></tr></table>
</td></tr>
<tr><td class="bottom">© 2008–2026 {escape(SITE)}. Адрес: г. Энск, ул. Ленина, 1.</td></tr></table>
</body></html>"""


def new_article(release: Release) -> str:
    """The same site after a redesign: semantic markup, a sidebar of other news."""
    body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in release.paragraphs)
    return f"""<!doctype html><html lang="ru"><head><meta charset="utf-8">
<title>{escape(release.title)} | {escape(SITE)}</title></head>
<body><header class="site-header"><a href="/">{escape(SITE)}</a><nav><a href="/news/">Новости</a></nav></header>
<div class="layout"><main class="page">
<div class="crumbs"><a href="/">Главная</a> / <a href="/news/">Новости</a></div>
<article class="news-card"><h1 class="news-card__title">{escape(release.title)}</h1>
<div class="news-card__date">{_date(release.published)}</div>
<figure><img src="/img/{release.number}.jpg"><figcaption>Фото: Иван Петров</figcaption></figure>
<div class="news-card__text">{body}</div>
<div class="news-card__share">Поделиться: <a href="/vk">ВКонтакте</a></div></article>
</main><aside class="side"><h3>Другие новости</h3><a href="/news/">Все новости</a></aside></div>
<footer>© {escape(SITE)}</footer></body></html>"""


def listing(items: list[Release], new: bool = False) -> str:
    rows = "".join(
        f'<tr><td class="d">{release.published:%d.%m.%Y}</td><td><a href="{release.path}">{escape(release.title)}</a></td></tr>'
        for release in items
    )
    return f"""<html><head><meta charset="utf-8"><title>{escape(SITE)} :: Новости</title></head>
<body><table><tr><td class="menu"><a href="/">Главная</a> | <a href="/news/">Новости</a></td></tr>
<tr><td><h2>Новости фонда</h2><table class="{"list2" if new else "list"}">{rows}</table></td></tr></table></body></html>"""
