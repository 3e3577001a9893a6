"""Read replicas: publishing a copy of the archive, online backup against VACUUM INTO, and what a
`pressarchive replicate --every` beside the writer costs its ingest.

- publish: archive.replica.publish of synthetic archives (bench/synthetic.py: the real schema,
  Russian text, both full-text indexes; bench_search.py's, cached in var/bench/) of 10,000 and
  100,000 releases, with SQLite's online backup in one step and with VACUUM INTO, in the same run:
  seconds to copy, to check (quick_check) and in all, the CPU seconds of the whole publication (on
  a shared 2-core machine, what the writer feels), the snapshot's size against the archive's.
  Each method publishes once untimed (the page cache warm, as for a replica published every few
  minutes), then REPEAT times, alternating; medians.
- ingest: `Archive.save_releases` in batches of 50 (as the crawl writes) of INGEST releases into a
  fresh copy of the 100,000-release archive, alone and with `pressarchive replicate --every 1`
  running beside it as its own process (on 100k a copy lasts longer than the ingest: one is running
  all the while); the rate with it over the rate without (ratio of medians in the same run, ROUNDS
  each, the order alternating).

    .venv/bin/python bench/bench_replica.py          # 10k and 100k: ~4 minutes (+7 to build 100k once)
    .venv/bin/python bench/bench_replica.py --releases 10000 --ingest 2000 --rounds 1 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import BATCH, make_releases, make_sources
from bench_search import ensure_archive

from archive.replica import BACKUP, METHODS, Publication, publish
from archive.store import Archive

ROOT = Path(__file__).resolve().parent.parent
MB = 1e6


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def bench_publish(archive: Path, work: Path, repeat: int) -> None:
    print(f"\n{archive.stem}: {_size(archive) / MB:.1f} MB (database and its -wal)")
    print(
        f"  {'method':<8} {'copy s':>7} {'check s':>8} {'total s':>8} {'CPU s':>6}"
        f" {'snapshot MB':>12} {'/ archive':>10}"
    )
    targets = {method: work / f"replica-{archive.stem}-{method}" for method in METHODS}
    for method in METHODS:  # the first of each: the page cache warm for both
        publish(archive, targets[method], method=method)
    runs: dict[str, list[Publication]] = {method: [] for method in METHODS}
    cpu: dict[str, list[float]] = {method: [] for method in METHODS}
    for n in range(repeat):  # alternating, so that the machine's other load falls on both
        for method in METHODS if n % 2 == 0 else METHODS[::-1]:
            started = time.process_time()
            runs[method].append(publish(archive, targets[method], method=method))
            cpu[method].append(time.process_time() - started)
    for method in METHODS:
        done = runs[method]
        copy = statistics.median(d.copy_seconds for d in done)
        check = statistics.median(d.check_seconds for d in done)
        total = statistics.median(d.total_seconds for d in done)
        size = done[-1].db_bytes
        print(
            f"  {method:<8} {copy:7.2f} {check:8.2f} {total:8.2f} {statistics.median(cpu[method]):6.2f}"
            f" {size / MB:12.1f} {size / _size(archive):10.2f}"
            f"   (total of each run: {', '.join(f'{d.total_seconds:.2f}' for d in done)})"
        )
        shutil.rmtree(targets[method])


def ingest_rate(path: Path, count: int, seed: int) -> float:
    releases = make_releases(count, make_sources(), seed)
    with Archive.open(path) as archive:
        archive.sync_sources(make_sources())
        started = time.perf_counter()
        for start in range(0, len(releases), BATCH):
            archive.save_releases(releases[start : start + BATCH], seen_at="2026-12-01T03:00:00Z")
        return count / (time.perf_counter() - started)


def bench_ingest(base: Path, work: Path, count: int, rounds: int, every: float) -> None:
    print(f"\ningest of {count:,} releases (batches of {BATCH}) into a copy of {base.stem}")
    alone: list[float] = []
    beside: list[float] = []
    publications: list[int] = []
    for n in range(rounds):
        for with_replicate in (False, True) if n % 2 == 0 else (True, False):
            path = work / f"ingest-{n}-{int(with_replicate)}" / "archive.db"
            path.parent.mkdir()
            shutil.copy(base, path)
            process = None
            target = work / f"ingest-replica-{n}"
            if with_replicate:
                process = subprocess.Popen(
                    [sys.executable, "-m", "crawler.cli", "replicate", "--db", str(path), "--to", str(target),
                     "--every", str(every)],
                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                )  # fmt: skip
                time.sleep(3)  # its start-up and first publication are not the writer's concern here
            rate = ingest_rate(path, count, seed=7 + n)
            if process is not None:
                process.send_signal(signal.SIGTERM)
                out, _ = process.communicate(timeout=120)
                publications.append(out.count("Копия опубликована"))
                beside.append(rate)
                shutil.rmtree(target, ignore_errors=True)
            else:
                alone.append(rate)
            shutil.rmtree(path.parent)
    a, b = statistics.median(alone), statistics.median(beside)
    each = ", ".join(f"{r:,.0f}" for r in alone)
    print(f"  alone:                         {a:8,.0f} releases/s  (rounds: {each})")
    each = ", ".join(f"{r:,.0f}" for r in beside)
    print(f"  beside replicate --every {every:g}:   {b:8,.0f} releases/s  (rounds: {each};")
    print(f"    publications per round, the first included: {publications})")
    load = os.getloadavg()[0]
    print(f"  ratio beside / alone: {b / a:.2f}   load average {load:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--ingest", type=int, default=5_000, help="releases ingested per round")
    parser.add_argument("--rounds", type=int, default=3, help="ingest rounds, alone and beside")
    parser.add_argument("--repeat", type=int, default=3, help="timed publications per method")
    parser.add_argument("--every", type=float, default=1.0, help="replicate --every, seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-replica-") as tmp:
        work = Path(tmp)
        archives = [ensure_archive(count, rebuild=False) for count in args.releases]  # var/bench/, cached
        for path in archives:
            bench_publish(path, work, args.repeat)
        bench_ingest(archives[-1], work, args.ingest, args.rounds, args.every)
    print(f"\nchosen default: {BACKUP}")


if __name__ == "__main__":
    main()
