"""A distributed run's end on a real redis-server: once the writer has cleared the run, no worker
takes a source of it again, and what a worker still crawling writes after the end is deleted when
it stops; the next run deletes whatever ended runs left (a writer or a worker killed at the end).

Found by tests/test_distributed_crawl.py's kill -9 test, which once ended with 18 keys of its
resumed run left in Redis: a worker that finished a source took the next one at once, between the
writer's clearing of the run (`done` among its keys) and the worker's next look at `current`."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis_server import redis_server

from archive.store import Archive
from crawler.distributed.coordinator import begin_run, end_run
from crawler.distributed.keys import RunKeys, delete_matching, runs_pattern
from crawler.distributed.worker import Worker
from crawler.runs.extract_file import adhoc_source

SOURCES = [
    dataclasses.replace(adhoc_source("https://mii.mosreg.ru/press/news"), name="mosreg_mii"),
    dataclasses.replace(adhoc_source("https://invest.mosreg.ru/news"), name="mosreg_invest"),
]


Server = tuple[redis.Redis, str]  # a client and the server's URL


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with redis_server(tmp_path / "redis") as url:
        yield redis.Redis.from_url(url), url


def begin(server: redis.Redis, keys: RunKeys) -> None:
    """What the writer's begin_run leaves in Redis that a worker reads."""
    meta = {"sources": pickle.dumps(SOURCES), "modes": pickle.dumps({}), "overrides": pickle.dumps({})}
    server.hset(keys.meta, mapping=meta)
    server.set(RunKeys.current_key(keys.namespace), keys.run_id)


def test_a_worker_takes_no_source_of_a_run_that_has_ended(server: Server) -> None:
    client, url = server
    keys = RunKeys("pressarchive", "20261204T214949Z-39b74dcf")
    begin(client, keys)
    worker = Worker(client, keys, url)
    first = worker.claim()
    assert first == SOURCES[0].name and client.get(keys.lease(first)) == worker.id.encode()
    client.sadd(keys.done, first)
    end_run(client, keys)  # the writer has everything
    assert client.keys("pressarchive:*") == []
    assert worker.claim() is None  # the old code took the second source: `done` was gone
    assert worker.stopping
    assert client.keys("pressarchive:*") == []


def test_a_worker_that_stops_after_the_end_deletes_what_it_wrote_since(server: Server) -> None:
    client, url = server
    keys = RunKeys("pressarchive", "run-a")
    begin(client, keys)
    worker = Worker(client, keys, url)
    client.set(keys.started(SOURCES[0].name), "1")
    assert worker.sweep_if_ended() == 0  # the run goes on: nothing is touched
    assert client.get(keys.started(SOURCES[0].name)) == b"1"
    end_run(client, keys)
    # what a crawl still held sends after the writer's end: its last message, `done`, a heartbeat
    client.xadd(keys.stream, {"kind": "done"})
    client.sadd(keys.done, SOURCES[1].name)
    client.hset(keys.workers, worker.id, "1")
    client.set(keys.started(SOURCES[1].name), "1")
    other = RunKeys("pressarchive", "run-b")  # the next run, begun meanwhile: not this worker's
    begin(client, other)
    assert worker.sweep_if_ended() == 4
    assert sorted(client.keys("pressarchive:*")) == sorted(
        [RunKeys.current_key("pressarchive").encode(), other.meta.encode()]
    )


def test_the_next_run_deletes_what_ended_runs_left(server: Server, tmp_path: Path) -> None:
    client, _ = server
    left = RunKeys("pressarchive", "20261203T010000Z-0badc0de")  # a writer killed at its end
    client.set(left.started("mosreg_mii"), "1")
    client.set(RunKeys("other", "run").started("demo"), "1")  # another archive's namespace
    with Archive.open(tmp_path / "archive.db") as archive:
        keys, _ = begin_run(client, archive, tmp_path / "archive.db", SOURCES[:1], {}, {})
    assert client.get(left.started("mosreg_mii")) is None
    assert client.get(RunKeys("other", "run").started("demo")) == b"1"
    assert client.get(RunKeys.current_key("pressarchive")) == keys.run_id.encode()
    assert client.hgetall(keys.meta)


def test_a_namespace_is_matched_as_written(server: Server) -> None:
    client, _ = server
    for namespace in ("press*", "press-other", "pressX"):
        for run_id in ("old1", "old2"):
            client.set(RunKeys(namespace, run_id).started("demo"), "1")
    client.set(RunKeys.current_key("press*"), "old2")
    assert delete_matching(client, runs_pattern("press*")) == 2  # "*" read as itself, not a wildcard
    assert sorted(key.decode() for key in client.keys("*")) == [
        "press*:current",
        "press-other:run:old1:source:demo:started",
        "press-other:run:old2:source:demo:started",
        "pressX:run:old1:source:demo:started",
        "pressX:run:old2:source:demo:started",
    ]
