"""Cost per page of a pressarchive crawl against a bare Scrapy spider, measured in one run.

    python bench/bench_crawl.py                    # 100 listing pages x 20 releases per site
    python bench/bench_crawl.py --pages 20         # a quick look

Two generated sites (bench/crawl_sites.py, served from loopback by their own process): one in the
stock 1C-Bitrix templates (pressarchive's configured `bitrix` platform) and one in a layout no adapter
knows (the generic path with the site profile learned from its first pages). Each site is crawled by
the bare spider (bench/bare_spider.py: fetch, decode, yield the HTML) and by `pressarchive crawl`
(extraction, normalisation, WARC capture, the archive, clustering and health), one after the other,
with the same fast settings (no delay, no AutoThrottle, no robots.txt, 16 concurrent requests).

Measured per crawl, from the crawling process and its children only (the server's CPU is not
counted): CPU per page (user + system of the crawl and its extraction worker, from os.wait4;
start-up and post-crawl work included), pages per second of wall time, and peak memory: the
proportional set size (PSS) of the crawling process and its workers summed, sampled 20 times a
second (pages a forked worker shares with its parent are counted once, not twice as a sum of RSS
would; the crawl's own peak RSS is printed beside it). The ratios say how near pressarchive is to
the bare spider: goals >= 0.70 of its pages/s for a configured platform, >= 0.50 generic, peak
memory <= 1.5x.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
PRESSARCHIVE = str(Path(PYTHON).with_name("pressarchive"))
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
}
GOALS = {"bitrix": 0.70, "generic": 0.50}
SITES = {
    # name: (platform, listing path, the bare spider's item and next-page selectors)
    "bitrix": ("bitrix", "/press/news/", ".news-item a::attr(href)", "a.modern-page-next::attr(href)"),
    "generic": ("generic", "/pressa/", ".feed-card__name a::attr(href)", "a[rel=next]::attr(href)"),
}


@dataclass
class Measured:
    pages: int
    wall_s: float
    cpu_s: float
    peak_mib: float  # PSS of the process tree
    rss_mib: float  # the crawling process's own peak RSS
    releases: int

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / max(1, self.pages)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s


def _descendants(pid: int) -> list[int]:
    found, queue = [pid], [pid]
    while queue:
        parent = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                queue.append(child)
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """The peak of the summed PSS of a process and its descendants, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        # Until the child has exec'd it is this benchmark's own (v)fork, which shares and shows the
        # benchmark's memory: once that read as a bare spider of 103 MiB PSS with 85 MiB RSS.
        own = Path("/proc/self/cmdline").read_bytes()
        while not self.done.wait(0.05):
            if _cmdline(self.pid) in (own, b""):
                continue
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in _descendants(self.pid)))


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def run_measured(command: list[str], base: str) -> tuple[Measured, int]:
    """Run a crawl; its CPU from the kernel's accounting of it and its reaped children, its memory
    from the summed PSS of the process tree."""
    before = int(httpx.get(f"{base}/__count").text)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    memory.start()
    assert process.stderr is not None
    stderr = process.stderr.read()
    memory.done.set()
    memory.join()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.write(stderr.decode(errors="replace")[-3000:])
        raise SystemExit(f"crawl failed ({process.returncode}): {' '.join(command)}")
    pages = int(httpx.get(f"{base}/__count").text) - before
    return Measured(
        pages, wall, usage.ru_utime + usage.ru_stime, memory.peak_kib / 1024, usage.ru_maxrss / 1024, 0
    ), process.returncode


def bare_command(site: str, base: str, stats_file: Path) -> list[str]:
    """The bare spider's command line for one site."""
    _, path, item_css, next_css = SITES[site]
    return [
        PYTHON,
        str(BENCH / "bare_spider.py"),
        base + path,
        item_css,
        next_css,
        "--stats-file",
        str(stats_file),
    ]


def crawl_command(site: str, base: str, work: Path, db: Path, settings: dict[str, str]) -> list[str]:
    """`pressarchive crawl` of one site (its registry written into `work`) with FAST and `settings`."""
    platform, path, _, _ = SITES[site]
    registry = work / f"{site}.toml"
    registry.write_text(
        f"""[[source]]
name = "bench_{site}"
title = "Министерство инвестиций (стенд {site})"
region = "Московская область"
publisher_kind = "ministry"
timezone = "Europe/Moscow"
platform = "{platform}"
start_urls = ["{base}{path}"]
allowed_domains = ["127.0.0.1"]
max_pages = 1000
""",
        encoding="utf-8",
    )
    command = [PRESSARCHIVE, "crawl", "--sources", str(registry), "--db", str(db)]
    for name, value in {**FAST, **settings}.items():
        command += ["--set", f"{name}={value}"]
    return command


