"""The search page's one form, its filter chips, times with zones, edit/removal badges, the operator
rule, the formats line and the front page's licence line, through the real Datasette app."""

from __future__ import annotations

import asyncio
import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, build_archive, release, source

from archive.search import parse_query
from archive.serve.app import make_datasette
from archive.store import Archive

KURGAN = replace(source("kurgan", "Курганская область", "ministry"), timezone="Asia/Yekaterinburg")
KURGAN_RELEASE = release(
    10,
    KURGAN,
    "Курганский экспорт растёт",
    "Экспорт из Кургана вырос не менее чем вдвое.",
    published_date="2026-02-20",
    published_time="11:45",
    published_utc="2026-02-20T06:45:00Z",
    date_precision="minute",
)


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases([KURGAN_RELEASE], seen_at=SEEN)
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def get(ds: Datasette, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:800])
    return response.text


def forms(html: str) -> list[str]:
    content = html.split('<section class="content">', 1)[1]
    return re.findall(r"<form\b.*?</form>", content, flags=re.S)


def field_value(form: str, name: str) -> str | None:
    """The value the form submits for `name`: an input's value or a select's selected option."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', form)
    if found:
        tag = found.group(0)
        if 'type="checkbox"' in tag and "checked" not in tag:
            return None
        value = re.search(r'value="([^"]*)"', tag)
        return html_lib.unescape(value.group(1)) if value else ""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form, flags=re.S)
    if select:
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
        return html_lib.unescape(chosen.group(1)) if chosen else ""
    return None


def test_the_search_page_has_one_form_with_one_button_keeping_every_field(ds: Datasette) -> None:
    html = get(
        ds,
        "/-/search?q=экспорт&district=Центральный&region=Калужская+область&source=invest&kind=agency"
        "&date_from=2026-01-01&date_to=2026-12-31&sort=date&time=msk",
    )
    (form,) = forms(html)
    assert len(re.findall(r'type="submit"|<button', form)) == 1
    expected = {
        "q": "экспорт",
        "district": "Центральный",
        "region": "Калужская область",
        "source": "invest",
        "kind": "agency",
        "date_from": "2026-01-01",
        "date_to": "2026-12-31",
        "sort": "date",
        "time": "msk",
    }
    assert {name: field_value(form, name) for name in expected} == expected


def test_facet_filters_are_visible_and_removable(ds: Datasette) -> None:
    html = get(ds, "/-/search?q=экспорт&region=Калужская+область&kind=agency")
    (form,) = forms(html)
    for name in ("region", "kind"):  # a select with «все» to drop it, never a hidden input
        assert not re.search(rf'type="hidden"[^>]*name="{name}"', form)
        assert re.search(rf'<select[^>]*name="{name}"[^>]*>.*?<option value=""', form, flags=re.S)
    chips = html.split('class="pa-chips"', 1)[1].split("</ul>", 1)[0]
    assert "Калужская область" in chips and "агентство" in chips
    removal = re.findall(r'href="([^"]*)"[^>]*>✕', chips)
    assert len(removal) == 2
    assert all("q=" in url for url in removal)
    assert any("region=" not in url and "kind=agency" in url for url in removal)


def test_browsing_has_the_same_form_and_chips(ds: Datasette) -> None:
    html = get(ds, "/-/search?source=invest")
    (form,) = forms(html)
    assert field_value(form, "source") == "invest" and field_value(form, "q") == ""
    assert 'class="pa-chips"' in html and "Издатель invest" in html


def test_times_are_shown_with_their_zone_and_in_moscow_on_demand(ds: Datasette) -> None:
    local = get(ds, "/-/search?q=экспорт")
    assert "20 февраля 2026, 11:45 (МСК+2)" in local
    assert "11 февраля 2026, 15:20 (МСК)" in local
    assert re.search(r'href="[^"]*time=msk[^"]*"[^>]*>по московскому времени', local)
    moscow = get(ds, "/-/search?q=экспорт&time=msk")
    assert "20 февраля 2026, 09:45 по московскому времени" in moscow
    switch_back = re.search(r'href="([^"]*)"[^>]*>по местному времени', moscow)
    assert switch_back and "time=" not in switch_back.group(1) and "q=" in switch_back.group(1)


def test_edited_and_removed_releases_carry_badges(ds: Datasette) -> None:
    html = get(ds, "/-/search?q=экспорт")
    blocks = {
        re.search(r"/-/release/(r\d+)", block).group(1): block  # type: ignore[union-attr]
        for block in html.split('class="pa-hit"')[1:]
    }
    assert "изменён 21 февраля 2026" in blocks["r1"]
    assert "удалён с сайта 5 марта 2026" in blocks["r3"]
    assert "изменён" not in blocks["r4"] and "удалён" not in blocks["r4"]


def test_operators_are_upper_case_only_and_the_page_says_so(ds: Datasette) -> None:
    assert "ИЛИ и НЕ — заглавными буквами" in get(ds, "/-/search")
    assert "ИЛИ и НЕ — заглавными буквами" in get(ds, "/")
    lower = parse_query("экспорт не менее")
    assert [term.stems for term in lower.positive_terms] == [("экспорт",), ("мен",)]
    assert not any(term.negated for group in lower.groups for term in group)
    assert lower.ignored_stopwords == ["не"]
    upper = parse_query("экспорт НЕ завод")
    assert [group[0].negated for group in upper.groups] == [False, True]
    assert len(parse_query("экспорт ИЛИ завод").groups) == 1
    assert len(parse_query("экспорт или завод").groups) == 2  # «или» a word (a stop word, dropped)
    assert len(parse_query("экспорт OR завод").groups) == 1
    assert len(parse_query("экспорт or завод").groups) == 3  # «or» an ordinary word
    # on the page: «не» is a word, «НЕ» excludes
    assert "r10" in get(ds, "/-/search?q=экспорт+не+менее")
    assert "/-/release/r10" not in get(ds, "/-/search?q=экспорт+НЕ+менее")


def test_the_formats_line_links_the_excel_download_with_and_without_a_query(ds: Datasette) -> None:
    with_q = get(ds, "/-/search?q=экспорт&source=invest")
    excel = re.search(r'href="([^"]*)"[^>]*>Скачать для Excel \(CSV\)', with_q)
    assert excel and excel.group(1).startswith("/-/search/excel?")
    assert "q=%D1%8D" in excel.group(1) and "source=invest" in excel.group(1)
    browse = get(ds, "/-/search?source=invest")
    excel = re.search(r'href="([^"]*)"[^>]*>Скачать для Excel \(CSV\)', browse)
    assert excel and html_lib.unescape(excel.group(1)) == "/-/search/excel?source=invest"


def test_the_front_page_shows_the_licence_once_and_a_simple_box(ds: Datasette) -> None:
    html = get(ds, "/")
    assert html.count("CC BY 4.0") == 1
    (form,) = forms(html)
    assert 'name="q"' in form and "Найти" in form and 'name="date_from"' not in form
