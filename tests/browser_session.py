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
from pathlib import Path

import pytest
from serve_process import ROOT

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
