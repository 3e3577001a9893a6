"""Versions, events and removals in the store; word diffs; what counts as a change."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.diff import render, word_diff
from archive.store import Archive
from archive.verify import verify_archive
from archive.versions import versions_of
from crawler.normalise.bodies import content_hash, html_to_text, sanitise_html
from crawler.registry.sources import Source
from crawler.scrapy_glue.recheck import is_listing_or_home
from tests.test_store import SEEN_1, SEEN_2, make_release, make_source

SEEN_3 = "2026-03-03T05:00:00Z"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive.open(tmp_path / "archive.db")
    store.sync_sources([make_source()])
    yield store
    store.close()


def events(archive: Archive) -> list[tuple[str, str, str, dict]]:
    rows = archive.db.execute("SELECT release_id, kind, at, detail FROM events ORDER BY id").fetchall()
    return [(r, k, at, json.loads(d)) for r, k, at, d in rows]


def edited(n: int = 1, **changes: object):
    release = make_release(n, **changes)
    return dataclasses.replace(release, content_hash=content_hash(release.title, release.body_text))


def test_first_sight_is_version_one_and_a_new_event(archive: Archive) -> None:
    archive.save_releases([edited(1)], seen_at=SEEN_1)
    [version] = versions_of(archive.db, "rel1")
    assert (version.version, version.first_seen, version.last_seen) == (1, SEEN_1, SEEN_1)
    row = archive.db["releases"].get("rel1")
    assert (row["changed_at"], row["version_count"], row["removed_at"]) == (SEEN_1, 1, None)
    assert events(archive) == [("rel1", "new", SEEN_1, {})]


def test_same_content_extends_the_version_and_adds_nothing(archive: Archive) -> None:
    archive.save_releases([edited(1)], seen_at=SEEN_1)
    result = archive.save_releases([edited(1, fetched_at="2026-03-02T04:00:00Z")], seen_at=SEEN_2)
    assert result.unchanged == 1
    [version] = versions_of(archive.db, "rel1")
    assert (version.first_seen, version.last_seen) == (SEEN_1, SEEN_2)
    assert len(events(archive)) == 1


def test_each_change_is_a_new_version_and_an_edited_event(archive: Archive) -> None:
    archive.save_releases([edited(1)], seen_at=SEEN_1)
    archive.save_releases([edited(1, title="Исправленный заголовок")], seen_at=SEEN_2)
    archive.save_releases(
        [edited(1, title="Исправленный заголовок", body_text="Новый текст.")], seen_at=SEEN_3
    )
    versions = versions_of(archive.db, "rel1")
    assert [(v.version, v.title, v.first_seen) for v in versions] == [
        (1, "Релиз номер 1", SEEN_1),
        (2, "Исправленный заголовок", SEEN_2),
        (3, "Исправленный заголовок", SEEN_3),
    ]
    assert versions[0].body_text == "Текст релиза 1 о погоде."  # nothing is lost
    row = archive.db["releases"].get("rel1")
    assert (row["title"], row["body_text"], row["version_count"], row["changed_at"]) == (
        "Исправленный заголовок", "Новый текст.", 3, SEEN_3,
    )  # fmt: skip
    assert [(k, d) for _, k, _, d in events(archive)] == [
        ("new", {}),
        ("edited", {"fields": ["title"], "version": 2}),
        ("edited", {"fields": ["body_text"], "version": 3}),
    ]
    db_file = Path(archive.db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert verify_archive(db_file).ok  # versions agree with the release row


def test_removal_keeps_the_content_and_a_return_is_recorded(archive: Archive) -> None:
    archive.save_releases([edited(1)], seen_at=SEEN_1)
    assert archive.mark_removed("rel1", at=SEEN_2, detail={"http_status": 404})
    assert not archive.mark_removed("rel1", at=SEEN_2, detail={"http_status": 404})  # once
    assert not archive.mark_removed("unknown", at=SEEN_2, detail={})
    row = archive.db["releases"].get("rel1")
    assert row["removed_at"] == SEEN_2 and row["body_text"] == "Текст релиза 1 о погоде."
    result = archive.save_releases([edited(1)], seen_at=SEEN_3)
    assert (result.unchanged, result.reappeared) == (1, 1)
    assert archive.db["releases"].get("rel1")["removed_at"] is None
    assert [(k, at, d) for _, k, at, d in events(archive)] == [
        ("new", SEEN_1, {}),
        ("removed", SEEN_2, {"http_status": 404}),
        ("reappeared", SEEN_3, {"removed_at": SEEN_2}),
    ]


def test_events_accept_only_known_kinds(archive: Archive) -> None:
    import sqlite3

    archive.save_releases([edited(1)], seen_at=SEEN_1)
    with pytest.raises(sqlite3.IntegrityError):
        archive.db.execute(
            "INSERT INTO events (release_id, source, kind, at) VALUES ('rel1', 'mo-minec', 'x', 'now')"
        )


@pytest.mark.parametrize(
    "variant",
    [
        "<p>Губернатор  открыл\n завод.</p>\n\n<p>Второй&nbsp;абзац.</p>",  # spaces, a no-break space
        "<div><p>Губернатор открыл завод.</p><p>Второй абзац.</p></div>",  # other wrapping markup
        '<p>Губернатор открыл завод.</p><p>Второй абзац.</p><div class="ya-share2">Поделиться</div>',
        "<p>Губернатор открыл завод.</p><p>Второй абзац.</p><script>counter()</script>",
        "<p>Губернатор открыл завод.</p><p>Второй абзац.</p><p>Версия для печати</p>",
    ],
)
def test_whitespace_and_boilerplate_do_not_change_the_content_hash(variant: str) -> None:
    plain = "<p>Губернатор открыл завод.</p><p>Второй абзац.</p>"

    def digest(html: str) -> str:
        return content_hash("Заголовок", html_to_text(sanitise_html(html)))

    assert digest(variant) == digest(plain)
    assert digest(plain.replace("завод", "заводы")) != digest(plain)


def test_word_diff_marks_changed_words_only() -> None:
    old = "Министерство сообщило, что 92 компании стали резидентами парков."
    new = "Министерство сообщило, что 95 компаний стали резидентами парков региона."
    assert render(word_diff(old, new), context=None) == (
        "Министерство сообщило, что [-92 компании-]{+95 компаний+} стали резидентами парков{+ региона+}."
    )
    long = " ".join(f"слово{n}" for n in range(100))
    shortened = render(word_diff(long, long.replace("слово50", "замена")), context=3)
    assert "[-слово50-]{+замена+}" in shortened and "слово10 " not in shortened and "…" in shortened


def _source() -> Source:
    from crawler.registry.sources import load_registry

    return next(s for s in load_registry() if s.enabled and s.start_urls)  # not a homepage-only entry


def test_redirect_to_a_listing_or_home_page_means_removed() -> None:
    source = _source()
    start = source.start_urls[0]
    home = start.split("/", 3)[0] + "//" + start.split("/", 3)[2] + "/"
    assert is_listing_or_home(home, source)
    assert is_listing_or_home(start, source)
    assert is_listing_or_home(start.rstrip("/") + "/?page=2", source)
    assert not is_listing_or_home(start.rstrip("/") + "/some-article-123", source)
    assert not is_listing_or_home("https://example.org/", source)


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


class _Spider:
    """What crawler.scrapy_glue.recheck.handle_response uses of the spider."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.crawler = type("C", (), {"stats": _Stats()})()

    def parse_recheck(self, response: object) -> None:  # only referenced as a callback
        raise AssertionError


