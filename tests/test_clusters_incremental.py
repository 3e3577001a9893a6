"""Incremental clusters: the same clusters and ids as recomputing every cluster, at the cost of the
night's new and changed releases, written in short transactions; archives clustered before the
band index are upgraded without a change of cluster."""

from __future__ import annotations

import dataclasses
import functools
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from sqlite_utils import Database

from archive import clusters
from archive.cluster_signatures import Signatures
from archive.clusters import (
    BANDS,
    NUM_PERM,
    ROWS,
    SCHEME,
    SEED,
    THRESHOLD,
    band_hashes,
    first_of,
    shingles,
    signature,
    update_clusters,
)
from archive.records import Release
from archive.store import Archive
from tests.test_clusters import demo_releases
from tests.test_store import make_release, make_source

SEEN = "2026-11-26T05:00:00Z"
SOURCES = ("mo-minec", "kurgan", "perm", "ugra")


# --- the algorithm this replaces, kept as the reference: every signature, every cluster, each run


def reference_update(db: Database, now: str) -> None:
    """The pre-index update_clusters: signatures of changed releases, a MinHashLSH of all of them,
    every cluster recomputed and stored in one transaction."""
    with db.atomic():
        rows = db.execute(
            "SELECT r.release_id, r.content_hash, r.body_text FROM releases r"
            " LEFT JOIN release_signatures s ON s.release_id = r.release_id"
            " WHERE s.release_id IS NULL OR s.content_hash != r.content_hash"
        ).fetchall()
        db.conn.executemany(
            "INSERT OR REPLACE INTO release_signatures (release_id, content_hash, minhash) VALUES (?, ?, ?)",
            [(rid, content_hash, _datasketch_signature(body)) for rid, content_hash, body in rows],
        )
        _reference_store(db, _reference_groups(db), now)


def _datasketch_signature(text: str) -> bytes | None:
    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(grams))
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def _minhash(blob: bytes) -> Any:
    values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=values)


