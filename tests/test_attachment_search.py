"""Attachment text in the Russian search (issue 16): the index, its upkeep, the page and its JSON.

The release pages here say «документ прилагается»; the words journalists look for are only in the
files. Each test writes through the archive's own API (Archive, save_attachment) into a real
SQLite file and reads through the real Datasette app.
"""

from __future__ import annotations

import asyncio
import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette
from serve_fixtures import SEEN, release, served_datasette, source
from sqlite_utils import Database

from archive import migrations
from archive.attachment_hits import find_hit, page_label
from archive.attachments import FetchedAttachment, save_attachment
from archive.db import open_db
from archive.search import register_functions, stem_query
from archive.store import Archive

MINISTRY = source("minprom", "Московская область", "ministry")
PAGE_BREAK = "\f"
REPORT = PAGE_BREAK.join(
    [
        "Отчёт министерства за первый квартал. Общие положения.",
        "Перечень получателей: ООО «Ромашка» получило субсидию на модернизацию станков.",
        "Итоги: <script>alert(1)</script> объём поддержки вырос.",
    ]
)
TABLE = PAGE_BREAK.join(["Лист с заголовками", "Компания\tСумма\nООО «Полимер»\t12 млн рублей, лизинг"])
RELEASES = [
    release(
        1, MINISTRY, "Итоги поддержки промышленности", "Министерство подвело итоги. Документ прилагается."
    ),
    release(2, MINISTRY, "Субсидии станкостроителям", "Министерство выдало субсидии станкостроителям."),
    release(3, MINISTRY, "Реестр лизинговых сделок", "Реестр опубликован. Таблица прилагается."),
]


def fetched(release_id: str, url: str, text: str | None, digest: str, **extra: object) -> FetchedAttachment:
    values: dict[str, object] = {
        "release_id": release_id,
        "source": MINISTRY.name,
        "url": url,
        "title": None,
        "fetched_at": SEEN,
        "http_status": 200,
        "kind": "pdf",
        "size": 1000,
        "payload_digest": digest,
        "status": "ok" if text else "scanned",
        "method": "pypdfium2",
        "pages": text.count(PAGE_BREAK) + 1 if text else 1,
        "text": text,
    }
    values.update(extra)
    return FetchedAttachment(**values)  # type: ignore[arg-type]


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        archive.sync_sources([MINISTRY])
        archive.save_releases(RELEASES, seen_at=SEEN)
        save_attachment(
            archive.db,
            fetched(
                "r1", "https://minprom.example/upload/otchet.pdf", REPORT, "sha1:AAA", title="Отчёт (PDF)"
            ),
        )
        save_attachment(
            archive.db,
            fetched(
                "r3",
                "https://minprom.example/upload/%D0%A0%D0%B5%D0%B5%D1%81%D1%82%D1%80.xlsx",
                TABLE,
                "sha1:BBB",
                kind="xlsx",
            ),
        )
    return path


def matches(path: Path, query: str, scope: str = "") -> list[str]:
    db = open_db(path)
    try:
        rows = db.execute(
            "SELECT r.release_id FROM releases_stem_fts f JOIN releases r ON r.rowid = f.rowid"
            " WHERE releases_stem_fts MATCH ru_stem_query(?, ?) ORDER BY r.release_id",
            [query, scope],
        ).fetchall()
    finally:
        db.close()
    return [row[0] for row in rows]


# the index ------------------------------------------------------------------------------------


def test_a_scope_puts_the_whole_query_in_those_columns() -> None:
    assert stem_query("субсидии станков", "attachments") == '{attachments} : ("субсид" AND "станк")'
    assert stem_query("субсидии", "text") == '{title body_text} : ("субсид")'
    assert stem_query("субсидии", "anything else") == '"субсид"'
    assert stem_query("", "attachments") == '""'  # nothing to find stays nothing, unscoped


