"""The journalists' pages through Datasette's test client: search, release, sources, copies, feeds, errors."""

from __future__ import annotations

import asyncio
import html as html_lib
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, add_capture, build_archive, release, source

from archive.serve import search_sql
from archive.serve.app import load_metadata, make_datasette
from archive.store import Archive

ATOM = "{http://www.w3.org/2005/Atom}"
ARCHIVED_PAGE = (
    "<html><head><title>Заголовок окна</title><script>alert('capture-xss')</script></head><body>"
    "<h1>Новые инвестиции в Подмосковье</h1><p onclick=\"alert('capture-onclick')\">Текст в windows-1251.</p>"
    '<img src="/upload/photo.jpg"></body></html>'
).encode("cp1251")


def _serve(path: Path) -> Iterator[Datasette]:
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    build_archive(path)
    with sqlite3.connect(path) as conn:
        add_capture(conn, tmp_path, "r1", "https://minec.example/press/1", ARCHIVED_PAGE)
    yield from _serve(path)


@pytest.fixture
def old_ds(tmp_path: Path) -> Iterator[Datasette]:
    """An archive without any history table or column (as written before versions existed)."""
    path = tmp_path / "old.db"
    build_archive(path, history=False)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        for table in ("release_versions", "events", "captures", "clusters", "release_signatures"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        history = {"changed_at", "removed_at", "cluster_id", "version_count"}
        for index in [row[1] for row in conn.execute("PRAGMA index_list(releases)")]:
            if {row[2] for row in conn.execute(f"PRAGMA index_info([{index}])")} & history:
                conn.execute(f"DROP INDEX [{index}]")
        columns = {row[1] for row in conn.execute("PRAGMA table_info(releases)")}
        for column in sorted(history & columns):
            conn.execute(f"ALTER TABLE releases DROP COLUMN {column}")
    yield from _serve(path)


@pytest.fixture
def districts_ds(tmp_path: Path) -> Iterator[Datasette]:
    """The usual archive (sources in the Central and Ural districts) and a Siberian exporter."""
    path = tmp_path / "archive.db"
    build_archive(path)
    siberia = source("sibexport", "Новосибирская область", "export_centre")
    with Archive.open(path) as archive:
        archive.sync_sources([siberia])
        archive.save_releases(
            [release(5, siberia, "Сибирский экспорт растёт", "Экспорт из Новосибирской области вырос.")],
            seen_at=SEEN,
        )
    yield from _serve(path)


def get(ds: Datasette, path: str, status: int = 200) -> httpx.Response:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.status_code, response.text[:800])
    return response


# search page


def test_search_finds_every_form_and_highlights_it(ds: Datasette) -> None:
    html = get(ds, "/-/search?q=инвестициями").text
    assert "Найдено: 2 релиза" in html
    assert "Новые <mark>инвестиции</mark> в Подмосковье" in html
    assert "привлекло новыми <mark>инвестициями</mark> завод" in html
    assert 'href="/-/release/r1"' in html and 'href="/-/release/r2"' in html
    assert "Область привлекла <mark>инвестиции</mark>" in html  # the snippet comes from the real text


def test_search_facets_count_the_whole_result(ds: Datasette) -> None:
    html = get(ds, "/-/search?q=экспорт").text
    assert "Найдено: 4 релиза" in html
    facets = html.split('class="pa-facets"', 1)[1]
    assert "Московская область</a> 2" in facets and "Калужская область</a> 2" in facets
    assert "министерство</a> 2" in facets and "агентство</a> 2" in facets
    assert ">2026</a> 3" in facets and ">2025</a> 1" in facets
    one_year = get(ds, "/-/search?q=экспорт&date_from=2026-01-01&date_to=2026-12-31").text
    assert "Найдено: 3 релиза" in one_year
    assert ">февраль 2026</a> 3" in one_year  # months appear once a single year is chosen


