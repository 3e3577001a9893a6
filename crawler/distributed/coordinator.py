"""`pressarchive crawl --redis URL` / `nightly --redis URL`: a run whose requests live in Redis.

This process is the run's one writer. It describes the run in Redis (the sources, their modes and
settings, what each source's spider reads of the archive: crawler.distributed.context), starts
`workers` local worker processes (others may join from any machine with `pressarchive worker`),
and drains the workers' messages into the archive (crawler.distributed.drain) until every source's
run is recorded; then it clusters the new releases and clears the run's keys.

Killed at any moment, it resumes when started again with the same archive and Redis: the run is
found in Redis, its messages not yet committed are handed to it again, and the workers, who never
needed it to crawl, have kept going meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import redis
from scrapy.settings import Settings

from archive.cluster_signatures import Signatures
from archive.records import CrawlRun
from archive.store import Archive
from archive.warc_repair import Repair, repair_unsealed
from crawler.distributed.context import read_context
from crawler.distributed.drain import Drain, SourceRun, ensure_group
from crawler.distributed.keys import DEFAULT_NAMESPACE, RunKeys, delete_matching, runs_pattern
from crawler.distributed.scheduler import connect
from crawler.distributed.worker import LEASE_SECONDS, current_run
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)


class RunConflict(Exception):
    """Redis holds a run of another archive under the same namespace."""


class WorkersGone(Exception):
    """Every local worker exited and no other worker is alive, with sources left to crawl."""


def run_settings(overrides: dict[str, str]) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.scrapy_glue.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def begin_run(
    server: redis.Redis,
    archive: Archive,
    db_path: Path,
    sources: list[Source],
    modes: dict[str, str],
    overrides: dict[str, str],
    namespace: str = DEFAULT_NAMESPACE,
) -> tuple[RunKeys, dict[str, SourceRun]]:
    """The run in progress for this archive (resumed), or a new one described in Redis."""
    current = current_run(server, namespace)
    if current is not None:
        meta = server.hgetall(current.meta)
        owner = meta.get(b"db", b"").decode()
        if owner and owner != str(db_path.resolve()):
            raise RunConflict(f"в Redis (пространство «{namespace}») идёт обход другого архива: {owner}")
        stored = server.hgetall(current.counters)
        runs = {name.decode(): pickle.loads(value) for name, value in stored.items()}
        if runs:
            logger.warning("resuming run %s (%d sources)", current.run_id, len(runs))
            return current, runs
    # No run is in progress here: whatever earlier runs left (a writer or a worker killed after
    # the run's end) is nobody's.
    swept = delete_matching(server, runs_pattern(namespace))
    if swept:
        logger.warning("%d keys of ended runs deleted from Redis (namespace «%s»)", swept, namespace)
    now = dt.datetime.now(dt.UTC)
    started = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    keys = RunKeys(namespace, now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8])
    recheck_days = run_settings(overrides).getint("PRESSARCHIVE_RECHECK_DAYS", 60)
    archive.sync_sources([s.to_record() for s in sources])
    runs: dict[str, SourceRun] = {}
    for source in sources:
        mode = modes.get(source.name, "full")
        run_id = archive.start_run(source.name, started)
        runs[source.name] = SourceRun(CrawlRun(source=source.name, started_at=started, mode=mode), run_id)
        context = read_context(archive, source, recheck_days, now)
        server.hset(keys.context(source.name), "context", pickle.dumps(context))
    server.hset(
        keys.meta,
        mapping={
            "sources": pickle.dumps(sources),
            "modes": pickle.dumps(modes),
            "overrides": pickle.dumps(overrides),
            "db": str(db_path.resolve()),
        },
    )
    server.hset(keys.counters, mapping={name: pickle.dumps(run) for name, run in runs.items()})
    ensure_group(server, keys)
    server.set(RunKeys.current_key(namespace), keys.run_id)  # last: workers start from here
    return keys, runs


def end_run(server: redis.Redis, keys: RunKeys) -> None:
    """Clear the run's keys (the archive has everything): every key under its id, as the workers'
    and the next run's sweeps find them. `current` goes first: a worker takes no source of a run
    that is not current (crawler.distributed.worker), and one that still crawls deletes what it
    wrote after this when it stops; a writer killed in between leaves keys that the next run's
    begin_run deletes."""
    current = RunKeys.current_key(keys.namespace)
    if server.get(current) == keys.run_id.encode():
        server.delete(current)
    delete_matching(server, keys.pattern)


def spawn_workers(
    redis_url: str, namespace: str, count: int, log_level: str, sources_at_once: int = 8
) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "crawler.cli", "worker", "--redis", redis_url, "--namespace", namespace]
    command += ["--log-level", log_level, "--wait", "30", "--sources-at-once", str(sources_at_once)]
    return [subprocess.Popen(command, stdin=subprocess.DEVNULL) for _ in range(count)]


def workers_alive(server: redis.Redis, keys: RunKeys, local: list[subprocess.Popen[bytes]]) -> bool:
    if any(p.poll() is None for p in local):
        return True
    horizon = time.time() - 2 * LEASE_SECONDS
    return any(float(beat) >= horizon for beat in server.hvals(keys.workers))


def run_distributed_crawl(
    sources: list[Source],
    db_path: Path,
    overrides: dict[str, str] | None = None,
    *,
    redis_url: str,
    workers: int = 1,
    namespace: str = DEFAULT_NAMESPACE,
    modes: dict[str, str] | None = None,
    log_level: str = "INFO",
    on_source_done: Callable[[str], None] | None = None,
    on_repair: Callable[[Repair], None] | None = None,
    stall_seconds: float = 120.0,
    sources_at_once: int = 8,
) -> str:
    """Crawl `sources` with workers on Redis, writing here; the run's start (UTC, ISO), which is
    earlier than now when an interrupted run was resumed. Raises RunConflict, WorkersGone."""
    from crawler.runs.crawl import update_clusters_after_crawl

    overrides = dict(overrides or {})
    server = connect(redis_url)
    for repair in repair_unsealed(db_path):
        (on_repair or (lambda r: logger.warning("WARC file mended: %s", r.describe())))(repair)
    settings = run_settings(overrides)
    signed = Signatures()
    local: list[subprocess.Popen[bytes]] = []
    with Archive.open(db_path) as archive:
        keys, runs = begin_run(server, archive, db_path, sources, modes or {}, overrides, namespace)
        started = min(state.run.started_at for state in runs.values())
        drain = Drain(
            archive,
            server,
            keys,
            runs,
            data_dir=db_path.parent,
            operator=settings.get("PRESSARCHIVE_CONTACT", ""),
            warc_max_bytes=settings.getint("PRESSARCHIVE_WARC_MAX_BYTES", 100 * 1024 * 1024),
            signed=signed,
            on_source_done=on_source_done,
        )
        try:
            local = spawn_workers(redis_url, namespace, workers, log_level, sources_at_once)
            idle_since = time.monotonic()
            while not drain.finished():
                if drain.step():
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > stall_seconds and not workers_alive(server, keys, local):
                    raise WorkersGone(
                        "все воркеры остановились, а источники не обойдены; запустите воркер"
                        " (pressarchive worker) или повторите команду: обход продолжится"
                    )
        finally:
            drain.close()
            for process in local:
                _stop(process)
    end_run(server, keys)
    update_clusters_after_crawl(db_path, settings.getint("PRESSARCHIVE_DB_CACHE_KIB") or None, signed)
    return started


def _stop(process: subprocess.Popen[bytes], grace: float = 30.0) -> None:
    """A local worker ends by itself once the run is done; one still running is stopped."""
    try:
        process.wait(timeout=grace if process.poll() is None else 0)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
