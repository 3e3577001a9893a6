"""The release page shows its archived attachments (the `attachments` table, issue 16): each file's
name linking to the original (web addresses only), kind, size and pages in Russian, the archived
copy (downloaded as the file, never rendered as a page), why there is no text, whether the file
changed or left the site, and its text page by page in a collapsed block whose pages are anchors
(#attachment-<id>-page-<n>: Chromium opens the block). A release whose files were never fetched
keeps the page's own list of links; a huge text is cut, the rest is in the row's JSON."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, build_archive
from serve_process import running_server

from archive.attachments import FetchedAttachment, save_attachment
from archive.serve.app import make_datasette
from archive.serve.attachment_view import PAGE_LIMIT, TEXT_LIMIT, human_size, pages_label
from archive.store import Archive
from archive.warc import Exchange, WarcFile

PDF_BYTES = b"%PDF-1.4\n% pressarchive test file\n<html><script>alert('pdf-as-html')</script></html>\n%%EOF\n"
PLAN_TEXT = "\f".join(
    [
        "Первая страница плана.\nВторая строка первой страницы.",
        "Вторая страница: объём инвестиций 12 млрд рублей.",
        "<script>alert('attachment-xss')</script> третья страница & «кавычки»",
    ]
)
SHEETS_V1 = "Лист1\nООО Ромашка 100\fЛист2\nИтого 100"
SHEETS_V2 = "Лист1\nООО Ромашка 120\fЛист2\nИтого 120\fЛист3\nПримечания"
BIG_PAGE = "Строка длинного реестра. " * 8  # 200 characters
BIG_PAGES = 2_100


@dataclass
class Built:
    path: Path
    ids: dict[str, int]  # attachment ids by a short name
    captures: dict[str, int]  # capture ids by a short name


def _capture(conn: sqlite3.Connection, data_dir: Path, url: str, content_type: str, body: bytes) -> int:
    """A file's response written to a WARC file and indexed in `captures`, as the crawl does."""
    warc = WarcFile(data_dir / "warc" / "files-00001.warc.gz")
    exchange = Exchange(
        url=url,
        fetched_at=dt.datetime(2026, 3, 1, 5, 0, tzinfo=dt.UTC),
        status=200,
        response_headers=[("Content-Type", content_type)],
        body=body,
    )
    offset, length, record_type = warc.append(exchange)
    warc.close()
    cursor = conn.execute(
        "INSERT INTO captures (url, fetched_at, warc_file, warc_offset, warc_length, record_type,"
        " payload_digest, http_status) VALUES (?, ?, ?, ?, ?, ?, ?, 200)",
        [url, SEEN, "warc/files-00001.warc.gz", offset, length, record_type, exchange.digest],
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _fetched(release_id: str, url: str, **values: object) -> FetchedAttachment:
    fields: dict[str, object] = {
        "source": "minec" if release_id != "r2" else "invest",
        "title": None,
        "fetched_at": SEEN,
        "http_status": 200,
        "status": "ok",
        "method": "pypdfium2",
        **values,
    }
    return FetchedAttachment(release_id=release_id, url=url, **fields)  # type: ignore[arg-type]


def _save_files(archive: Archive, captures: dict[str, int]) -> None:
    """r1: six files (pages, a scan, a changed one, a removed one, a 404, a javascript: address);
    r2: one file of 2,100 pages."""
    docs = "https://minec.example/docs/"
    db = archive.db
    plan = _fetched(
        "r1", docs + "plan.pdf", title="План инвестиций", kind="pdf", size=1_258_291,
        payload_digest="sha1:PLAN", capture_id=captures["plan"], pages=3, text=PLAN_TEXT,
    )  # fmt: skip
    scan = _fetched(
        "r1", docs + "%D0%A1%D0%BA%D0%B0%D0%BD.pdf", kind="pdf", size=348_160, payload_digest="sha1:SCAN",
        capture_id=captures["scan"], status="scanned", reason="скан без текстового слоя", pages=2, text="",
    )  # fmt: skip
    sheets = _fetched(
        "r1", docs + "perechen.xlsx", title="Перечень получателей", kind="xlsx", size=340 * 1024,
        payload_digest="sha1:V1", method="openpyxl", pages=2, text=SHEETS_V1,
    )  # fmt: skip
    protocol = _fetched(
        "r1", docs + "protokol.docx", title="Протокол комиссии", kind="docx", size=2_000,
        payload_digest="sha1:PROT", method="python-docx", pages=1, text="Протокол заседания комиссии.",
    )  # fmt: skip
    missing = _fetched("r1", docs + "net.pdf", title="Приложение 3", http_status=404, status=None)
    hostile = _fetched(
        "r1", "javascript:alert('attachment-js')", title="Вредный файл", kind="pdf", payload_digest="sha1:JS",
        pages=1, text="Безобидный текст.",
    )  # fmt: skip
    sheets_v2 = _fetched(
        "r1", sheets.url, title=sheets.title, kind="xlsx", size=360 * 1024, payload_digest="sha1:V2",
        method="openpyxl", pages=3, text=SHEETS_V2, fetched_at="2026-03-02T03:00:00Z",
    )  # fmt: skip
    protocol_gone = _fetched(
        "r1", protocol.url, fetched_at="2026-03-04T03:00:00Z", http_status=404, status=None
    )
    register = _fetched(
        "r2", "https://invest.example/files/reestr.pdf", title="Реестр", kind="pdf", size=5_000_000,
        payload_digest="sha1:BIG", pages=BIG_PAGES,
        text="\f".join(f"{number}: {BIG_PAGE}" for number in range(1, BIG_PAGES + 1)),
    )  # fmt: skip
    files = (plan, scan, sheets, protocol, missing, hostile, sheets_v2, protocol_gone, register)
    outcomes = [save_attachment(db, fetched) for fetched in files]
    assert outcomes == ["new", "new", "new", "new", "missing", "new", "changed", "removed", "new"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("release-attachments")
    path = tmp / "archive.db"
    build_archive(path)
    with sqlite3.connect(path) as conn:
        docs = "https://minec.example/docs/"
        captures = {
            "plan": _capture(conn, tmp, docs + "plan.pdf", "application/pdf", PDF_BYTES),
            # a PDF the server called HTML: still a file to download, never a page
            "scan": _capture(conn, tmp, docs + "%D0%A1%D0%BA%D0%B0%D0%BD.pdf", "text/html", PDF_BYTES),
        }
    with Archive.open(path) as archive:
        _save_files(archive, captures)
    conn = sqlite3.connect(path)
    try:
        ids = {
            url.rsplit("/", 1)[-1]: attachment_id
            for attachment_id, url in conn.execute("SELECT id, url FROM attachments ORDER BY id")
        }
    finally:
        conn.close()
    return Built(path, ids, captures)


def _serve(path: Path) -> Iterator[Datasette]:
    datasette = make_datasette(path)
    yield datasette
    for database in datasette.databases.values():
        database.close()


@pytest.fixture(scope="module")
def ds(built: Built) -> Iterator[Datasette]:
    yield from _serve(built.path)


def get(ds: Datasette, path: str, status: int = 200) -> httpx.Response:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.status_code, response.text[:800])
    return response


def file_block(html: str, attachment_id: int) -> str:
    """The <li> of one archived file on the release page."""
    found = re.search(rf'<li class="pa-file" id="attachment-{attachment_id}">(.*?)</li>', html, re.DOTALL)
    assert found, f"no attachment {attachment_id} on the page"
    return found.group(1)


def test_russian_sizes_and_pages() -> None:
    assert human_size(512) == "512 байт" and human_size(2) == "2 байта"
    assert human_size(340 * 1024) == "340 КБ" and human_size(1_258_291) == "1,2 МБ"
    assert human_size(1024 * 1024 - 1) == "1 МБ" and human_size(None) is None
    assert pages_label("pdf", 12) == "12 с." and pages_label("xlsx", 3) == "3 листа"
    assert pages_label("ods", 1) == "1 лист" and pages_label("xls", 5) == "5 листов"
    assert pages_label("docx", 1) is None  # a flowing document is stored as one page, whatever its length


def test_a_file_with_pages_links_the_original_the_copy_and_its_text(ds: Datasette, built: Built) -> None:
    html = get(ds, "/-/release/r1").text
    assert 'class="pa-attachments"' not in html  # the archived files replace the page's own list
    plan = file_block(html, built.ids["plan.pdf"])
    assert (
        '<a href="https://minec.example/docs/plan.pdf" rel="noopener noreferrer nofollow">План инвестиций</a>'
        in plan
    )
    assert "(PDF, 1,2 МБ, 3 с.)" in plan
    assert f'<a href="/-/capture/{built.captures["plan"]}">архивная копия файла</a>' in plan
    assert "<summary>Текст файла</summary>" in plan and "<details" in plan and "<details open" not in plan
    for number in (1, 2, 3):
        assert f'id="attachment-{built.ids["plan.pdf"]}-page-{number}"' in plan
        assert f"<h3>Страница {number}</h3>" in plan
    assert "Вторая страница: объём инвестиций 12 млрд рублей." in plan
    assert "Первая страница плана.\nВторая строка первой страницы." in plan  # newlines kept (pre-wrap)
    assert "\f" not in html


def test_text_from_a_file_is_escaped(ds: Datasette, built: Built) -> None:
    html = get(ds, "/-/release/r1").text
    assert "attachment-xss" in html
    assert "<script>alert('attachment-xss')" not in html
    assert "&lt;script&gt;alert(&#39;attachment-xss&#39;)&lt;/script&gt;" in html
    assert "&amp; «кавычки»" in html


def test_a_scan_says_why_there_is_no_text(ds: Datasette, built: Built) -> None:
    scan = file_block(get(ds, "/-/release/r1").text, built.ids["%D0%A1%D0%BA%D0%B0%D0%BD.pdf"])
    assert ">Скан.pdf</a>" in scan  # no link text: the file's name from its address
    assert "(PDF, 340 КБ, 2 с.)" in scan
    assert "текст не извлечён: скан без текстового слоя" in scan
    assert "<details" not in scan


def test_a_changed_spreadsheet_tells_its_versions_and_sheets(ds: Datasette, built: Built) -> None:
    sheets = file_block(get(ds, "/-/release/r1").text, built.ids["perechen.xlsx"])
    assert "(XLSX, 360 КБ, 3 листа)" in sheets
    assert "файл менялся: версий 2, последнее изменение 2 марта 2026, 03:00 UTC" in sheets
    assert "<h3>Лист 3</h3>" in sheets and "Итого 120" in sheets and "Итого 100" not in sheets
    in_moscow = file_block(get(ds, "/-/release/r1?time=msk").text, built.ids["perechen.xlsx"])
    assert "последнее изменение 2 марта 2026, 06:00 (МСК)" in in_moscow


def test_a_removed_file_keeps_its_copy_and_text(ds: Datasette, built: Built) -> None:
    protocol = file_block(get(ds, "/-/release/r1").text, built.ids["protokol.docx"])
    assert "удалён с сайта 4 марта 2026, 03:00 UTC, архив хранит последнюю копию" in protocol
    assert "(DOCX, 2 КБ)" in protocol  # one flowing text: no page count, no «Страница 1»
    assert "Протокол заседания комиссии." in protocol and "<h3>" not in protocol
    assert "файл менялся" not in protocol


def test_a_file_never_got_says_so(ds: Datasette, built: Built) -> None:
    missing = file_block(get(ds, "/-/release/r1").text, built.ids["net.pdf"])
    assert "файл не удалось получить: HTTP 404" in missing
    assert "архивная копия файла" not in missing and "<details" not in missing
    assert 'href="https://minec.example/docs/net.pdf"' in missing


def test_a_javascript_address_is_never_a_link(ds: Datasette, built: Built) -> None:
    html = get(ds, "/-/release/r1").text
    block = file_block(html, built.ids["javascript:alert('attachment-js')"])
    assert "Вредный файл" in block and "<a " not in block
    assert "javascript:" not in html.lower()


def test_the_files_come_in_the_order_they_were_stored(ds: Datasette, built: Built) -> None:
    html = get(ds, "/-/release/r1").text
    ids = [int(found) for found in re.findall(r'<li class="pa-file" id="attachment-(\d+)">', html)]
    assert ids == sorted(built.ids[name] for name in built.ids if name != "reestr.pdf")


def test_a_huge_text_is_cut_and_its_json_holds_the_rest(ds: Datasette, built: Built) -> None:
    response = get(ds, "/-/release/r2")
    html = response.text
    attachment_id = built.ids["reestr.pdf"]
    block = file_block(html, attachment_id)
    assert "(PDF, 4,8 МБ, 2100 с.)" in block
    shown = re.findall(rf'id="attachment-{attachment_id}-page-(\d+)"', block)
    assert 0 < len(shown) <= PAGE_LIMIT and shown[0] == "1"
    assert f"<h3>Страница {BIG_PAGES}</h3>" not in block
    assert len(html) < TEXT_LIMIT * 2 + 100_000  # bounded, not the 440,000 characters of the file
    json_url = f"/archive/attachments/{attachment_id}.json"
    assert f'Текст обрезан, полный текст — в <a href="{json_url}">JSON</a>' in block
    row = get(ds, json_url + "?_shape=objects").json()["rows"][0]
    assert row["text"].count("\f") == BIG_PAGES - 1


def test_a_release_without_archived_files_keeps_the_page_links(ds: Datasette) -> None:
    html = get(ds, "/-/release/r3").text
    assert 'class="pa-attachments"' in html and 'class="pa-files"' not in html
    assert 'href="https://invest.example/report.xlsx"' in html and "attachment-js" not in html
    assert "release.js" not in html
    assert "Вложения" not in get(ds, "/-/release/r4").text


def test_an_archive_without_the_attachments_table_shows_the_page_links(built: Built, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(built.path, path)
    with sqlite3.connect(path) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in ("attachment_versions", "attachments"):
            conn.execute(f"DROP TABLE {table}")
        assert "attachments" in names
    for datasette in _serve(path):
        html = get(datasette, "/-/release/r1").text
        assert 'class="pa-attachments"' in html and 'class="pa-files"' not in html
        assert 'href="https://minec.example/docs/plan.pdf"' in html and "План инвестиций" in html


def test_an_archived_file_downloads_as_itself(ds: Datasette, built: Built) -> None:
    response = get(ds, f"/-/capture/{built.captures['plan']}")
    assert response.content == PDF_BYTES
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="plan.pdf"')
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    raw = get(ds, f"/-/capture/{built.captures['plan']}?raw=1")
    assert raw.content == PDF_BYTES and raw.headers["content-disposition"].startswith("attachment")


def test_a_file_served_as_html_is_never_rendered(ds: Datasette, built: Built) -> None:
    response = get(ds, f"/-/capture/{built.captures['scan']}")
    assert response.content == PDF_BYTES  # the bytes, not a page around them
    assert response.headers["content-type"] == "application/octet-stream"
    disposition = response.headers["content-disposition"]
    capture_id = built.captures["scan"]
    assert (
        disposition
        == f"attachment; filename=\"capture-{capture_id}.pdf\"; filename*=UTF-8''%D0%A1%D0%BA%D0%B0%D0%BD.pdf"
    )


def test_in_chromium_a_page_anchor_opens_the_text(built: Built) -> None:
    from browser_session import DESKTOP, launched, require_chromium

    sync_api = require_chromium()
    attachment_id = built.ids["plan.pdf"]
    with running_server(built.path) as base, launched(sync_api) as chromium:
        page = chromium.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
        page.goto(f"{base}/-/release/r1#attachment-{attachment_id}-page-2")
        second = page.locator(f"#attachment-{attachment_id}-page-2")
        second.wait_for(state="visible", timeout=5_000)
        assert "Вторая страница: объём инвестиций 12 млрд рублей." in second.inner_text()
        assert second.locator("h3").inner_text() == "Страница 2"
        assert page.evaluate(f"document.querySelector('#attachment-{attachment_id} details').open") is True
        page.close()

        # Chromium itself opens a <details> around a fragment's target; static/release.js does it for
        # browsers that do not: its own handler is driven here, the address changed without navigating
        page = chromium.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
        page.goto(f"{base}/-/release/r1")
        third = page.locator(f"#attachment-{attachment_id}-page-3")
        assert not third.is_visible()  # the text is collapsed until asked for
        page.evaluate(
            f"history.replaceState(null, '', '#attachment-{attachment_id}-page-3');"
            " window.dispatchEvent(new HashChangeEvent('hashchange'))"
        )
        third.wait_for(state="visible", timeout=5_000)
        assert "третья страница" in third.inner_text()
        page.close()

        # a page past what the release page shows: the file's text opens, its end says where the rest is
        register = built.ids["reestr.pdf"]
        page = chromium.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
        page.goto(f"{base}/-/release/r2#attachment-{register}-page-{BIG_PAGES}")
        page.get_by_text("Текст обрезан").wait_for(state="visible", timeout=5_000)
        page.close()
