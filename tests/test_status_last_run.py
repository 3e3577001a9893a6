"""`pressarchive status` says which pages a source's last run did not get, and the bytes it replaced.

Three sources: one whose last run lost pages (and read one with bad bytes) after an earlier run
that lost others, one whose last run was clean after a bad one, and one never crawled. Only the
first gets a «last run:» line, from its latest finished run only; --json carries the counts.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archive.records import CrawlRun, SourceRecord
from archive.store import Archive
from crawler.cli import main
from crawler.commands.status import last_run_note


def _source(name: str) -> SourceRecord:
    return SourceRecord(
        name=name,
        title=f"Министерство {name}",
        region="Московская область",
        publisher_kind="ministry",
        timezone="Europe/Moscow",
        platform="generic",
        start_urls=(f"https://{name}.example.ru/news",),
    )


def _run(
    archive: Archive, source: str, started: str, stats: dict[str, object], finished: bool = True
) -> None:
    run_id = archive.start_run(source, started)
    if finished:
        run = CrawlRun(source, started, finished_at=started, finish_reason="finished", stats=stats, pages=3)
        archive.finish_run(run_id, run)


def _archive(tmp_path: Path) -> Path:
    db = tmp_path / "archive.db"
    with Archive.open(db) as archive:
        archive.sync_sources([_source(name) for name in ("failing", "mended", "unseen")])
        _run(archive, "failing", "2026-12-01T02:00:00Z", {"pages/failed/dns": 9})
        _run(
            archive,
            "failing",
            "2026-12-02T02:00:00Z",
            {
                "pages/failed/timeout": 2,
                "pages/failed/http_404": 5,
                "pages/failed/redirect_loop": 1,
                "decode/repaired_pages": 2,
                "decode/replaced_bytes": 7,
                "links/found": 30,
            },
        )
        _run(archive, "failing", "2026-12-03T02:00:00Z", {"pages/failed/dns": 4}, finished=False)  # running
        _run(archive, "mended", "2026-12-01T02:00:00Z", {"pages/failed/timeout": 3})
        _run(archive, "mended", "2026-12-02T02:00:00Z", {"links/found": 10})
    return db


def test_status_names_the_failed_pages_and_replaced_bytes_of_the_last_run(tmp_path: Path) -> None:
    db = _archive(tmp_path)
    result = CliRunner().invoke(main, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    notes = [line for line in lines if line.strip().startswith("last run:")]
    assert notes == [
        " " * 31 + "last run: pages failed 8 (http_404 5, timeout 2, redirect_loop 1); "
        "invalid bytes replaced 7 on 2 pages"
    ]
    [failing] = [n for n, line in enumerate(lines) if line.startswith("failing ")]
    assert lines[failing + 1] == notes[0], "the note stands under its source"


def test_status_json_carries_the_counts(tmp_path: Path) -> None:
    db = _archive(tmp_path)
    result = CliRunner().invoke(main, ["status", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in map(json.loads, result.output.splitlines())}
    assert rows["failing"]["last_run_failed"] == {"http_404": 5, "timeout": 2, "redirect_loop": 1}
    assert rows["failing"]["last_run_decode"] == {"replaced_bytes": 7, "repaired_pages": 2}
    assert rows["mended"]["last_run_failed"] == {} and rows["unseen"]["last_run_decode"] == {}


def test_the_note_in_words() -> None:
    assert last_run_note({}) == ""
    assert last_run_note({"links/found": 3, "pages/failed/timeout": 0}) == ""
    assert last_run_note({"pages/failed/tls": 1}) == "pages failed 1 (tls 1)"
    assert last_run_note({"decode/repaired_pages": 1, "decode/replaced_bytes": 1}) == (
        "invalid bytes replaced 1 on 1 page"
    )
