"""The extraction skips passes that cannot match (crawler.pages.tree.PageTree.may_contain and
friends); these pages are built to make a careless skip lose a field: stamps and RDFa spelled
with character references, RDFa outside <meta>, link-heavy bodies, Tatar text, <br> bodies."""

from __future__ import annotations

from crawler.pages import get_page_object
from crawler.pages.content import text_language
from crawler.registry.sources import Selectors, Source

URL = "https://example.ru/news/2025/03/12/sovet"
TEXT = (
    "Члены совета рассмотрели заявки предприятий области и поддержали строительство новых цехов, "
    "которые дадут региону более трёхсот рабочих мест в ближайшие два года."
)


def source(**selectors: str) -> Source:
    return Source(
        name="test_source",
        title="Тестовый источник",
        region="Московская область",
        publisher_kind="ministry",
        timezone="Europe/Moscow",
        start_urls=("https://example.ru/news/",),
        platform="generic",
        selectors=Selectors(**selectors),
    )


def page(extra: str, body: str = f"<p>{TEXT}</p>", head: str = "") -> str:
    return (
        '<html lang="ru"><head><title>Совет</title><meta property="og:title" content="Совет">'
        f'{head}</head><body><h1 class="t">Совет одобрил проекты</h1><div class="d">12.03.2025</div>'
        f'<div class="text">{body}</div>{extra}</body></html>'
    )


def extract(html: str, **selectors: str):  # type: ignore[no-untyped-def]
    chosen = selectors or {"title": "h1.t", "date": ".d", "body": ".text"}
    return get_page_object("generic").extract(URL, html, source(**chosen))


def test_update_stamp_written_with_character_references_is_found() -> None:
    # the references break the words the scan looks for ("бновлен", "зменен") in the page's bytes
    for stamp, text in (
        ("О&#1073;новлено: 13.03.2025 10:00", "Обновлено: 13.03.2025 10:00"),
        ("О&bcy;новлено: 13.03.2025 10:00", "Обновлено: 13.03.2025 10:00"),
        ("Из&#x43c;енено 13.03.2025", "Изменено 13.03.2025"),
        ("Обновлено: 13.03.2025 10:00", "Обновлено: 13.03.2025 10:00"),
    ):
        raw = extract(page(f'<p class="upd">{stamp}</p>'))
        assert (raw.updated_text, raw.methods.get("updated")) == (text, "text"), stamp
    assert extract(page("<p>Изменения в программе</p>")).updated_text is None


def test_rdfa_modified_written_with_character_references_is_found() -> None:
    for name in ("dateModified", "date&#77;odified", "date&#x4d;odified"):
        raw = extract(page(f'<span itemprop="{name}" content="2025-03-14T09:00:00+03:00"></span>'))
        assert raw.updated_text == "2025-03-14T09:00:00+03:00", name
    raw = extract(page('<span property="dc&colon;modified">14.03.2025</span>'))
    assert raw.updated_text == "14.03.2025"


def test_rdfa_date_outside_meta_is_found_beside_opengraph_meta() -> None:
    # the <meta property> tags and an RDFa <span property> in the body: the span must not be missed
    html = page('<span property="dc:date" content="2025-03-12T10:00:00+03:00"></span>')
    raw = extract(html, title="h1.t", body=".text")
    assert (raw.date_text, raw.date_method) == ("2025-03-12T10:00:00+03:00", "meta")


def test_link_density_decides_article_or_listing() -> None:
    links = "".join(
        f'<p><a href="/news/{n}">Новость номер {n} о работе совета</a> 1{n}.03.2025</p>' for n in range(8)
    )
    assert extract(page("", body=f"<p>{TEXT}</p>" + links[:200])).page_kind == "article"
    raw = extract(page("", body=links))
    assert raw.page_kind == "listing"


def test_language_of_text_without_a_declared_language() -> None:
    assert text_language(TEXT) == "ru"
    assert text_language("The council approved four projects in the region this week.") == "en"
    tatar = "Шәһәрдә яңа мәктәп ачылды, анда өч йөз бала укыячак, дип хәбәр итте министрлык. " * 3
    assert text_language(tatar) == "tt"
    assert text_language("«Совет» — 12") is None


def test_lead_of_a_body_split_by_br() -> None:
    body = f"<div class='share'>Поделиться</div>{TEXT}<br><br>Второй абзац, тоже длинный, о сроках работ."
    raw = extract(page("", body=body))
    assert (raw.lead, raw.methods.get("lead")) == (TEXT, "first_paragraph")