def test_words_only_in_a_file_find_its_release(archive_path: Path) -> None:
    assert matches(archive_path, "Ромашка") == ["r1"]
    assert matches(archive_path, "модернизации станков") == ["r1"]  # other forms: stemmed
    assert matches(archive_path, "лизинг") == ["r3"]  # in the title («лизинговых») and in the table
    assert matches(archive_path, "субсидия") == ["r1", "r2"]  # r1 by its file, r2 by its text
    assert matches(archive_path, "субсидия", "attachments") == ["r1"]
    assert matches(archive_path, "субсидия", "text") == ["r2"]
    assert matches(archive_path, "Ромашка", "text") == []


def index_state(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What the stemmed index holds, as FTS5 shows it: each row's token counts per column (its
    docsize) and each stem's rows per column. A row deleted with other stems than it was indexed
    with leaves its postings behind and its counts wrong: this state then differs from a rebuild's."""
    db = open_db(path)
    try:
        db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stem_vocab USING fts5vocab(main, releases_stem_fts, col)"
        )
        sizes = db.execute("SELECT id, sz FROM releases_stem_fts_docsize ORDER BY id").fetchall()
        vocab = db.execute("SELECT term, col, doc, cnt FROM temp.stem_vocab ORDER BY term, col").fetchall()
    finally:
        db.close()
    return sizes, vocab


def _rebuilt_matches(path: Path, queries: list[str]) -> dict[str, list[str]]:
    """The matches of `queries` after the whole stemmed index is built anew from what is stored
    (what a consistent index must give); the index itself must be the same before and after."""
    before = index_state(path)
    with Archive.open(path) as archive:
        archive.rebuild_search()
    assert index_state(path) == before
    return {query: matches(path, query) for query in queries}


QUERIES = ["Ромашка", "субсидия", "станки", "Полимер", "подшипники", "итоги", "поддержки", "отзыв"]


def test_a_changed_file_replaces_its_words_and_the_index_stays_true(archive_path: Path) -> None:
    with Archive.open(archive_path) as archive:
        outcome = save_attachment(
            archive.db,
            fetched(
                "r1", "https://minprom.example/upload/otchet.pdf", "Перечень: ООО «Подшипники».", "sha1:CCC"
            ),
        )
    assert outcome == "changed"
    assert matches(archive_path, "Ромашка") == []
    assert matches(archive_path, "подшипники") == ["r1"]
    # the release's own text is edited after its file was indexed: both are kept right
    with Archive.open(archive_path) as archive:
        edited = replace(RELEASES[0], body_text="Министерство отозвало итоги.", content_hash="h1b")
        archive.save_releases([edited], seen_at="2026-03-01T09:00:00Z")
    assert matches(archive_path, "отозвало") == ["r1"]
    assert matches(archive_path, "прилагается") == ["r3"]
    assert matches(archive_path, "подшипники") == ["r1"]
    before = {query: matches(archive_path, query) for query in QUERIES}
    assert before == _rebuilt_matches(archive_path, QUERIES)
    db = open_db(archive_path)
    try:
        db.execute("INSERT INTO releases_stem_fts (releases_stem_fts) VALUES ('integrity-check')")
        kept = db.execute("SELECT release_id, stems FROM attachment_search_stems ORDER BY 1").fetchall()
    finally:
        db.close()
    assert [rid for rid, _ in kept] == ["r1", "r3"]


def test_a_removed_file_stays_searchable_and_a_file_without_text_leaves_the_index(archive_path: Path) -> None:
    with Archive.open(archive_path) as archive:
        gone = fetched("r1", "https://minprom.example/upload/otchet.pdf", None, None, http_status=404)
        assert save_attachment(archive.db, gone) == "removed"
        assert matches(archive_path, "Ромашка") == ["r1"]  # the last copy is kept, and found
        scan = fetched(
            "r3",
            "https://minprom.example/upload/%D0%A0%D0%B5%D0%B5%D1%81%D1%82%D1%80.xlsx",
            None,
            "sha1:DDD",
            kind="xlsx",
            reason="скан без текстового слоя",
        )
        assert save_attachment(archive.db, scan) == "changed"
    assert matches(archive_path, "Полимер") == []
    assert QUERIES and {q: matches(archive_path, q) for q in QUERIES} == _rebuilt_matches(
        archive_path, QUERIES
    )


