"""Page work in a worker process, beside the crawl's event loop.

A crawl's process downloads, captures and stores on one core; parsing and normalising its pages
(crawler.runs.page_jobs) and compressing their WARC records costs about as much again. The worker
takes that half to the machine's second core. It is forked before the crawl starts (no thread
runs yet, and the imports are shared copy-on-write), by the CLI before Scrapy is even imported
(start_early_pool: the worker then holds no copies of Scrapy's pages), ignores Ctrl-C (the
crawl decides when to stop), and is optional: with `workers = 0`, or once the worker has died (a
crash, the OOM killer), every job runs in the crawling process, with the same code and the same
result.

Calls and answers travel on a socket pair per worker (crawler.runs.worker_wire), written and read
by the crawl's event loop itself. concurrent.futures' ProcessPoolExecutor, used before, moved each
job through two helper threads of the crawl's process; their hand-offs of the GIL cost the crawl
22% of its CPU per page and held every response's download slot longer (docs/performance.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from crawler.runs.page_jobs import ArticleJob, ArticleOutcome, run_job
from crawler.runs.worker_wire import READ_CHUNK, FrameReader, WorkerGone, fork_worker, frame

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
    second between a site's requests), so a worker would only add its memory, about 20 MiB
    while pages are read (docs/performance.md); else default_workers()."""
    configured = settings.getint("PRESSARCHIVE_EXTRACT_WORKERS", -1)
    if configured >= 0:
        return configured
    if settings.getbool("AUTOTHROTTLE_ENABLED") or settings.getfloat("DOWNLOAD_DELAY") > 0:
        return 0
    return default_workers()


