"""Attachments in a real crawl (issue 16): each stored release's files are fetched once per run,
captured, read in the bounded reader and stored with their text; a file changed between runs is a
new version and an `edited` event of its release; a file gone is marked removed, its copy kept; a
file that cannot be read, is too large or off the site is recorded or counted, never a crash.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from attachment_files import DECREE, SECOND_PAGE, encrypted_pdf, unicode_pdf, xlsx
from planned_site import Site, crawl_site, planned_site

from archive.verify import verify_archive

LISTING = (
    "<html><head><title>Новости</title></head><body><main><h1>Новости</h1><ul>"
    "<li><span>01.12.2026</span> <a href='/news/subsidii'>Субсидии получат 12 предприятий</a></li>"
    "<li><span>02.12.2026</span> <a href='/news/itogi'>Итоги конкурса подведены в Подольске</a></li>"
    "</ul></main></body></html>"
)
LEAD = (
    "Министерство инвестиций, промышленности и науки Московской области подвело итоги отбора"
    " получателей субсидий на модернизацию производства. "
)
ARTICLE = (
    "<html><head><title>{title}</title></head><body><main><article><h1>{title}</h1>"
    "<p>Дата публикации: {date}</p>" + "<p>" + LEAD * 3 + "</p>"
    "<p>Документы:</p><ul>{links}</ul></article></main></body></html>"
)


def _links(*items: tuple[str, str]) -> str:
    return "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in items)


def _plan(port: int, night: int):  # type: ignore[no-untyped-def]
    first = {
        "/files/postanovlenie.pdf": (200, {"Content-Type": "application/pdf"}, unicode_pdf().data),
        "/files/perechen.xlsx": (
            200,
            {"Content-Type": "application/octet-stream", "ETag": '"p1"'},
            xlsx().data,
        ),
        "/files/net.pdf": (404, {}, "<html><body>Файл не найден</body></html>"),
        "/files/zakrytyi.pdf": (200, {"Content-Type": "application/pdf"}, encrypted_pdf().data),
        "/files/bolshoy.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + bytes(300_000)),
    }
    second = {
        **first,
        "/files/postanovlenie.pdf": (
            200,
            {"Content-Type": "application/pdf"},
            unicode_pdf(
                ((*DECREE, "Изменение: срок продлён до 31 декабря 2026 г."), tuple(SECOND_PAGE))
            ).data,
        ),
        "/files/perechen.xlsx": (304, {"ETag": '"p1"'}, b""),  # the server honours If-None-Match
        "/files/zakrytyi.pdf": (410, {}, "<html><body>Документ снят</body></html>"),
    }
    files = first if night == 1 else second
    article_1 = ARTICLE.format(
        title="Субсидии получат 12 предприятий",
        date="01.12.2026",
        links=_links(
            ("/files/postanovlenie.pdf", "Постановление № 1205-ПП (PDF, 40 КБ)"),
            ("/files/perechen.xlsx", "Перечень получателей (XLSX)"),
            ("/files/net.pdf", "Приложение 3 (PDF)"),
            ("/files/zakrytyi.pdf", "Протокол комиссии (PDF)"),
            ("/files/bolshoy.pdf", "Презентация (PDF, 300 КБ)"),
            (f"http://localhost:{port}/files/chuzhoy.pdf", "Документ на другом сайте (PDF)"),
        ),
    )
    article_2 = ARTICLE.format(
        title="Итоги конкурса подведены в Подольске",
        date="02.12.2026",
        links=_links(("/files/postanovlenie.pdf", "Постановление (PDF)")),
    )
    pages = {"/news/": LISTING, "/news/subsidii": article_1, "/news/itogi": article_2}

    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str | bytes]:
        if path == "/robots.txt":
            return 404, {}, ""
        if path in files:
            return files[path]
        if path in pages:
            return 200, {}, pages[path]
        return 404, {}, "<html><body>Нет такой страницы</body></html>"

    return plan


SETTINGS = ["PRESSARCHIVE_ATTACHMENT_MAX_BYTES=200000"]


def _rows(db: Path) -> dict[tuple[str, str], dict[str, object]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        "SELECT r.title AS release, a.* FROM attachments a JOIN releases r USING (release_id)"
    ).fetchall()
    conn.close()
    return {(str(row["release"]), str(row["url"]).rsplit("/", 1)[1]): dict(row) for row in rows}


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp_path = tmp_path_factory.mktemp("attachments")
    with planned_site() as site:
        site.answer(_plan(site.port, 1))
        db = crawl_site(tmp_path, site, "/news/", settings=SETTINGS)
        first = _rows(db)
        first_paths = site.paths()
        site.answer(_plan(site.port, 2))
        site.server.hits.clear()  # type: ignore[attr-defined]
        crawl_site(tmp_path, site, "/news/", settings=SETTINGS)
        second = _rows(db)
        second_paths = site.paths()
    return {
        "db": db,
        "first": first,
        "second": second,
        "first_paths": first_paths,
        "second_paths": second_paths,
        "site": site,
    }


def test_each_file_is_fetched_once_and_stored_for_every_release_that_links_to_it(nights: dict) -> None:
    first = nights["first"]
    assert nights["first_paths"].count("/files/postanovlenie.pdf") == 1
    for release in ("Субсидии получат 12 предприятий", "Итоги конкурса подведены в Подольске"):
        row = first[(release, "postanovlenie.pdf")]
        assert row["status"] == "ok" and row["kind"] == "pdf" and row["method"] == "pypdfium2"
        assert DECREE[1] in str(row["text"]) and row["pages"] == 2 and row["version_count"] == 1
        assert row["capture_id"] is not None and str(row["payload_digest"]).startswith("sha1:")
    sheet = first[("Субсидии получат 12 предприятий", "perechen.xlsx")]
    assert sheet["kind"] == "xlsx" and "АО «Химпром»" in str(sheet["text"])  # served as octet-stream


def test_files_without_text_are_recorded_with_their_reason(nights: dict) -> None:
    first = nights["first"]
    release = "Субсидии получат 12 предприятий"
    assert first[(release, "net.pdf")]["status"] == "http_404"
    assert first[(release, "net.pdf")]["version_count"] == 0
    locked = first[(release, "zakrytyi.pdf")]
    assert locked["status"] == "encrypted" and locked["reason"] == "файл защищён паролем"
    big = first[(release, "bolshoy.pdf")]
    assert big["status"] == "too_large" and big["text"] is None
    assert (release, "chuzhoy.pdf") not in first
    assert not any("chuzhoy" in path for path in nights["first_paths"])  # off the site: never asked


def test_a_changed_file_is_a_new_version_and_an_edit_of_its_release(nights: dict) -> None:
    row = nights["second"][("Субсидии получат 12 предприятий", "postanovlenie.pdf")]
    assert row["version_count"] == 2 and "срок продлён до 31 декабря 2026" in str(row["text"])
    conn = sqlite3.connect(nights["db"])
    versions = conn.execute(
        "SELECT version, text FROM attachment_versions WHERE attachment_id = ? ORDER BY version", [row["id"]]
    ).fetchall()
    events = [
        json.loads(detail)
        for (detail,) in conn.execute(
            "SELECT detail FROM events WHERE kind = 'edited' AND release_id = ?", [row["release_id"]]
        )
    ]
    conn.close()
    assert [v for v, _ in versions] == [1, 2] and "срок продлён" not in versions[0][1]  # the old text kept
    changed = [e for e in events if e.get("change") == "changed"]
    assert changed and changed[0]["attachment"].endswith("/files/postanovlenie.pdf")
    assert changed[0]["title"] == "Постановление № 1205-ПП"


def test_an_unchanged_file_costs_a_304_and_a_gone_file_is_marked_removed_with_its_copy_kept(
    nights: dict,
) -> None:
    second = nights["second"]
    release = "Субсидии получат 12 предприятий"
    sheet = second[(release, "perechen.xlsx")]
    assert sheet["version_count"] == 1 and "АО «Химпром»" in str(sheet["text"])
    assert sheet["last_fetched"] >= nights["first"][(release, "perechen.xlsx")]["last_fetched"]
    gone = second[(release, "zakrytyi.pdf")]
    assert gone["removed_at"] is not None and gone["status"] == "encrypted"  # what it was, kept
    conn = sqlite3.connect(nights["db"])
    removed = [
        json.loads(detail)
        for (detail,) in conn.execute("SELECT detail FROM events WHERE kind = 'edited'")
        if json.loads(detail).get("change") == "removed"
    ]
    conn.close()
    assert len(removed) == 1 and removed[0]["http_status"] == 410


def test_the_files_are_in_the_warc_capture_and_the_archive_verifies(nights: dict) -> None:
    db = nights["db"]
    report = verify_archive(db)
    assert report.ok, report.problems
    conn = sqlite3.connect(db)
    (captured,) = conn.execute(
        "SELECT count(*) FROM captures WHERE url LIKE '%/files/postanovlenie.pdf'"
    ).fetchone()
    conn.close()
    assert captured == 2  # both nights' copies


def test_attachments_can_be_turned_off(tmp_path: Path) -> None:
    site: Site
    with planned_site() as site:
        site.answer(_plan(site.port, 1))
        db = crawl_site(tmp_path, site, "/news/", settings=["PRESSARCHIVE_ATTACHMENTS=False"])
        assert not any(path.startswith("/files/") for path in site.paths())
    assert _rows(db) == {}


def test_one_reader_process_serves_every_crawler_of_a_run(tmp_path: Path) -> None:
    """A night of many sources reads their files in one reader process, not one per source; the
    last crawler to finish closes it."""
    from scrapy.utils.test import get_crawler

    from crawler.scrapy_glue.attachments import close_reader, reader_for
    from crawler.scrapy_glue.writer import SharedArchive

    writer = SharedArchive(tmp_path / "archive.db")
    first, second = (get_crawler(settings_dict={"PRESSARCHIVE_WRITER": writer}) for _ in range(2))
    shared = reader_for(first)
    assert reader_for(second) is shared
    close_reader(first)
    assert reader_for(second) is shared and shared.pool.started
    close_reader(second)
    assert not shared.pool.started and reader_for(first) is not shared
    close_reader(first)


# --- files are not pages of the site: their failures stay out of the run's health figures ---------

FAILING_FILES = {
    "/files/medlenno.pdf": "timeout",
    "/files/medlenno2.docx": "timeout",
    "/files/oshibka.pdf": 500,
    "/files/oshibka2.xlsx": 500,
}


def _failing_plan(port: int, night: int):  # type: ignore[no-untyped-def]
    """Night 1: every file answers. Night 2: every file times out or answers 500. Night 3: the
    same, and the second listing answers 500."""
    import time

    good = _plan(port, 1)
    article = ARTICLE.format(
        title="Субсидии получат 12 предприятий",
        date="01.12.2026",
        links=_links(*((path, f"Документ {i} (PDF)") for i, path in enumerate(FAILING_FILES, 1))),
    )

    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str | bytes]:
        if path == "/arhiv/":
            return (
                (500, {}, "<html><body>Ошибка сервера</body></html>") if night == 3 else good("/news/", seen)
            )
        if path == "/news/subsidii":
            return 200, {}, article
        if path in FAILING_FILES:
            if night == 1:
                return 200, {"Content-Type": "application/pdf"}, unicode_pdf().data
            if FAILING_FILES[path] == "timeout":
                time.sleep(5)  # past DOWNLOAD_TIMEOUT
            return 500, {}, "<html><body>Внутренняя ошибка</body></html>"
        return good(path, seen)

    return plan


def _last_run(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    run = dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())
    source = dict(conn.execute("SELECT status, status_reason FROM sources").fetchone())
    conn.close()
    return {
        **run,
        "stats": json.loads(str(run["stats"])),
        "http_errors": json.loads(str(run["http_errors"] or "{}")),
        "error_classes": json.loads(str(run["error_classes"] or "{}")),
        "source": source,
    }


def test_files_that_time_out_or_answer_500_leave_the_runs_health_as_it_was(tmp_path: Path) -> None:
    """A site whose PDFs time out is not a broken press section: the files' failures are counted
    as theirs (attachments/failed/timeout, attachments/http_500) and not in the run's http_errors,
    error classes or pages, which the health verdict reads; a failing listing still counts there."""
    settings = ["DOWNLOAD_TIMEOUT=2"]
    nights = []
    with planned_site() as site:
        for night in (1, 2, 3):
            site.answer(_failing_plan(site.port, night))
            db = crawl_site(tmp_path, site, "/news/", "/arhiv/", settings=settings)
            nights.append(_last_run(db))
    good, failing, listing_failed = nights
    assert good["http_errors"] == {} and good["error_classes"] == {}
    assert good["source"]["status"] == "ok"
    stats = failing["stats"]
    assert stats["attachments/failed/timeout"] == 2 and stats["attachments/http_500"] == 2
    assert stats["attachments/share/errors/class/timeout"] == 2  # counted by Scrapy, taken out
    assert failing["http_errors"] == {} and failing["error_classes"] == {}
    assert not any(key.startswith(("errors/class/", "downloader/exception")) for key in stats)
    assert failing["pages"] == good["pages"] == listing_failed["pages"]  # the site's pages, no file
    assert good["stats"]["attachments/share/response_received_count"] == 5
    assert stats["attachments/share/response_received_count"] == 3  # the 500s and the one file got
    assert failing["source"] == good["source"]
    # The listing's 500 counts exactly as before: once, however many retries it took.
    assert listing_failed["http_errors"] == {"500": 1}
    assert listing_failed["error_classes"] == {"5xx": 1}
    assert listing_failed["stats"]["attachments/failed/timeout"] == 2


# --- the run's budget for files, shared by every crawler of the process ------------------------

BUDGET_FILES = [f"/files/tom{i}.pdf" for i in range(1, 5)]  # 400,000 bytes each


def _budget_plan(port: int):  # type: ignore[no-untyped-def]
    good = _plan(port, 1)
    article = ARTICLE.format(
        title="Субсидии получат 12 предприятий",
        date="01.12.2026",
        links=_links(*((path, f"Том {i} (PDF)") for i, path in enumerate(BUDGET_FILES, 1))),
    )

    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str | bytes]:
        if path == "/news/subsidii":
            return 200, {}, article
        if path == "/news/itogi":
            return 200, {}, ARTICLE.format(title="Итоги конкурса подведены", date="02.12.2026", links="")
        if path in BUDGET_FILES:
            body = b"%PDF-1.4\n%" + path.encode() + bytes(400_000 - 10 - len(path))
            return 200, {"Content-Type": "application/pdf"}, body
        return good(path, seen)

    return plan


def test_the_runs_budget_for_files_skips_the_rest_until_a_night_with_room(tmp_path: Path) -> None:
    """PRESSARCHIVE_ATTACHMENTS_RUN_MAX_MB bounds the bytes of files a night receives: the files
    past it are recorded with their reason, not fetched, and fetched on a night with room."""
    release = "Субсидии получат 12 предприятий"
    with planned_site() as site:
        site.answer(_budget_plan(site.port))
        db = crawl_site(tmp_path, site, "/news/", settings=["PRESSARCHIVE_ATTACHMENTS_RUN_MAX_MB=1"])
        first, run = _rows(db), _last_run(db)
        crawl_site(tmp_path, site, "/news/")
        second = _rows(db)
    got = [name for (r, name), row in first.items() if r == release and row["version_count"] == 1]
    skipped = [row for (r, _), row in first.items() if r == release and row["version_count"] == 0]
    assert len(got) == 2 and len(skipped) == 2  # 1 MiB holds two files of 400 kB
    assert {row["status"] for row in skipped} == {"over_run_budget"}
    assert {row["reason"] for row in skipped} == {"превышен общий объём файлов за ночь"}
    stats = run["stats"]
    assert stats["attachments/skipped/over_run_budget"] == 2
    assert stats["attachments/bytes_received"] <= 1024 * 1024
    assert run["http_errors"] == {} and run["error_classes"] == {}  # a budget is no failure of the site
    for path in BUDGET_FILES:
        row = second[(release, path.rsplit("/", 1)[1])]
        assert row["version_count"] == 1 and row["payload_digest"] and row["status"] != "over_run_budget"


def test_a_spent_budget_asks_for_no_more_files_and_is_one_for_every_crawler(tmp_path: Path) -> None:
    """Once the run's bytes are spent, a release's files are not even asked for: each is noted
    with its reason (stored when the spider closes). The budget is the one of the SharedArchive."""
    from scrapy.utils.test import get_crawler

    from archive.records import Attachment
    from crawler.scrapy_glue.attachments import AttachmentPlan, run_budget_for
    from crawler.scrapy_glue.writer import SharedArchive

    writer = SharedArchive(tmp_path / "archive.db")
    settings = {"PRESSARCHIVE_WRITER": writer, "PRESSARCHIVE_ATTACHMENTS_RUN_MAX_MB": 1}
    first, second = (get_crawler(settings_dict=settings) for _ in range(2))
    budget = run_budget_for(first)
    assert run_budget_for(second) is budget and budget.max_bytes == 1024 * 1024
    budget.used = budget.max_bytes
    second.spider = type("Spider", (), {"allowed_domains": ["example.ru"]})()
    plan = AttachmentPlan.for_crawler(second)
    link = Attachment(url="https://example.ru/a.pdf", title="Приказ", kind="pdf")
    release = SimpleNamespace(release_id="r1", attachments=(link,))  # what ask reads of a Release
    assert plan.ask(release) == []  # type: ignore[arg-type]
    assert [(s.url, s.status) for s in plan.skipped] == [("https://example.ru/a.pdf", "over_run_budget")]


# --- the payload digest: the capture's, computed once ------------------------------------------


def test_the_digest_is_the_captures_unless_the_body_came_content_encoded(tmp_path: Path) -> None:
    """The SHA-1 payload digest of a file is taken from its capture (computed once, as the WARC
    record was written); a file sent gzip-encoded was captured as sent, so its digest is computed
    from the bytes read, as it always was."""
    import gzip

    from archive.warc import payload_digest

    plain, packed = unicode_pdf().data, xlsx().data
    good = _plan(0, 1)
    article = ARTICLE.format(
        title="Субсидии получат 12 предприятий",
        date="01.12.2026",
        links=_links(("/files/plain.pdf", "Постановление (PDF)"), ("/files/packed.xlsx", "Перечень (XLSX)")),
    )

    def plan(path: str, seen: int) -> tuple[int, dict[str, str], str | bytes]:
        if path == "/news/subsidii":
            return 200, {}, article
        if path == "/news/itogi":
            return 200, {}, ARTICLE.format(title="Итоги конкурса подведены", date="02.12.2026", links="")
        if path == "/files/plain.pdf":
            return 200, {"Content-Type": "application/pdf"}, plain
        if path == "/files/packed.xlsx":
            headers = {"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"}
            return 200, headers, gzip.compress(packed)
        return good(path, seen)

    with planned_site() as site:
        site.answer(plan)
        db = crawl_site(tmp_path, site, "/news/")
    rows = _rows(db)
    run = _last_run(db)
    conn = sqlite3.connect(db)
    captured = dict(conn.execute("SELECT id, payload_digest FROM captures").fetchall())
    conn.close()
    release = "Субсидии получат 12 предприятий"
    pdf, sheet = rows[(release, "plain.pdf")], rows[(release, "packed.xlsx")]
    assert pdf["payload_digest"] == payload_digest(plain) == captured[pdf["capture_id"]]
    assert sheet["payload_digest"] == payload_digest(packed) != captured[sheet["capture_id"]]
    assert sheet["status"] == "ok" and "АО «Химпром»" in str(sheet["text"])
    assert run["stats"]["attachments/digest/from_capture"] == 1
    assert run["stats"]["attachments/digest/computed"] == 1