def test_two_files_of_one_release_are_both_searched(archive_path: Path) -> None:
    with Archive.open(archive_path) as archive:
        second = fetched(
            "r1",
            "https://minprom.example/upload/prikaz.docx",
            "Приказ о выделении гранта.",
            "sha1:EEE",
            kind="docx",
        )
        assert save_attachment(archive.db, second) == "new"
    assert matches(archive_path, "гранта") == ["r1"]
    assert matches(archive_path, "Ромашка") == ["r1"]
    assert matches(archive_path, "гранта Ромашка", "attachments") == ["r1"]


def test_migration_0170_indexes_files_stored_before_it(tmp_path: Path) -> None:
    """An archive at 0160 with a file's text: after the migration the words are found, and the
    releases' own words still are."""
    path = tmp_path / "old.db"
    db = Database(path)
    register_functions(db.conn)
    migrations.migrations.apply(db, stop_before="0170_attachments_in_search")
    db.close()
    with Archive.open(path) as archive:  # opening applies 0170 at once; take the archive back
        archive.sync_sources([MINISTRY])
    db = Database(path)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0170_attachments_in_search'")
    db.execute("DROP TABLE attachment_search_stems")
    db.execute("DROP TABLE releases_stem_fts")
    db.execute(
        "CREATE VIRTUAL TABLE releases_stem_fts USING fts5(title, body_text, content='',"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    db.conn.commit()
    register_functions(db.conn)
    migrations.populate_stem_fts(db)  # as 0160 left it: title and body only
    db.conn.execute(
        "INSERT INTO releases (release_id, source, region, publisher_kind, url, canonical_url, title,"
        " body_text, body_html, content_hash, fetched_at, timezone, first_seen, last_seen)"
        " VALUES ('r9', 'minprom', 'Московская область', 'ministry', 'https://minprom.example/9', 'https://minprom.example/9',"
        " 'Итоги года', 'Документ прилагается.', '<p>x</p>', 'h9', ?, 'Europe/Moscow', ?, ?)",
        [SEEN, SEEN, SEEN],
    )
    db.conn.execute(
        "INSERT INTO releases_stem_fts (rowid, title, body_text)"
        " SELECT rowid, ru_stem(title), ru_stem(body_text) FROM releases WHERE release_id = 'r9'"
    )
    db.conn.execute(
        "INSERT INTO attachments (release_id, url, text, version_count, first_seen) VALUES"
        " ('r9', 'https://minprom.example/9.pdf', 'Субсидия получена заводом «Звезда».', 1, ?)",
        [SEEN],
    )
    db.conn.commit()
    db.close()
    open_db(path).close()  # applies 0170
    assert matches(path, "Звезда") == ["r9"]
    assert matches(path, "итоги") == ["r9"]
    assert matches(path, "Звезда", "attachments") == ["r9"]


# where in the file ------------------------------------------------------------------------------


def test_the_hit_names_the_page_and_escapes_the_file_text() -> None:
    hit = find_hit(7, "Отчёт", "https://x/otchet.pdf", "pdf", REPORT, "субсидии Ромашка")
    assert hit is not None and (hit.page, hit.pages, hit.terms) == (2, 3, 2)
    assert "<mark>Ромашка</mark>" in hit.snippet_html and "<mark>субсидию</mark>" in hit.snippet_html
    script = find_hit(7, None, "u", "pdf", REPORT, "alert поддержки")
    assert script is not None and script.page == 3
    assert "<script>" not in script.snippet_html and "&lt;script&gt;" in script.snippet_html
    assert find_hit(7, None, "u", "pdf", REPORT, "Подшипники") is None
    assert find_hit(7, None, "u", "pdf", REPORT, "модерн*") is not None  # a prefix
    assert page_label("xlsx", 2) == "лист 2" and page_label("pdf", 2) == "с. 2"


def test_the_best_page_is_the_one_with_most_terms() -> None:
    text = PAGE_BREAK.join(["завод", "", "субсидия", "завод получил субсидию", "завод"])
    hit = find_hit(1, None, "u", "pdf", text, "завод субсидия")
    assert hit is not None and hit.page == 4


# the page and its JSON ---------------------------------------------------------------------------


@pytest.fixture
def ds(archive_path: Path) -> Iterator[Datasette]:
    yield from served_datasette(archive_path)


def get(ds: Datasette, path: str) -> str:
    response: httpx.Response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:800])
    return response.text


