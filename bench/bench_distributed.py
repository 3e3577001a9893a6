"""Crawling with workers on Redis: pages/s with 1, 2 and 3 workers, and the writer's ingest rate.

1. Crawl: `--copies` copies of the demo mirror (4 sources each, each copy on its own port), crawled
   once by the one-process `pressarchive crawl` (the baseline of the same run), then by
   `pressarchive crawl --redis URL --workers 0` with 1, 2 and 3 `pressarchive worker` processes,
   each taking at most `--sources-at-once` sources at a time. Twice: with a polite per-host delay
   (DOWNLOAD_DELAY, the per-host limit binds) and with none (the machine's CPU binds). Pages are
   counted by the mirror (robots.txt excluded); every run gets a fresh archive.
2. Writer: `--releases` extracted releases, each with its page's capture (33 KB), put on a run's
   stream, then drained into an empty archive by the writer (crawler.distributed.drain), against
   `Archive.save_releases` of the same releases in batches of 50 (what one machine's crawl does,
   without the captures) in the same run.

A real redis-server (Debian's) is started on a free loopback port.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import make_releases, make_sources  # noqa: E402
from bench_nightly import write_copies_registry  # noqa: E402
from redis_server import redis_server  # noqa: E402

from demo.mirror import Mirror  # noqa: E402


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def requests_seen(mirrors: list[Mirror]) -> int:
    total = 0
    for mirror in mirrors:
        for site in mirror.sites:
            total += len([p for p in mirror.request_log(site) if p != "/robots.txt"])
            mirror.clear_request_log(site)
    return total


def crawl_once(
    registry: Path, db: Path, settings: list[str], redis_url: str | None, workers: int, at_once: int
) -> float:
    """Wall seconds of one crawl into a fresh archive."""
    started = time.perf_counter()
    if redis_url is None:
        subprocess.run(
            cli("crawl", "--sources", str(registry), "--db", str(db), *settings),
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        return time.perf_counter() - started
    writer = subprocess.Popen(
        cli(
            "crawl",
            "--sources",
            str(registry),
            "--db",
            str(db),
            "--redis",
            redis_url,
            "--workers",
            "0",
            *settings,
        ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    crawlers = [
        subprocess.Popen(
            cli("worker", "--redis", redis_url, "--sources-at-once", str(at_once), "--wait", "30"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    _, err = writer.communicate(timeout=1800)
    for process in crawlers:
        process.wait(timeout=120)
    if writer.returncode not in (0, 1):
        raise SystemExit(f"distributed crawl failed ({writer.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - started


def crawl_bench(copies: int, at_once: int, delay: float, workdir: Path, redis_url: str) -> None:
    mirrors = [Mirror() for _ in range(copies)]
    for mirror in mirrors:
        mirror.start()
    try:
        registry = write_copies_registry(mirrors, workdir / "sources.toml")
        sources = 4 * copies
        for label, value in (("polite", delay), ("no delay", 0.0)):
            settings = ["--set", f"DOWNLOAD_DELAY={value}", "--set", "AUTOTHROTTLE_ENABLED=False"]
            print(
                f"\n{sources} sources, DOWNLOAD_DELAY={value} ({label}), 2 requests per host at once,"
                f" a worker takes {at_once} sources at a time"
            )
            print(f"{'crawl':28} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'vs one process':>15}")
            baseline = None
            for workers in (None, 1, 2, 3):
                db = workdir / f"archive-{label.replace(' ', '')}-{workers}.db"
                requests_seen(mirrors)
                seconds = crawl_once(
                    registry, db, settings, None if workers is None else redis_url, workers or 0, at_once
                )
                pages = requests_seen(mirrors)
                rate = pages / seconds
                baseline = baseline or rate
                name = (
                    "one process"
                    if workers is None
                    else f"Redis, {workers} worker{'s' if workers > 1 else ''}"
                )
                print(f"{name:28} {pages:6d} {seconds:8.1f} {rate:8.1f} {rate / baseline:14.2f}x")
                shutil.rmtree(workdir / "warc", ignore_errors=True)
    finally:
        for mirror in mirrors:
            mirror.stop()


def writer_bench(count: int, workdir: Path, redis_url: str) -> None:
    import redis

    from archive.cluster_signatures import Signatures
    from archive.records import CrawlRun
    from archive.store import Archive
    from archive.warc import Exchange
    from crawler.distributed import messages
    from crawler.distributed.drain import Drain, SourceRun, ensure_group
    from crawler.distributed.keys import RunKeys
    from crawler.runs.capture_jobs import encode_capture

    sources = make_sources()
    releases = make_releases(count, sources, seed=7)
    page = ("<html><body>" + "Текст пресс-релиза. " * 1700 + "</body></html>").encode()
    server = redis.Redis.from_url(redis_url)
    keys = RunKeys("bench", "writer")
    server.delete(keys.stream)
    ensure_group(server, keys)
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    for n, release in enumerate(releases):
        key = f"k{n}"
        exchange = Exchange(
            release.url, now, 200, [("Content-Type", "text/html; charset=utf-8")], page + str(n).encode()
        )
        encoded = encode_capture((exchange, None))  # as a worker does (crawler.distributed.worker_glue)
        light = dataclasses.replace(exchange, body=b"")
        light.__dict__["digest"] = exchange.digest
        messages.send(server, keys.stream, messages.CAPTURE, release.source, (key, light, encoded))
        messages.send(server, keys.stream, messages.RELEASE, release.source, (release, None, key))
    sent = time.perf_counter() - started

    drained_db = workdir / "drained.db"
    with Archive.open(drained_db) as archive:
        archive.sync_sources(sources)
        runs = {
            s.name: SourceRun(
                CrawlRun(source=s.name, started_at="2026-12-04T00:00:00Z"), archive.start_run(s.name, "x")
            )
            for s in sources
        }
        drain = Drain(archive, server, keys, runs, data_dir=workdir, signed=Signatures())
        started = time.perf_counter()
        while drain.step(count=500, block_ms=50):
            pass
        drained = time.perf_counter() - started
        drain.close()
    direct_db = workdir / "direct.db"
    with Archive.open(direct_db) as archive:
        archive.sync_sources(sources)
        started = time.perf_counter()
        for start in range(0, len(releases), 50):
            archive.save_releases(releases[start : start + 50], seen_at="2026-12-04T00:00:00Z")
        direct = time.perf_counter() - started
    print(f"\nwriter: {count} releases, each with its 33 KB page's capture, from one Redis stream")
    print(f"  one worker process encoding and sending (gzip, XADD): {count / sent:8.0f} releases/s")
    print(f"  writer draining (captures to WARC, releases in batches): {count / drained:8.0f} releases/s")
    print(f"  Archive.save_releases alone, batches of 50 (no captures): {count / direct:8.0f} releases/s")
    print(f"  writer / save_releases alone: {direct / drained:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=6, help="copies of the 4-site demo mirror")
    parser.add_argument("--sources-at-once", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.25, help="the polite runs' DOWNLOAD_DELAY")
    parser.add_argument("--releases", type=int, default=5000, help="releases through the writer")
    parser.add_argument("--only", choices=("crawl", "writer"), help="one half of the benchmark")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        workdir = Path(tmp)
        with redis_server(workdir / "redis") as url:
            if args.only != "writer":
                crawl_bench(args.copies, args.sources_at_once, args.delay, workdir, url)
            if args.only != "crawl":
                writer_bench(args.releases, workdir, url)


if __name__ == "__main__":
    main()