def _reference_groups(db: Database) -> list[set[str]]:
    rows = db.execute("SELECT release_id, minhash FROM release_signatures WHERE minhash IS NOT NULL")
    hashes = {release_id: _minhash(blob) for release_id, blob in rows}
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for release_id, minhash in hashes.items():
        lsh.insert(release_id, minhash)
    parent = {release_id: release_id for release_id in hashes}

    def root(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for release_id, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other != release_id and minhash.jaccard(hashes[other]) >= THRESHOLD:
                parent[root(other)] = root(release_id)
    groups: dict[str, set[str]] = {}
    for release_id in hashes:
        groups.setdefault(root(release_id), set()).add(release_id)
    return [members for members in groups.values() if len(members) > 1]


def _reference_store(db: Database, groups: list[set[str]], now: str) -> None:
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
        existing[cluster_id] = (
            first,
            frozenset(r for r, row in info.items() if row["cluster_id"] == cluster_id),
        )
    by_first = {first: cluster_id for cluster_id, (first, _) in existing.items()}
    wanted: dict[int, tuple[str, frozenset[str]]] = {}
    fresh: list[tuple[str, frozenset[str]]] = []
    for group in sorted(groups, key=lambda g: (-len(g), min(g))):
        members = frozenset(group)
        first = first_of(info[m] for m in members)["release_id"]
        previous = sorted({info[m]["cluster_id"] for m in members if info[m]["cluster_id"] is not None})
        cluster_id = next(
            (c for c in [by_first.get(first), *previous] if c is not None and c not in wanted), None
        )
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
    db.conn.executemany("DELETE FROM clusters WHERE id = ?", [(c,) for c in existing if c not in wanted])


# --- a random corpus with planted near-duplicates


class Corpus:
    """Random texts and edited copies of them (a few words changed, up to half of them: some
    copies stay above the threshold, some fall under it; copies of copies make chains)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        syllables = [c + v for c in "бвгджзклмнпрст" for v in "аеиоуя"]
        self.words = ["".join(self.rng.choices(syllables, k=self.rng.randint(2, 4))) for _ in range(3000)]
        self.count = 0
        self.bodies: list[str] = []

    def text(self) -> str:
        return " ".join(self.rng.choices(self.words, k=self.rng.randint(45, 160)))

    def edit(self, text: str) -> str:
        words = text.split()
        for _ in range(int(len(words) * self.rng.choice([0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]))):
            words[self.rng.randrange(len(words))] = self.rng.choice(self.words)
        if self.rng.random() < 0.3:
            words = self.text().split()[:8] + words
        return " ".join(words)

    def body(self) -> str:
        if self.bodies and self.rng.random() < 0.55:
            body = self.edit(self.rng.choice(self.bodies[-400:]))
        elif self.rng.random() < 0.03:
            body = "Фоторепортаж с выставки"
        else:
            body = self.text()
        self.bodies.append(body)
        return body

    def release(self) -> Release:
        n, self.count = self.count, self.count + 1
        day = self.rng.randint(1, 28)
        dated = self.rng.random() < 0.95
        timed = dated and self.rng.random() < 0.6
        return make_release(
            10_000 + n,
            source=self.rng.choice(SOURCES),
            body_text=self.body(),
            content_hash=f"h{n}",
            published_date=f"2026-10-{day:02d}" if dated else None,
            published_utc=f"2026-10-{day:02d}T{self.rng.randint(0, 23):02d}:00:00Z" if timed else None,
            date_precision="minute" if timed else "day",
        )

    def changed(self, release_id: str, n: int) -> Release:
        """A new text for a known release (sometimes an edit of its own, sometimes another one)."""
        index = int(release_id.removeprefix("rel")) - 10_000
        body = self.edit(self.bodies[index]) if self.rng.random() < 0.5 else self.body()
        return make_release(index + 10_000, source=SOURCES[0], body_text=body, content_hash=f"h{index}-v{n}")


def open_pair(tmp_path: Path) -> tuple[Archive, Archive]:
    archives = (Archive.open(tmp_path / "new.db"), Archive.open(tmp_path / "reference.db"))
    for archive in archives:
        archive.sync_sources([make_source(name) for name in SOURCES])
    return archives


def state(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        db.execute("SELECT id, first_release_id, size, updated_at FROM clusters ORDER BY id").fetchall(),
        db.execute("SELECT release_id, cluster_id FROM releases ORDER BY release_id").fetchall(),
    )


def assert_index_complete(db: Database) -> None:
    """The band index holds the bands of every stored signature and nothing else; nothing queued."""
    rows = db.execute(
        "SELECT release_id, minhash FROM release_signatures WHERE minhash IS NOT NULL"
    ).fetchall()
    expected = set()
    for release_id, blob in rows:
        values = np.frombuffer(blob, dtype="<u8").astype(np.uint32)
        for band, value in enumerate(band_hashes(values[None, :])[0].tolist()):
            expected.add((band, value, release_id))
    assert set(db.execute("SELECT band, hash, release_id FROM release_bands").fetchall()) == expected
    assert db.execute("SELECT count(*) FROM cluster_queue").fetchone()[0] == 0


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clusters, "WRITE_BATCH", 7)  # many transactions, whole neighbourhoods each


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("seed", [1, 2])
def test_nights_give_the_clusters_and_ids_of_a_full_recomputation(tmp_path: Path, seed: int) -> None:
    corpus = Corpus(seed)
    new, reference = open_pair(tmp_path)
    both = (new, reference)
    nights = [f"2026-11-0{n}T05:00:00Z" for n in range(1, 7)]
    first = [corpus.release() for _ in range(250)]
    for archive in both:
        archive.save_releases(first, seen_at=nights[0])
    summary = update_clusters(new.db, now=nights[0])
    reference_update(reference.db, nights[0])
    assert state(new.db) == state(reference.db)
    assert summary.signatures == 250 and summary.clusters == len(state(reference.db)[0]) > 10
    for n, night in enumerate(nights[1:], 2):
        clustered = [r for r, c in state(reference.db)[1] if c is not None]
        changed = [corpus.changed(r, n) for r in corpus.rng.sample(clustered, 6)]
        added = [corpus.release() for _ in range(30)]
        redated = corpus.rng.sample(clustered, 3)
        for archive in both:
            archive.save_releases(changed + added, seen_at=night)
            for release_id in redated:  # a re-extraction finds another date, same text
                archive.db.execute(
                    "UPDATE releases SET published_date = '2026-09-01', published_utc = NULL"
                    " WHERE release_id = ?",
                    [release_id],
                )
            archive.db.conn.commit()
        summary = update_clusters(new.db, now=night)
        reference_update(reference.db, night)
        assert state(new.db) == state(reference.db), f"night {n}"
        assert summary.signatures == 36
        assert_index_complete(new.db)
    for archive in both:
        archive.close()


def test_a_text_republished_a_hundred_times_and_its_chains(tmp_path: Path) -> None:
    """Large LSH buckets (one text in 150 lightly edited copies, and a chain of edits drifting
    away from it) are linked member by member, with the reference's result."""
    corpus = Corpus(13)
    base = corpus.text() + " " + corpus.text()
    bodies = [corpus.edit(base) if n % 3 else base.replace(" ", " новость ", n % 7) for n in range(150)]
    drift = base
    for _ in range(40):
        words = drift.split()
        for _ in range(len(words) // 12):
            words[corpus.rng.randrange(len(words))] = corpus.rng.choice(corpus.words)
        bodies.append(drift := " ".join(words))
    bodies += [corpus.text() for _ in range(100)]
    releases = [
        make_release(n, source=corpus.rng.choice(SOURCES), body_text=body, content_hash=f"h{n}")
        for n, body in enumerate(bodies)
    ]
    new, reference = open_pair(tmp_path)
    for archive in (new, reference):
        archive.save_releases(releases[:200], seen_at=SEEN)
    update_clusters(new.db, now=SEEN)
    reference_update(reference.db, SEEN)
    assert state(new.db) == state(reference.db)
    assert max(size for _, _, size, _ in state(new.db)[0]) > clusters._SMALL_BUCKET
    for archive in (new, reference):
        archive.save_releases(releases[200:], seen_at="2026-11-27T05:00:00Z")
    update_clusters(new.db, now="2026-11-27T05:00:00Z")
    reference_update(reference.db, "2026-11-27T05:00:00Z")
    assert state(new.db) == state(reference.db)
    assert_index_complete(new.db)
    new.close()
    reference.close()


def test_signatures_equal_datasketch_without_a_minhash_per_body(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []
    original = MinHash._init_permutations

    def counted(self: MinHash, num_perm: int) -> Any:
        made.append(num_perm)
        return original(self, num_perm)

    monkeypatch.setattr(MinHash, "_init_permutations", counted)
    clusters._permutations.cache_clear()
    corpus = Corpus(3)
    texts = [corpus.body() for _ in range(20)] + [r.body_text for r in demo_releases()]  # ё, digits
    ours = [signature(text) for text in texts]
    assert made == []  # datasketch draws the permutations again for every MinHash
    assert ours == [_datasketch_signature(text) for text in texts]
    assert sum(s is not None for s in ours) > 10
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


def test_written_permutations_are_datasketchs_draws() -> None:
    generator = np.random.RandomState(clusters.SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    written_a, written_b = clusters._permutations()
    assert written_a.tolist() == a.tolist() and written_b.tolist() == b.tolist()
    assert (written_a.dtype, written_b.dtype) == (np.uint32, np.uint32)


def test_a_signature_needs_no_numpy_random() -> None:
    """numpy.random is ~6 MiB of the crawl's and the worker's memory; nothing there needs it."""
    code = (
        "import sys; from archive.clusters import signature, band_hashes, similarity;"
        "s = signature(' '.join(f'слово{i}' for i in range(60)));"
        "assert s is not None and similarity(s, s) == 1.0;"
        "assert 'numpy.random' not in sys.modules, 'numpy.random imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent)


def _vm_steps(db: Database, action: Callable[[], object]) -> int:
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(tick, 100)
    try:
        action()
    finally:
        db.conn.set_progress_handler(None, 0)
    return steps[0]


def test_a_night_costs_what_its_new_releases_cost_not_the_archive_size(tmp_path: Path) -> None:
    """The same 20 new releases (copies of old ones among them) added to an archive of 300 and to
    one of 1,200: the database work of the night's clustering barely grows."""
    costs = []
    for size in (300, 1200):
        corpus = Corpus(5)
        archive = Archive.open(tmp_path / f"{size}.db")
        archive.sync_sources([make_source(name) for name in SOURCES])
        base = [corpus.release() for _ in range(size)]
        archive.save_releases(base, seen_at=SEEN)
        update_clusters(archive.db, now=SEEN)
        night = random.Random(9)
        copies = [
            dataclasses.replace(
                r,
                release_id=f"new{i}",
                url=f"{r.url}/copy{i}",
                canonical_url=f"{r.url}/copy{i}",
                body_text=corpus.edit(r.body_text),
                content_hash=f"new{i}",
            )
            for i, r in enumerate(night.sample(base[:300], 10))
        ]
        fresh = [dataclasses.replace(make_release(90_000 + i), body_text=corpus.text()) for i in range(10)]
        added = copies + fresh
        archive.save_releases(added, seen_at="2026-11-27T05:00:00Z")
        costs.append(_vm_steps(archive.db, functools.partial(update_clusters, archive.db)))
        archive.close()
    assert costs[1] < 1.5 * costs[0], costs


def test_a_full_clustering_is_written_in_short_transactions(tmp_path: Path, small_batches: None) -> None:
    corpus = Corpus(7)
    archive = Archive.open(tmp_path / "a.db")
    archive.sync_sources([make_source(name) for name in SOURCES])
    archive.save_releases([corpus.release() for _ in range(300)], seen_at=SEEN)
    changes: list[int] = []
    opened: list[int] = []

    def trace(statement: str) -> None:
        word = statement.split(None, 1)[0].upper()
        if word == "BEGIN":
            opened.append(archive.db.conn.total_changes)
        elif word == "COMMIT" and opened:
            changes.append(archive.db.conn.total_changes - opened.pop())

    archive.db.conn.set_trace_callback(trace)
    update_clusters(archive.db, now=SEEN)
    archive.db.conn.set_trace_callback(None)
    largest = max(size for (size,) in archive.db.execute("SELECT size FROM clusters"))
    assert len(changes) > 300 / (7 + largest)
    per_release = 1 + BANDS + 2  # signature, bands, cluster_id, a share of the clusters rows
    assert max(changes) <= per_release * (7 + largest)
    assert_index_complete(archive.db)
    archive.close()


def _pre_index_archive(path: Path) -> Archive:
    """An archive as the code before the band index left it (migration 0075 not applied)."""
    archive = Archive.open(path)
    db = archive.db
    with db.atomic():
        db.execute("DROP TRIGGER cluster_queue_ai")
        db.execute("DROP TRIGGER cluster_queue_au")
        db.execute("DROP TABLE release_bands")
        db.execute("DROP TABLE cluster_queue")
        db.execute("ALTER TABLE release_signatures DROP COLUMN order_key")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0075_cluster_index'")
    return archive


def test_an_archive_clustered_before_the_index_keeps_its_clusters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clusters, "MAX_PASS", 45)  # the first run takes several passes
    corpus = Corpus(11)
    old = _pre_index_archive(tmp_path / "old.db")
    old.sync_sources([make_source(name) for name in SOURCES])
    releases = [corpus.release() for _ in range(200)]
    old.save_releases(releases, seen_at=SEEN)
    reference_update(old.db, SEEN)
    before = state(old.db)
    old.close()
    shutil.copy(tmp_path / "old.db", tmp_path / "reference.db")
    upgraded = Archive.open(tmp_path / "old.db")  # migration 0075 runs
    summary = update_clusters(upgraded.db, now="2026-11-27T05:00:00Z")
    assert summary.signatures == 0  # the stored signatures are reused
    assert state(upgraded.db) == before
    assert_index_complete(upgraded.db)
    reference = Archive.open(tmp_path / "reference.db")
    added = [corpus.release() for _ in range(40)]
    for archive in (upgraded, reference):
        archive.save_releases(added, seen_at="2026-11-28T05:00:00Z")
    update_clusters(upgraded.db, now="2026-11-28T05:00:00Z")
    reference_update(reference.db, "2026-11-28T05:00:00Z")
    assert state(upgraded.db) == state(reference.db)
    upgraded.close()
    reference.close()


def test_signatures_from_the_crawl_give_the_same_clusters_and_are_used(tmp_path: Path) -> None:
    """The crawl hands over the signatures it computed (archive.cluster_signatures): the clusters
    are those of hashing the bodies again; a handed signature is what the clustering uses, and one
    made from other content (the release changed since) is ignored."""
    handed, hashed = open_pair(tmp_path)
    releases = demo_releases()
    for archive in (handed, hashed):
        archive.sync_sources([make_source(name) for name in {release.source for release in releases}])
        archive.save_releases(releases, seen_at=SEEN)
    signed = Signatures()
    for release in releases:
        signed.add(release.release_id, release.content_hash, signature(release.body_text))
    stale = releases[0]
    signed.add(stale.release_id, "an older content", signature("совсем другой текст " * 40))
    assert update_clusters(handed.db, now=SEEN, signed=signed) == update_clusters(hashed.db, now=SEEN)
    assert state(handed.db) == state(hashed.db) and state(handed.db)[0]
    assert_index_complete(handed.db)
    stored = dict(handed.db.execute("SELECT release_id, minhash FROM release_signatures").fetchall())
    assert stored == dict(hashed.db.execute("SELECT release_id, minhash FROM release_signatures").fetchall())

    # a handed signature is taken as it is: one that lies about the text shows in what is stored
    (tmp_path / "liar").mkdir()
    liar, _ = open_pair(tmp_path / "liar")
    liar.sync_sources([make_source(release.source) for release in releases[:2]])
    liar.save_releases(releases[:2], seen_at=SEEN)
    lying = Signatures()
    lying.add(releases[1].release_id, releases[1].content_hash, signature(releases[0].body_text))
    update_clusters(liar.db, now=SEEN, signed=lying)
    (blob,) = liar.db.execute(
        "SELECT minhash FROM release_signatures WHERE release_id = ?", [releases[1].release_id]
    ).fetchone()
    assert blob == signature(releases[0].body_text)


def test_the_handed_signatures_are_bounded() -> None:
    signed = Signatures(limit=2)
    for n in range(5):
        signed.add(f"r{n}", f"h{n}", b"sig")
    signed.add("r9", "h9", None)  # a body too short to compare has no signature
    assert sorted(signed.by_release) == ["r0", "r1"]
    signed.add("r1", "h1-v2", b"new")  # a kept release's new content replaces its old one
    assert signed.get("r1", "h1-v2") == b"new" and signed.get("r1", "h1") is None


def test_handed_signatures_are_held_in_half_the_bytes() -> None:
    signed = Signatures()
    texts = [Corpus(5).body() for _ in range(5)]
    for n, text in enumerate(texts):
        signed.add(f"r{n}", f"h{n}", signature(text))
    assert all(len(kept) == NUM_PERM * 4 for _, kept, _ in signed.by_release.values())
    assert [signed.get(f"r{n}", f"h{n}") for n in range(5)] == [signature(text) for text in texts]
    wide = (1 << 40).to_bytes(8, "little") * NUM_PERM  # no signature of ours: kept as it came
    signed.add("wide", "h", wide)
    assert signed.get("wide", "h") == wide
