"""Ingest through the storage API against a plain sqlite-utils load of the same releases.

- ours: `Archive.save_releases` in batches of 50, as crawler/scrapy_glue/pipelines.py calls it,
  each release linked to the captures row of its page (versions, captures link, both full-text
  indexes, Russian stemming, search keys, events). The captures rows are indexed just before each
  batch with `Archive.add_capture`, one transaction each as the capture middleware does; that cost
  is timed and printed on its own line, not counted in the releases/s;
- anchor: sqlite-utils `insert_all` of the same rows, then `enable_fts` on title and body_text,
  with sqlite-utils' defaults, measured in the same run;
- re-ingest: the same releases again, unchanged, with new captures (the nightly case).

The releases are Russian text from bench/synthetic.py's vocabulary (the demo releases' word forms,
then invented stems with real endings; log-normal body lengths, median ~1,500 characters).

    .venv/bin/python bench/bench_ingest.py                      # 10,000 and 100,000 releases
    .venv/bin/python bench/bench_ingest.py --releases 2000 --profile --tables
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import hashlib
import io
import os
import pstats
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlite_utils import Database

from archive.migrations import FTS_TOKENIZE
from archive.records import Capture, Release, SourceRecord
from archive.store import Archive
from bench.synthetic import TextMaker, vocabulary

GOAL = 2_000  # releases/s through the storage API
BATCH = 50  # PRESSARCHIVE_BATCH_SIZE's default
REGIONS = ("Московская область", "Курганская область", "Пермский край", "Республика Татарстан")
KINDS = ("ministry", "agency", "export_centre", "portal")
START = dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_sources() -> list[SourceRecord]:
    return [
        SourceRecord(
            name=f"src_{n:02d}",
            title=f"Министерство номер {n}",
            region=REGIONS[n % len(REGIONS)],
            publisher_kind=KINDS[n % len(KINDS)],
            timezone="Europe/Moscow",
            platform="bitrix",
            start_urls=(f"https://src{n:02d}.example.ru/press/",),
        )
        for n in range(16)
    ]


def make_releases(count: int, sources: list[SourceRecord], seed: int) -> list[Release]:
    """Releases in the order a crawl hands them over: each batch of 50 from one source's listing
    (a pipeline batches per spider, one spider per source), newest first, the sources in turn."""
    maker = TextMaker(vocabulary(seed), seed)
    rng = maker.rng
    newest = dt.datetime(2026, 11, 30, 18, 0)
    moments = {source.name: newest for source in sources}
    ids = {source.name: 900_000 for source in sources}
    releases = []
    for n in range(count):
        source = sources[(n // BATCH) % len(sources)]
        moments[source.name] -= dt.timedelta(minutes=rng.randrange(60, 3 * 24 * 60))
        ids[source.name] -= rng.randint(1, 3)
        moment = moments[source.name]
        title, _ = maker.title()
        body, html, _ = maker.body()
        local = moment.strftime("%H:%M")
        url = f"https://{source.name.replace('_', '')}.example.ru/press/news/{ids[source.name]}/"
        text_hash = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()
        releases.append(
            Release(
                release_id=hashlib.sha256(url.encode()).hexdigest()[:16],
                source=source.name,
                region=source.region,
                publisher_kind=source.publisher_kind,
                url=url,
                canonical_url=url,
                title=title,
                body_text=body,
                body_html=html,
                content_hash=text_hash,
                fetched_at=_iso(START),
                timezone="Europe/Moscow",
                published_date=moment.date().isoformat(),
                published_time=local,
                published_utc=_iso(moment - dt.timedelta(hours=3)),
                date_precision="minute",
                date_raw=f"{moment.strftime('%d.%m.%Y')} {local}",
                date_method="selector",
                lead=body.split("\n\n", 1)[0][:300],
                language="ru",
                images=(f"https://{source.name}.example.ru/upload/{ids[source.name]}.jpg",),
                tags=("Инвестиции", "Промышленность")[: rng.randint(0, 2)],
                methods={"title": "selector", "body": "selector", "date": "selector"},
            )
        )
    return releases


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


@dataclasses.dataclass
class Ingest:
    seconds: float  # save_releases only
    cpu_seconds: float  # this process's CPU time in save_releases (less sensitive to other load)
    capture_seconds: float  # add_capture, one transaction per row
    counts: dict[str, int]


def _batches(releases: list[Release]) -> Iterator[list[Release]]:
    for start in range(0, len(releases), BATCH):
        yield releases[start : start + BATCH]


def ingest(
    archive: Archive, releases: list[Release], night: int, profiler: cProfile.Profile | None
) -> Ingest:
    """The crawl's calls: a captures row per page (its own transaction), a save per batch."""
    save = cpu = capture = 0.0
    counts: dict[str, int] = {}
    for n, batch in enumerate(_batches(releases)):
        seen = _iso(START + dt.timedelta(days=night, seconds=n))
        started = time.perf_counter()
        links = {
            r.release_id: archive.add_capture(
                Capture(
                    url=r.url,
                    fetched_at=seen,
                    warc_file=f"warc/bench-{night}.warc.gz",
                    warc_offset=n * 1_000_000 + i * 10_000,
                    warc_length=9_000,
                    record_type="response" if night == 0 else "revisit",
                    payload_digest="sha1:" + r.content_hash[:32].upper(),
                    http_status=200,
                )
            )
            for i, r in enumerate(batch)
        }
        middle = time.perf_counter()
        cpu_start = time.process_time()
        if profiler is not None:
            profiler.enable()
        result = archive.save_releases(batch, seen_at=seen, captures=links)
        if profiler is not None:
            profiler.disable()
        save += time.perf_counter() - middle
        cpu += time.process_time() - cpu_start
        capture += middle - started
        for key, value in dataclasses.asdict(result).items():
            counts[key] = counts.get(key, 0) + value
    return Ingest(save, cpu, capture, counts)


