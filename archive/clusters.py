"""Republication clusters: the same text published by several sources, under different titles.

Each release body becomes a set of word 5-shingles (lower-cased, ё as е, so a retyped title or
a changed lead does not matter) and a MinHash signature (datasketch's affine32 scheme, fixed seed,
computed here with numpy and the scheme's permutations made once), kept in `release_signatures`
and recomputed only when the content changes. Two releases are linked when their signatures share
one of the BANDS x ROWS LSH bands (the banding datasketch's MinHashLSH uses for THRESHOLD) and
their estimated Jaccard similarity is at least THRESHOLD. Connected releases form a cluster. Its
"first" release is the earliest published (date, then time when both have one), then the earliest
seen. Cluster ids stay stable across runs while the cluster keeps its first release.

The work is incremental. Triggers queue every new release and every change of content or date
(`cluster_queue`); the band hashes of every clustered signature are kept in `release_bands`, so
the releases linked to a queued one are found by indexed lookups. A run re-derives only the
clusters around the queued releases: the queued releases, the clusters they were in, the releases
they now link to, and those releases' clusters. Releases outside that neighbourhood keep their
links (their signatures did not change) and so their clusters. The result is the one a
recomputation of every cluster gives (ids included: new clusters are numbered as the full
recomputation numbers them); a queue longer than MAX_PASS is taken in passes, each like a run of
its own. Writes go in short transactions of whole neighbourhoods (a cluster and every cluster its
members were in), each checking that no other run changed them meanwhile.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import logging
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlite_utils import Database

from archive import minhash_permutations as permutations
from archive.cluster_signatures import Signatures
from archive.transactions import write_transaction

logger = logging.getLogger(__name__)

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.5
MIN_WORDS = 40  # shorter bodies ("Фоторепортаж", a one-line announcement) are not compared
SEED = permutations.SEED
SCHEME = "affine32"  # datasketch 2 permutation scheme; stored signatures are only comparable within one
BANDS, ROWS = 25, 5  # what MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM) chooses (tests check it)
# the fewest equal hash values whose share reaches THRESHOLD, as datasketch's jaccard() computes it
MIN_EQUAL = next(c for c in range(NUM_PERM + 1) if float(c) / float(NUM_PERM) >= THRESHOLD)
WRITE_BATCH = 500  # releases written per transaction (a neighbourhood is never split)
# Queued releases re-clustered at once (~15 KB of memory each); a first run on a large archive takes passes.
MAX_PASS = 20_000
_SMALL_BUCKET = 48  # larger LSH buckets are linked member by member, not pair by pair
_CHUNK = 500  # values per SQL IN (...) list
_WORDS = re.compile(r"\w+")
try:  # CPython's own SHA-1: the same digest as hashlib's, at a third less per short input
    from _sha1 import sha1 as _sha1
except ImportError:  # pragma: no cover
    _sha1 = hashlib.sha1
_FMIX32 = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))
# band hashes are stored: changing these constants needs a migration that re-bands every signature
_BAND_BASIS, _BAND_PRIME = np.uint64(0xCBF29CE484222325), np.uint64(0x100000001B3)
_FMIX64 = (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the normalised text (empty when the text has fewer than MIN_WORDS words)."""
    words = _WORDS.findall(text.lower().replace("ё", "е"))
    if len(words) < MIN_WORDS:
        return set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine32 permutations (a odd, b) datasketch's MinHash._init_permutations draws for SEED
    (archive.minhash_permutations: datasketch draws them for every MinHash, and importing it
    costs ~1 s)."""
    return np.array(permutations.A, dtype=np.uint32), np.array(permutations.B, dtype=np.uint32)


def _hash_values(words: list[str]) -> np.ndarray:
    """datasketch MinHash.update_batch(shingles) for affine32: sha1_hash32 of each shingle, the
    MurmurHash3 finalizer, then the min over shingles of a * h + b mod 2**32 per permutation.
    Shingles are slices of the joined words (the bytes `shingles` makes, without a set: a repeated
    shingle does not change a minimum)."""
    joined = " ".join(words).encode("utf-8")
    ends = list(itertools.accumulate([len(word) + 1 for word in joined.split(b" ")]))
    starts = [0, *ends[:-SHINGLE_WORDS]]
    pairs = zip(starts, ends[SHINGLE_WORDS - 1 :], strict=True)
    digest = b"".join([_sha1(joined[start : end - 1]).digest()[:4] for start, end in pairs])
    hv = np.frombuffer(digest, dtype="<u4").astype(np.uint32)
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * _FMIX32[0]
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * _FMIX32[1]
    hv = hv ^ (hv >> np.uint32(16))
    a, b = _permutations()
    out = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(hv), 4096):  # bounded memory for very long bodies
        block = hv[start : start + 4096, None] * a + b
        np.minimum(out, block.min(axis=0), out=out)
    return out


def _signature_values(text: str) -> np.ndarray | None:
    words = _WORDS.findall(text.lower().replace("ё", "е"))
    return _hash_values(words) if len(words) >= MIN_WORDS else None


def _to_blob(values: np.ndarray) -> bytes:
    return bytes(values.astype("<u8").tobytes())


def _from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint32)


def signature(text: str) -> bytes | None:
    """The MinHash of a body as bytes, or None when the body is too short to compare."""
    values = _signature_values(text)
    return None if values is None else _to_blob(values)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(_from_blob(a) == _from_blob(b))) / float(NUM_PERM)


def band_hashes(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) signed 64-bit hashes of each signature's LSH bands (what `release_bands` holds).
    Equal bands give equal hashes; a rare equal hash of unequal bands is weeded out by `_linked`."""
    bands = sigs[:, : BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    h = np.full(bands.shape[:2], _BAND_BASIS, dtype=np.uint64)
    for k in range(ROWS):
        h = (h ^ bands[:, :, k]) * _BAND_PRIME
    h = h ^ (h >> np.uint64(33))
    h = h * _FMIX64[0]
    h = h ^ (h >> np.uint64(33))
    h = h * _FMIX64[1]
    h = h ^ (h >> np.uint64(33))
    return h.view(np.int64)


def _linked(sigs: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """For pairs of rows of `sigs`: whether the LSH index offers them to each other (a band in
    common) and their estimated similarity reaches THRESHOLD: the old MinHashLSH query + jaccard()."""
    out = np.zeros(len(left), dtype=bool)
    for start in range(0, len(left), 65536):
        equal = sigs[left[start : start + 65536]] == sigs[right[start : start + 65536]]
        similar = np.count_nonzero(equal, axis=1) >= MIN_EQUAL
        banded = equal[:, : BANDS * ROWS].reshape(len(equal), BANDS, ROWS).all(axis=2).any(axis=1)
        out[start : start + 65536] = similar & banded
    return out


def _roots(parent: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Union-find roots of `items` (parents always point to smaller indexes), compressing paths."""
    roots = parent[items]
    while True:
        up = parent[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    parent[items] = roots
    return roots


def _union(parent: np.ndarray, left: np.ndarray, right: np.ndarray) -> None:
    """Join the sets of each pair (hooking the larger root under the smaller, all pairs at once)."""
    while len(left):
        a, b = _roots(parent, left), _roots(parent, right)
        apart = a != b
        if not apart.any():
            return
        left, right, a, b = left[apart], right[apart], a[apart], b[apart]
        np.minimum.at(parent, np.maximum(a, b), np.minimum(a, b))


def _join_pairs(parent: np.ndarray, sigs: np.ndarray, left: np.ndarray, right: np.ndarray) -> None:
    apart = _roots(parent, left) != _roots(parent, right)
    left, right = left[apart], right[apart]
    linked = _linked(sigs, left, right)
    _union(parent, left[linked], right[linked])


def _join_bucket(parent: np.ndarray, sigs: np.ndarray, members: np.ndarray) -> None:
    """Every linked pair of a large bucket joined without comparing every pair: each member outside
    the bucket's largest set is compared with the members of the other sets (near-duplicates
    soon fall into one set, and a later band finds most of its bucket already in one)."""
    roots = _roots(parent, members)
    values, counts = np.unique(roots, return_counts=True)
    if len(values) == 1:
        return
    for position in np.flatnonzero(roots != values[np.argmax(counts)]).tolist():
        roots = _roots(parent, members)
        others = members[roots != roots[position]]
        if len(others):
            mine = np.full(len(others), members[position])
            linked = _linked(sigs, mine, others)
            _union(parent, mine[linked], others[linked])


def components(sigs: np.ndarray) -> np.ndarray:
    """A component label for each row of `sigs` (n x NUM_PERM uint32): rows are in one component
    when a chain of linked pairs (see `_linked`) joins them."""
    n = len(sigs)
    parent = np.arange(n)
    if n < 2:
        return parent
    hashes = band_hashes(sigs)
    for band in range(BANDS):
        column = hashes[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for size in np.unique(sizes[sizes >= 2]).tolist():
            first = starts[sizes == size]
            if size <= _SMALL_BUCKET:
                i, j = np.triu_indices(size, 1)
                left, right = order[first[:, None] + i].ravel(), order[first[:, None] + j].ravel()
                _join_pairs(parent, sigs, left, right)
            else:
                for start in first.tolist():
                    _join_bucket(parent, sigs, order[start : start + size])
    return _roots(parent, np.arange(n))


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


def order_key(info: dict[str, Any]) -> str:
    """What `_earlier` reads of a release, as stored with its signature: a release whose date
    changed is queued again (its cluster's first may change)."""
    return "|".join(info[k] or "" for k in ("published_date", "published_utc", "first_seen"))


@dataclass(frozen=True)
class ClusterSummary:
    signatures: int  # computed in this run
    clusters: int
    clustered_releases: int


@dataclass
class _Node:
    """A release of the neighbourhood being re-clustered."""

    info: dict[str, Any]  # release_id, published_date, published_utc, first_seen, cluster_id
    sig: np.ndarray | None
    dirty: bool = False  # queued: its signature, bands and order key are written by this run
    content_hash: str = ""
    old_sig: np.ndarray | None = None  # the signature its stored bands were made from
    old_banded: bool = False
    seqs: list[int] = field(default_factory=list)


@dataclass
class _Unit:
    """Releases and clusters that must change together: a new cluster and the old clusters of its
    members, closed under both (one transaction never holds half of one)."""

    releases: list[str] = field(default_factory=list)
    moves: list[tuple[int | None, str]] = field(default_factory=list)  # (cluster_id, release_id)
    inserts: list[tuple[int, str, int, str]] = field(default_factory=list)
    updates: list[tuple[str, int, str, int]] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)


_INFO = "r.release_id, r.published_date, r.published_utc, r.first_seen, r.cluster_id"
_UPSERT_SIGNATURE = (
    "INSERT INTO release_signatures (release_id, content_hash, minhash, order_key) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (release_id) DO UPDATE SET content_hash = excluded.content_hash,"
    " minhash = excluded.minhash, order_key = excluded.order_key"
)
_INFO_KEYS = ("release_id", "published_date", "published_utc", "first_seen", "cluster_id")


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" * len(items))


def update_clusters(db: Database, now: str | None = None, signed: Signatures | None = None) -> ClusterSummary:
    """Re-cluster around the releases queued since the last run (new, changed content or date).
    `signed`: signatures computed already (a body too short to compare has none: it is read)."""
    now = now or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    started = time.perf_counter()
    queue: dict[str, list[int]] = {}
    for seq, release_id in db.execute("SELECT seq, release_id FROM cluster_queue ORDER BY seq"):
        queue.setdefault(release_id, []).append(seq)
    computed = reclustered = written = 0
    phases = dict.fromkeys(("read", "link", "plan", "write"), 0.0)
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        phases[phase] += time.perf_counter() - clock
        clock = time.perf_counter()

    queued = list(queue)
    for start in range(0, len(queued), MAX_PASS):  # a pass is a run: memory is bounded
        part = {release_id: queue[release_id] for release_id in queued[start : start + MAX_PASS]}
        nodes, settled, hashed = _read_queued(db, part, signed)
        computed += hashed
        lap("read")
        if nodes:
            _add_linked(db, nodes)
            existing = _add_clusters(db, nodes)
            lap("link")
            (max_id,) = db.execute("SELECT max(id) FROM clusters").fetchone()
            units = _plan(nodes, existing, (max_id or 0) + 1, now)
            lap("plan")
            written += _write(db, nodes, units)
            reclustered += len(nodes)
        for chunk in _chunks(settled, 5000):
            with write_transaction(db):
                db.execute(f"DELETE FROM cluster_queue WHERE seq IN ({_marks(chunk)})", list(chunk))
        lap("write")
    clusters, clustered = db.execute("SELECT count(*), coalesce(sum(size), 0) FROM clusters").fetchone()
    summary = ClusterSummary(computed, clusters, clustered)
    logger.info(
        "clusters: %s (%d queued, %d re-clustered, neighbourhoods of %d written; %.2f s: %s)",
        summary, len(queue), reclustered, written, time.perf_counter() - started,
        ", ".join(f"{phase} {seconds:.2f}" for phase, seconds in phases.items()),
    )  # fmt: skip
    return summary


def _read_queued(
    db: Database, queue: dict[str, list[int]], signed: Signatures | None = None
) -> tuple[dict[str, _Node], list[int], int]:
    """The queued releases that need re-clustering (with their signatures, computed when the
    content changed unless `signed` has them), the queue entries that need nothing, and how many
    signatures were computed or taken."""
    nodes: dict[str, _Node] = {}
    settled: list[int] = []
    stale: list[str] = []
    taken = 0
    for chunk in _chunks(list(queue)):
        rows = db.execute(
            f"SELECT {_INFO}, r.content_hash, s.content_hash, s.minhash, s.order_key FROM releases r"
            " LEFT JOIN release_signatures s ON s.release_id = r.release_id"
            f" WHERE r.release_id IN ({_marks(chunk)})",
            list(chunk),
        ).fetchall()
        for row in rows:
            info = dict(zip(_INFO_KEYS, row[:5], strict=True))
            content_hash, signed_hash, blob, signed_order = row[5:]
            release_id = info["release_id"]
            if signed_hash == content_hash and signed_order == order_key(info):
                settled.extend(queue[release_id])
                continue
            old_sig = None if blob is None else _from_blob(blob)
            node = _Node(info, old_sig, True, content_hash, old_sig, signed_order is not None)
            node.seqs = queue[release_id]
            nodes[release_id] = node
            if signed_hash != content_hash:
                known = signed.get(release_id, content_hash) if signed is not None else None
                if known is None:
                    stale.append(release_id)
                else:
                    node.content_hash, node.sig = content_hash, _from_blob(known)
                    taken += 1
        missing = set(chunk) - {row[0] for row in rows}
        settled.extend(seq for release_id in missing for seq in queue[release_id])
    for chunk in _chunks(stale):
        for release_id, content_hash, body in db.execute(
            f"SELECT release_id, content_hash, body_text FROM releases WHERE release_id IN ({_marks(chunk)})",
            list(chunk),
        ):
            node = nodes[release_id]
            node.content_hash, node.sig = content_hash, _signature_values(body or "")
    return nodes, settled, len(stale) + taken


def _load(db: Database, where: str, params: Sequence[Any]) -> list[tuple[dict[str, Any], np.ndarray | None]]:
    rows = db.execute(
        f"SELECT {_INFO}, s.minhash FROM releases r"
        f" LEFT JOIN release_signatures s ON s.release_id = r.release_id WHERE {where}",
        list(params),
    ).fetchall()
    return [
        (dict(zip(_INFO_KEYS, row[:5], strict=True)), None if row[5] is None else _from_blob(row[5]))
        for row in rows
    ]


def _add_linked(db: Database, nodes: dict[str, _Node]) -> None:
    """Add the settled releases linked to a queued one, found by their stored band hashes."""
    queued = [node for node in nodes.values() if node.sig is not None]
    if not queued:
        return
    sigs = np.stack([node.sig for node in queued if node.sig is not None])
    hashes = band_hashes(sigs)
    offered: dict[str, set[int]] = {}
    for band in range(BANDS):
        by_hash: dict[int, list[int]] = {}
        for k, value in enumerate(hashes[:, band].tolist()):
            by_hash.setdefault(value, []).append(k)
        for chunk in _chunks(list(by_hash)):
            for value, release_id in db.execute(
                f"SELECT hash, release_id FROM release_bands WHERE band = ? AND hash IN ({_marks(chunk)})",
                [band, *chunk],
            ):
                if release_id not in nodes:  # a queued release's stored bands are outdated
                    offered.setdefault(release_id, set()).update(by_hash[value])
    candidates = list(offered)
    for chunk in _chunks(candidates):
        for info, sig in _load(db, f"r.release_id IN ({_marks(chunk)})", chunk):
            if sig is None:
                continue
            mine = np.array(sorted(offered[info["release_id"]]))
            pool = np.vstack([sigs[mine], sig[None, :]])
            if _linked(pool, np.arange(len(mine)), np.full(len(mine), len(mine))).any():
                nodes[info["release_id"]] = _Node(info, sig)
    logger.debug("clusters: %d releases offered by the band index, %d linked", len(candidates), len(nodes))


def _add_clusters(db: Database, nodes: dict[str, _Node]) -> dict[int, str]:
    """Add every member of every cluster a node is in (or is the first of), until closed; return
    those clusters' first releases."""
    clusters: dict[int, str] = {}
    looked: set[int] = set()
    asked: set[str] = set()
    while True:
        unasked = [r for r in nodes if r not in asked]
        asked.update(unasked)
        wanted = {n.info["cluster_id"] for n in nodes.values() if n.info["cluster_id"] is not None}
        for chunk in _chunks(unasked):
            wanted.update(
                cluster_id
                for (cluster_id,) in db.execute(
                    f"SELECT id FROM clusters WHERE first_release_id IN ({_marks(chunk)})", list(chunk)
                )
            )
        new = sorted(wanted - looked)
        if not new:
            return clusters
        looked.update(new)
        for chunk in _chunks(new):
            clusters.update(
                db.execute(
                    f"SELECT id, first_release_id FROM clusters WHERE id IN ({_marks(chunk)})", list(chunk)
                ).fetchall()
            )
            for info, sig in _load(db, f"r.cluster_id IN ({_marks(chunk)})", chunk):
                if info["release_id"] not in nodes:
                    nodes[info["release_id"]] = _Node(info, sig)


def _plan(nodes: dict[str, _Node], clusters: dict[int, str], next_id: int, now: str) -> list[_Unit]:
    """The new clusters of the neighbourhood, their ids chosen as a recomputation of every cluster
    chooses them (the rule and order of the full recomputation this replaces), as units of writes."""
    ids = [r for r, node in nodes.items() if node.sig is not None]
    grouped: dict[int, set[str]] = {}
    if ids:
        labels = components(np.stack([node.sig for node in nodes.values() if node.sig is not None]))
        for release_id, label in zip(ids, labels.tolist(), strict=True):
            grouped.setdefault(label, set()).add(release_id)
    groups = [g for g in grouped.values() if len(g) > 1]
    old_members: dict[int, set[str]] = {}
    for release_id, node in nodes.items():
        if node.info["cluster_id"] is not None:
            old_members.setdefault(node.info["cluster_id"], set()).add(release_id)
    existing = {cid: (first, frozenset(old_members.get(cid, ()))) for cid, first in clusters.items()}
    by_first = {first: cluster_id for cluster_id, (first, _) in existing.items()}
    wanted: dict[int, tuple[str, frozenset[str]]] = {}
    fresh: list[tuple[str, frozenset[str]]] = []
    for group in sorted(groups, key=lambda g: (-len(g), min(g))):
        members = frozenset(group)
        first = first_of(nodes[m].info for m in members)["release_id"]
        previous = sorted({nodes[m].info["cluster_id"] for m in members} & set(existing))
        candidates = [by_first.get(first), *previous]
        cluster_id = next((c for c in candidates if c is not None and c not in wanted), None)
        if cluster_id is None:
            fresh.append((first, members))
        else:
            wanted[cluster_id] = (first, members)
    new_ids = set()
    for first, members in fresh:  # numbered as SQLite numbered them: max(id) + 1, in this order
        wanted[next_id] = (first, members)
        new_ids.add(next_id)
        next_id += 1
    return _units(nodes, existing, wanted, new_ids, now)


def _units(
    nodes: dict[str, _Node],
    existing: dict[int, tuple[str, frozenset[str]]],
    wanted: dict[int, tuple[str, frozenset[str]]],
    new_ids: set[int],
    now: str,
) -> list[_Unit]:
    """Group the writes by unit; drop the units with nothing to write."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    member_of = {m: cluster_id for cluster_id, (_, members) in wanted.items() for m in members}
    for release_id, node in nodes.items():
        for cluster_id in (node.info["cluster_id"], member_of.get(release_id)):
            if cluster_id is not None:
                parent[root(f"r{release_id}")] = root(f"c{cluster_id}")
    units: dict[str, _Unit] = {}

    def unit(key: str) -> _Unit:
        return units.setdefault(root(key), _Unit())

    for release_id, node in nodes.items():
        found = unit(f"r{release_id}")
        found.releases.append(release_id)
        if member_of.get(release_id) != node.info["cluster_id"]:
            found.moves.append((member_of.get(release_id), release_id))
    for cluster_id, (first, members) in wanted.items():
        if cluster_id in new_ids:
            unit(f"c{cluster_id}").inserts.append((cluster_id, first, len(members), now))
        elif existing[cluster_id] != (first, members):
            unit(f"c{cluster_id}").updates.append((first, len(members), now, cluster_id))
    for cluster_id in existing:
        if cluster_id not in wanted:
            unit(f"c{cluster_id}").deletes.append(cluster_id)
    return [
        found
        for found in units.values()
        if found.moves or found.inserts or found.updates or found.deletes
        or any(nodes[r].dirty for r in found.releases)
    ]  # fmt: skip


def _write(db: Database, nodes: dict[str, _Node], units: list[_Unit]) -> int:
    """Write the units in transactions of about WRITE_BATCH releases; return how many were written."""
    written = size = 0
    batch: list[_Unit] = []
    for found in units:
        batch.append(found)
        size += len(found.releases)
        if size >= WRITE_BATCH:
            written += _write_batch(db, nodes, batch)
            batch, size = [], 0
    if batch:
        written += _write_batch(db, nodes, batch)
    return written


def _write_batch(db: Database, nodes: dict[str, _Node], batch: list[_Unit]) -> int:
    with write_transaction(db):
        ok = _unchanged(db, nodes, batch)
        signed, dropped, banded, seqs = _signature_rows(nodes, ok)
        db.conn.executemany(
            "INSERT INTO clusters (id, first_release_id, size, updated_at) VALUES (?, ?, ?, ?)",
            [row for found in ok for row in found.inserts],
        )
        db.conn.executemany(
            _UPSERT_SIGNATURE,
            signed,
        )
        db.conn.executemany(
            "DELETE FROM release_bands WHERE band = ? AND hash = ? AND release_id = ?", dropped
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO release_bands (band, hash, release_id) VALUES (?, ?, ?)", banded
        )
        db.conn.executemany(
            "UPDATE releases SET cluster_id = ? WHERE release_id = ?", [m for u in ok for m in u.moves]
        )
        db.conn.executemany(
            "UPDATE clusters SET first_release_id = ?, size = ?, updated_at = ? WHERE id = ?",
            [row for found in ok for row in found.updates],
        )
        db.conn.executemany("DELETE FROM clusters WHERE id = ?", [(c,) for u in ok for c in u.deletes])
        for chunk in _chunks(seqs):
            db.execute(f"DELETE FROM cluster_queue WHERE seq IN ({_marks(chunk)})", list(chunk))
    count = sum(len(found.releases) for found in ok)
    logger.debug("clusters: wrote %d neighbourhoods (%d releases)", len(ok), count)
    return count


def _unchanged(db: Database, nodes: dict[str, _Node], batch: list[_Unit]) -> list[_Unit]:
    """The units whose releases are still in the clusters this run read them in, and whose new
    cluster ids are still free (another clustering may have run meanwhile; the rest stays queued)."""
    current: dict[str, int | None] = {}
    ids = [release_id for found in batch for release_id in found.releases]
    for chunk in _chunks(ids):
        current.update(
            db.execute(
                f"SELECT release_id, cluster_id FROM releases WHERE release_id IN ({_marks(chunk)})",
                list(chunk),
            ).fetchall()
        )
    new_ids = [row[0] for found in batch for row in found.inserts]
    taken: set[int] = set()
    for chunk in _chunks(new_ids):
        taken.update(
            c for (c,) in db.execute(f"SELECT id FROM clusters WHERE id IN ({_marks(chunk)})", chunk)
        )
    ok = [
        found
        for found in batch
        if not any(row[0] in taken for row in found.inserts)
        and all(r in current and current[r] == nodes[r].info["cluster_id"] for r in found.releases)
    ]
    if len(ok) < len(batch):
        logger.warning("clusters: %d neighbourhoods changed meanwhile, left queued", len(batch) - len(ok))
    return ok


def _signature_rows(
    nodes: dict[str, _Node], units: list[_Unit]
) -> tuple[list[tuple[Any, ...]], list[tuple[int, int, str]], list[tuple[int, int, str]], list[int]]:
    """Rows for the queued releases of `units`: signatures, band rows to drop and to add, queue seqs."""
    signed: list[tuple[Any, ...]] = []
    seqs: list[int] = []
    old: list[tuple[str, np.ndarray]] = []
    new: list[tuple[str, np.ndarray]] = []
    for release_id in (r for found in units for r in found.releases):
        node = nodes[release_id]
        if not node.dirty:
            continue
        blob = None if node.sig is None else _to_blob(node.sig)
        signed.append((release_id, node.content_hash, blob, order_key(node.info)))
        seqs.extend(node.seqs)
        if node.old_banded and _same(node.old_sig, node.sig):
            continue
        if node.old_banded and node.old_sig is not None:
            old.append((release_id, node.old_sig))
        if node.sig is not None:
            new.append((release_id, node.sig))
    return signed, _band_rows(old), _band_rows(new), seqs


def _same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return a is None if b is None else a is not None and np.array_equal(a, b)


def _band_rows(signed: list[tuple[str, np.ndarray]]) -> list[tuple[int, int, str]]:
    if not signed:
        return []
    hashes = band_hashes(np.stack([sig for _, sig in signed])).tolist()
    return [
        (band, value, release_id)
        for (release_id, _), row in zip(signed, hashes, strict=True)
        for band, value in enumerate(row)
    ]
