"""Republication clusters: a full clustering of N near-duplicate-rich releases, new against old,
and an incremental night, with the goals checked.

For each N the same generated archive (half of the releases are republished copies of another,
edited: a new lead, some words changed, sometimes cut; see Corpus) is clustered from nothing by
`archive.clusters.update_clusters` and, for N up to --old-max, by the algorithm it replaced (kept
below as OLD, verbatim but for names: datasketch MinHash per body, a MinHashLSH of every signature,
every cluster recomputed in one transaction), each on its own copy of the database, and the two
results are compared. Then 200 releases (60 of them copies of archived ones) are added to the
largest archive and clustered again: the nightly case (also with the old algorithm, on the largest
archive it ran on). The longest write transaction of each new
run is measured from BEGIN IMMEDIATE to the end of COMMIT (the old one is the whole run). Wall
and CPU seconds are both printed: the machine may be shared, CPU time is the steadier figure.

    .venv/bin/python bench/bench_clusters.py                  # 1k, 2k, 4k, 10k, old on each
    .venv/bin/python bench/bench_clusters.py --large          # and 100k, and the night on 100k
    .venv/bin/python bench/bench_clusters.py --sizes 1000 --old-max 1000

The archives are written straight into `releases` with the FTS insert trigger dropped (setup speed
only; clustering reads neither).
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sqlite_utils import Database

from archive import clusters
from archive.store import Archive
from tests.test_store import make_source

SOURCES = [f"s{n:02d}" for n in range(40)]
NIGHT = 200
GOAL_FULL_S = 300.0
GOAL_NIGHT_S = 5.0


# --- OLD: archive/clusters.py before the band index (baseline only) -------------------------------


def old_signature(text: str) -> bytes | None:
    from datasketch import MinHash

    grams = clusters.shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=clusters.NUM_PERM, seed=clusters.SEED, scheme=clusters.SCHEME)
    minhash.update_batch(list(grams))
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def _old_minhash(blob: bytes) -> Any:
    from datasketch import MinHash

    return MinHash(
        num_perm=clusters.NUM_PERM,
        seed=clusters.SEED,
        scheme=clusters.SCHEME,
        hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64),
    )


def old_update_signatures(db: Database) -> int:
    rows = db.execute(
        "SELECT r.release_id, r.content_hash, r.body_text FROM releases r"
        " LEFT JOIN release_signatures s ON s.release_id = r.release_id"
        " WHERE s.release_id IS NULL OR s.content_hash != r.content_hash"
    ).fetchall()
    db.conn.executemany(
        "INSERT OR REPLACE INTO release_signatures (release_id, content_hash, minhash) VALUES (?, ?, ?)",
        [(release_id, content_hash, old_signature(body)) for release_id, content_hash, body in rows],
    )
    return len(rows)


def old_find_groups(db: Database) -> list[set[str]]:
    from datasketch import MinHashLSH

    rows = db.execute(
        "SELECT release_id, minhash FROM release_signatures WHERE minhash IS NOT NULL"
    ).fetchall()
    hashes = {release_id: _old_minhash(blob) for release_id, blob in rows}
    lsh = MinHashLSH(threshold=clusters.THRESHOLD, num_perm=clusters.NUM_PERM)
    for release_id, minhash in hashes.items():
        lsh.insert(release_id, minhash)
    parent = {release_id: release_id for release_id in hashes}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for release_id, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other != release_id and minhash.jaccard(hashes[other]) >= clusters.THRESHOLD:
                parent[root(other)] = root(release_id)
    groups: dict[str, set[str]] = {}
    for release_id in hashes:
        groups.setdefault(root(release_id), set()).add(release_id)
    return [members for members in groups.values() if len(members) > 1]


def old_update_clusters(db: Database, now: str) -> None:
    with db.atomic():
        old_update_signatures(db)
        groups = old_find_groups(db)
        _old_store(db, groups, now)


def _old_store(db: Database, groups: list[set[str]], now: str) -> None:
    columns = ("release_id", "published_date", "published_utc", "first_seen", "cluster_id")
    info = {
        row[0]: dict(zip(columns, row, strict=True))
        for row in db.execute(
            f"SELECT {', '.join(columns)} FROM releases WHERE cluster_id IS NOT NULL OR release_id IN"
            " (SELECT release_id FROM release_signatures WHERE minhash IS NOT NULL)"
        )
    }
    existing: dict[int, tuple[str, frozenset[str]]] = {}
    for cluster_id, first in db.execute("SELECT id, first_release_id FROM clusters"):
        members = frozenset(r for r, row in info.items() if row["cluster_id"] == cluster_id)
        existing[cluster_id] = (first, members)
    by_first = {first: cluster_id for cluster_id, (first, _) in existing.items()}
    wanted: dict[int, tuple[str, frozenset[str]]] = {}
    fresh: list[tuple[str, frozenset[str]]] = []
    for group in sorted(groups, key=lambda g: (-len(g), min(g))):
        members = frozenset(group)
        first = clusters.first_of(info[m] for m in members)["release_id"]
        previous = sorted({info[m]["cluster_id"] for m in members if info[m]["cluster_id"] is not None})
        candidates = [by_first.get(first), *previous]
        cluster_id = next((c for c in candidates if c is not None and c not in wanted), None)
        if cluster_id is None:
            fresh.append((first, members))
        else:
            wanted[cluster_id] = (first, members)
    for first, members in fresh:
        cursor = db.execute(
            "INSERT INTO clusters (first_release_id, size, updated_at) VALUES (?, ?, ?)",
            [first, len(members), now],
        )
        assert cursor.lastrowid is not None
        wanted[cursor.lastrowid] = existing[cursor.lastrowid] = (first, members)
    member_of = {m: cluster_id for cluster_id, (_, members) in wanted.items() for m in members}
    for release_id, row in info.items():
        if row["cluster_id"] != member_of.get(release_id):
            db.execute(
                "UPDATE releases SET cluster_id = ? WHERE release_id = ?",
                [member_of.get(release_id), release_id],
            )
    for cluster_id, (first, members) in wanted.items():
        if existing[cluster_id] != (first, members):
            db.execute(
                "UPDATE clusters SET first_release_id = ?, size = ?, updated_at = ? WHERE id = ?",
                [first, len(members), now, cluster_id],
            )
    stale = [(cluster_id,) for cluster_id in existing if cluster_id not in wanted]
    db.conn.executemany("DELETE FROM clusters WHERE id = ?", stale)


# --- the corpus -----------------------------------------------------------------------------------


class Corpus:
    """Bodies of log-normal length (median ~200 words) from a Zipf vocabulary. Half are copies of an
    earlier body, edited (a new lead; 0-12% of the words changed; sometimes the tail cut): two
    thirds of a recent body (families of a few), one third of one of 8 "popular" texts (a weekly
    template, a federal release every regional site reprints: families that grow with the archive,
    20 copies each at 1,000 releases, 2,000 at 100,000)."""

    def __init__(self, seed: int = 20261101) -> None:
        self.rng = random.Random(seed)
        syllables = [c + v for c in "бвгджзклмнпрстфхцчш" for v in "аеиоуыя"]
        self.words = ["".join(self.rng.choices(syllables, k=self.rng.randint(2, 5))) for _ in range(30000)]
        self.weights = list(np.cumsum([1 / (rank + 10) for rank in range(len(self.words))]))
        self.bodies: list[str] = []
        self.popular = [self.text() for _ in range(8)]

    def text(self, median: int = 200) -> str:
        length = max(20, min(3000, int(self.rng.lognormvariate(math.log(median), 0.6))))
        words = self.rng.choices(self.words, cum_weights=self.weights, k=length)
        return " ".join(words) + "."

    def copy(self, body: str) -> str:
        words = body.split()
        for _ in range(int(len(words) * self.rng.uniform(0, 0.12))):
            words[self.rng.randrange(len(words))] = self.rng.choice(self.words)
        if self.rng.random() < 0.2:
            words = words[: int(len(words) * self.rng.uniform(0.6, 1.0))]
        return self.text(15) + " " + " ".join(words)

    def body(self) -> str:
        if self.bodies and self.rng.random() < 0.5:
            if self.rng.random() < 0.33:
                original = self.rng.choice(self.popular)
            else:
                original = self.bodies[self.rng.randrange(max(0, len(self.bodies) - 5000), len(self.bodies))]
            body = self.copy(original)
        else:
            body = self.text()
        self.bodies.append(body)
        return body

    def row(self, n: int, body: str) -> tuple[Any, ...]:
        day = self.rng.randrange(1000)
        date = f"{2024 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 31 % 28:02d}"
        utc = f"{date}T{self.rng.randrange(24):02d}:00:00Z" if self.rng.random() < 0.5 else None
        url = f"https://example.ru/{n}"
        seen = "2026-11-01T00:00:00Z"
        source = self.rng.choice(SOURCES)
        return (
            f"b{n:07d}", source, "Регион", "ministry", url, url, f"Релиз {n}", body, "", f"h{n}", seen,
            "Europe/Moscow", date, utc, seen, seen,
        )  # fmt: skip


_INSERT = (
    "INSERT INTO releases (release_id, source, region, publisher_kind, url, canonical_url, title, body_text,"
    " body_html, content_hash, fetched_at, timezone, published_date, published_utc, first_seen, last_seen)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def build(path: Path, corpus: Corpus, count: int) -> None:
    archive = Archive.open(path)
    archive.sync_sources([make_source(name) for name in SOURCES])
    db = archive.db
    db.execute("DROP TRIGGER IF EXISTS releases_ai")  # FTS of exact forms: setup speed only
    start = len(corpus.bodies)
    for offset in range(0, count, 5000):
        with db.atomic():
            db.conn.executemany(
                _INSERT,
                [corpus.row(start + n, corpus.body()) for n in range(offset, min(count, offset + 5000))],
            )
    archive.close()


def night_rows(corpus: Corpus) -> list[tuple[Any, ...]]:
    """200 releases: 60 copies of archived releases, 140 new texts."""
    start = len(corpus.bodies)
    rows = []
    for n in range(NIGHT):
        body = corpus.copy(corpus.rng.choice(corpus.bodies[:start])) if n < 60 else corpus.text()
        corpus.bodies.append(body)
        rows.append(corpus.row(start + n, body))
    return rows


def insert(path: Path, rows: list[tuple[Any, ...]]) -> None:
    archive = Archive.open(path)
    with archive.db.atomic():
        archive.db.conn.executemany(_INSERT, rows)
    archive.close()


# --- measuring ------------------------------------------------------------------------------------


@contextmanager
def longest_transaction() -> Iterator[list[float]]:
    """Yields [longest write transaction of archive.clusters in seconds (BEGIN IMMEDIATE to the
    end of COMMIT), how many]."""
    found = [0.0, 0.0]
    original = clusters.write_transaction

    @contextmanager
    def timed_transaction(db: Database) -> Iterator[None]:
        start = time.perf_counter()
        with original(db):
            yield
        found[0] = max(found[0], time.perf_counter() - start)
        found[1] += 1

    clusters.write_transaction = timed_transaction  # type: ignore[assignment]
    try:
        yield found
    finally:
        clusters.write_transaction = original  # type: ignore[assignment]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_cpu(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of this process (the machine is shared: CPU time is the steadier one)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def outcome(db: Database) -> tuple[Any, ...]:
    return (
        db.execute("SELECT id, first_release_id, size FROM clusters ORDER BY id").fetchall(),
        db.execute("SELECT release_id, cluster_id FROM releases ORDER BY release_id").fetchall(),
    )


def bench_signatures(corpus: Corpus) -> None:
    texts = [corpus.text() for _ in range(500)]
    old_signature(texts[0]), clusters.signature(texts[0])  # imports (datasketch's takes ~2 s) and set-up
    old = timed(lambda: [old_signature(t) for t in texts])
    new = timed(lambda: [clusters.signature(t) for t in texts])
    same = all(old_signature(t) == clusters.signature(t) for t in texts[:50])
    print(
        f"signature: {len(texts)} bodies (median ~200 words): datasketch MinHash per body "
        f"{old / len(texts) * 1e3:.2f} ms, shared permutations + numpy {new / len(texts) * 1e3:.2f} ms "
        f"({old / new:.1f}x faster; identical bytes: {'yes' if same else 'NO'})"
    )


@dataclass
class Measured:
    """One size: the new archive, the old algorithm's copy (when it ran), the corpus, new wall s."""

    path: Path
    old_path: Path | None
    corpus: Corpus
    seconds: float