def test_search_filters_and_date_sort(ds: Datasette) -> None:
    by_region = get(ds, "/-/search?q=экспорт&region=Калужская+область").text
    assert "Найдено: 2 релиза" in by_region and "r4" not in by_region
    by_source = get(ds, "/-/search?q=экспорт&source=minec&sort=date").text
    assert by_source.index("/-/release/r1") < by_source.index("/-/release/r4")  # newest first
    ru_dates = get(ds, "/-/search?q=экспорт&date_from=01.01.2025&date_to=31.12.2025").text
    assert "Найдено: 1 релиз" in ru_dates and "/-/release/r4" in ru_dates


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "NEAR(",
        "*",
        "AND",
        "(",
        "a:b",
        "-",
        "«»",
        "%",
        "\\",
        "x" * 3000,
        "<script>alert(1)</script>",
    ],
)
def test_search_page_never_fails_on_odd_queries(ds: Datasette, query: str) -> None:
    response = asyncio.run(ds.client.get("/-/search", params={"q": query}))
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    json_response = asyncio.run(ds.client.get("/archive/search.json", params={"q": query}))
    assert json_response.status_code == 200 and json_response.json()["ok"]


def test_search_page_explains_an_empty_query_and_a_bad_date(ds: Datasette) -> None:
    html = get(ds, "/-/search?q=%22%22").text
    assert "В запросе нет слов для поиска" in html
    html = get(ds, "/-/search?q=экспорт&date_from=32.13.2026").text
    assert "Дата «32.13.2026» в поле «с» не распознана" in html
    assert "Найдено: 4 релиза" in html


def test_search_page_without_query_lists_latest_releases(ds: Datasette) -> None:
    html = get(ds, "/-/search").text
    assert "Последние релизы" in html and 'href="/-/release/r3"' in html


def test_search_as_json_csv_and_atom(ds: Datasette) -> None:
    rows = get(ds, "/archive/search.json?q=инвестициями&_shape=objects").json()["rows"]
    assert sorted(row["release_id"] for row in rows) == ["r1", "r2"]
    assert all("<mark>" in row["title_html"] for row in rows)
    assert (
        get(ds, "/archive/search.json?q=экспорт&kind=agency&_shape=objects").json()["rows"][0]["source"]
        == "invest"
    )
    csv = get(ds, "/archive/search.csv?q=инвестициями").text
    assert csv.splitlines()[0].startswith("release_id,title,title_html,snippet_html")
    assert len(csv.strip().splitlines()) == 3
    feed = ET.fromstring(get(ds, "/archive/feed_search.atom?q=экспорт").content)
    assert feed.findtext(f"{ATOM}title") == "Пресс-релизы: экспорт"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://localhost/-/release/r")


def test_feeds_for_a_source_for_events_and_for_nothing(ds: Datasette) -> None:
    source = ET.fromstring(get(ds, "/archive/feed_source.atom?source=invest").content)
    assert {e.findtext(f"{ATOM}title") for e in source.findall(f"{ATOM}entry")} == {
        "Агентство привлекло новыми инвестициями завод",
        "Экспорт растёт",
    }
    removed = ET.fromstring(get(ds, "/archive/feed_events.atom?kind=removed").content)
    assert [e.findtext(f"{ATOM}title") for e in removed.findall(f"{ATOM}entry")] == ["Удалён: Экспорт растёт"]
    edited = ET.fromstring(get(ds, "/archive/feed_events.atom?kind=edited").content)
    assert [e.findtext(f"{ATOM}title") for e in edited.findall(f"{ATOM}entry")] == [
        "Изменён: Новые инвестиции в Подмосковье"
    ]
    empty = ET.fromstring(get(ds, "/archive/feed_search.atom?q=%22").content)
    assert empty.findall(f"{ATOM}entry") == [] and empty.findtext(f"{ATOM}title")


def test_feed_content_is_sanitised(ds: Datasette) -> None:
    feed = get(ds, "/archive/feed_source.atom?source=invest").text
    assert "pressarchive-xss" not in feed and "javascript:" not in feed


# federal districts


