"""Which stems are in most releases: bm25 gives them no weight, so ranking leaves them out.

FTS5's bm25 weighs each word of a query by its IDF, and to know it reads the word's whole doclist
once per query: on a million releases, 25-45 ms for a word such as «год», in 88% of them. Yet a
word in at least half the releases gets the IDF 1e-6 (archive.search.ParsedQuery.rank_match), so
the ranking expression (`ru_rank_query`) leaves those words out, and that cost with them.

Which stems those are is found per database, at start-up and again every REFRESH_SECONDS: the
stems of the newest SAMPLE releases that are in more than CANDIDATE_SHARE of them are counted on
the index, and kept when at least VERIFIED_SHARE of all releases have them. The margin above one
half keeps the set right while the archive grows by up to 4% before the next check (a nightly
crawl adds a fraction of a percent). A stem the
sample misses is simply ranked (exact, only slower).
"""

from __future__ import annotations

import asyncio
import logging
import math
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from datasette.database import QueryInterrupted

from archive.migrations import STEM_FTS_TABLE
from archive.search import rank_query, stem_text

logger = logging.getLogger(__name__)

SAMPLE = 1_000
CANDIDATE_SHARE = 0.4
VERIFIED_SHARE = 0.52
REFRESH_SECONDS = 3_600.0
RETRY_SECONDS = 60.0  # after a check that failed (a statement stopped at its time limit on a cold or
# busy file, say): until one succeeds, every word is ranked, which is exact but slower (at 1M
# releases, p95 of the search JSON's SQL 28.6 -> 36.5 ms: bench/ab_frequent_stems.py), so the next
# try is not an hour away
CHECK_TIME_LIMIT_MS = 2_000


@dataclass
class FrequentStems:
    """The stems of one database that are in at least VERIFIED_SHARE of its releases."""

    stems: frozenset[str] = frozenset()
    checked_at: float | None = None  # time.monotonic() of the last check
    failed: bool = False  # the last check ended in an error: tried again after RETRY_SECONDS
    _running: bool = field(default=False, repr=False)

    def due(self, now: float) -> bool:
        wait = RETRY_SECONDS if self.failed else REFRESH_SECONDS
        return not self._running and (self.checked_at is None or now - self.checked_at > wait)


_by_path: dict[str, FrequentStems] = {}


def frequent_stems(path: str) -> FrequentStems:
    """The (shared, updated in place) frequent stems of the database file at `path`."""
    return _by_path.setdefault(path, FrequentStems())


def forget(path: str) -> FrequentStems | None:
    """Drop the frequent stems of a database file no longer served (a replaced replica snapshot)."""
    return _by_path.pop(path, None)


def register_rank_query(conn: sqlite3.Connection, holder: FrequentStems) -> None:
    """`ru_rank_query(q)` on this connection, leaving out the holder's current frequent stems."""
    conn.create_function("ru_rank_query", 1, lambda q: rank_query(q, holder.stems), deterministic=True)


def _candidates(rows: list[tuple[Any, ...]]) -> list[str]:
    documents: Counter[str] = Counter()
    for title, body in rows:
        documents.update(set(f"{stem_text(title)} {stem_text(body)}".split()))
    need = CANDIDATE_SHARE * len(rows)
    return sorted(stem for stem, count in documents.items() if count > need)


async def refresh(db: Any, holder: FrequentStems) -> None:
    """Find the frequent stems of the Datasette database `db` anew (a second or two on a million
    releases); on any failure the previous set stays, and the next check is due sooner."""
    if holder._running:
        return
    holder._running = True
    try:
        total = int((await db.execute("SELECT count(*) FROM release_search_keys")).rows[0][0])
        sample = await db.execute(f"SELECT title, body_text FROM releases ORDER BY rowid DESC LIMIT {SAMPLE}")
        need = math.ceil(VERIFIED_SHARE * total)
        rows = [tuple(row) for row in sample.rows]
        candidates = await asyncio.get_running_loop().run_in_executor(None, _candidates, rows)
        found = set()
        for stem in candidates if total else []:
            result = await db.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM [{STEM_FTS_TABLE}]"
                f" WHERE [{STEM_FTS_TABLE}] MATCH :phrase LIMIT {need})",
                {"phrase": f'"{stem}"'},
                custom_time_limit=CHECK_TIME_LIMIT_MS,
            )
            if int(result.rows[0][0]) >= need:
                found.add(stem)
        holder.stems = frozenset(found)
        holder.failed = False
        logger.info("%d stems in at least %.0f%% of %d releases: %s", len(found),
                    VERIFIED_SHARE * 100, total, ", ".join(sorted(found)))  # fmt: skip
    except (sqlite3.Error, QueryInterrupted) as exc:
        holder.failed = True
        logger.warning("frequent stems not found (again in %.0f s): %s", RETRY_SECONDS, exc)
    finally:
        holder.checked_at = time.monotonic()
        holder._running = False


def refresh_when_due(db: Any, holder: FrequentStems) -> None:
    """Start a refresh in the background when the last one is older than REFRESH_SECONDS."""
    if holder.due(time.monotonic()):
        asyncio.get_running_loop().create_task(refresh(db, holder))
