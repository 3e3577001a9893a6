"""Crawling with workers on Redis (crawler.distributed) against the project's local mirror and a
real redis-server: 1, 2 and 3 workers make the archive a one-process crawl makes; workers and the
writer killed with kill -9 at random moments, then resumed, still make it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from redis_server import free_port, redis_server

from demo.mirror import Mirror, write_demo_registry

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
# Slow enough that a kill lands mid-crawl: 0.3 s between the pages of a host (about 6 s a site).
SLOW = ["--set", "DOWNLOAD_DELAY=0.3", "--set", "AUTOTHROTTLE_ENABLED=False"]


@dataclass
class Site:
    mirror: Mirror
    registry: Path
    redis_url: str
    baseline: dict[str, Any]
    tmp: Path

    def cli(self, *args: Any, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "crawler.cli", *map(str, args)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def spawn(self, *args: Any) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *map(str, args)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )


def archive_facts(db: Path) -> dict[str, Any]:
    """What must not depend on how the crawl was spread: releases, versions, events, profiles."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT release_id, url, title, published_date, content_hash FROM releases ORDER BY release_id"
        ).fetchall()
        versions = conn.execute(
            "SELECT release_id, version, content_hash FROM release_versions ORDER BY release_id, version"
        ).fetchall()
        events = conn.execute(
            "SELECT release_id, kind, COUNT(*) FROM events GROUP BY release_id, kind ORDER BY 1, 2"
        ).fetchall()
        profiles = conn.execute("SELECT DISTINCT source FROM site_profiles ORDER BY source").fetchall()
        runs = conn.execute("SELECT source, finish_reason, items FROM crawl_runs ORDER BY source").fetchall()
        linked = conn.execute(
            "SELECT COUNT(*) FROM release_versions v JOIN captures c ON c.id = v.capture_id"
        ).fetchone()[0]
    return {
        "releases": rows,
        "versions": versions,
        "events": events,
        "profiles": profiles,
        "runs": runs,
        "linked_versions": linked,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("distributed")
    with Mirror() as mirror, redis_server(tmp / "redis") as url:
        registry = write_demo_registry(mirror, tmp / "sources.toml")
        baseline_db = tmp / "one-process.db"
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--sources", registry, "--db", baseline_db, *FAST],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield Site(mirror, registry, url, archive_facts(baseline_db), tmp)


def leftover_keys(url: str) -> list[bytes]:
    return redis.Redis.from_url(url).keys("pressarchive:*")


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_workers_make_the_archive_one_process_makes(site: Site, workers: int) -> None:
    db = site.tmp / f"workers-{workers}.db"
    result = site.cli(
        "crawl",
        "--sources",
        site.registry,
        "--db",
        db,
        "--redis",
        site.redis_url,
        "--workers",
        workers,
        *FAST,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    facts = archive_facts(db)
    assert facts["releases"], "nothing was crawled"
    assert facts == site.baseline
    assert len({row[0] for row in facts["releases"]}) == len(facts["releases"])  # no duplicates
    assert facts["linked_versions"] == len(facts["versions"])  # every version points at its capture
    with sqlite3.connect(db) as conn:  # each capture's record is in a WARC file beside the archive
        for warc_file, offset in conn.execute("SELECT warc_file, warc_offset FROM captures"):
            assert (db.parent / warc_file).stat().st_size > offset
    assert leftover_keys(site.redis_url) == []  # the run's keys cleared at its end


def test_kill_9_of_workers_and_of_the_writer_loses_nothing(site: Site) -> None:
    """Workers are killed at random moments several times, the writer once; each is started
    again; the archive is the one-process crawl's."""
    rng = random.Random(int(os.environ.get("PRESSARCHIVE_TEST_SEED", "15")))
    db = site.tmp / "killed.db"
    crawl = [
        "crawl",
        "--sources",
        site.registry,
        "--db",
        db,
        "--redis",
        site.redis_url,
        "--workers",
        "0",
        *SLOW,
    ]
    worker = ["worker", "--redis", site.redis_url, "--lease-seconds", "2", "--wait", "20"]
    writer = site.spawn(*crawl)
    try:
        for _ in range(3):
            victim = site.spawn(*worker)
            time.sleep(rng.uniform(1.5, 4.0))
            victim.send_signal(signal.SIGKILL)
            victim.wait()
        client = redis.Redis.from_url(site.redis_url)
        stored = client.keys("pressarchive:run:*:stored")
        assert not stored or client.scard(stored[0]) < 4, "the run ended before the writer's kill"
        writer.send_signal(signal.SIGKILL)  # the writer, mid-run
        writer.wait()
        spare = site.spawn(*worker)
        time.sleep(rng.uniform(0.5, 2.0))
        spare.send_signal(signal.SIGKILL)
        spare.wait()
        finisher = site.spawn(*worker)
        resumed = site.cli(*crawl, timeout=300)  # the same command resumes the run
        finisher.wait(timeout=120)
    finally:
        for process in (writer,):
            if process.poll() is None:
                process.kill()
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr[-3000:]
    facts = archive_facts(db)
    assert facts["releases"] == site.baseline["releases"]
    assert facts["versions"] == site.baseline["versions"]
    assert facts["events"] == site.baseline["events"]
    assert facts["profiles"] == site.baseline["profiles"]
    assert [(s, reason) for s, reason, _ in facts["runs"]] == [(s, r) for s, r, _ in site.baseline["runs"]]
    assert leftover_keys(site.redis_url) == []
    with sqlite3.connect(db) as conn:  # the kills did land mid-crawl: some source was resumed
        resumed = conn.execute(
            "SELECT COUNT(*) FROM crawl_runs WHERE json_extract(stats, '$.\"distributed/resumed\"') > 0"
        ).fetchone()[0]
    assert resumed >= 1


def test_nightly_with_workers_keeps_quiet_nights_cheap(site: Site) -> None:
    """`nightly --redis`: the first night is a deep pass; the next costs at most two requests per
    site, as one machine's does, because the workers read the archive's known releases and
    validators from the run's context."""
    db = site.tmp / "nightly.db"
    night = ["nightly", "--sources", site.registry, "--db", db, "--redis", site.redis_url, *FAST]
    first = site.cli(*night)
    assert first.returncode == 0, first.stdout + first.stderr[-3000:]
    assert "[deep]" in first.stdout
    site.mirror.clear_request_log()
    quiet = site.cli(*night)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr[-3000:]
    assert "[incremental]" in quiet.stdout
    per_site = {
        name: len([p for p in site.mirror.request_log(name) if p != "/robots.txt"])
        for name in site.mirror.sites
    }
    assert per_site and all(count <= 2 for count in per_site.values()), per_site
    assert archive_facts(db)["releases"] == site.baseline["releases"]


def test_a_redis_that_does_not_answer_is_said_in_russian(site: Site, tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = site.cli("crawl", "--sources", site.registry, "--db", tmp_path / "a.db", "--redis", url, *FAST)
    assert result.returncode == 1
    assert "Redis недоступен" in result.stderr
    result = site.cli("worker", "--redis", url, "--wait", "0")
    assert result.returncode == 1 and "Redis недоступен" in result.stderr


def test_a_worker_stopped_politely_hands_its_sources_on_at_once(site: Site) -> None:
    """SIGTERM (a deploy, a reboot): the worker takes no more sources, closes its crawls, gives
    their leases back (a 60 s lease is not waited for) and exits; another worker finishes."""
    db = site.tmp / "terminated.db"
    crawl = [
        "crawl",
        "--sources",
        site.registry,
        "--db",
        db,
        "--redis",
        site.redis_url,
        "--workers",
        "0",
        *SLOW,
    ]
    worker = ["worker", "--redis", site.redis_url, "--lease-seconds", "60", "--wait", "20"]
    writer = site.spawn(*crawl)
    try:
        first = site.spawn(*worker)
        client = redis.Redis.from_url(site.redis_url)
        deadline = time.monotonic() + 60
        while not client.keys("pressarchive:run:*:lease") and time.monotonic() < deadline:
            time.sleep(0.1)  # the worker has started (Scrapy's signal handlers are in place) and took sources
        time.sleep(1)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
        finished_at = time.monotonic()
        second = site.cli(*worker, timeout=120)
        assert second.returncode == 0, second.stderr[-3000:]
        assert time.monotonic() - finished_at < 50  # no lease had to run out
        assert writer.wait(timeout=60) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
    facts = archive_facts(db)
    assert facts["releases"] == site.baseline["releases"]
    assert facts["versions"] == site.baseline["versions"]
