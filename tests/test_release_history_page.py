"""The release page tells its history near the title and shows changes paragraph by paragraph, with
zoned times; the archived copy never loads anything from the live site and 404s on bad ids."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, add_capture, build_archive, release, source

from archive.diff import paragraph_diff
from archive.serve.app import make_datasette
from archive.serve.diffs import word_diff
from archive.store import Archive
from archive.warc import Exchange, WarcFile

KURGAN = replace(source("kurgan", "Курганская область", "portal"), timezone="Asia/Yekaterinburg")
OLD_BODY = "\n\n".join(
    [
        "Корпорация подписала четыре соглашения.",
        "Проекты позволят создать более 350 рабочих мест.",
        "Среди проектов – цех металлической мебели.",
        "«Мы рады инвесторам», – сказал министр.",
        "Корпорация сопровождает инвесторов.",
        "Портал содержит сведения о площадках.",
    ]
)
NEW_BODY = "\n\n".join(
    [
        "Корпорация подписала четыре соглашения.",
        "Проекты позволят создать более 280 рабочих мест.",
        "Среди проектов – цех металлической мебели.",
        "Корпорация сопровождает инвесторов.",
        "Портал содержит сведения о площадках.",
    ]
)
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
ARCHIVED = (
    b"<html><body><h1>Soglashenie</h1><img src='/upload/saved.gif'><img src='/upload/lost.jpg'>"
    b"<img src='https://cdn.example/elsewhere.png'></body></html>"
)


def get(ds: Datasette, path: str, status: int = 200) -> httpx.Response:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.status_code, response.text[:800])
    return response


def _capture_image(conn: sqlite3.Connection, data_dir: Path, url: str) -> int:
    warc = WarcFile(data_dir / "warc" / "images-00001.warc.gz")
    exchange = Exchange(
        url=url,
        fetched_at=dt.datetime(2026, 3, 1, 5, 0, tzinfo=dt.UTC),
        status=200,
        response_headers=[("Content-Type", "image/gif")],
        body=PIXEL,
    )
    offset, length, record_type = warc.append(exchange)
    warc.close()
    cursor = conn.execute(
        "INSERT INTO captures (url, fetched_at, warc_file, warc_offset, warc_length, record_type,"
        " payload_digest, http_status) VALUES (?, ?, ?, ?, ?, ?, ?, 200)",
        [url, SEEN, "warc/images-00001.warc.gz", offset, length, record_type, exchange.digest],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datasette]:
    tmp = tmp_path_factory.mktemp("history")
    path = tmp / "archive.db"
    build_archive(path)
    kurgan = [
        release(
            5,
            KURGAN,
            "Корпорация подписала соглашения",
            NEW_BODY,
            published_date="2026-02-15",
            published_time="11:45",
            published_utc="2026-02-15T06:45:00Z",
            date_precision="minute",
            updated_at="2026-02-15T11:45",
            updated_raw="15.02.2026 11:45",
        ),
        release(
            6,
            KURGAN,
            "Обновлённый релиз",
            "Текст.",
            published_date="2026-02-16",
            published_time="09:00",
            published_utc="2026-02-16T04:00:00Z",
            date_precision="minute",
            updated_at="2026-02-18T14:10",
            updated_raw="18.02.2026 14:10",
        ),
    ]
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases(kurgan, seen_at=SEEN)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM release_versions WHERE release_id = 'r5'")
        conn.executemany(
            "INSERT INTO release_versions (release_id, version, title, body_text, first_seen, last_seen,"
            " content_hash) VALUES ('r5', ?, ?, ?, ?, ?, 'h5')",
            [
                (
                    1,
                    "Корпорация подписала соглашения",
                    OLD_BODY,
                    "2026-02-15T07:00:00Z",
                    "2026-02-16T03:00:00Z",
                ),
                (2, "Корпорация подписала соглашения", NEW_BODY, "2026-02-17T03:00:00Z", SEEN),
            ],
        )
        conn.execute(
            "UPDATE releases SET version_count = 2, changed_at = '2026-02-17T03:00:00Z'"
            " WHERE release_id = 'r5'"
        )
        page = add_capture(conn, tmp, "r5", "https://kurgan.example/press/5", ARCHIVED)
        image = _capture_image(conn, tmp, "https://kurgan.example/upload/saved.gif")
    datasette = make_datasette(path)
    datasette._test_ids = {"page": page, "image": image}  # type: ignore[attr-defined]
    yield datasette
    for database in datasette.databases.values():
        database.close()


def _head(html: str) -> str:
    """What lies between the title and the facts table: the part a reader sees first."""
    return html.split("</h1>", 1)[1].split('<table class="pa-facts">', 1)[0]


# near the title


def test_an_edited_release_says_so_under_its_title(ds: Datasette) -> None:
    head = _head(get(ds, "/-/release/r5").text)
    assert "Издатель изменил этот релиз после публикации." in head
    assert "версий в архиве: 2" in head and "17 февраля 2026, 03:00 UTC" in head
    assert 'href="#changes"' in head
    assert 'id="changes"' in get(ds, "/-/release/r5").text


def test_a_removed_release_says_so_under_its_title_and_that_the_archive_keeps_it(ds: Datasette) -> None:
    head = _head(get(ds, "/-/release/r3").text)
    assert "Издатель удалил этот релиз со своего сайта." in head
    assert "5 марта 2026, 03:00 UTC: адрес отвечает кодом 404" in head and "Архив хранит копию" in head
    assert "изменил" not in head


def test_an_unchanged_release_has_no_notice(ds: Datasette) -> None:
    assert "pa-history-notes" not in get(ds, "/-/release/r2").text


# the diff


def test_paragraph_diff_pairs_edits_and_keeps_runs_of_unchanged_paragraphs() -> None:
    ops = [(block.op, len(block.old), len(block.new)) for block in paragraph_diff(OLD_BODY, NEW_BODY)]
    assert ops == [("equal", 1, 1), ("changed", 1, 1), ("equal", 1, 1), ("deleted", 1, 0), ("equal", 2, 2)]


def test_the_body_diff_is_paragraph_by_paragraph_with_unchanged_ones_collapsed(ds: Datasette) -> None:
    diff = get(ds, "/-/release/r5").text.split('class="pa-body pa-diff"', 1)[1].split("</div>", 1)[0]
    assert (
        '<p class="pa-diff-changed">Проекты позволят создать более <del>350</del><ins>280</ins>'
        " рабочих мест.</p>" in diff
    )
    assert "Абзац удалён:</span> <del>«Мы рады инвесторам», – сказал министр.</del>" in diff
    assert diff.count("… 1 абзац без изменений …") == 2 and diff.count("… 2 абзаца без изменений …") == 1
    assert diff.count('class="pa-diff-changed"') == 1  # not one run-on paragraph


def test_a_title_change_is_shown_too(ds: Datasette) -> None:
    html = get(ds, "/-/release/r1").text
    assert "<em>Заголовок:</em> <del>Инвестиции</del><ins>Новые инвестиции</ins> в Подмосковье" in html


# times


def test_publication_time_has_its_moscow_offset_not_an_iana_id(ds: Datasette) -> None:
    html = get(ds, "/-/release/r5").text
    assert "15 февраля 2026, 11:45 (МСК+2)" in html and "время местное" in html
    assert "Asia/Yekaterinburg" not in html
    assert '<a class="pa-time-switch" href="/-/release/r5?time=msk">по московскому времени</a>' in html


def test_time_msk_shows_moscow_time_everywhere_and_offers_the_way_back(ds: Datasette) -> None:
    html = get(ds, "/-/release/r5?time=msk").text
    assert "15 февраля 2026, 09:45 по московскому времени" in html
    assert "на сайте — 15 февраля 2026, 11:45 (МСК+2)" in html
    assert '<a class="pa-time-switch" href="/-/release/r5">по местному времени</a>' in html
    assert "17 февраля 2026, 06:00 (МСК)" in html  # the version's UTC stamp on Moscow's clock
    assert " UTC" not in html.split("<article", 1)[1]


def test_update_stamp_only_when_it_differs_from_publication(ds: Datasette) -> None:
    assert "Отметка об обновлении" not in get(ds, "/-/release/r5").text
    html = get(ds, "/-/release/r6").text
    row = html.split("Отметка об обновлении", 1)[1].split("</tr>", 1)[0]
    assert "18 февраля 2026, 14:10 (МСК+2)" in row and "«18.02.2026 14:10»" in row


# the archived copy


def test_archived_copy_never_points_at_another_site(ds: Datasette) -> None:
    ids = ds._test_ids  # type: ignore[attr-defined]
    response = get(ds, f"/-/capture/{ids['page']}")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "img-src 'self' data:" in csp and "script-src 'none'" in csp
    page = response.text.split('class="pa-archived"', 1)[1]
    assert f'<img src="/-/capture/{ids["image"]}?body=1">' in page  # captured: from the archive
    assert page.count('<img src="data:image/svg+xml,') == 2  # not captured: the placeholder
    assert "lost.jpg" not in page and "cdn.example" not in page
    image = get(ds, f"/-/capture/{ids['image']}?body=1")
    assert image.headers["content-type"] == "image/gif" and image.content == PIXEL
    get(ds, f"/-/capture/{ids['page']}?body=1", status=404)  # a page is not served as an image


def test_archived_copy_links_back_to_its_release(ds: Datasette) -> None:
    html = get(ds, f"/-/capture/{ds._test_ids['page']}").text  # type: ignore[attr-defined]
    assert '<a href="/-/release/r5">← к релизу</a>' in html


@pytest.mark.parametrize("capture_id", ["99999999999999999999999", "abc", "-1", "1e3", "1.5"])
def test_a_bad_capture_id_is_a_russian_404(ds: Datasette, capture_id: str) -> None:
    html = get(ds, f"/-/capture/{capture_id}", status=404).text
    assert "Архивной копии с номером" in html and "нет" in html


def test_a_release_without_a_time_still_offers_moscow_time_for_the_archive_stamps(ds: Datasette) -> None:
    html = get(ds, "/-/release/r2").text
    row = html.split("<th>В архиве</th>", 1)[1].split("</tr>", 1)[0]
    assert "UTC" in row and '<a class="pa-time-switch" href="/-/release/r2?time=msk">' in row
    assert "1 марта 2026, 08:00 (МСК)" in get(ds, "/-/release/r2?time=msk").text


def test_a_rewritten_title_reads_as_old_struck_and_new_whole() -> None:
    old = "Стартовал набор в экспортный акселератор Подмосковья"
    new = "Центр поддержки экспорта Подмосковья открыл набор во второй поток экспортного акселератора"
    assert str(word_diff(old, new)) == f"<del>{old}</del> <ins>{new}</ins>"
    assert str(word_diff("Инвестиции в Подмосковье", "Новые инвестиции в Подмосковье")) == (
        "<del>Инвестиции</del><ins>Новые инвестиции</ins> в Подмосковье"
    )