def test_search_by_federal_district_narrows_and_keeps_the_choice(districts_ds: Datasette) -> None:
    everything = get(districts_ds, "/-/search?q=экспорт").text
    assert "Найдено: 5 релизов" in everything and '<option value="" selected>все</option>' in everything
    facets = everything.split('class="pa-facets"', 1)[1]
    assert "Центральный</a> 4" in facets and "Сибирский</a> 1" in facets
    html = get(districts_ds, "/-/search?q=экспорт&district=Сибирский").text
    assert "Найдено: 1 релиз" in html and "/-/release/r5" in html and "/-/release/r1" not in html
    assert '<option value="Сибирский" selected>Сибирский</option>' in html
    assert "федеральный округ: Сибирский" in html
    assert html.split('class="pa-facets"', 1)[1].count('class="selected"') == 1  # the district, ✕ to undo
    by_date = get(districts_ds, "/-/search?q=экспорт&district=%D0%A1%D0%A4%D0%9E&sort=date").text  # «СФО»
    assert "Найдено: 1 релиз" in by_date and '<option value="Сибирский" selected>' in by_date


def test_district_combines_with_the_other_filters(districts_ds: Datasette) -> None:
    html = get(districts_ds, "/-/search?q=экспорт&district=Центральный&kind=agency").text
    assert "Найдено: 2 релиза" in html and "/-/release/r1" not in html
    assert re.search(r'<select name="kind">\s*<option value="agency" selected>', html)  # visible, removable
    assert '<option value="Центральный" selected>' in html
    none = get(districts_ds, "/-/search?q=экспорт&district=Сибирский&region=Калужская+область").text
    assert "Ничего не найдено" in none
    rows = get(districts_ds, "/archive/search.json?q=экспорт&district=Сибирский&_shape=array").json()
    assert [row["release_id"] for row in rows] == ["r5"]
    by_date = get(districts_ds, "/archive/search_by_date.json?q=экспорт&district=Центральный&_shape=array")
    assert sorted(row["release_id"] for row in by_date.json()) == ["r1", "r2", "r3", "r4"]


