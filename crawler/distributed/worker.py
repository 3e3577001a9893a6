"""`pressarchive worker --redis URL`: crawl sources of the run in progress, on any machine.

A worker takes sources one lease at a time (a Redis key with a time-to-live that it renews every
second; crawler.distributed.keys), up to `max_sources` at once, and crawls each with today's spider
on the source's Redis queue (crawler.distributed.scheduler), sending what it finds to the writer
(crawler.distributed.worker_glue). One source is crawled by one worker at a time, so per-host
politeness (DOWNLOAD_DELAY, CONCURRENT_REQUESTS_PER_DOMAIN) holds across workers exactly as in a
one-machine crawl, and the spider's judgement of a source (its site profile, its press section,
where an incremental crawl stops) stays whole. A worker that dies stops renewing its leases; the
next worker to take such a source puts its in-flight requests back in the queue and resumes it.
"""

from __future__ import annotations

import logging
import os
import pickle
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import redis
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from twisted.internet import task
from twisted.python.failure import Failure

from crawler.distributed import messages
from crawler.distributed.keys import DEFAULT_NAMESPACE, RunKeys, delete_matching
from crawler.distributed.queue import requeue_inflight
from crawler.distributed.scheduler import REDIS_URL_SETTING, RUN_KEYS_SETTING, connect
from crawler.distributed.store import RemoteStore
from crawler.distributed.worker_glue import stats_shipper
from crawler.registry.sources import Source
from crawler.runs.extract_pool import EXTRACT_POOL_SETTING, ExtractPool, workers_for
from crawler.scrapy_glue.writer import SharedArchive
from spiders.release import ReleaseSpider

logger = logging.getLogger(__name__)

