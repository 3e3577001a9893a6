"""In Chromium, on the two-night demo archive: an edited and a removed release say so under their
title, the edit reads paragraph by paragraph, and an archived copy asks nothing of any other site."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_session import DESKTOP, artifacts, launched, require_chromium
from serve_process import ROOT, running_server

sync_api = require_chromium()


@dataclass
class Served:
    base: str
    db_path: Path
    shots: Path


def _one(db_path: Path, sql: str) -> tuple:
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute(sql).fetchone()
    finally:
        conn.close()
    assert row is not None, sql
    return row


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db_path = tmp_path_factory.mktemp("release-browser") / "archive.db"
    demo = subprocess.run(
        [sys.executable, "-m", "demo", "--no-serve", "--db", str(db_path), "--mirror-port", "0",
         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"],
        cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr[-3000:]
    with running_server(db_path) as base:
        yield Served(base, db_path, artifacts("release"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched(sync_api) as chromium:
        yield chromium


def test_an_edited_release_shows_the_notice_and_the_paragraph_diff(served: Served, browser: object) -> None:
    (release_id,) = _one(
        served.db_path, "SELECT release_id FROM releases WHERE url LIKE '%korporaciya-razvitiya%'"
    )
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(f"{served.base}/-/release/{release_id}")
    notice = page.locator("h1 + .pa-history-notes .pa-edited")
    assert "Издатель изменил этот релиз после публикации." in notice.inner_text()
    assert notice.is_visible()
    notice.get_by_role("link", name="Что изменилось").click()
    changed = page.locator(".pa-diff .pa-diff-changed")
    assert changed.count() == 1
    assert changed.locator("del").inner_text() == "350" and changed.locator("ins").inner_text() == "280"
    assert page.locator(".pa-diff-same summary").first.inner_text() == "… 3 абзаца без изменений …"
    assert "(МСК+2)" in page.locator(".pa-facts").inner_text()
    page.locator("#changes").scroll_into_view_if_needed()
    page.screenshot(path=str(served.shots / "01-edited.png"), full_page=True)
    page.get_by_role("link", name="по московскому времени").click()
    assert "по московскому времени" in page.locator(".pa-facts").inner_text()
    page.close()


def test_a_removed_release_says_so_under_its_title(served: Served, browser: object) -> None:
    (release_id,) = _one(
        served.db_path, "SELECT release_id FROM releases WHERE url LIKE '%malyy-biznes-zauralya%'"
    )
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
    page.goto(f"{served.base}/-/release/{release_id}")
    notice = page.locator("h1 + .pa-history-notes .pa-removed")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "Издатель удалил этот релиз со своего сайта." in text and "кодом 410" in text
    page.screenshot(path=str(served.shots / "02-removed.png"), full_page=True)
    page.close()


def test_an_archived_copy_asks_nothing_of_any_other_origin(served: Served, browser: object) -> None:
    (capture_id,) = _one(
        served.db_path,
        "SELECT c.id FROM captures c JOIN releases r ON r.release_id = c.release_id"
        " WHERE r.url LIKE '%granty-na-nauchnye%' AND c.record_type = 'response' ORDER BY c.id DESC",
    )
    page = browser.new_page(viewport=DESKTOP, locale="ru-RU")  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{served.base}/-/capture/{capture_id}", wait_until="networkidle")
    assert page.locator(".pa-archived img").count() >= 1  # the copy has images: they stay in the archive
    page.screenshot(path=str(served.shots / "03-archived-copy.png"), full_page=True)
    ours = urlsplit(served.base).netloc
    elsewhere = [url for url in requested if urlsplit(url).scheme != "data" and urlsplit(url).netloc != ours]
    assert elsewhere == []
    page.get_by_role("link", name="← к релизу").click()
    assert "Гранты на научные исследования" in page.locator("h1").inner_text()
    page.close()
