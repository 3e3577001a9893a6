"""Where a crawl's wall time goes: start-up, the steady rate, the work after the last page.

    python bench/crawl_timeline.py                           # both sites, bare and pressarchive
    python bench/crawl_timeline.py --sites bitrix --set PRESSARCHIVE_EXTRACT_WORKERS=0

A look-up tool beside bench_crawl.py (not in `make bench`): the same generated sites and settings,
but the server's request counter is read every 10 ms, so each crawl is split into the time before
its first request (imports, the archive opened, the worker forked), the rate between its first and
its last request, and the time after the last one (clustering, health, exit). The polling costs
the server some CPU: compare rates within one run of this script, not with bench_crawl's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_crawl import (  # noqa: E402
    ROOT,
    bare_command,
    compile_sources,
    crawl_command,
    served_sites,
    site_arguments,
)


def command(site: str, base: str, work: Path, who: str, extra: dict[str, str]) -> list[str]:
    if who == "bare":
        return bare_command(site, base, work / "bare.json")
    for old in work.glob("timeline.db*"):
        old.unlink()
    return crawl_command(site, base, work, work / "timeline.db", extra)


def timeline(argv: list[str], base: str) -> str:
    client = httpx.Client()
    before = int(client.get(f"{base}/__count").text)
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = last = None
    seen = 0
    while process.poll() is None:
        count = int(client.get(f"{base}/__count").text) - before
        now = time.perf_counter() - started
        if count and first is None:
            first = now
        if count > seen:
            seen, last = count, now
        time.sleep(0.01)
    end = time.perf_counter() - started
    if process.returncode != 0 or first is None or last is None:
        raise SystemExit(f"crawl failed ({process.returncode}): {' '.join(argv)}")
    steady = seen / max(last - first, 1e-9)
    return (
        f"start-up {first:5.2f} s, {seen} pages at {steady:5.0f} pages/s, after the last {end - last:4.2f} s;"
        f" {seen / end:4.0f} pages/s overall"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    site_arguments(parser)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE for pressarchive's crawl")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    compile_sources()
    extra = dict(item.split("=", 1) for item in args.set)
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
        work = Path(tmp)
        with served_sites(work, args.pages, args.per_page) as bases:
            for _ in range(args.rounds):
                for site in args.sites:
                    for who in ("bare", "pressarchive"):
                        line = timeline(command(site, bases[site], work, who, extra), bases[site])
                        print(f"{site:8} {who:13} {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