def test_feed_of_a_search_keeps_the_district(districts_ds: Datasette) -> None:
    html = get(districts_ds, "/-/search?q=экспорт&district=Сибирский").text
    atom_url = html_lib.unescape(re.search(r'href="(/archive/feed_search\.atom\?[^"]+)"', html).group(1))
    assert "district=" in atom_url
    feed = ET.fromstring(get(districts_ds, atom_url).content)
    assert [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")] == ["pressarchive:release:r5"]
    assert feed.findtext(f"{ATOM}title") == "Пресс-релизы: экспорт · Сибирский федеральный округ"
    whole = ET.fromstring(get(districts_ds, "/archive/feed_search.atom?q=экспорт").content)
    assert len(whole.findall(f"{ATOM}entry")) == 5


@pytest.mark.parametrize(
    "value", ["Атлантида", "Сибирь", "'; DROP TABLE sources; --", "<b>x</b>", "x" * 3000]
)
def test_a_bad_district_is_a_russian_message_not_a_500(districts_ds: Datasette, value: str) -> None:
    response = asyncio.run(districts_ds.client.get("/-/search", params={"q": "экспорт", "district": value}))
    assert response.status_code == 200
    assert "фильтр по округу не применён" in response.text and "Выберите один из восьми" in response.text
    assert "Найдено: 5 релизов" in response.text  # the other filters and the query still work
    assert "<b>x</b>" not in response.text and "x" * 61 not in response.text
    as_json = asyncio.run(
        districts_ds.client.get("/archive/search.json", params={"q": "экспорт", "district": value})
    )
    assert as_json.status_code == 200 and as_json.json()["rows"] == []


def test_sources_page_groups_by_district_and_shows_coverage(districts_ds: Datasette) -> None:
    html = get(districts_ds, "/-/sources").text
    central = html.index(">Центральный федеральный округ</h2>")
    ural = html.index(">Уральский федеральный округ</h2>")
    siberian = html.index(">Сибирский федеральный округ</h2>")
    assert central < html.index('id="source-invest"') < html.index('id="source-minec"') < ural
    assert ural < html.index('id="source-silent"') < siberian < html.index('id="source-sibexport"')
    assert 'href="#district-1">Центральный</a> (2)' in html
    coverage = html.split('<h2 id="coverage">Покрытие регионов</h2>', 1)[1]
    assert "Хотя бы один источник есть у 4 регионов из 85" in " ".join(coverage.split())
    assert "без центра экспорта — 84" in coverage
    region_cell = r"<td data-label=\"Регион\">(?:<a href=\"/-/search\?region=[^\"]+\">)?([^<]+)(?:</a>)?</td>"
    rows = re.findall(r"<tr[^>]*>\s*" + region_cell + r"(.*?)</tr>", coverage, re.DOTALL)
    assert len(rows) == 85
    assert coverage.count('href="/-/search?region=') == 4  # the covered regions browse their releases
    cells = {name: re.findall(r"<td[^>]*>([^<]*)</td>", rest) for name, rest in rows}
    assert cells["Московская область"] == ["1", "—", "—", "—", "агентство, центр экспорта, портал"]
    assert cells["Новосибирская область"] == ["—", "—", "1", "—", "министерство, агентство, портал"]
    assert cells["Москва"][-1] == "министерство, агентство, центр экспорта, портал"
    assert coverage.count('class="pa-district"') == 8
    assert coverage.index("Центральный федеральный округ") < coverage.index("Московская область")


def test_sources_table_has_the_district_labelled_in_russian(districts_ds: Datasette) -> None:
    sources = load_metadata("archive")["databases"]["archive"]["tables"]["sources"]
    assert sources["columns"]["federal_district"] == "Федеральный округ"
    assert "federal_district" in sources["facets"]
    rows = get(districts_ds, "/archive/sources.json?_shape=array").json()
    assert {row["name"]: row["federal_district"] for row in rows} == {
        "minec": "Центральный",
        "invest": "Центральный",
        "silent": "Уральский",
        "sibexport": "Сибирский",
    }


# release page


def test_release_page_shows_what_a_journalist_cites(ds: Datasette) -> None:
    html = get(ds, "/-/release/r1").text
    assert "<h1>Новые инвестиции в Подмосковье</h1>" in html
    assert "11 февраля 2026, 15:20" in html and "точность: до минуты" in html
    assert "«11 февраля 2026 г., 15:20»" in html and "дата на странице" in html
    assert "Издатель minec" in html and "министерство, Московская область" in html
    assert 'href="https://minec.example/press/1"' in html
    assert "Область привлекла инвестиции в индустриальные парки." in html
    assert 'href="https://minec.example/docs/plan.pdf"' in html and "План инвестиций" in html
    assert "PDF, 1,2 МБ" in html
    assert 'href="/archive/releases/r1.json"' in html


def test_release_page_shows_versions_with_word_diffs(ds: Datasette) -> None:
    html = get(ds, "/-/release/r1").text
    assert "История изменений" in html and "Версий: 2" in html
    assert "<del>Инвестиции</del><ins>Новые инвестиции</ins> в Подмосковье" in html
    assert "Область привлекла инвестиции в <ins>индустриальные </ins>парки.<ins> Экспорт вырос.</ins>" in html
    assert "Что изменилось по сравнению с версией 1: заголовок, текст" in html
    assert "издатель изменил релиз" in html


def test_release_page_shows_who_else_published_it(ds: Datasette) -> None:
    html = get(ds, "/-/release/r1").text
    also = html.split("Также опубликовали", 1)[1]
    assert 'href="/-/release/r2"' in also and "Издатель invest" in also and "опубликовано первым" in also


def test_release_page_notices_a_removal(ds: Datasette) -> None:
    html = get(ds, "/-/release/r3").text
    assert "Издатель удалил этот релиз со своего сайта." in html
    assert "5 марта 2026, 03:00 UTC: адрес отвечает кодом 404" in html
    assert "Безопасный текст релиза." in html  # the archived text stays readable
    assert "Издатель удалил" not in get(ds, "/-/release/r1").text


@pytest.mark.parametrize("path", ["/-/release/r3", "/archive/releases/r3", "/archive/releases?_ru=экспорт"])
def test_hostile_html_never_reaches_a_page(ds: Datasette, path: str) -> None:
    html = get(ds, path).text
    for marker in ("pressarchive-xss", "pressarchive-onerror", "pressarchive-js", "onerror=", "javascript:"):
        assert marker not in html, (path, marker)


def test_release_page_body_keeps_safe_markup_and_absolute_links(ds: Datasette) -> None:
    html = get(ds, "/-/release/r3").text
    assert "attachment-js" not in html and 'href="https://invest.example/report.xlsx"' in html
    assert "<p>Безопасный текст релиза.</p>" in html
    assert '<img src="https://invest.example/logo.png">' in html


def test_release_page_links_to_the_archived_copy(ds: Datasette) -> None:
    html = get(ds, "/-/release/r1").text
    assert 'href="/-/capture/1"' in html and "Архивные копии" in html


def test_archived_copy_is_decoded_sanitised_and_locked_down(ds: Datasette) -> None:
    response = get(ds, "/-/capture/1")
    assert "script-src 'none'" in response.headers["content-security-policy"]
    html = response.text
    assert "Текст в windows-1251." in html  # decoded by the charset the server declared
    assert "capture-xss" not in html and "capture-onclick" not in html
    assert "minec.example/upload/photo.jpg" not in html  # not captured: a placeholder, never the live site
    assert '<img src="data:image/svg+xml,' in html
    assert "Заголовок окна" not in html  # the <head> is not shown as text
    raw = get(ds, "/-/capture/1?raw=1")
    assert raw.headers["content-type"].startswith("text/plain") and "capture-xss" in raw.text
    assert "Копия не найдена" not in get(ds, "/-/capture/999", status=404).text
    assert "нет копии страницы с номером 999" in get(ds, "/-/capture/999", status=404).text


def test_capture_outside_the_data_directory_is_refused(ds: Datasette) -> None:
    with sqlite3.connect(ds.get_database("archive").path) as conn:
        conn.execute("UPDATE captures SET warc_file = '../../etc/passwd' WHERE id = 1")
    assert "вне каталога архива" in get(ds, "/-/capture/1", status=404).text


def test_pages_work_on_an_archive_without_history(old_ds: Datasette) -> None:
    html = get(old_ds, "/-/release/r1").text
    assert "<h1>Новые инвестиции в Подмосковье</h1>" in html
    assert "История изменений" not in html and "Также опубликовали" not in html
    assert "Архивные копии" not in html
    get(old_ds, "/-/search?q=инвестиции")
    assert "<entry>" in get(old_ds, "/old/feed_search.atom?q=инвестиции").text
    get(old_ds, "/old/feed_events.atom", status=404)  # no events table, no events feed
    get(old_ds, "/-/sources")


def test_unknown_release_is_a_russian_404(ds: Datasette) -> None:
    assert "В архиве нет релиза «nope»." in get(ds, "/-/release/nope", status=404).text


# sources page


def test_sources_page_tells_health_and_evidence(ds: Datasette) -> None:
    html = get(ds, "/-/sources").text
    row = html.split('id="source-minec"', 1)[1].split("</tr>", 1)[0]
    assert "работает" in row and "Сайт обойдён вчера" in row and ">2</a>" in row
    assert 'href="https://minec.example/"' in row
    broken = html.split('id="source-invest"', 1)[1].split("</tr>", 1)[0]
    assert (
        "обход не удаётся" in broken
        and "20 дней назад" in broken
        and "о релизах после него архив не знает" in broken
    )
    silent = html.split('id="source-silent"', 1)[1].split("</tr>", 1)[0]
    assert "ещё не проверялся" in silent and "ни разу не обошёл" in silent
    assert '<td data-label="Последний успешный обход">ни разу</td>' in silent
    assert "Отсутствие релизов в архиве не доказывает" in html


# errors and safety


@pytest.mark.parametrize("query", ['"', '""', "NEAR(", "a:b", "(", "AND"])
def test_builtin_search_errors_are_russian_not_500(ds: Datasette, query: str) -> None:
    for mode in ("", "raw"):
        response = asyncio.run(
            ds.client.get("/archive/releases", params={"_search": query, "_searchmode": mode})
        )
        assert response.status_code in (200, 400), (query, mode)
        if response.status_code == 400:
            assert "поиском с учётом морфологии" in response.text
        as_json = asyncio.run(
            ds.client.get("/archive/releases.json", params={"_search": query, "_searchmode": mode})
        )
        assert as_json.status_code in (200, 400)
        if as_json.status_code == 400:
            assert "поиском с учётом морфологии" in as_json.json()["error"]


def test_writes_through_sql_are_refused(ds: Datasette) -> None:
    response = asyncio.run(ds.client.get("/archive.json", params={"sql": "delete from releases"}))
    assert response.status_code == 400
    with sqlite3.connect(ds.get_database("archive").path) as conn:
        assert conn.execute("select count(*) from releases").fetchone()[0] == 4


def test_limits_are_set(ds: Datasette) -> None:
    assert ds.setting("sql_time_limit_ms") <= 3000
    assert ds.setting("max_returned_rows") == 1000
    assert ds.setting("allow_csv_stream") is False


# the plans the million-release archive needs, forced on the small one


def _release_order(html: str) -> list[str]:
    results = html.split('class="pa-results"', 1)[1].split("pa-formats", 1)[0]
    return re.findall(r'href="/-/release/(r\d+)"', results)


def test_newest_first_gives_the_same_order_with_either_plan(
    ds: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    few = _release_order(get(ds, "/-/search?q=экспорт&sort=date").text)
    monkeypatch.setattr(search_sql, "DATE_PROBE_THRESHOLD", 1)  # walk the date index, ask FTS5 each time
    many = _release_order(get(ds, "/-/search?q=экспорт&sort=date").text)
    assert few == many == ["r3", "r2", "r1", "r4"]
    assert _release_order(get(ds, "/-/search?q=экспорт&sort=date&source=minec").text) == ["r1", "r4"]


def test_facets_of_very_many_matches_use_the_newest_and_say_so(
    ds: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_sql, "FACET_WINDOW", 2)
    html = get(ds, "/-/search?q=экспорт").text
    assert "Найдено: 4 релиза" in html  # the total stays exact
    assert "разбивка посчитана по 2 самым новым" in html
    facets = html.split('class="pa-facets"', 1)[1]
    assert "агентство</a> 1" in facets and "министерство</a> 1" in facets  # r3 and r4: the newest rowids


def test_relevance_ranks_the_newest_matches_when_there_are_very_many(
    ds: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_sql, "RANK_WINDOW", 2)
    assert sorted(_release_order(get(ds, "/-/search?q=экспорт").text)) == ["r3", "r4"]


def test_sources_page_says_where_the_crawl_found_a_press_section(tmp_path: Path) -> None:
    from archive.sections import StoredSection, save_section

    path = tmp_path / "archive.db"
    build_archive(path)
    with Archive.open(path) as archive:
        save_section(
            archive.db,
            StoredSection(
                "minec",
                "2026-12-01T02:15:00+00:00",
                "https://minec.example/press/news/",
                None,
                "landing_link",
                "{}",
                "first",
            ),
        )
    for datasette in _serve(path):
        html = get(datasette, "/-/sources").text
    row = html.split('id="source-minec"', 1)[1].split("</tr>", 1)[0]
    assert "раздел новостей найден обходчиком через страницу раздела" in row
    assert 'href="https://minec.example/press/news/"' in row
    other = html.split('id="source-invest"', 1)[1].split("</tr>", 1)[0]
    assert "раздел новостей найден" not in other
