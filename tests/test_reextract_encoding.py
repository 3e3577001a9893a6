"""Re-extraction decodes captured pages as the crawl does (crawler.normalise.encoding.decode_html):
legacy pages whose server or <meta> names the wrong Cyrillic code page (where Scrapy's decoding,
which trusts the label, reads nonsense), and an undeclared one, come back out of the WARC files
with their Russian text intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive.records import Capture
from archive.store import Archive
from archive.warc import PAGE_FIELD, SOURCE_FIELD, Exchange, WarcRotator
from crawler.registry.sources import Selectors, Source
from crawler.runs.reextract import reextract

TITLE = "Инвестиционный совет одобрил четыре проекта в Кургане"
BODY = (
    "Члены совета рассмотрели заявки предприятий области и поддержали строительство новых цехов, "
    "которые дадут региону более трёхсот рабочих мест в ближайшие два года."
)
PAGE = (
    "<html><head>{meta}<title>{title}</title></head><body>"
    '<h1 class="title">{title}</h1><div class="date">12.03.2025</div>'
    '<div class="text"><p>{body}</p></div></body></html>'
)
FETCHED = dt.datetime(2025, 3, 12, 9, 0, tzinfo=dt.UTC)


def source() -> Source:
    return Source(
        name="test_legacy",
        title="Тестовый источник",
        region="Курганская область",
        publisher_kind="ministry",
        timezone="Asia/Yekaterinburg",
        start_urls=("http://old.example.ru/news/",),
        platform="generic",
        allowed_domains=("old.example.ru",),
        selectors=Selectors(title="h1.title", date=".date", body=".text"),
    )


def capture_page(tmp_path: Path, body: bytes, content_type: str) -> Archive:
    """An archive whose only capture is one article page with these bytes and this header."""
    archive = Archive.open(tmp_path / "archive.db")
    archive.sync_sources([source().to_record()])
    url = "http://old.example.ru/news/1.html"
    written = WarcRotator(tmp_path, "test").append(
        Exchange(
            url=url,
            fetched_at=FETCHED,
            status=200,
            response_headers=[("Content-Type", content_type)],
            body=body,
            fields={SOURCE_FIELD: "test_legacy", PAGE_FIELD: "article"},
        )
    )
    archive.add_capture(
        Capture(
            url=url,
            fetched_at="2025-03-12T09:00:00Z",
            warc_file=written.warc_file,
            warc_offset=written.offset,
            warc_length=written.length,
            record_type=written.record_type,
            payload_digest=written.payload_digest,
            http_status=200,
        )
    )
    return archive


@pytest.mark.parametrize(
    ("codec", "content_type", "meta"),
    [
        ("koi8-r", "text/html; charset=windows-1251", ""),  # the server names the wrong code page
        ("cp1251", "text/html; charset=koi8-r", ""),
        ("koi8-r", "text/html", '<meta charset="windows-1251">'),  # the page does
        ("koi8-r", "text/html", ""),  # nobody says
    ],
    ids=["koi8r-header-says-1251", "1251-header-says-koi8r", "koi8r-meta-says-1251", "koi8r-undeclared"],
)
def test_reextracted_legacy_pages_read_as_the_crawl_read_them(
    tmp_path: Path, codec: str, content_type: str, meta: str
) -> None:
    body = PAGE.format(meta=meta, title=TITLE, body=BODY).encode(codec)
    with capture_page(tmp_path, body, content_type) as archive:
        summary = reextract(archive, {"test_legacy": source()})
        assert summary.captures == 1 and summary.releases["new"] == 1, summary
        title, body_text = archive.db.execute("SELECT title, body_text FROM releases").fetchone()
    assert title == TITLE
    assert body_text == BODY
