"""The crawl's extraction worker (crawler.runs.extract_pool): the same releases as in-process
extraction, no page lost when the worker dies, a changed profile followed, and in a real crawl
the same archive with and without it."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST
from cli_run import run_cli as cli
from profile_site import listing, new_article, old_article, releases
from test_profiles_crawl import Site, crawl, site  # noqa: F401  (the fixture)

from crawler.profiles.learn import learn_from_pages
from crawler.profiles.sample import SamplePage, study
from crawler.runs.crawl import build_settings
from crawler.runs.extract_file import adhoc_source
from crawler.runs.extract_pool import ExtractPool, workers_for
from crawler.runs.page_jobs import ArticleJob, ArticleOutcome, Context, Fetch, FetchedPage, run_job
from crawler.runs.worker_wire import FrameReader, frame

ROOT = Path(__file__).resolve().parent.parent
RELEASES = releases()
BASE = "http://127.0.0.1:9"
FETCHED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def job(index: int, context: Context, render=old_article) -> ArticleJob:  # type: ignore[no-untyped-def]
    release = RELEASES[index]
    key, packed = context.packed()
    fetch = Fetch(fetched_at=FETCHED, http_status=200, listing_title=release.title, capture_id=index)
    body = render(release).encode("utf-8")
    return ArticleJob(FetchedPage(BASE + release.path, body, "text/html; charset=utf-8", key, packed), fetch)


def run_all(pool: ExtractPool, jobs: list[ArticleJob]) -> list[tuple[ArticleOutcome, bool]]:
    async def gather() -> list[tuple[ArticleOutcome, bool]]:
        return list(await asyncio.gather(*(pool.run(one) for one in jobs)))

    return asyncio.run(gather())


@pytest.fixture
def pool() -> ExtractPool:
    started = ExtractPool(1).start()
    yield started
    started.close()


def plain_context() -> Context:
    return Context(adhoc_source(BASE + "/news/"), None)


def learned_context() -> Context:
    samples = [SamplePage(BASE + r.path, old_article(r), r.title) for r in RELEASES]
    profile = learn_from_pages("adhoc", [page for s in samples if (page := study(s))], now=FETCHED)
    assert profile is not None and profile.body is not None
    return Context(adhoc_source(BASE + "/news/"), profile)


def test_the_worker_gives_what_this_process_gives(pool: ExtractPool) -> None:
    assert pool.started and pool.pids and os.getpid() not in pool.pids
    jobs = [job(i, plain_context()) for i in range(len(RELEASES))]
    answers = run_all(pool, jobs)
    assert [in_worker for _, in_worker in answers] == [True] * len(jobs)
    assert [outcome for outcome, _ in answers] == [run_job(one) for one in jobs]
    released = [outcome.release for outcome, _ in answers]
    assert all(release is not None for release in released)
    assert [release.title for release in released if release] == [r.title for r in RELEASES]
    assert pool.jobs == len(jobs) and pool.local == 0


def test_the_worker_follows_a_changed_profile(pool: ExtractPool) -> None:
    plain, learned = plain_context(), learned_context()
    assert plain.packed()[0] != learned.packed()[0]
    jobs = [job(0, plain), job(0, learned), job(1, plain), job(1, learned)]
    outcomes = [outcome for outcome, _ in run_all(pool, jobs)]
    assert outcomes == [run_job(one) for one in jobs]
    with_profile = [outcome for outcome in outcomes[1::2]]
    assert all(outcome.profile_page and outcome.release for outcome in with_profile)
    assert not any(outcome.profile_page for outcome in outcomes[0::2])
    bodies = [outcome.release.body_text for outcome in outcomes if outcome.release]
    assert bodies[0] != bodies[1]  # the profile cuts the template the page judged alone keeps
    assert bodies[1] == "\n\n".join(RELEASES[0].paragraphs)


def test_a_dead_worker_loses_no_page(pool: ExtractPool) -> None:
    (pid,) = pool.pids
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process_state(pid) != "Z":
        time.sleep(0.05)  # dead, not yet reaped: the pool learns it from its wire's end of file
    jobs = [job(i, plain_context()) for i in range(3)]
    answers = run_all(pool, jobs)
    assert [outcome for outcome, _ in answers] == [run_job(one) for one in jobs]
    assert [in_worker for _, in_worker in answers] == [False, False, False]
    assert pool.broken and pool.local == 3


def test_no_worker_extracts_in_this_process() -> None:
    local = ExtractPool(0).start()
    assert not local.started and not local.pids
    (answer,) = run_all(local, [job(0, plain_context())])
    assert answer == (run_job(job(0, plain_context())), False)
    local.close()


def test_a_crawl_stores_the_same_archive_with_and_without_the_worker(site: Site, tmp_path: Path) -> None:  # noqa: F811
    """The site's layout is learned from its first 3 pages (in the crawl's process); the other
    pages go to the worker. The archive must not tell which process extracted a page."""
    site.render, site.listed = new_article, RELEASES
    archives = {}
    for workers in (1, 0):
        where = tmp_path / str(workers)
        where.mkdir()
        db = crawl(
            where,
            site,
            "--set",
            f"PRESSARCHIVE_EXTRACT_WORKERS={workers}",
            "--set",
            "PRESSARCHIVE_PROFILE_PAGES=3",
        )
        stats = json.loads(db.execute("SELECT stats FROM crawl_runs").fetchone()[0])
        archives[workers] = (stats, db)
    with_worker, alone = archives[1][0], archives[0][0]
    assert (
        with_worker.get("extract/worker") == len(RELEASES) - 3 and with_worker.get("extract/in_process") == 3
    )
    assert "extract/worker" not in alone and alone.get("extract/in_process") == len(RELEASES)
    assert with_worker.get("profile/pages") == alone.get("profile/pages") == len(RELEASES)

    def releases_of(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
        columns = (
            "release_id, url, title, body_text, body_html, content_hash, published_date, published_time,"
            " published_utc, date_method, lead, methods, images, attachments, tags"
        )
        return [tuple(row) for row in db.execute(f"SELECT {columns} FROM releases ORDER BY release_id")]

    stored = releases_of(archives[1][1])
    assert len(stored) == len(RELEASES) and stored == releases_of(archives[0][1])
    assert {row[2] for row in stored} == {release.title for release in RELEASES}


def test_the_workers_end_with_a_killed_crawl(tmp_path: Path) -> None:
    """kill -9 of the crawl (or the OOM killer) must not leave its workers waiting for jobs forever:
    the kernel closes the crawl's ends of their wires, and each worker sees its end of file."""
    script = "from crawler.runs.extract_pool import ExtractPool\nimport time\n"
    script += "pool = ExtractPool(2).start()\nprint(*pool.pids, flush=True)\ntime.sleep(60)\n"
    crawl_process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert crawl_process.stdout is not None
    workers = [int(pid) for pid in crawl_process.stdout.readline().split()]
    assert len(workers) == 2
    os.kill(crawl_process.pid, signal.SIGKILL)
    crawl_process.wait()
    crawl_process.stdout.close()

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(process_state(pid) not in ("gone", "Z") for pid in workers):
        time.sleep(0.1)
    assert [process_state(pid) in ("gone", "Z") for pid in workers] == [True, True]  # a zombie waits for init


