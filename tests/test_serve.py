"""Serving the archive with Datasette: Russian pages, search, facets, safe HTML."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette

from archive.records import Release, SourceRecord
from archive.serve.app import load_metadata, make_datasette
from archive.store import Archive

SCRIPT = "<script>alert('pressarchive-xss')</script>"


def source(name: str, region: str, kind: str) -> SourceRecord:
    return SourceRecord(
        name=name,
        title=f"Издатель {name}",
        region=region,
        publisher_kind=kind,
        timezone="Europe/Moscow",
        platform="bitrix",
        start_urls=(f"https://{name}.example/press/",),
    )


def release(n: int, src: SourceRecord, title: str, body: str, body_html: str | None = None) -> Release:
    url = f"https://{src.name}.example/press/{n}"
    return Release(
        release_id=f"r{n}",
        source=src.name,
        region=src.region,
        publisher_kind=src.publisher_kind,
        url=url,
        canonical_url=url,
        title=title,
        body_text=body,
        body_html=body_html if body_html is not None else f"<p>{body}</p>",
        content_hash=f"h{n}",
        fetched_at="2026-03-01T05:00:00Z",
        timezone=src.timezone,
        published_date=f"2026-02-{10 + n:02d}",
        date_precision="day",
    )


@pytest.fixture
def ds(tmp_path: Path) -> Iterator[Datasette]:
    path = tmp_path / "archive.db"
    ministry = source("minec", "Московская область", "ministry")
    agency = source("invest", "Калужская область", "agency")
    with Archive.open(path) as archive:
        archive.sync_sources([ministry, agency])
        archive.save_releases(
            [
                release(1, ministry, "Новые инвестиции в Подмосковье", "Область привлекла инвестиции."),
                release(2, agency, "Агентство привлекло новыми инвестициями завод", "Завод построят."),
                release(
                    3, agency, "Экспорт растёт", "Поставки за рубеж.", f"<p>Безопасный текст</p>{SCRIPT}"
                ),
            ],
            seen_at="2026-03-01T05:00:00Z",
        )
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def get(ds: Datasette, path: str) -> httpx.Response:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def ids(response: httpx.Response) -> list[str]:
    return sorted(row["release_id"] for row in response.json()["rows"])


def test_index_page_is_russian_with_a_search_box(ds: Datasette) -> None:
    html = get(ds, "/").text
    assert '<html lang="ru">' in html
    assert "Архив пресс-релизов" in html
    assert "CC BY 4.0" in html
    assert 'action="/-/search"' in html
    assert 'name="q"' in html
    assert 'href="/-/sources"' in html


def test_database_is_served_mutable_not_immutable(ds: Datasette) -> None:
    database = ds.get_database("archive")
    assert database.is_mutable


def test_builtin_search_finds_every_form_of_the_word(ds: Datasette) -> None:
    """Datasette's `?_search=` reads the stemmed index (migration 0190): «инвестициями» of r2 too."""
    assert ids(get(ds, "/archive/releases.json?_shape=objects&_search=инвестиции")) == ["r1", "r2"]


def test_stemmed_search_finds_other_word_forms(ds: Datasette) -> None:
    assert ids(get(ds, "/archive/releases.json?_shape=objects&_ru=инвестиции")) == ["r1", "r2"]
    assert ids(get(ds, "/archive/releases.json?_shape=objects&_ru=растет")) == ["r3"]
    assert ids(get(ds, "/archive/releases.json?_shape=objects&_ru=NEAR(%22")) == []


def test_stemmed_search_page_describes_the_search_in_russian(ds: Datasette) -> None:
    html = get(ds, "/archive/releases?_ru=инвестициями").text
    assert "поиск с учётом морфологии: «инвестициями»" in html


def test_default_facets_include_region_source_and_publisher_kind(ds: Datasette) -> None:
    data = get(ds, "/archive/releases.json").json()
    facets = data["facet_results"]
    assert {"region", "source", "publisher_kind", "published_date"} <= set(facets)
    assert facets["published_date"]["type"] == "date"
    regions = {item["value"]: item["count"] for item in facets["region"]["results"]}
    assert regions == {"Калужская область": 2, "Московская область": 1}


def test_script_in_body_html_never_reaches_the_page(ds: Datasette) -> None:
    for path in ("/archive/releases/r3", "/archive/releases", "/archive/releases?_ru=экспорт"):
        html = get(ds, path).text
        assert "pressarchive-xss" not in html  # nh3 drops the script element and its content
    row_page = get(ds, "/archive/releases/r3").text
    assert '<div class="release-body"><p>Безопасный текст</p></div>' in row_page


def test_metadata_follows_the_database_file_name() -> None:
    metadata = load_metadata("press")
    assert "press" in metadata["databases"]
    assert "archive" not in metadata["databases"]
    releases = metadata["databases"]["press"]["tables"]["releases"]
    assert releases["fts_table"] == "releases_stem_fts"
    assert load_metadata("archive")["databases"]["archive"]["title"] == "Архив пресс-релизов"


def test_migrations_table_is_hidden_from_the_database_page(ds: Datasette) -> None:
    html = get(ds, "/archive").text
    assert 'href="/archive/releases"' in html
    assert 'href="/archive/_sqlite_migrations"' not in html
    assert 'href="/archive/releases_stem_fts"' not in html
    # the clusters' working tables (archive.clusters): nothing a reader looks at
    assert 'href="/archive/release_bands"' not in html
    assert 'href="/archive/cluster_queue"' not in html


def test_no_write_endpoints(ds: Datasette) -> None:
    response = asyncio.run(ds.client.post("/archive/releases/r1/-/delete"))
    assert response.status_code in (403, 404, 405)
    with Archive.open(ds.get_database("archive").path) as archive:
        assert archive.db["releases"].count == 3


@pytest.mark.parametrize("path", ["/archive/releases", "/archive/sources", "/archive/crawl_runs"])
def test_table_pages_use_russian_titles(ds: Datasette, path: str) -> None:
    html = get(ds, path).text
    titles = {"releases": "Пресс-релизы", "sources": "Источники", "crawl_runs": "Журнал обходов"}
    assert titles[path.rsplit("/", 1)[1]] in html


def test_plugin_static_files_are_served(ds: Datasette) -> None:
    css = get(ds, "/pressarchive-static/archive.css").text
    assert ".pa-hit" in css
    assert 'href="/pressarchive-static/archive.css"' in get(ds, "/").text


def test_table_titles_link_to_the_reading_page(ds: Datasette) -> None:
    html = get(ds, "/archive/releases").text
    assert '<a href="/-/release/r1">Новые инвестиции в Подмосковье</a>' in html


def test_body_html_cleaning_is_idempotent_for_clean_html() -> None:
    from archive.serve.plugin import clean_html

    clean = '<p>Текст <a href="https://example.ru/" rel="noopener noreferrer">ссылка</a></p>'
    assert clean_html(clean) == clean
    assert clean_html(f"<p>x</p>{SCRIPT}") == "<p>x</p>"