LEASE_SECONDS = 15.0
# A worker renews only the leases it still holds: another worker may have taken one that expired
# while this one was stalled, and two workers must never crawl one source.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# A source is taken only while its run is the one in progress: the writer clears an ended run's
# keys, `done` among them, and a source taken then would be crawled again for nobody, its keys
# left behind. -1: the run has ended; 0: done or held by another worker; 1: taken.
_CLAIM = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 1 then return 0 end
if redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', ARGV[4]) then return 1 end
return 0
"""


class NoArchive(SharedArchive):
    """A worker has no archive: anything that reaches for one is a bug, said at once."""

    def acquire(self) -> Any:
        raise RuntimeError("a distributed worker has no archive: this component must use its RemoteStore")


def current_run(server: redis.Redis, namespace: str) -> RunKeys | None:
    found = server.get(RunKeys.current_key(namespace))
    return RunKeys(namespace, found.decode()) if found else None


def worker_settings(keys: RunKeys, redis_url: str, overrides: dict[str, str], scratch: Path) -> Settings:
    """The one-machine crawl's settings with the Redis scheduler and the worker's components."""
    settings = Settings()
    settings.setmodule("crawler.scrapy_glue.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    settings.set("PRESSARCHIVE_DB", str(scratch / "no-archive.db"), priority="cmdline")
    settings.set("PRESSARCHIVE_WRITER", NoArchive(scratch / "no-archive.db"), priority="cmdline")
    settings.set("SCHEDULER", "crawler.distributed.scheduler.RedisScheduler", priority="cmdline")
    settings.set(REDIS_URL_SETTING, redis_url, priority="cmdline")
    settings.set(RUN_KEYS_SETTING, keys, priority="cmdline")
    # The writer clusters what every worker sent: each body's MinHash is made where its page was read.
    settings.set("PRESSARCHIVE_SIGN_BODIES", True, priority="cmdline")
    settings.set(
        "ITEM_PIPELINES", {"crawler.distributed.worker_glue.ShippingPipeline": 500}, priority="cmdline"
    )
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader.pop("crawler.scrapy_glue.capture.CaptureMiddleware", None)
    if settings.getbool("PRESSARCHIVE_CAPTURE", True):
        downloader["crawler.distributed.worker_glue.RemoteCapture"] = 950
    settings.set("DOWNLOADER_MIDDLEWARES", downloader, priority="cmdline")
    spider = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    spider["crawler.distributed.worker_glue.ResumedStart"] = 10
    settings.set("SPIDER_MIDDLEWARES", spider, priority="cmdline")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions.pop("crawler.scrapy_glue.writer_lock.WriterLock", None)  # the writer holds the archive
    extensions["crawler.distributed.worker_glue.Acknowledgements"] = 0
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    return settings


class Worker:
    """One worker process: see the module docstring."""

    def __init__(
        self,
        server: redis.Redis,
        keys: RunKeys,
        redis_url: str,
        *,
        max_sources: int = 8,
        lease_seconds: float = LEASE_SECONDS,
        log_level: str = "INFO",
    ) -> None:
        self.server = server
        self.keys = keys
        self.redis_url = redis_url
        self.max_sources = max(1, max_sources)
        self.lease_ms = int(lease_seconds * 1000)
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        meta = server.hgetall(keys.meta)
        if not meta:
            raise RuntimeError(f"run {keys.run_id} has no description in Redis")
        self.sources: list[Source] = pickle.loads(meta[b"sources"])
        self.modes: dict[str, str] = pickle.loads(meta[b"modes"])
        self.overrides: dict[str, str] = pickle.loads(meta[b"overrides"])
        self.overrides["LOG_LEVEL"] = log_level
        self.held: dict[str, Any] = {}  # source -> its crawler
        self.crawled: list[str] = []
        self.stopping = False
        self._renew = server.register_script(_RENEW)
        self._release = server.register_script(_RELEASE)
        self._claim = server.register_script(_CLAIM)

    def run(self, console_log: bool = True) -> list[str]:
        """Crawl until the run has no source left to take and this worker's crawls are done;
        the names of the sources this worker finished."""
        scratch = Path(tempfile.mkdtemp(prefix="pressarchive-worker-"))
        settings = worker_settings(self.keys, self.redis_url, self.overrides, scratch)
        if not console_log:
            settings.set("LOG_ENABLED", False, priority="cmdline")
        pool = ExtractPool(workers_for(settings)).start()
        settings.set(EXTRACT_POOL_SETTING, pool, priority="cmdline")
        settings.set("LOG_INSTALL_ROOT_HANDLER", console_log, priority="cmdline")
        self.process = CrawlerProcess(settings)
        shutdown = self.process._signal_shutdown  # Ctrl-C / SIGTERM: take no more sources, then stop

        def stop_taking(signum: int, frame: Any) -> None:
            self.stopping = True
            shutdown(signum, frame)

        self.process._signal_shutdown = stop_taking  # type: ignore[method-assign]
        if settings.get("TWISTED_REACTOR") and not is_reactor_installed():  # before the loop below
            install_reactor(settings["TWISTED_REACTOR"], settings.get("ASYNCIO_EVENT_LOOP"))
        loop = task.LoopingCall(self.tick)
        loop.start(1.0, now=True).addErrback(self._tick_failed)
        try:
            self.process.start(stop_after_crawl=False)
        finally:
            pool.close()
            self.server.hdel(self.keys.workers, self.id)
            self.sweep_if_ended()
        return self.crawled

    def sweep_if_ended(self) -> int:
        """Delete what is left of this worker's run once it is no longer the one in progress: what
        a crawl still held sent after the writer cleared the run (a last stats message, `done`)
        would stay in Redis for good. A run that ended is never resumed. How many keys."""
        if current_run(self.server, self.keys.namespace) == self.keys:
            return 0
        swept = delete_matching(self.server, self.keys.pattern)
        if swept:
            logger.info("run %s ended: %d of its keys written after its end deleted", self.keys.run_id, swept)
        return swept

    def _tick_failed(self, failure: Any) -> None:
        logger.error("worker loop failed: %s", failure.getTraceback())
        self.stop()

    def stop(self) -> None:
        from twisted.internet import reactor  # installed by CrawlerProcess: never imported before it

        if reactor.running:  # type: ignore[attr-defined]
            reactor.stop()  # type: ignore[attr-defined]

    def tick(self) -> None:
        """Every second: renew the leases held, take sources while there is room, stop when done."""
        self.server.hset(self.keys.workers, self.id, str(time.time()))
        for name in list(self.held):
            if not self._renew(keys=[self.keys.lease(name)], args=[self.id, self.lease_ms]):
                logger.error("%s: the lease was lost (this worker stalled): stopping its crawl", name)
                deferred_from_coro(self.held[name].engine.close_spider_async(reason="lease_lost"))
        current = current_run(self.server, self.keys.namespace)
        if current != self.keys:  # the run ended (or another began): finish what is held
            self.stopping = True
        self.take()
        if not self.held and (self.stopping or self._run_done()):
            self.stop()

    def take(self) -> None:
        """Take sources while there is room (each once per call: one that ends at once waits)."""
        began: set[str] = set()
        while not self.stopping and len(self.held) < self.max_sources:
            name = self.claim(skip=began)
            if name is None:
                break
            began.add(name)
            self.begin(name)

    def _run_done(self) -> bool:
        return int(self.server.scard(self.keys.done)) >= len(self.sources)

    def claim(self, skip: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
        """A source to crawl, its lease taken; None when there is none (or the run has ended:
        then this worker stops taking any)."""
        done = {m.decode() for m in self.server.smembers(self.keys.done)}
        current = RunKeys.current_key(self.keys.namespace)
        for source in self.sources:
            if source.name in done or source.name in self.held or source.name in skip:
                continue
            keys = [current, self.keys.done, self.keys.lease(source.name)]
            taken = self._claim(keys=keys, args=[self.keys.run_id, source.name, self.id, self.lease_ms])
            if taken == -1:
                self.stopping = True
                return None
            if taken == 1:
                return source.name
        return None

    def begin(self, name: str) -> None:
        back = requeue_inflight(self.server, self.keys, name)
        if back:
            logger.warning("%s: %d requests of a worker that stopped put back in the queue", name, back)
        source = next(s for s in self.sources if s.name == name)
        spider = ReleaseSpider.for_source(source, mode=self.modes.get(name, "full"))
        spider.remote_store = RemoteStore.load(self.server, self.keys, name)  # type: ignore[attr-defined]
        crawler = self.process.create_crawler(spider)
        self.held[name] = crawler
        logger.info("%s: taken by worker %s", name, self.id)
        done = self.process.crawl(crawler)
        done.addBoth(self._ended, name, crawler)

    def _ended(self, result: Any, name: str, crawler: Any) -> Any:
        if isinstance(result, Failure):
            logger.error("%s: the crawl failed: %s", name, result.getTraceback())
        reason = crawler.stats.get_value("finish_reason") if crawler.stats is not None else None
        try:
            stats_shipper(crawler).ship(final=True)  # what the stats gained since the last request
            if reason not in (None, "shutdown", "lease_lost"):
                crawler.spidercls.remote_store.send(messages.DONE, reason)
                self.server.sadd(self.keys.done, name)
                self.crawled.append(name)
            else:
                logger.warning("%s: stopped (%s) before its end: another worker resumes it", name, reason)
        finally:
            self._release(keys=[self.keys.lease(name)], args=[self.id])
            self.held.pop(name, None)
        from twisted.internet import reactor

        reactor.callLater(0, self._take_now)  # type: ignore[attr-defined]  # not at the next tick
        return None

    def _take_now(self) -> None:
        try:
            self.take()
        except Exception:
            logger.exception("taking the next source failed; the next tick tries again")


def run_worker(
    redis_url: str,
    namespace: str = DEFAULT_NAMESPACE,
    *,
    max_sources: int = 8,
    wait_seconds: float = 60.0,
    lease_seconds: float = LEASE_SECONDS,
    log_level: str = "INFO",
    console_log: bool = True,
) -> list[str]:
    """Wait up to `wait_seconds` for a run, then work on it until it has nothing left to take."""
    server = connect(redis_url)
    deadline = time.monotonic() + wait_seconds
    keys = current_run(server, namespace)
    while keys is None and time.monotonic() < deadline:
        time.sleep(0.5)
        keys = current_run(server, namespace)
    if keys is None:
        return []
    worker = Worker(
        server, keys, redis_url, max_sources=max_sources, lease_seconds=lease_seconds, log_level=log_level
    )
    return worker.run(console_log=console_log)
