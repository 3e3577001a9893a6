"""/-/search/excel: a search as a file that opens right in Russian Excel, read back byte by byte.

The archive has more hits than one search page shows (29 releases about investments in
Курганская область, a source in Asia/Yekaterinburg = МСК+2), one with a title that Excel would
run as a formula.
"""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import unquote

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, build_archive, release, source

from archive.serve import excel_export, search_sql
from archive.serve.app import make_datasette
from archive.store import Archive

KURGAN = replace(source("kurgan", "Курганская область", "agency"), timezone="Asia/Yekaterinburg")
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/","Инвестиции: нажмите")'
MANY = 29


def _kurgan_releases() -> list:
    found = []
    for n in range(MANY):
        day = f"2026-01-{n + 1:02d}"
        title = HOSTILE_TITLE if n == 7 else f"Инвестиции в Зауралье, выпуск {n + 1}"
        extra = {"published_date": day, "lead": f"Лид {n + 1}: <b>инвестиции</b> в регион."}
        if n == 0:
            extra |= {
                "published_time": "11:45",
                "published_utc": f"{day}T06:45:00Z",
                "date_precision": "minute",
            }
        found.append(release(100 + n, KURGAN, title, f"Текст про инвестиции номер {n + 1}.", **extra))
    return found


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datasette]:
    path = tmp_path_factory.mktemp("excel") / "archive.db"
    build_archive(path)
    with Archive.open(path) as archive:
        archive.sync_sources([KURGAN])
        archive.save_releases(_kurgan_releases(), seen_at=SEEN)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE releases SET changed_at = '2026-02-21T03:00:00Z' WHERE release_id = 'r101'")
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


def fetch(ds: Datasette, params: dict[str, str], status: int = 200) -> httpx.Response:
    response = asyncio.run(ds.client.get("/-/search/excel", params=params))
    assert response.status_code == status, (params, response.status_code, response.text[:500])
    return response


def table(response: httpx.Response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    text = body.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # CRLF, no bare newline
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_every_hit_in_russian_columns_as_a_download(ds: Datasette) -> None:
    response = fetch(ds, {"q": "инвестиции", "region": "Курганская область"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=") and ".csv" in disposition
    assert "инвестиции" in unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert disposition.split(";")[1].strip().encode("ascii")  # the fallback name is ASCII
    rows = table(response)
    assert rows[0] == list(excel_export.COLUMNS)
    assert rows[0][:4] == ["Дата публикации", "Время", "Часовой пояс", "Заголовок"]
    data = rows[1:]
    assert MANY > search_sql.PAGE_SIZE and len(data) == MANY  # all of them, not the page's 20
    assert excel_export.TRUNCATED_HEADER not in response.headers
    assert "<mark>" not in response.text and "<b>" not in response.text
    by_title = {row[3]: dict(zip(rows[0], row, strict=True)) for row in data}
    first = by_title["Инвестиции в Зауралье, выпуск 1"]
    assert first["Дата публикации"] == "01.01.2026" and first["Время"] == "11:45"
    assert first["Часовой пояс"] == "МСК+2"
    assert first["Источник"] == "Издатель kurgan" and first["Регион"] == "Курганская область"
    assert first["Федеральный округ"] == "Уральский" and first["Тип издателя"] != "agency"
    assert first["Ссылка на оригинал"] == "https://kurgan.example/press/100"
    assert first["Ссылка в архиве"] == "http://localhost/-/release/r100"
    assert first["Фрагмент"] == "Лид 1: инвестиции в регион."
    assert by_title["Инвестиции в Зауралье, выпуск 2"]["Изменён"] == "21.02.2026 06:00 МСК"


def test_moscow_time_as_on_the_page(ds: Datasette) -> None:
    rows = table(fetch(ds, {"q": "инвестиции", "region": "Курганская область", "time": "msk"}))
    by_title = {row[3]: row for row in rows[1:]}
    assert by_title["Инвестиции в Зауралье, выпуск 1"][:3] == ["01.01.2026", "09:45", "МСК"]
    assert by_title["Инвестиции в Зауралье, выпуск 2"][:3] == ["02.01.2026", "", "МСК+2"]  # a local day


def test_a_formula_in_a_title_stays_text(ds: Datasette) -> None:
    rows = table(fetch(ds, {"q": "инвестиции", "region": "Курганская область"}))
    titles = [row[3] for row in rows[1:]]
    assert "'" + HOSTILE_TITLE in titles and HOSTILE_TITLE not in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert excel_export.guard("-1") == "'-1" and excel_export.guard("@SUM(A1)") == "'@SUM(A1)"
    assert excel_export.guard("Инвестиции") == "Инвестиции"


def test_a_browse_without_words_exports_too_newest_first(ds: Datasette) -> None:
    rows = table(fetch(ds, {"region": "Курганская область", "sort": "date"}))
    dates = [row[0] for row in rows[1:]]
    assert len(dates) == MANY and dates[0] == "29.01.2026" and dates[-1] == "01.01.2026"
    rows = table(fetch(ds, {"source": "kurgan", "date_from": "10.01.2026", "date_to": "2026-01-12"}))
    assert sorted(row[0] for row in rows[1:]) == ["10.01.2026", "11.01.2026", "12.01.2026"]
    everything = table(fetch(ds, {}))
    assert len(everything) - 1 == MANY + 4  # the four releases of the usual fixture too


def test_a_cut_export_says_so(ds: Datasette, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel_export, "MAX_ROWS", 10)
    response = fetch(ds, {"q": "инвестиции", "region": "Курганская область"})
    assert response.headers[excel_export.TRUNCATED_HEADER] == f"10 of {MANY}"
    rows = table(response)
    assert rows[1][0] == f"Показаны первые 10 из {MANY} найденных релизов"
    assert len(rows) == 2 + 10


@pytest.mark.parametrize(
    "params",
    [
        {"q": "инвестиции", "date_from": "32.13.2026"},
        {"date_to": "вчера"},
        {"q": '"'},
        {"district": "Атлантида"},
    ],
)
def test_bad_parameters_are_a_russian_400(ds: Datasette, params: dict[str, str]) -> None:
    response = fetch(ds, params, status=400)
    assert response.headers["content-type"].startswith("text/html")
    assert "Запрос не получилось выполнить" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 3000},
        {"q": "инвестиции", "page": "9" * 40, "sort": "'; DROP TABLE releases; --"},
        {"source": "<script>alert(1)</script>", "kind": "\x00"},
        {"q": "NEAR(инвестиции", "region": "%"},
    ],
)
def test_hostile_parameters_never_give_a_500(ds: Datasette, params: dict[str, str]) -> None:
    response = asyncio.run(ds.client.get("/-/search/excel", params=params))
    assert response.status_code < 500
    if response.status_code == 200:
        assert table(response)[0] == list(excel_export.COLUMNS)


def test_a_database_error_while_streaming_is_written_into_the_file(
    ds: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> list[dict]:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(excel_export, "read_releases", broken)
    rows = table(fetch(ds, {"q": "инвестиции"}))
    assert rows[0] == list(excel_export.COLUMNS) and rows[-1][0] == excel_export.INTERRUPTED
