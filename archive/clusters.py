"""Republication clusters: the same text published by several sources, under different titles.

Each release body becomes a set of word 5-shingles (lower-cased, ё as е, so a retyped title or
a changed lead does not matter) and a MinHash signature (datasketch, fixed seed), kept in
`release_signatures` and recomputed only when the content changes. A MinHash LSH index finds
candidate pairs; a pair joins when its estimated Jaccard similarity is at least THRESHOLD.
Connected pairs form a cluster. Its "first" release is the earliest published (date, then time
when both have one), then the earliest seen. Cluster ids stay stable across runs while the
cluster keeps its first release.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

logger = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.5
MIN_WORDS = 40  # shorter bodies ("Фоторепортаж", a one-line announcement) are not compared
SEED = 20261101
SCHEME = "affine32"  # datasketch 2 permutation scheme; stored signatures are only comparable within one
_WORDS = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the normalised text (empty when the text has fewer than MIN_WORDS words)."""
    words = _WORDS.findall(text.lower().replace("ё", "е"))
    if len(words) < MIN_WORDS:
        return set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes | None:
    """The MinHash of a body as bytes, or None when the body is too short to compare."""
    from datasketch import MinHash

    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(grams))
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def _minhash(blob: bytes) -> Any:
    import numpy as np
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=SCHEME,
        hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64),
    )


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(_minhash(a).jaccard(_minhash(b)))


def update_signatures(db: Database) -> int:
    """Compute signatures for releases that have none or whose content changed; return how many."""
    rows = db.execute(
        "SELECT r.release_id, r.content_hash, r.body_text FROM releases r"
        " LEFT JOIN release_signatures s ON s.release_id = r.release_id"
        " WHERE s.release_id IS NULL OR s.content_hash != r.content_hash"
    ).fetchall()
    db.conn.executemany(
        "INSERT OR REPLACE INTO release_signatures (release_id, content_hash, minhash) VALUES (?, ?, ?)",
        [(release_id, content_hash, signature(body)) for release_id, content_hash, body in rows],
    )
    return len(rows)


def find_groups(db: Database) -> list[set[str]]:
    """Sets of release_ids whose bodies are near-duplicates (two or more members each)."""
    from datasketch import MinHashLSH

    rows = db.execute(
        "SELECT release_id, minhash FROM release_signatures WHERE minhash IS NOT NULL"
    ).fetchall()
    hashes = {release_id: _minhash(blob) for release_id, blob in rows}
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
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
            if other != release_id and minhash.jaccard(hashes[other]) >= THRESHOLD:
                parent[root(other)] = root(release_id)
    groups: dict[str, set[str]] = {}
    for release_id in hashes:
        groups.setdefault(root(release_id), set()).add(release_id)
    return [members for members in groups.values() if len(members) > 1]


def _earlier(a: dict[str, Any], b: dict[str, Any]) -> int:
    """-1 when `a` was published first (see the module docstring)."""
    da, db_ = a["published_date"], b["published_date"]
    if da != db_:
        if da is None or db_ is None:
            return -1 if db_ is None else 1
        return -1 if da < db_ else 1
    if a["published_utc"] and b["published_utc"] and a["published_utc"] != b["published_utc"]:
        return -1 if a["published_utc"] < b["published_utc"] else 1
    key_a, key_b = (a["first_seen"], a["release_id"]), (b["first_seen"], b["release_id"])
    return -1 if key_a < key_b else (1 if key_a > key_b else 0)


def first_of(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return sorted(rows, key=functools.cmp_to_key(_earlier))[0]


@dataclass(frozen=True)
class ClusterSummary:
    signatures: int  # computed in this run
    clusters: int
    clustered_releases: int


def update_clusters(db: Database, now: str | None = None) -> ClusterSummary:
    """Recompute every cluster in one transaction (signatures are reused)."""
    now = now or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with db.atomic():
        computed = update_signatures(db)
        groups = find_groups(db)
        _store(db, groups, now)
    summary = ClusterSummary(computed, len(groups), sum(len(g) for g in groups))
    logger.info("clusters: %s", summary)
    return summary


def _store(db: Database, groups: list[set[str]], now: str) -> None:
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
        first = first_of(info[m] for m in members)["release_id"]
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