def bench_full(tmp: Path, size: int, old_max: int) -> Measured:
    corpus = Corpus()
    path = tmp / f"a{size}.db"
    build(path, corpus, size)
    old: tuple[float, float] | None = None
    old_path = None
    if size <= old_max:
        old_path = tmp / f"old{size}.db"
        shutil.copy(path, old_path)
        db = Database(old_path)
        old = timed_cpu(lambda: old_update_clusters(db, "2026-11-02T00:00:00Z"))
        old_result = outcome(db)
        db.close()
    archive = Archive.open(path)
    with longest_transaction() as longest:
        new = timed_cpu(lambda: clusters.update_clusters(archive.db, now="2026-11-02T00:00:00Z"))
    result = outcome(archive.db)
    archive.close()
    in_clusters = sum(size for _, _, size in result[0])
    cells = [f"{size:>8,}", f"{in_clusters:>9,}", f"{len(result[0]):>8,}"]
    if old is None:
        cells += [f"{'not run':>15}", f"{new[0]:7.1f} ({new[1]:5.1f})", f"{'—':>13}"]
    else:
        cells += [f"{old[0]:7.1f} ({old[1]:5.1f})", f"{new[0]:7.1f} ({new[1]:5.1f})"]
        cells += [f"{old[0] / new[0]:5.1f}x ({old[1] / new[1]:4.1f}x)"]
    same = "—" if old is None else ("yes" if result == old_result else "NO")
    cells += [f"{longest[0]:6.2f} s of {int(longest[1]):>3}", f"{same:>4}"]
    print(" ".join(cells))
    return Measured(path, old_path, corpus, new[0])