@contextlib.contextmanager
def served_sites(work: Path, pages: int, per_page: int) -> Iterator[dict[str, str]]:
    """The generated sites served by their own process: {site: base URL}."""
    ports = work / "ports.json"
    server = subprocess.Popen(
        [
            PYTHON,
            str(BENCH / "crawl_sites.py"),
            "--pages",
            str(pages),
            "--per-page",
            str(per_page),
            "--ports-file",
            str(ports),
        ]
    )
    try:
        for _ in range(200):
            if ports.exists() and ports.stat().st_size:
                break
            time.sleep(0.05)
        yield json.loads(ports.read_text())
    finally:
        server.terminate()
        server.wait()


def bare(site: str, base: str, work: Path) -> Measured:
    stats_file = work / f"bare-{site}.json"
    measured, _ = run_measured(bare_command(site, base, stats_file), base)
    measured.releases = json.loads(stats_file.read_text()).get("item_scraped_count", 0)
    return measured


def ours(site: str, base: str, work: Path, workers: int | None = None) -> Measured:
    db = work / f"{site}-{workers}.db"
    settings = {} if workers is None else {"PRESSARCHIVE_EXTRACT_WORKERS": str(workers)}
    measured, _ = run_measured(crawl_command(site, base, work, db, settings), base)
    with sqlite3.connect(db) as conn:
        measured.releases = conn.execute("SELECT count(*) FROM releases").fetchone()[0]
    return measured


def site_arguments(parser: argparse.ArgumentParser) -> None:
    """--pages, --per-page and --sites: the generated sites, as served_sites makes them."""
    parser.add_argument("--pages", type=int, default=100, help="listing pages per site")
    parser.add_argument("--per-page", type=int, default=20, help="releases per listing page")
    parser.add_argument("--sites", nargs="*", default=list(SITES), choices=list(SITES))


def compile_sources() -> None:
    """The project's bytecode written first, as `make install` does. Where PYTHONDONTWRITEBYTECODE
    is set (this project's machines, many container images) an editable checkout never caches it,
    and each crawl compiled its ~200 modules again: 0.2 s that an installed pressarchive does not
    spend, and the bare spider's installed Scrapy never did."""
    for package in ("archive", "crawler", "spiders"):
        compileall.compile_dir(ROOT / package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    site_arguments(parser)
    args = parser.parse_args(argv)
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        with served_sites(work, args.pages, args.per_page) as bases:
            expected = args.pages * (args.per_page + 1)
            print(
                f"{len(args.sites)} sites x {expected:,} pages ({args.pages} listings x {args.per_page}"
                " releases), loopback, 16 concurrent, no delay"
            )
            print(
                f"{'':22} {'pages':>6} {'releases':>8} {'CPU ms/page':>12} {'pages/s':>8}"
                f" {'peak MiB':>9} {'RSS MiB':>8}"
            )
            for site in args.sites:
                base = bases[site]
                anchor = bare(site, base, work)
                rows = [(f"{site}: bare Scrapy", anchor)]
                # as installed for these settings (unthrottled: one extraction worker on 2+ cores), then none
                for label, workers in (("pressarchive", None), ("  no worker", 0)):
                    rows.append(
                        (f"{site}: {label}" if workers is None else label, ours(site, base, work, workers))
                    )
                for label, m in rows:
                    print(
                        f"{label:22} {m.pages:6} {m.releases:8} {m.cpu_ms_per_page:12.2f}"
                        f" {m.pages_per_s:8.1f} {m.peak_mib:9.0f} {m.rss_mib:8.0f}"
                    )
                for label, mine in rows[1:]:
                    speed = mine.pages_per_s / anchor.pages_per_s
                    cpu = anchor.cpu_ms_per_page / mine.cpu_ms_per_page
                    memory = mine.peak_mib / anchor.peak_mib
                    goal = GOALS[site]
                    print(
                        f"{label.split(': ')[-1].strip():>22} pages/s {speed:.2f} of bare"
                        f" (goal >= {goal:.2f}: {'met' if speed >= goal else 'NOT met'}),"
                        f" CPU/page {cpu:.2f} of bare, peak memory {memory:.2f}x (goal <= 1.5x:"
                        f" {'met' if memory <= 1.5 else 'NOT met'})"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
