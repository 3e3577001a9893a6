"""`python -m demo --no-serve`: two nights over a changing mirror leave edits, removals and a new release."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]


@dataclass(frozen=True)
class DemoRun:
    db: Path
    output: str


def run_demo(db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "demo", "--no-serve", "--db", str(db), "--mirror-port", "0", *FAST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    db = tmp_path_factory.mktemp("demo") / "archive.db"
    done = run_demo(db)
    assert done.returncode == 0, done.stderr[-3000:]
    yield DemoRun(db, done.stdout)


def _rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_the_demo_says_in_russian_what_the_two_nights_did(demo: DemoRun) -> None:
    assert "Ночь 1: 47 релизов; ночь 2: изменено 3, удалено 2, новых 1" in demo.output


def test_three_releases_have_a_second_version_figure_paragraph_title(demo: DemoRun) -> None:
    edited = _rows(
        demo.db,
        "SELECT r.url, old.title, new.title, old.body_text, new.body_text FROM releases r"
        " JOIN release_versions old ON old.release_id = r.release_id AND old.version = 1"
        " JOIN release_versions new ON new.release_id = r.release_id AND new.version = 2",
    )
    assert len(edited) == 3

    def edit_of(slug_part: str) -> tuple:
        return next(row[1:] for row in edited if slug_part in row[0])

    figure = edit_of("korporaciya-razvitiya")
    assert "более 350 рабочих мест" in figure[2] and "более 280 рабочих мест" in figure[3]
    paragraph = edit_of("granty-na-nauchnye")
    assert "Зиновьева" in paragraph[2] and "Зиновьева" not in paragraph[3]
    title = edit_of("eksportnyy-akselerator")
    assert title[0] != title[1] and "второй поток" in title[1]


def test_two_releases_are_removed_one_with_404_one_with_410(demo: DemoRun) -> None:
    removed = _rows(
        demo.db,
        "SELECT json_extract(e.detail, '$.http_status') FROM events e JOIN releases r USING (release_id)"
        " WHERE e.kind = 'removed' AND r.removed_at IS NOT NULL ORDER BY 1",
    )
    assert removed == [(404,), (410,)]


def test_the_new_release_of_night_two_is_in_the_archive(demo: DemoRun) -> None:
    assert _rows(demo.db, "SELECT count(*) FROM releases") == [(48,)]
    new = _rows(demo.db, "SELECT count(*) FROM releases WHERE title LIKE '%поддержки предпринимательства%'")
    assert new == [(1,)]


def test_a_second_run_starts_afresh_and_tells_the_same_story(demo: DemoRun) -> None:
    again = run_demo(demo.db)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Ночь 1: 47 релизов; ночь 2: изменено 3, удалено 2, новых 1" in again.stdout
    assert _rows(demo.db, "SELECT count(*) FROM release_versions WHERE version > 1") == [(3,)]


def test_the_demo_refuses_to_touch_an_archive_of_real_sources(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE sources (name TEXT)")
    conn.execute("INSERT INTO sources VALUES ('mosreg_mii')")
    conn.commit()
    conn.close()
    refused = run_demo(db)
    assert refused.returncode == 2
    assert "не демонстрационный архив" in refused.stderr
    assert _rows(db, "SELECT name FROM sources") == [("mosreg_mii",)]