def anchor(path: Path, releases: list[Release]) -> tuple[float, float]:
    """sqlite-utils' own load of the same rows and a full-text index on title and body."""
    rows = [{**r.to_row(), "first_seen": r.fetched_at, "last_seen": r.fetched_at} for r in releases]
    started, cpu_start = time.perf_counter(), time.process_time()
    db = Database(path)
    table = db["releases"]
    table.insert_all(rows, pk="release_id")  # type: ignore[union-attr]
    table.enable_fts(["title", "body_text"], create_triggers=True, tokenize=FTS_TOKENIZE)  # type: ignore[union-attr]
    db.close()
    return time.perf_counter() - started, time.process_time() - cpu_start


def table_sizes(path: Path) -> list[tuple[str, int]]:
    """Bytes per table with its indexes (FTS shadow tables under their index's name)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        owners = dict(
            conn.execute("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index'").fetchall()
        )
    finally:
        conn.close()
    sizes: dict[str, int] = {}
    for name, size in rows:
        owner = owners.get(name, name)
        for fts in ("releases_stem_fts", "releases_fts"):
            if owner.startswith(fts + "_"):
                owner = fts
        if owner.startswith("sqlite_autoindex_"):
            owner = owner.removeprefix("sqlite_autoindex_").rsplit("_", 1)[0]
        sizes[owner] = sizes.get(owner, 0) + size
    return sorted(sizes.items(), key=lambda item: -item[1])


def run(count: int, seed: int, profile: bool, tables: bool) -> bool:
    sources = make_sources()
    started = time.perf_counter()
    releases = make_releases(count, sources, seed)
    text_mb = sum(len(r.body_text.encode()) + len(r.body_html.encode()) for r in releases) / 1e6
    took = time.perf_counter() - started
    print(f"\n{count:,} releases generated in {took:.1f} s ({text_mb:.0f} MB of text and HTML)")
    with tempfile.TemporaryDirectory() as tmp:
        base_path = Path(tmp) / "anchor.db"
        base, base_cpu = anchor(base_path, releases)
        base_size = _size(base_path)
        base_path.unlink()
        print(
            f"anchor (sqlite-utils insert_all + enable_fts): {count / base:,.0f} releases/s,"
            f" {base_size / 1e6:.1f} MB, CPU {base_cpu / count * 1e3:.2f} ms per release"
        )

        path = Path(tmp) / "ours.db"
        archive = Archive.open(path)
        archive.sync_sources(sources)
        profiler = cProfile.Profile() if profile else None
        first = ingest(archive, releases, 0, profiler)
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = _size(path)
        sizes = table_sizes(path) if tables else []
        again = ingest(archive, releases, 1, None)
        archive.close()
        grown = _size(path) - size
        rate = count / first.seconds
        met = rate >= GOAL
        print(
            f"ours (save_releases, batches of {BATCH}): {rate:,.0f} releases/s, {size / 1e6:.1f} MB"
            f"; ratio to anchor: speed {rate / (count / base):.2f}x, size {size / base_size:.2f}x"
        )
        print(
            f"  CPU {first.cpu_seconds / count * 1e3:.2f} ms per release"
            f" (anchor {base_cpu / count * 1e3:.2f}); load average {os.getloadavg()[0]:.1f} on"
            f" {os.cpu_count()} cores"
        )
        print(f"  goal >= {GOAL:,} releases/s: {'met' if met else 'NOT met'}  ({first.counts})")
        print(
            f"  re-ingest, unchanged (the nightly case): {count / again.seconds:,.0f} releases/s"
            f" ({again.counts}), database +{grown / 1e6:.1f} MB"
        )
        print(
            "  captures rows (add_capture, one transaction each):"
            f" {first.capture_seconds / count * 1e3:.3f} ms per row first night,"
            f" {again.capture_seconds / count * 1e3:.3f} ms the second"
        )
        if tables:
            print("  size by table (indexes included):")
            for name, table_size in sizes:
                print(f"    {name:<28} {table_size / 1e6:8.1f} MB")
        if profiler is not None:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
            print(out.getvalue())
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--profile", action="store_true", help="cProfile of our first ingest")
    parser.add_argument("--tables", action="store_true", help="size of each table (sqlite dbstat)")
    args = parser.parse_args()
    results = [run(count, args.seed, args.profile, args.tables) for count in args.releases]
    print(
        f"\ngoal >= {GOAL:,} releases/s at {', '.join(f'{n:,}' for n in args.releases)}: "
        f"{'met' if all(results) else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