def bench_night(measured: Measured, size: int) -> float:
    """The night on the new archive (and on the old algorithm's copy when there is one); returns
    the new algorithm's wall seconds."""
    rows = night_rows(measured.corpus)
    insert(measured.path, rows)
    archive = Archive.open(measured.path)
    with longest_transaction() as longest:
        night, cpu = timed_cpu(lambda: clusters.update_clusters(archive.db, now="2026-11-03T00:00:00Z"))
    result = outcome(archive.db)
    idle = timed(lambda: clusters.update_clusters(archive.db, now="2026-11-04T00:00:00Z"))
    archive.close()
    print(
        f"incremental night: {NIGHT} new releases (60 copies of archived ones) on a {size:,}-release "
        f"archive: {night:.2f} s (CPU {cpu:.2f} s; longest write transaction {longest[0] * 1e3:.0f} ms); "
        f"the next run, nothing new: {idle * 1e3:.0f} ms"
    )
    if measured.old_path is not None:
        insert(measured.old_path, rows)
        db = Database(measured.old_path)
        old, old_cpu = timed_cpu(lambda: old_update_clusters(db, "2026-11-03T00:00:00Z"))
        same = "yes" if outcome(db) == result else "NO"
        db.close()
        print(
            f"  the same night, old algorithm (everything again, stored signatures reused): {old:.2f} s "
            f"(CPU {old_cpu:.2f} s): {old / night:.0f}x the new (CPU {old_cpu / cpu:.0f}x); "
            f"same result: {same}"
        )
    return night


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 2000, 4000, 10000])
    parser.add_argument("--large", action="store_true", help="also 100,000 releases and the night on them")
    parser.add_argument("--old-max", type=int, default=10000, help="largest N the old algorithm is timed on")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each run's phases")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="  %(message)s")
    if args.verbose:
        logging.getLogger("archive.clusters").setLevel(logging.INFO)
    sizes = sorted(set(args.sizes + ([100_000] if args.large else [])))
    bench_signatures(Corpus(7))
    print("full clustering from nothing (signatures, candidates, clusters, writes): wall s (CPU s)")
    header = ("N", "clustered", "clusters", "old", "new", "old/new", "longest write txn", "same")
    print("{:>8} {:>9} {:>8} {:>15} {:>15} {:>13} {:>16} {}".format(*header))
    results: dict[int, Measured] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            results[size] = bench_full(Path(tmp), size, args.old_max)
        compared = [size for size in sizes if results[size].old_path is not None]
        if compared and compared[-1] != sizes[-1]:
            bench_night(results[compared[-1]], compared[-1])
        night = bench_night(results[sizes[-1]], sizes[-1])
    print("goals:")
    if 100_000 in results:
        full = results[100_000].seconds
        met = "met" if full < GOAL_FULL_S else "NOT met"
        print(f"  100k releases clustered in under {GOAL_FULL_S:.0f} s: {full:.1f} s -> {met}")
    else:
        print("  100k releases clustered in under 5 minutes: not measured (run with --large)")
    verdict = "met" if night < GOAL_NIGHT_S else "NOT met"
    scope = "" if sizes[-1] >= 100_000 else f" (measured on {sizes[-1]:,}; run with --large for 100k)"
    print(f"  incremental night under {GOAL_NIGHT_S:.0f} s: {night:.2f} s -> {verdict}{scope}")


if __name__ == "__main__":
    main()