class _SetValues:
    """The settings workers_for reads, from a crawl's --set values alone (read as Scrapy's
    Settings reads them). A name not set reads as throttled, as the project's settings are
    (DOWNLOAD_DELAY, AutoThrottle)."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        self.values = {"AUTOTHROTTLE_ENABLED": "True", "DOWNLOAD_DELAY": "1", **overrides}

    def getint(self, name: str, default: int = 0) -> int:
        return int(self.values.get(name, default))

    def getbool(self, name: str, default: bool = False) -> bool:
        value = str(self.values.get(name, default))
        words = {"True": True, "true": True, "False": False, "false": False}
        return words[value] if value in words else bool(int(value))

    def getfloat(self, name: str, default: float = 0.0) -> float:
        return float(self.values.get(name, default))


def workers_before_settings(overrides: Mapping[str, str]) -> int:
    """workers_for(settings) as far as a crawl's --set overrides tell it, before Scrapy is imported.

    A worker forked before Scrapy is imported holds none of Scrapy's or Twisted's objects: those
    the crawl later writes to (every reference count, every new object in a half-used page) stayed
    in the worker as private copies, 8 MiB of the crawl's peak (docs/performance.md). A wrong guess
    (a value Scrapy would refuse: none) costs memory, never the result: crawler.runs.crawl checks
    it against workers_for(settings) and forks again."""
    try:
        return workers_for(_SetValues(overrides))
    except ValueError:
        return 0


def start_early_pool(overrides: Mapping[str, str]) -> ExtractPool:
    """The workers a crawl with these --set overrides will want (workers_before_settings), forked
    now. Call it before Scrapy is imported, and hand the pool to crawler.runs.crawl.run_crawl."""
    return ExtractPool(workers_before_settings(overrides)).start()


class _Wire:
    """The crawl's side of one worker: calls go out on its socket as the event loop lets them, and
    answers are read by the loop itself (no thread: each answer costs one callback)."""

    def __init__(self, pid: int, connection: socket.socket) -> None:
        self.pid = pid
        self.connection = connection
        connection.setblocking(False)
        self.reader = FrameReader()
        self.outgoing: deque[memoryview] = deque()
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.gone = False
        self.next_id = 0

    def call(self, work: Callable[[Any], Any], argument: Any, urgent: bool = False) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            self._attach(loop)
        self.next_id += 1
        data = memoryview(frame((self.next_id, work, argument, urgent)))  # an unpicklable job raises here
        future: asyncio.Future[Any] = loop.create_future()
        self.pending[self.next_id] = future
        was_idle = not self.outgoing
        self.outgoing.append(data)
        if was_idle:
            self._send()
        return future

    def _attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read (and write) on the running loop; a loop that ended took its calls with it."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.remove_reader(self.connection)
            self.loop.remove_writer(self.connection)
        self.loop = loop
        self.pending.clear()
        loop.add_reader(self.connection, self._receive)

    def _send(self) -> None:
        while self.outgoing and not self.gone:
            data = self.outgoing[0]
            try:
                sent = self.connection.send(data)
            except BlockingIOError:
                break
            except OSError:
                self._lost()
                return
            if sent < len(data):
                self.outgoing[0] = data[sent:]
                break
            self.outgoing.popleft()
        if self.loop is None or self.gone:
            return
        if self.outgoing:
            self.loop.add_writer(self.connection, self._send)
        else:
            self.loop.remove_writer(self.connection)

    def _receive(self) -> None:
        try:
            data = self.connection.recv(READ_CHUNK)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._lost()
            return
        try:
            answers = self.reader.feed(data)
        except Exception:  # a frame that does not unpickle: nothing more from this wire is trusted
            logger.exception("unreadable answer from extraction worker %d", self.pid)
            self._lost()
            return
        for call_id, ok, value in answers:
            future = self.pending.pop(call_id, None)
            if future is None or future.done():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _lost(self) -> None:
        """The worker is gone: every call it had not answered fails with WorkerGone."""
        if self.gone:
            return
        self.gone = True
        if self.loop is not None and not self.loop.is_closed():
            self.loop.remove_reader(self.connection)
            self.loop.remove_writer(self.connection)
        self.outgoing.clear()
        for future in self.pending.values():
            if not future.done():
                future.set_exception(WorkerGone(f"extraction worker {self.pid} is gone"))
        self.pending.clear()

    def close(self, timeout: float) -> None:
        """Close the wire (the worker ends at its end of file) and reap the worker."""
        self._lost()
        self.connection.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        if not done:  # stuck in a page: it has nothing the crawl still wants
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)


class ExtractPool:
    """Runs ArticleJobs in `workers` forked processes, or in this one."""

    def __init__(self, workers: int) -> None:
        self.workers = max(0, workers)
        self.wires: list[_Wire] = []
        self.broken = False
        self.jobs = 0  # run in a worker
        self.local = 0  # run here (no worker, or it died)

    @property
    def pids(self) -> list[int]:
        return [wire.pid for wire in self.wires]

    @property
    def backlog(self) -> int:
        """Calls sent to the live workers and not answered yet."""
        return sum(len(wire.pending) for wire in self.wires if not wire.gone)

    @property
    def started(self) -> bool:
        """Whether workers run (none were asked for, or the fork failed: every job runs here)."""
        return bool(self.wires)

    def __deepcopy__(self, memo: dict[int, Any]) -> ExtractPool:
        return self  # one pool per run, shared by its spiders through Scrapy's (copied) settings

    def start(self) -> ExtractPool:
        """Fork the workers now, while this process is single-threaded (before the reactor runs).

        What the worker needs is imported here, before the fork, to be shared rather than loaded
        twice; and it stays shared only while nobody writes to its pages: the garbage collector
        would, walking them (see gc.freeze in Python's documentation). Not trafilatura: the
        crawl's process reads the pages a site profile is learned from with it, and a worker
        whose pages the profile reads never needs it (a page that does imports it): imported
        before the fork, its pages the crawl wrote to stayed in the worker as copies, 5-6 MiB of
        bench_crawl's generic crawl (docs/performance.md). Nor numpy: a page's MinHash is made
        with it only where PRESSARCHIVE_SIGN_BODIES asks (a distributed worker's crawl), and the
        worker then loads it itself; a crawl on one machine leaves that to its clustering."""
        if self.workers and not self.wires:
            # every page object, WARC records (warcio)
            import crawler.pages.platforms
            import crawler.runs.capture_jobs  # noqa: F401

            gc.freeze()
            try:
                for _ in range(self.workers):
                    pid, connection = fork_worker([wire.connection for wire in self.wires])
                    self.wires.append(_Wire(pid, connection))
                logger.debug("extraction workers: %s", self.pids)
            except OSError as exc:  # no fork here (a sandbox, a resource limit): extract in-process
                logger.warning("no extraction worker (%s); the crawl's process extracts articles", exc)
                self._lose()
        return self

    async def run(self, job: ArticleJob) -> tuple[ArticleOutcome, bool]:
        """The article's outcome, and whether a worker gave it (else this process did: no worker,
        or it is gone)."""
        return await self.call(run_job, job)

    async def call(
        self, work: Callable[[Job], Outcome], job: Job, urgent: bool = False
    ) -> tuple[Outcome, bool]:
        """Any pure function of this process's modules (pickled by name) on one picklable value,
        and whether a worker ran it. `urgent` calls are taken before the others waiting
        (crawler.runs.worker_wire)."""
        wires = [wire for wire in self.wires if not wire.gone]
        if wires and not self.broken:
            wire = min(wires, key=lambda one: len(one.pending))
            try:
                outcome = await wire.call(work, job, urgent)
                self.jobs += 1
                return outcome, True
            except WorkerGone:
                if not self.broken:
                    logger.warning("the extraction worker died; the crawl's process extracts articles")
                self._lose()
        self.local += 1
        return work(job), False

    def _lose(self) -> None:
        """No more work for the workers (one died: the crawl does not wait to learn why)."""
        self.broken = True
        for wire in self.wires:
            wire.close(timeout=0)

    def close(self) -> None:
        for wire in self.wires:
            wire.close(timeout=10)
        self.wires = []
