"""The nightly job, start to end: lock, plan, crawl, judge, alert, summarise.

Runs in one process: the crawl (all sources concurrently, politeness per domain) and then one
writer for the health verdicts. The exit code is non-zero when any source is broken or the run
itself failed, so cron and systemd say so loudly.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.db import check_archive_file, open_db
from archive.disk_space import EXIT_DISK_FULL, DiskFull, is_disk_full
from archive.health import BROKEN
from archive.serve.labels import HEALTH
from archive.source_status import Transition, assess_sources
from archive.store import Archive
from crawler.distributed.keys import DEFAULT_NAMESPACE
from crawler.nightly.alerts import Alert, AlertConfig, Delivery, send_alerts
from crawler.nightly.lock import RunLock, writer_lock_path
from crawler.nightly.schedule import deep_pass_due
from crawler.registry.sources import Source

if TYPE_CHECKING:
    from crawler.runs.extract_pool import ExtractPool

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_BROKEN, EXIT_FAILED, EXIT_LOCKED = 0, 1, 2, 75  # 75 = EX_TEMPFAIL: try again later
STATUS_RU = {"ok": "в порядке", "stale": "нет новых", "broken": "сломан", "unknown": "неизвестно"}


@dataclass
class NightlyOptions:
    deep_every_days: int = 7
    force_deep: bool = False
    overrides: dict[str, str] = field(default_factory=dict)
    alerts: AlertConfig = field(default_factory=AlertConfig)
    log_level: str = "WARNING"
    sources_paths: tuple[Path, ...] = ()
    console_log: bool = True  # False: Scrapy's log stays off the console (crawler.runs.crawl.run_crawl)
    on_source_done: Callable[[str], None] | None = None  # progress, as each source's crawl ends
    wait: float = 0.0  # seconds to wait for the archive's writer lock (another command writing it)
    on_wait: Callable[[str], None] | None = None  # told the lock's holder once, when a wait begins
    redis_url: str | None = None  # crawl with workers on Redis (crawler.distributed), this process writing
    workers: int = 1  # with redis_url: worker processes started here
    namespace: str = DEFAULT_NAMESPACE  # with redis_url: the archive's Redis key prefix
    pool: ExtractPool | None = None  # extraction workers forked before Scrapy (crawler.cli.early_pool)


@dataclass
class NightlyReport:
    started_at: str
    modes: dict[str, str]
    run_lines: list[str] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)
    failure: str | None = None
    disk_full: bool = False  # the failure is the archive's full disk, not the sites
    repairs: list[str] = field(default_factory=list)  # WARC files mended before the crawl

    @property
    def broken(self) -> list[str]:
        return [t.source for t in self.transitions if t.health.status == BROKEN]

    @property
    def exit_code(self) -> int:
        if self.disk_full:
            return EXIT_DISK_FULL  # as every command says a full disk
        if self.failure:
            return EXIT_FAILED
        return EXIT_BROKEN if self.broken else EXIT_OK


def lock_path(db_path: Path) -> Path:
    return db_path.parent / "nightly.lock"


def plan_modes(
    db_path: Path, sources: Iterable[Source], now: dt.datetime, options: NightlyOptions
) -> dict[str, str]:
    """ "deep" (full pagination) when a source's last deep pass is older than the period, else incremental."""
    open_db(db_path).close()  # create or migrate before reading
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    last_deep = dict(conn.execute("SELECT name, last_deep_at FROM sources").fetchall())
    conn.close()
    return {
        s.name: "deep"
        if options.force_deep or deep_pass_due(last_deep.get(s.name), now, options.deep_every_days)
        else "incremental"
        for s in sources
    }


