"""A dead source never looks alive: one definition of a successful run (archive.health.run_failure)
for the crawl's exit code and failure lines, `sources.last_success_at`, `pressarchive status`, the
health verdict and the sources page. Real crawls: a demo mirror site that answers, a closed port, a
host that does not resolve, and a live host whose press section does not exist.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_run import FAST
from cli_run import run_cli as cli

from archive.db import open_db
from archive.health import RunMetrics, index_pages_read, judge, run_failure
from archive.serve.app import make_datasette
from demo.mirror import Mirror, write_demo_registry

GOOD = "demo_mosreg_mii"
DEAD = ("dead_port", "dead_dns", "no_section")


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _entry(name: str, title: str, site: str, listing: str, domain: str) -> str:
    return (
        f'\n[[source]]\nname = "{name}"\ntitle = "{title}"\nregion = "Курганская область"\n'
        f'publisher_kind = "ministry"\ntimezone = "Asia/Yekaterinburg"\nplatform = "generic"\n'
        f'homepage = "{site}/"\nstart_urls = ["{site}{listing}"]\nallowed_domains = ["{domain}"]\n'
    )


def write_registry_with_dead_sources(mirror: Mirror, path: Path) -> Path:
    """The mirror's one site plus three that never give a listing: a closed port, an unresolvable
    host, and the live mirror host with a press section that is not there (404)."""
    write_demo_registry(mirror, path)
    port = closed_port()
    base = mirror.base_url(GOOD.removeprefix("demo_"))
    text = path.read_text(encoding="utf-8")
    text += _entry("dead_port", "Закрытый порт", f"http://127.0.0.1:{port}", "/news/", "127.0.0.1")
    nowhere = "nosuch-press.invalid"
    text += _entry("dead_dns", "Несуществующий сайт", f"http://{nowhere}", "/news/", nowhere)
    text += _entry("no_section", "Раздела нет", base, "/no-such-section/", "127.0.0.1")
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Crawled:
    db_path: Path
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("success")
    with Mirror(sites=[GOOD]) as mirror:
        registry = write_registry_with_dead_sources(mirror, tmp / "sources.toml")
        db_path = tmp / "archive.db"
        yield Crawled(db_path, cli("crawl", "--sources", registry, "--db", db_path, *FAST))


def _sources(db_path: Path) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = {row["name"]: row for row in conn.execute("SELECT * FROM sources")}
    conn.close()
    return rows


def test_the_crawl_fails_for_each_source_that_gave_no_listing(crawled: Crawled) -> None:
    assert crawled.result.returncode == 1, crawled.result.stderr[-3000:]
    errors = [line for line in crawled.result.stderr.splitlines() if line.startswith("ОШИБКА")]
    assert sorted(errors) == [
        "ОШИБКА dead_dns: сайт не отвечает (DNS: адрес не найден)",
        "ОШИБКА dead_port: сайт не отвечает (соединение отклонено)",
        "ОШИБКА no_section: ни одна страница списка новостей, лента или карта сайта не прочитана (4xx: 1)",
    ]


def test_last_success_only_for_the_source_that_answered(crawled: Crawled) -> None:
    sources = _sources(crawled.db_path)
    assert sources[GOOD]["last_success_at"] and sources[GOOD]["status"] == "ok"
    for name in DEAD:
        assert sources[name]["last_run_at"], name  # it was crawled …
        assert sources[name]["last_success_at"] is None, name  # … and never successfully
        assert sources[name]["status"] == "broken", name
    assert "не прочитана" in sources["no_section"]["status_reason"]


def test_status_says_never_for_the_dead_sources(crawled: Crawled) -> None:
    result = cli("status", "--db", crawled.db_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    for name in DEAD:
        assert "ни разу" in lines[name], lines[name]
    assert "ни разу" not in lines[GOOD] and _sources(crawled.db_path)[GOOD]["last_success_at"] in lines[GOOD]


def test_sources_page_never_calls_a_dead_source_alive(crawled: Crawled) -> None:
    datasette = make_datasette(crawled.db_path)
    html = asyncio.run(datasette.client.get("/-/sources")).text
    for database in datasette.databases.values():
        database.close()
    for name in DEAD:
        row = html.split(f'id="source-{name}"', 1)[1].split("</tr>", 1)[0]
        assert '<td data-label="Последний успешный обход">ни разу</td>' in row, row
        assert "обход не удаётся" in row and "ни разу не обошёл" in row
        assert "Обходы удаются" not in row
    assert "Обход считается успешным, если сайт ответил" in html
    good = html.split(f'id="source-{GOOD}"', 1)[1].split("</tr>", 1)[0]
    assert "работает" in good and "ни разу" not in good


# the rule itself, on what the crawl records


def metrics(**values: object) -> RunMetrics:
    base: dict = dict(
        finish_reason="finished", pages=3, links_found=0, items=0, dated=0, median_body_length=None
    )
    base["error_classes"] = {}
    return RunMetrics(**(base | values))


def test_answered_pages_without_a_read_listing_are_no_success() -> None:
    robots_and_404 = {"response_received_count": 2, "downloader/response_status_count/404": 1}
    run = metrics(index_pages=index_pages_read(robots_and_404), error_classes={"4xx": 1})
    assert run_failure(run) == "ни одна страница списка новостей, лента или карта сайта не прочитана (4xx: 1)"
    verdict = judge([run], today=dt.date(2026, 12, 3))
    assert verdict.status == "broken" and "не прочитана" in verdict.reason_text


def test_unreadable_feeds_and_block_pages_do_not_count_but_unchanged_listings_do() -> None:
    assert index_pages_read({"pages/feed": 2, "feeds/unreadable": 2, "pages/listing": 1}) == 0
    assert index_pages_read({"pages/listing": 1, "incremental/listing_not_modified": 1}) == 1
    assert index_pages_read({"listing/links_by/selectors": 2, "pages/sitemap": 1}) == 3
    assert run_failure(metrics(index_pages=1)) is None
    no_dns = metrics(pages=0, error_classes={"dns": 3})
    assert run_failure(no_dns) == "сайт не отвечает (DNS: адрес не найден)"
    assert run_failure(metrics(finish_reason="shutdown", index_pages=4)) == "обход не завершён (shutdown)"


def test_sources_page_links_browse_the_search_and_labels_every_cell(crawled: Crawled) -> None:

    datasette = make_datasette(crawled.db_path)
    html = asyncio.run(datasette.client.get("/-/sources")).text
    for database in datasette.databases.values():
        database.close()
    row = html.split(f'id="source-{GOOD}"', 1)[1].split("</tr>", 1)[0]
    assert f'href="/-/search?source={GOOD}"' in row
    assert 'href="/-/search?region=%D0%9C%D0%BE%D1%81%D0%BA%D0%BE%D0%B2%D1%81%D0%BA%D0%B0%D1%8F' in row
    assert "/archive/releases?" not in html  # no raw Datasette table behind a source any more
    cells = re.findall(r"<td[^>]*>", html)
    assert cells and all("data-label=" in cell for cell in cells), [c for c in cells if "data-label" not in c]


def test_an_older_archive_is_corrected_when_opened(crawled: Crawled, tmp_path: Path) -> None:
    """Archives written before: the store noted every finished run as a success."""
    old = tmp_path / "old.db"
    shutil.copy(crawled.db_path, old)
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE sources SET last_success_at = last_run_at")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0120_last_success_needs_a_listing_read'")
    conn.close()
    open_db(old).close()
    sources = _sources(old)
    assert [name for name in DEAD if sources[name]["last_success_at"] is not None] == []
    assert sources[GOOD]["last_success_at"] == sources[GOOD]["last_run_at"]