def test_an_exception_in_the_worker_reaches_the_caller(pool: ExtractPool) -> None:
    async def ask() -> None:
        with pytest.raises(ValueError, match="invalid literal"):
            await pool.call(int, "не число")
        assert await pool.call(int, "42") == (42, True)  # the worker is still there

    asyncio.run(ask())
    assert not pool.broken


def test_an_urgent_call_is_taken_before_the_calls_waiting(pool: ExtractPool) -> None:
    """A WARC record holds its download slot: it must not wait behind the worker's queue of
    article pages. The worker reads what has arrived before it picks its next call."""
    finished: list[str] = []

    async def ask(name: str, seconds: float, urgent: bool) -> None:
        await pool.call(time.sleep, seconds, urgent=urgent)
        finished.append(name)

    async def ask_all() -> None:
        first = asyncio.ensure_future(ask("first", 0.3, False))  # in hand when the rest arrive
        await asyncio.sleep(0.1)
        waiting = [asyncio.ensure_future(ask(f"page {n}", 0.05, False)) for n in range(6)]
        urgent = asyncio.ensure_future(ask("urgent", 0, True))
        await asyncio.gather(first, *waiting, urgent)

    asyncio.run(ask_all())
    assert finished == ["first", "urgent", *(f"page {n}" for n in range(6))]


