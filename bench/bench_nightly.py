"""What a night costs: requests per source for a full recrawl and for quiet incremental nights.

Twelve sources (three copies of the four-site demo mirror, on 127.0.0.1), all in one run:
1. the first nightly run (an empty archive: a deep pass),
2. `pressarchive crawl` (a full recrawl: every listing page and every article),
3. two nightly runs with no change on the sites.
Requests are counted by the mirror (robots.txt excluded); CPU seconds are the command's own (and its
children's), start-up and post-crawl work included. Target: a quiet night costs at most 2
requests per source; a full recrawl costs every page.
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo.mirror import Mirror  # noqa: E402
from demo.registry import registry_text  # noqa: E402

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
COPIES = 3


def cli(*args: str, settings: Sequence[str] = FAST) -> tuple[float, float]:
    """Run a command; (wall seconds, CPU seconds of the process and its children).

    `settings`: Scrapy settings added to the command (default: no delay, no AutoThrottle)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args, *settings],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def counts(mirrors: list[Mirror]) -> list[int]:
    per_source = []
    for mirror in mirrors:
        for site in mirror.sites:
            per_source.append(len([p for p in mirror.request_log(site) if p != "/robots.txt"]))
            mirror.clear_request_log(site)
    return per_source


def write_copies_registry(mirrors: Sequence[Mirror], path: Path) -> Path:
    """One registry of every mirror's sources, each copy's names suffixed with its number."""
    path.write_text(
        "\n".join(
            re.sub(r'^name = "(demo_\w+)"', rf'name = "\1_{n}"', registry_text(m), flags=re.M)
            for n, m in enumerate(mirrors)
        ),
        encoding="utf-8",
    )
    return path


Row = tuple[str, list[int], float, float]  # label, requests per source, wall seconds, CPU seconds


def run_nights(
    copies: int,
    runs: Sequence[tuple[str, str]],
    workdir: Path,
    settings: Sequence[str] = FAST,
    after_each: Callable[[Row], None] | None = None,
) -> tuple[list[Row], int]:
    """`copies` copies of the demo mirror (4 sources each) in one registry; each of `runs`
    (label, command: nightly or crawl) in turn on one archive under `workdir`
    (workdir/archive.db, its WARC files in workdir/warc), `after_each` called with each run's row
    while the mirror still runs. The rows, and the releases on the mirror."""
    mirrors = [Mirror() for _ in range(copies)]
    for mirror in mirrors:
        mirror.start()
    try:
        registry = write_copies_registry(mirrors, workdir / "sources.toml")
        db = str(workdir / "archive.db")
        pages = sum(len(m.releases(s)) for m in mirrors for s in m.sites)
        rows = []
        for label, command in runs:
            seconds, cpu = cli(command, "--sources", str(registry), "--db", db, settings=settings)
            per_source = counts(mirrors)
            rows.append((label, per_source, seconds, cpu))
            if after_each is not None:
                after_each(rows[-1])
    finally:
        for mirror in mirrors:
            mirror.stop()
    return rows, pages


RUNS = (
    ("first night (deep pass)", "nightly"),
    ("full recrawl (crawl)", "crawl"),
    ("quiet night 1", "nightly"),
    ("quiet night 2", "nightly"),
)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows, pages = run_nights(COPIES, RUNS, Path(tmp))
    sources = len(rows[0][1])
    print(f"{sources} sources, {pages} releases on the mirror; requests per source, robots.txt excluded")
    print(f"{'run':26} {'total':>6} {'max':>5} {'mean':>6} {'seconds':>8} {'CPU s':>6}")
    for label, per_source, seconds, cpu in rows:
        mean = statistics.mean(per_source)
        total, most = sum(per_source), max(per_source)
        print(f"{label:26} {total:>6} {most:>5} {mean:>6.1f} {seconds:>8.1f} {cpu:>6.1f}")
    full, quiet = sum(rows[1][1]), max(sum(rows[2][1]), sum(rows[3][1]))
    quiet_max = max(max(rows[2][1]), max(rows[3][1]))
    print(f"quiet night / full recrawl: {quiet / full:.3f} ({quiet} vs {full} requests)")
    verdict = "met" if quiet_max <= 2 else "NOT met"
    print(f"target: quiet night <= 2 requests per source: {verdict} (max {quiet_max})")
    print(f"target: full recrawl fetches every release page: {'met' if full >= pages else 'NOT met'}")


if __name__ == "__main__":
    main()
