"""Page work in a worker process, beside the crawl's event loop.

A crawl's process downloads, captures and stores on one core; parsing and normalising its pages
(crawler.runs.page_jobs) and compressing their WARC records costs about as much again. The worker
takes that half to the machine's second core. It is forked before the crawl starts (no thread
runs yet, and the imports are shared copy-on-write), ignores Ctrl-C (the crawl decides when to
stop), and is optional: with `workers = 0`, or once the worker has died (a crash, the OOM
killer), every job runs in the crawling process, with the same code and the same result.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from crawler.runs.page_jobs import (
    ArticleJob,
    ArticleOutcome,
    ListingJob,
    ListingOutcome,
    run_job,
    run_listing_job,
)

Job = TypeVar("Job")
Outcome = TypeVar("Outcome")

logger = logging.getLogger(__name__)

# The Scrapy setting that carries a run's pool to its spiders (crawler.runs.crawl sets it).
EXTRACT_POOL_SETTING = "PRESSARCHIVE_EXTRACT_POOL"


def default_workers() -> int:
    """One worker where there is a core to spare beside the crawl's own; none on one core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if cores >= 2 else 0


class CrawlSettings(Protocol):
    """What workers_for reads of Scrapy's Settings (this module stays free of Scrapy)."""

    def getint(self, name: str, default: int = 0) -> int: ...
    def getbool(self, name: str, default: bool = False) -> bool: ...
    def getfloat(self, name: str, default: float = 0.0) -> float: ...


def workers_for(settings: CrawlSettings) -> int:
    """PRESSARCHIVE_EXTRACT_WORKERS as a number of workers. 0 or more is taken as given; -1 (the
    default) is none for a throttled crawl (AutoThrottle or a DOWNLOAD_DELAY, as installed):
    politeness, not the CPU, bounds its rate (about 5 ms of CPU per page against at least half a
    second between a site's requests), so a worker would only add its memory, 30-50 MiB
    (docs/performance.md); else default_workers()."""
    configured = settings.getint("PRESSARCHIVE_EXTRACT_WORKERS", -1)
    if configured >= 0:
        return configured
    if settings.getbool("AUTOTHROTTLE_ENABLED") or settings.getfloat("DOWNLOAD_DELAY") > 0:
        return 0
    return default_workers()


def _worker_started() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl, which closes the pool
    parent = os.getppid()
    threading.Thread(target=_outlive_no_parent, args=(parent,), daemon=True).start()


def _outlive_no_parent(parent: int) -> None:
    """Exit when the crawl is gone (kill -9, the OOM killer): the worker holds its own end of the
    job queue's pipe, so it would otherwise wait for jobs forever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ready() -> int:
    return os.getpid()


class ExtractPool:
    """Runs ArticleJobs in `workers` forked processes, or in this one."""

    def __init__(self, workers: int) -> None:
        self.workers = max(0, workers)
        self.executor: ProcessPoolExecutor | None = None
        self.broken = False
        self.jobs = 0  # run in a worker
        self.local = 0  # run here (no worker, or it died)
        self.pids: list[int] = []

    def __deepcopy__(self, memo: dict[int, Any]) -> ExtractPool:
        return self  # one pool per run, shared by its spiders through Scrapy's (copied) settings

    def start(self) -> ExtractPool:
        """Fork the workers now, while this process is single-threaded (before the reactor runs)."""
        if self.workers and self.executor is None:
            # What the worker needs is imported here, before the fork, to be shared rather than
            # loaded twice; and it stays shared only while nobody writes to its pages: the garbage
            # collector would, walking them (see gc.freeze in Python's documentation).
            import trafilatura  # noqa: F401  (the generic body, imported where first used)

            import archive.clusters
            import archive.warc  # noqa: F401  (WARC records: warcio)
            import crawler.pages.platforms  # noqa: F401  (every page object)

            gc.freeze()
            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_started
            )
            try:
                ready = [self.executor.submit(_ready) for _ in range(self.workers)]
                self.pids = sorted({future.result(timeout=60) for future in ready})
                logger.debug("extraction workers: %s", self.pids)
            except Exception as exc:  # no fork here (a sandbox, a resource limit): extract in-process
                logger.warning("no extraction worker (%s); the crawl's process extracts articles", exc)
                self._lose()
        return self

    async def run(self, job: ArticleJob) -> tuple[ArticleOutcome, bool]:
        """The article's outcome, and whether a worker gave it (else this process did: no worker,
        or it is gone)."""
        return await self.call(run_job, job)

    async def read_listing(self, job: ListingJob) -> tuple[ListingOutcome, bool]:
        """The listing's outcome, and whether a worker gave it."""
        return await self.call(run_listing_job, job)

    async def call(self, work: Callable[[Job], Outcome], job: Job) -> tuple[Outcome, bool]:
        """Any pure function of this process's modules (pickled by name) on one picklable value,
        and whether a worker ran it."""
        if self.executor is not None and not self.broken:
            try:
                outcome = await asyncio.wrap_future(self.executor.submit(work, job))
                self.jobs += 1
                return outcome, True
            except BrokenProcessPool:
                if not self.broken:
                    logger.warning("the extraction worker died; the crawl's process extracts articles")
                self._lose()
        self.local += 1
        return work(job), False

    def _lose(self) -> None:
        self.broken = True
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
