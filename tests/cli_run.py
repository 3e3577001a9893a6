"""Running the real `pressarchive` CLI in a subprocess, as cron would (a fresh reactor per run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Crawls of the local mirror need no politeness delay.
FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """`pressarchive ARGS...` from the project root; output captured, exit code not checked."""
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