def hits(page: str) -> list[str]:
    results = page.split('class="pa-results"', 1)[1].split("pa-formats", 1)[0]
    return re.findall(r'<h3><a href="/-/release/(r\d+)"', results)


def test_the_search_page_shows_the_file_the_page_and_a_snippet(ds: Datasette) -> None:
    page = get(ds, "/-/search?q=%D0%A0%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0")  # Ромашка
    assert hits(page) == ["r1"]
    hit = page.split('class="pa-attachment-hit"', 1)[1].split("</p>", 1)[0]
    assert "В приложении" in hit and "«Отчёт (PDF)»" in hit and "с. 2" in hit
    assert 'href="/-/release/r1#attachment-' in hit and "-page-2" in hit
    assert "<mark>Ромашка</mark>" in hit


def test_a_spreadsheet_hit_names_its_sheet_and_file(ds: Datasette) -> None:
    page = get(ds, "/-/search?q=Полимер")
    assert hits(page) == ["r3"]
    hit = html_lib.unescape(page.split('class="pa-attachment-hit"', 1)[1].split("</p>", 1)[0])
    assert "«Реестр.xlsx»" in hit and "лист 2" in hit  # the name decoded from the address


def test_the_facet_in_attachments_counts_and_filters(ds: Datasette) -> None:
    page = get(ds, "/-/search?q=субсидия")
    assert sorted(hits(page)) == ["r1", "r2"]
    facet = page.split("Где найдено", 1)[1].split("</ul>", 1)[0]
    assert "в приложениях</a> 1" in facet and "found=attachments" in facet
    only = get(ds, "/-/search?q=субсидия&found=attachments")
    assert hits(only) == ["r1"]
    assert "найдено: в приложениях" in only  # the chip, with a link that drops it
    assert hits(get(ds, "/-/search?q=субсидия&found=text")) == ["r2"]
    assert sorted(hits(get(ds, "/-/search?q=субсидия&found=nonsense"))) == ["r1", "r2"]


def test_no_facet_when_no_file_matches(ds: Datasette) -> None:
    page = get(ds, "/-/search?q=станкостроителям")
    assert hits(page) == ["r2"]
    assert "Где найдено" not in page and "pa-attachment-hit" not in page


def test_the_json_says_where_in_the_files(ds: Datasette) -> None:
    body = get(ds, "/archive/search.json?q=Ромашка&_shape=objects")
    rows = json.loads(body)["rows"]
    assert [row["release_id"] for row in rows] == ["r1"]
    hit = json.loads(rows[0]["attachment_hit"])
    assert (
        hit["page"] == 2 and hit["title"] == "Отчёт (PDF)" and "<mark>Ромашка</mark>" in hit["snippet_html"]
    )
    scoped = json.loads(get(ds, "/archive/search.json?q=субсидия&found=attachments&_shape=objects"))["rows"]
    assert [row["release_id"] for row in scoped] == ["r1"]
    by_date = json.loads(get(ds, "/archive/search_by_date.json?q=Полимер&_shape=objects"))["rows"]
    assert json.loads(by_date[0]["attachment_hit"])["kind"] == "xlsx"


def test_the_excel_export_follows_the_filter(ds: Datasette) -> None:
    response: httpx.Response = asyncio.run(ds.client.get("/-/search/excel?q=субсидия&found=attachments"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Итоги поддержки промышленности" in text and "Субсидии станкостроителям" not in text