def _answer(status: int, url: str, location: str | None = None):  # type: ignore[no-untyped-def]
    from scrapy.http import HtmlResponse, Request

    headers = {"Location": location} if location else {}
    request = Request(url, meta={"recheck_release_id": "rel1", "capture_id": 7})
    return HtmlResponse(url, status=status, headers=headers, body=b"<html></html>", request=request)


def test_recheck_answers() -> None:
    from crawler.scrapy_glue.items import ReleaseGone
    from crawler.scrapy_glue.recheck import PRESENT, handle_response

    source = _source()
    spider = _Spider(source)
    article = source.start_urls[0].rstrip("/") + "/old-release"
    [gone] = list(handle_response(spider, _answer(404, article)))
    assert isinstance(gone, ReleaseGone) and (gone.http_status, gone.capture_id) == (404, 7)
    [gone] = list(handle_response(spider, _answer(302, article, "/")))
    assert (
        isinstance(gone, ReleaseGone)
        and gone.redirect_to == article.split("/", 3)[0] + "//" + article.split("/", 3)[2] + "/"
    )
    [moved] = list(handle_response(spider, _answer(301, article, article + "-new")))
    assert moved.url == article + "-new" and moved.meta["recheck_hops"] == 1 and moved.meta["dont_redirect"]
    assert list(handle_response(spider, _answer(200, article))) == [PRESENT]  # read as an article
    assert spider.crawler.stats.values == {"recheck/gone": 2, "recheck/moved": 1, "recheck/present": 1}
