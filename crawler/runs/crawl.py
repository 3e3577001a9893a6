"""Run Scrapy in-process for a set of sources, all writing through one archive connection."""

from __future__ import annotations

import gc
import json
import linecache
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import sqlite_utils
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive.cluster_signatures import Signatures
from archive.disk_space import DEFAULT_RESERVE_MB, DiskFull
from archive.health import RunMetrics, run_failure
from archive.warc_repair import Repair, repair_unsealed
from crawler.registry.sources import Source
from crawler.runs.extract_pool import EXTRACT_POOL_SETTING, ExtractPool, workers_for
from crawler.scrapy_glue.writer import SharedArchive
from spiders.release import ReleaseSpider

logger = logging.getLogger(__name__)


def build_settings(
    db_path: Path,
    overrides: dict[str, str] | None = None,
    sources_paths: Iterable[Path] = (),
    log_level: str = "INFO",
) -> Settings:
    """crawler.scrapy_glue.settings plus this run's database, registry, shared writer and overrides."""
    settings = Settings()
    settings.setmodule("crawler.scrapy_glue.settings", priority="project")
    settings.set("PRESSARCHIVE_DB", str(db_path), priority="cmdline")
    settings.set("PRESSARCHIVE_SOURCES", os.pathsep.join(str(p) for p in sources_paths), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    writer = SharedArchive(db_path, cache_kib=settings.getint("PRESSARCHIVE_DB_CACHE_KIB") or None)
    settings.set("PRESSARCHIVE_WRITER", writer, priority="cmdline")
    return settings


def run_crawl(
    sources: list[Source],
    db_path: Path,
    overrides: dict[str, str] | None = None,
    *,
    modes: dict[str, str] | None = None,
    sources_paths: Iterable[Path] = (),
    log_level: str = "INFO",
    console_log: bool = True,
    on_source_done: Callable[[str], None] | None = None,
    on_repair: Callable[[Repair], None] | None = None,
    pool: ExtractPool | None = None,
) -> None:
    """Crawl the sources concurrently (politeness is per domain) and return when all are done.

    `console_log=False` keeps Scrapy's log handler off the console (the CLI's normal verbosity);
    `on_source_done(name)` is called as each source's crawl ends, its run already recorded.
    First the WARC files no earlier run closed whole are mended (archive.warc_repair; each repair
    told to `on_repair`). Raises DiskFull, after every spider has stopped and its run is recorded,
    when the archive's disk has less room than PRESSARCHIVE_MIN_FREE_MB (before the crawl, or
    during it: crawler.scrapy_glue.disk_guard).

    `pool`: extraction workers forked before Scrapy was imported (extract_pool.start_early_pool,
    as the CLI's crawl and nightly do), closed here; when the settings want another number of
    workers, it is closed and they are forked here."""
    early = pool
    try:
        settings = build_settings(db_path, overrides, sources_paths, log_level)
        if not console_log:
            settings.set("LOG_ENABLED", False, priority="cmdline")
        writer: SharedArchive = settings["PRESSARCHIVE_WRITER"]
        space = writer.space(settings.getint("PRESSARCHIVE_MIN_FREE_MB", DEFAULT_RESERVE_MB))
        if space.check(force=True) is not None:  # too little room to start: nothing is touched
            raise DiskFull(space.tripped)
        try:
            for repair in repair_unsealed(db_path):
                (on_repair or _log_repair)(repair)
        except OSError as exc:
            if space.trip_on(exc):
                raise DiskFull(space.tripped) from None
            raise
        pool = _pool_for(settings, early)
    except BaseException:
        if early is not None:
            early.close()
        raise
    settings.set(EXTRACT_POOL_SETTING, pool, priority="cmdline")
    children = os.times().children_user + os.times().children_system
    try:
        process = CrawlerProcess(settings)
        for source in sources:
            spider = ReleaseSpider.for_source(source, mode=(modes or {}).get(source.name, "full"))
            done = process.crawl(spider)
            if on_source_done is not None:
                done.addBoth(_report_done, on_source_done, source.name)
        # The first crawler's downloader imported Scrapy's TLS modules, whose deprecation shims
        # call inspect.stack(): it read every source file on the stack into linecache, 1 MiB held
        # for the whole crawl (tracemalloc). Only a traceback would read them, and reads them anew.
        linecache.clearcache()
        # Everything made so far lives as long as the crawl (modules, Scrapy's components): out of
        # the collector's way, as gc.freeze in ExtractPool.start did when the worker was forked
        # after Scrapy was imported; else each full collection walks them all again.
        gc.freeze()
        process.start()
    finally:
        pool.close()
    if pool.jobs or pool.local:
        worker_cpu = os.times().children_user + os.times().children_system - children
        logger.debug(
            "articles extracted: %d by the worker (%.1f s CPU), %d in-process",
            pool.jobs,
            worker_cpu,
            pool.local,
        )
    if writer.disk_full is not None:  # every spider stopped; clustering would write: next run
        raise DiskFull(writer.disk_full)
    try:
        update_clusters_after_crawl(db_path, settings.getint("PRESSARCHIVE_DB_CACHE_KIB") or None)
    except (OSError, sqlite3.Error) as exc:
        if space.trip_on(exc):  # rolled back; the next run clusters these releases
            raise DiskFull(space.tripped) from None
        raise


def _pool_for(settings: Settings, early: ExtractPool | None) -> ExtractPool:
    """The early pool when it has the workers the settings want, else workers forked now (before
    Scrapy starts a thread). One pool per run, shared by its spiders."""
    wanted = workers_for(settings)
    if early is not None and early.workers == wanted and (early.started or not wanted):
        return early
    if early is not None:
        early.close()
    return ExtractPool(wanted).start()


def _log_repair(repair: Repair) -> None:
    logger.warning("WARC file mended: %s", repair.describe())


def _report_done(result: object, callback: Callable[[str], None], name: str) -> object:
    """A crawl's Deferred ended (its run is recorded): tell the caller, never break the run."""
    try:
        callback(name)
    except Exception:
        logger.exception("progress report for %s failed", name)
    return result


def update_clusters_after_crawl(
    db_path: Path, cache_kib: int | None = None, signed: Signatures | None = None
) -> None:
    """Republication clusters span sources: recomputed once, after every crawler has closed.
    `cache_kib` bounds the page cache: clustering reads each new body once, and makes its MinHash
    here (PRESSARCHIVE_SIGN_BODIES: numpy is loaded now, when the crawl and its worker are done),
    unless `signed` has it: the distributed crawl's workers make them as they read the pages."""
    from archive.clusters import update_clusters
    from archive.store import Archive

    if not db_path.exists():
        return
    with Archive.open(db_path) as archive:
        if cache_kib:
            archive.db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        update_clusters(archive.db, signed=signed)


def judge_sources(db_path: Path, names: list[str]) -> None:
    """Record each source's health after a crawl (the nightly job also alerts on changes)."""
    import datetime as dt

    from archive.source_status import assess_sources
    from archive.store import Archive

    with Archive.open(db_path) as archive:
        assess_sources(archive, names, dt.datetime.now(dt.UTC))


def summarise_runs(db_path: Path, since: str, names: list[str]) -> tuple[list[str], list[str]]:
    """One line per source for the runs started since `since`, and the names of sources that failed.

    A source fails when its run is not a success (archive.health.run_failure: it did not finish,
    or no listing, feed or sitemap page of the site answered and was read).
    """
    db = sqlite_utils.Database(db_path)
    lines: list[str] = []
    failed: list[str] = []
    runs = {
        row["source"]: row for row in db["crawl_runs"].rows_where("started_at >= ?", [since], order_by="id")
    }
    for name in names:
        run = runs.get(name)
        if run is None:
            lines.append(f"{name:28} no run recorded")
            failed.append(name)
            continue
        drops = json.loads(run["drops"] or "{}")
        errors = json.loads(run["http_errors"] or "{}")
        removed = json.loads(run["stats"] or "{}").get("releases/removed", 0)
        reason = run["finish_reason"] or "unfinished"  # a run whose end could not be recorded
        lines.append(
            f"{name:28} {reason:10} pages={run['pages'] or 0:<4} releases={run['items'] or 0:<4} "
            f"new={run['new'] or 0:<4} updated={run['updated'] or 0:<3} removed={removed:<3} "
            f"dropped={sum(drops.values()):<3} http_errors={sum(errors.values())}"
        )
        if run_failure(RunMetrics.from_row(run)):
            failed.append(name)
    db.close()
    return lines, failed
