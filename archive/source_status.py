"""Judge every source's health from the archive and record it in `sources` (status, reason, since,
last success).

Reads `crawl_runs` and `releases`, applies archive.health.judge, and writes through the archive's
one writer in one transaction. Returns the transitions so the nightly job can alert on them.
`last_success_at` is the end of the latest run that archive.health.run_succeeded accepts (the store
notes every finished run there as it closes; a run that read no listing is corrected here).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from archive.health import HISTORY_RUNS, Health, RunMetrics, judge
from archive.run_success import last_success
from archive.store import Archive

logger = logging.getLogger(__name__)

PUBLISHED_DATES_WINDOW = 60  # recent publication dates that define a source's usual cadence


@dataclass(frozen=True)
class Transition:
    source: str
    old_status: str
    health: Health

    @property
    def changed(self) -> bool:
        return self.old_status != self.health.status


def assess_sources(archive: Archive, names: Iterable[str], now: dt.datetime) -> list[Transition]:
    """Judge each named source and store the verdict; one transaction for all."""
    db = archive.db
    stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    transitions = []
    with db.atomic():
        for name in names:
            found = db.execute("SELECT status FROM sources WHERE name = ?", [name]).fetchone()
            if found is None:
                continue
            health = _judge_source(archive, name, now.date())
            old = found[0] or "unknown"
            transitions.append(Transition(name, old, health))
            db.execute(
                "UPDATE sources SET last_success_at = ? WHERE name = ?", [last_success(db, name), name]
            )
            db.execute(
                "UPDATE sources SET status = ?, status_reason = ?, "
                "status_changed_at = CASE WHEN status = ? THEN status_changed_at ELSE ? END WHERE name = ?",
                [health.status, health.reason_text or None, health.status, stamp, name],
            )
    for t in transitions:
        if t.changed and not (t.old_status == "unknown" and t.health.status == "ok"):
            logger.warning("%s: %s -> %s %s", t.source, t.old_status, t.health.status, t.health.reason_text)
    return transitions


def _judge_source(archive: Archive, name: str, today: dt.date) -> Health:
    db = archive.db
    cursor = db.execute(
        # A run stopped by the archive's own full disk (crawler.scrapy_glue.disk_guard) says nothing
        # about the site: it is left out of the verdict.
        "SELECT * FROM crawl_runs WHERE source = ? AND finished_at IS NOT NULL"
        " AND finish_reason IS NOT 'disk_full' ORDER BY id DESC LIMIT ?",
        [name, HISTORY_RUNS + 1],
    )
    columns = [d[0] for d in cursor.description]
    runs = [RunMetrics.from_row(dict(zip(columns, row, strict=True))) for row in reversed(cursor.fetchall())]
    published = [
        dt.date.fromisoformat(value)
        for (value,) in db.execute(
            "SELECT published_date FROM releases WHERE source = ? AND published_date IS NOT NULL "
            "ORDER BY published_date DESC LIMIT ?",
            [name, PUBLISHED_DATES_WINDOW],
        ).fetchall()
    ]
    last_new = max(published) if published else None
    return judge(runs, published=published, last_new_release=last_new, today=today)