def run_nightly(
    sources: list[Source], db_path: Path, options: NightlyOptions, now: dt.datetime | None = None
) -> NightlyReport:
    """The whole night. Raises LockHeld when another nightly run is in progress (nightly.lock, at
    once) or another command writes the archive (its writer lock, after `options.wait` seconds);
    ArchiveFileError when `db_path` cannot be an archive."""
    check_archive_file(db_path, create=True)
    writer = RunLock(
        writer_lock_path(db_path), command="pressarchive nightly", wait=options.wait, on_wait=options.on_wait
    )
    with RunLock(lock_path(db_path)), writer:
        now = now or dt.datetime.now(dt.UTC)
        stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        modes = plan_modes(db_path, sources, now, options)
        from crawler.runs.crawl import run_crawl, summarise_runs

        report = NightlyReport(started_at=stamp, modes=modes)
        shared: dict[str, Any] = {
            "modes": modes,
            "log_level": options.log_level,
            "on_source_done": options.on_source_done,
            "on_repair": lambda repair: report.repairs.append(repair.describe()),
        }
        try:
            if options.redis_url:
                from crawler.distributed.coordinator import run_distributed_crawl

                started = run_distributed_crawl(
                    sources,
                    db_path,
                    options.overrides,
                    redis_url=options.redis_url,
                    workers=options.workers,
                    namespace=options.namespace,
                    **shared,
                )
                stamp = min(stamp, started)  # an interrupted run resumed: its runs began then
            else:
                run_crawl(
                    sources,
                    db_path,
                    options.overrides,
                    sources_paths=options.sources_paths,
                    console_log=options.console_log,
                    pool=options.pool,
                    **shared,
                )
        except DiskFull as exc:  # every spider stopped cleanly; said once, alerted, exit 2
            logger.warning("the crawl stopped: %s", exc)
            report.failure = str(exc)
            report.disk_full = True
        except Exception as exc:  # the run failed as a whole: still judge, alert and exit loudly
            logger.exception("the crawl failed")
            report.failure = f"{type(exc).__name__}: {exc}"
        report.run_lines, _ = summarise_runs(db_path, stamp, [s.name for s in sources])
        try:
            with Archive.open(db_path) as archive:
                _record_deep_passes(archive, modes, stamp)
                report.transitions = assess_sources(archive, [s.name for s in sources], now)
        except Exception as exc:  # no room left even for the verdicts: the alert still goes out
            if not is_disk_full(exc):
                raise
            logger.warning("health not recorded: %s", exc)
            report.failure = report.failure or f"на диске архива нет места: {exc}"
            report.disk_full = True
        report.delivery = send_alerts(alerts_for(report), options.alerts)
        return report


def _record_deep_passes(archive: Archive, modes: dict[str, str], stamp: str) -> None:
    """A deep pass counts only when its run finished."""
    with archive.db.atomic():
        for name, mode in modes.items():
            if mode != "deep":
                continue
            archive.db.execute(
                "UPDATE sources SET last_deep_at = ? WHERE name = ? AND EXISTS (SELECT 1 FROM crawl_runs "
                "WHERE source = ? AND started_at >= ? AND finish_reason = 'finished')",
                [stamp, name, name, stamp],
            )


def alerts_for(report: NightlyReport) -> list[Alert]:
    """One alert per source whose state changed (a first verdict of "ok" is not news), and run failure."""
    alerts = []
    for t in report.transitions:
        first_ok = t.old_status == "unknown" and t.health.status == "ok"
        if not t.changed or first_ok:
            continue
        old, new = STATUS_RU.get(t.old_status, t.old_status), STATUS_RU.get(t.health.status, t.health.status)
        text = f"Источник {t.source}: {old} → {new}."
        if t.health.reasons:
            text += " Причина: " + "; ".join(t.health.reasons) + "."
        alerts.append(
            Alert(
                kind="source_state",
                subject=f"pressarchive: {t.source} — {new}",
                text=text,
                source=t.source,
                old_status=t.old_status,
                new_status=t.health.status,
                reasons=t.health.reasons,
            )
        )
    if report.failure:
        alerts.append(
            Alert(kind="run_failed", subject="pressarchive: ночной обход не удался", text=report.failure)
        )
    return alerts


def _health_word(status: str) -> str:
    return HEALTH.get(status, (status, ""))[0]


def summary_lines(report: NightlyReport) -> list[str]:
    """The short human summary printed on stdout."""
    lines = [f"pressarchive nightly {report.started_at}"]
    lines += [f"  {line}  [{report.modes.get(line.split()[0], '?')}]" for line in report.run_lines]
    counts: dict[str, int] = {}
    for t in report.transitions:
        counts[t.health.status] = counts.get(t.health.status, 0) + 1
    lines.append("состояние: " + ", ".join(f"{_health_word(k)} {v}" for k, v in sorted(counts.items())))
    for t in report.transitions:
        if t.health.status != "ok":
            lines.append(f"  {t.source}: {_health_word(t.health.status).upper()}: {t.health.reason_text}")
    if report.delivery.sent or report.delivery.failed:
        failed = ", ".join(sorted(report.delivery.failed)) or "нет"
        lines.append(f"оповещения: отправлено {len(report.delivery.sent)}, не ушли: {failed}")
    lines += [f"WARC починен: {repair}" for repair in report.repairs]
    if report.failure:
        lines.append(f"ОБХОД НЕ УДАЛСЯ: {report.failure}")
    return lines