def test_a_warc_record_is_encoded_here_while_the_worker_has_a_backlog(pool: ExtractPool) -> None:
    """Past WORKER_BACKLOG waiting calls the worker is the crawl's bottleneck: the record is made
    in the crawl's process at once (the same bytes) instead of waiting its turn."""
    from types import SimpleNamespace

    from scrapy.settings import Settings

    from archive.warc import Encoded, Exchange
    from crawler.runs.extract_pool import EXTRACT_POOL_SETTING
    from crawler.scrapy_glue.capture import HERE_MAX_BYTES, WORKER_BACKLOG, encoded_capture

    crawler = SimpleNamespace(settings=Settings({EXTRACT_POOL_SETTING: pool}))
    exchange = Exchange(BASE + "/news/1", FETCHED, 200, [("Content-Type", "text/html")], b"<html>" * 1000)

    def same_record(encoded: Encoded) -> bool:  # the same exchange (each record has its own id)
        main = zlib.decompress(encoded.data[: encoded.main_length], 31)
        return encoded.record_type == "response" and main.endswith(exchange.body + b"\r\n\r\n")

    async def record(backlog: int, exchange: Exchange = exchange) -> tuple[Encoded, int, float]:
        busy = [asyncio.ensure_future(pool.call(time.sleep, 0.1)) for _ in range(backlog)]
        await asyncio.sleep(0)  # the calls are sent
        asked, started = pool.jobs, time.monotonic()
        encoded = await encoded_capture(crawler, exchange, None)  # type: ignore[arg-type]
        took = time.monotonic() - started
        await asyncio.gather(*busy)
        return encoded, pool.jobs - backlog - asked, took

    encoded, by_worker, took = asyncio.run(record(WORKER_BACKLOG + 1))
    assert by_worker == 0 and took < 0.1 and same_record(encoded)  # not behind the worker's sleeps
    encoded, by_worker, _ = asyncio.run(record(0))
    assert by_worker == 1 and same_record(encoded)
    document = dataclasses.replace(exchange, body=b"%PDF" * (HERE_MAX_BYTES // 4 + 1))
    _, by_worker, _ = asyncio.run(record(WORKER_BACKLOG + 1, document))  # gzip would stop the loop
    assert by_worker == 1


def test_answers_larger_than_the_socket_buffer_come_back_whole(pool: ExtractPool) -> None:
    """A call and its answer of several MB: written and read in many pieces by the event loop."""
    pages = [bytes([n]) * (3 * 1024 * 1024 + n) for n in range(4)]

    async def ask() -> list[tuple[bytes, bool]]:
        return list(await asyncio.gather(*(pool.call(bytes, page) for page in pages)))

    assert asyncio.run(ask()) == [(page, True) for page in pages]


def test_two_workers_share_the_jobs_and_give_what_this_process_gives() -> None:
    two = ExtractPool(2).start()
    try:
        assert len(set(two.pids)) == 2
        jobs = [job(i % len(RELEASES), plain_context()) for i in range(12)]
        answers = run_all(two, jobs)
        assert [outcome for outcome, _ in answers] == [run_job(one) for one in jobs]
        assert all(in_worker for _, in_worker in answers) and two.jobs == 12
    finally:
        two.close()
    assert not two.pids


def test_a_worker_ends_when_its_own_wire_closes() -> None:
    """The second worker does not hold the first one's wire open (it would inherit the crawl's end at
    its fork): closing that wire ends the first worker at once, the second works on."""
    two = ExtractPool(2).start()
    first, second = two.pids
    try:
        two.wires[0].connection.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and process_state(first) != "Z":
            time.sleep(0.05)
        assert process_state(first) == "Z"  # dead, not yet reaped
        assert process_state(second) not in ("Z", "gone")
        two.wires.pop(0).close(timeout=0)  # reaped
        assert run_all(two, [job(0, plain_context())]) == [(run_job(job(0, plain_context())), True)]
    finally:
        two.close()


def process_state(pid: int) -> str:
    stat = Path(f"/proc/{pid}/stat")
    return stat.read_text().rsplit(")", 1)[1].split()[0] if stat.exists() else "gone"


def test_frames_split_anywhere_are_read_whole() -> None:
    messages = [(1, True, "первый"), (2, False, ValueError("x")), (3, True, b"\x00" * 70_000)]
    data = b"".join(frame(message) for message in messages)
    for step in (1, 7, 4096, len(data)):
        reader = FrameReader()
        read = [m for start in range(0, len(data), step) for m in reader.feed(data[start : start + step])]
        assert [m[0] for m in read] == [1, 2, 3] and read[0] == messages[0] and read[2] == messages[2]
        assert isinstance(read[1][2], ValueError) and not reader.buffer


class PagedSite(ThreadingHTTPServer):
    """The profile site's releases on listing pages of 2, chained by rel=next."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), PagedHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def page(self, path: str) -> bytes | None:
        if path.startswith("/news/"):
            number = int(path.partition("?page=")[2] or 1)
            html = listing(RELEASES[2 * (number - 1) : 2 * number])
            if 2 * number < len(RELEASES):
                html = html.replace(
                    "</body>", f'<a rel="next" href="/news/?page={number + 1}">Далее</a></body>'
                )
            return html.encode()
        for release in RELEASES:
            if path == release.path:
                return new_article(release).encode()
        return None


class PagedHandler(BaseHTTPRequestHandler):
    server: PagedSite

    def do_GET(self) -> None:
        body = self.server.page(self.path) or b"<html><body>404</body></html>"
        self.send_response(200 if not body.endswith(b"404</body></html>") else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_listings_lead_to_the_same_archive_with_and_without_the_worker(tmp_path: Path) -> None:
    """Listing pages are read in the crawl's process in both (after the profile is decided, from
    the response's bytes): the same pages are followed and the same releases stored."""
    server = PagedSite()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        registry = tmp_path / "sources.toml"
        registry.write_text(
            f"""[[source]]
name = "fond"
title = "Фонд развития промышленности Энской области"
region = "Калужская область"
publisher_kind = "agency"
timezone = "Europe/Moscow"
platform = "generic"
start_urls = ["{server.base}/news/"]
allowed_domains = ["127.0.0.1"]
""",
            encoding="utf-8",
        )
        found = {}
        for workers in (1, 0):
            db_path = tmp_path / f"{workers}.db"
            result = cli(
                "crawl", "--sources", registry, "--db", db_path, *FAST,
                "--set", f"PRESSARCHIVE_EXTRACT_WORKERS={workers}",
                "--set", "PRESSARCHIVE_PROFILE_PAGES=2",
                # one request at a time: the profile is decided before the later listings come
                "--set", "CONCURRENT_REQUESTS=1",
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            db = sqlite_utils.Database(db_path)
            stats = json.loads(db.execute("SELECT stats FROM crawl_runs").fetchone()[0])
            rows = db.execute(
                "SELECT release_id, title, body_text FROM releases ORDER BY release_id"
            ).fetchall()
            found[workers] = (stats, rows)
    finally:
        server.shutdown()
        server.server_close()
    with_worker, alone = found[1][0], found[0][0]
    assert with_worker.get("extract/worker", 0) >= 1 and "extract/worker" not in alone
    assert with_worker["pages/listing"] == alone["pages/listing"] == 5
    assert found[1][1] == found[0][1] and len(found[1][1]) == len(RELEASES)


def test_the_worker_is_forked_only_for_a_crawl_the_cpu_bounds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As installed (AutoThrottle, a download delay) the sites bound a crawl's rate and a worker
    only adds its memory; unthrottled, a second core pays; a number set is taken as given."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)

    def workers(**overrides: object) -> int:
        settings = build_settings(tmp_path / "archive.db", {k: str(v) for k, v in overrides.items()})
        return workers_for(settings)

    installed = build_settings(tmp_path / "archive.db")
    assert installed.getbool("AUTOTHROTTLE_ENABLED") and installed.getfloat("DOWNLOAD_DELAY") > 0
    assert workers() == 0
    assert workers(AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0.25) == 0
    assert workers(AUTOTHROTTLE_ENABLED=True, DOWNLOAD_DELAY=0) == 0
    assert workers(AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0) == 1
    assert workers(PRESSARCHIVE_EXTRACT_WORKERS=1) == 1
    assert workers(PRESSARCHIVE_EXTRACT_WORKERS=0, AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0) == 0
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert workers(AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0) == 0  # one core: none


def test_an_unreadable_answer_loses_no_page(tmp_path: Path) -> None:
    """A worker that answers with bytes that do not unpickle (a crash mid-write, a bug) is given up:
    the pages it held are extracted here, and the crawl does not wait for answers forever."""
    from crawler.runs.extract_pool import _Wire
    from crawler.runs.worker_wire import HEADER

    ours, theirs = socket.socketpair()
    stand_in = subprocess.Popen(["sleep", "30"])  # the wire's "worker": reaped when given up
    pool = ExtractPool(1)
    pool.wires.append(_Wire(stand_in.pid, ours))

    def garble() -> None:
        theirs.recv(1 << 20)  # the first call arrives
        theirs.sendall(HEADER.pack(5) + b"\x80\x05junk")

    answering = threading.Thread(target=garble)
    answering.start()
    jobs = [job(0, plain_context()), job(1, plain_context())]

    async def gather() -> list[tuple[ArticleOutcome, bool]]:  # a hang would be the bug: bounded
        return list(await asyncio.wait_for(asyncio.gather(*(pool.run(one) for one in jobs)), 30))

    answers = asyncio.run(gather())
    answering.join()
    assert answers == [(run_job(one), False) for one in jobs]
    assert pool.broken and pool.local == 2 and pool.jobs == 0
    assert stand_in.poll() is not None  # killed and reaped, not left behind
    pool.close()
    theirs.close()
