"""Shared plumbing of the browser tests: Debian's Chromium under Playwright, a crawled demo archive.

Each browser test module takes its own screenshot folder (`artifacts("name")`) under
test-artifacts/browser/, so modules never delete each other's pictures.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serve_process import ROOT, running_server

from demo.mirror import Mirror, write_demo_registry

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_ROOT = ROOT / "test-artifacts" / "browser"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def require_chromium() -> object:
    """The playwright sync API, or a module-level skip outside CI when Chromium is missing."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(
            "Chromium is not installed: `make test` installs it (apt-get install chromium)",
            allow_module_level=True,
        )
    return pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency: make install")


def artifacts(name: str) -> Path:
    """A fresh screenshot folder of one test module."""
    folder = ARTIFACTS_ROOT / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def launched(sync_api: object) -> Iterator[object]:
    """Debian's Chromium, headless."""
    with sync_api.sync_playwright() as playwright:  # type: ignore[attr-defined]
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def crawl_demo(tmp: Path, db_path: Path) -> None:
    """The demo mirror crawled once through the CLI into `db_path`."""
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp / "sources.toml")
        crawl = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(registry), "--db", str(db_path),
             "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert crawl.returncode == 0, crawl.stderr[-3000:]


@dataclass
class Served:
    """A running `pressarchive serve` over an archive: its base URL and database file."""

    base: str
    db_path: Path


_DEMO_ARCHIVE: list[Path] = []  # the demo crawled once per test session, shared by the modules


def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crawled demo archive of this test session (crawled on first use; the server only reads it)."""
    if not _DEMO_ARCHIVE:
        tmp = tmp_path_factory.mktemp("demo-archive")
        crawl_demo(tmp, tmp / "archive.db")
        _DEMO_ARCHIVE.append(tmp / "archive.db")
    return _DEMO_ARCHIVE[0]


def serve_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """For a module-scoped fixture: the session's demo archive behind a real server."""
    db_path = demo_archive(tmp_path_factory)
    with running_server(db_path) as base:
        yield Served(base, db_path)
