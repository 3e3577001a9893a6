"""The distributed run's writer (crawler.distributed.drain) on a real redis-server and a real
archive: messages handed to it twice are stored once; a message it cannot store is counted in its
source's run and does not hold the others back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis_server import redis_server
from serve_fixtures import MINISTRY, release

from archive.records import CrawlRun
from archive.store import Archive
from archive.warc import Exchange
from crawler.distributed import messages
from crawler.distributed.drain import GROUP, Drain, SourceRun, ensure_group
from crawler.distributed.keys import RunKeys


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[redis.Redis, RunKeys, Path]]:
    with redis_server(tmp_path / "redis") as url:
        server = redis.Redis.from_url(url)
        keys = RunKeys("test", "run1")
        ensure_group(server, keys)
        yield server, keys, tmp_path / "archive.db"


def drain_for(archive: Archive, server: redis.Redis, keys: RunKeys, db: Path) -> Drain:
    archive.sync_sources([MINISTRY])
    run_id = archive.start_run(MINISTRY.name, "2026-12-04T00:00:00Z")
    runs = {
        MINISTRY.name: SourceRun(CrawlRun(source=MINISTRY.name, started_at="2026-12-04T00:00:00Z"), run_id)
    }
    return Drain(archive, server, keys, runs, data_dir=db.parent)


def send_page(server: redis.Redis, keys: RunKeys, n: int) -> None:
    item = release(n, MINISTRY, f"Заголовок {n}", f"Текст пресс-релиза номер {n}.")
    exchange = Exchange(
        item.url, dt.datetime.now(dt.UTC), 200, [("Content-Type", "text/html")], b"<p>page</p>"
    )
    messages.send(server, keys.stream, messages.CAPTURE, MINISTRY.name, (f"key{n}", exchange))
    messages.send(server, keys.stream, messages.RELEASE, MINISTRY.name, (item, None, f"key{n}"))


def counts(archive: Archive) -> tuple[int, int, int]:
    db = archive.db
    return (
        db.execute("SELECT COUNT(*) FROM releases").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM captures").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM release_versions WHERE capture_id IS NOT NULL").fetchone()[0],
    )


def test_messages_handed_out_again_after_a_crash_are_stored_once(
    setup: tuple[redis.Redis, RunKeys, Path],
) -> None:
    server, keys, db = setup
    for n in range(3):
        send_page(server, keys, n)
    # A writer that read the messages and died before acknowledging them leaves them pending.
    server.xreadgroup(GROUP, "writer", {keys.stream: ">"}, count=100)
    with Archive.open(db) as archive:
        drain = drain_for(archive, server, keys, db)
        while drain.step(block_ms=10):
            pass
        assert counts(archive) == (3, 3, 3)
        # the same messages once more, as after a crash between the commit and the acknowledgement
        for n in range(3):
            send_page(server, keys, n)
        while drain.step(block_ms=10):
            pass
        assert counts(archive) == (3, 3, 3)  # the same capture keys: stored once
        assert drain.runs[MINISTRY.name].run.new == 3
    assert server.xlen(keys.stream) == 0 and server.xpending(keys.stream, GROUP)["pending"] == 0


def test_a_message_that_cannot_be_stored_is_counted_and_the_rest_is_stored(
    setup: tuple[redis.Redis, RunKeys, Path],
) -> None:
    server, keys, db = setup
    send_page(server, keys, 1)
    messages.send(server, keys.stream, messages.RELEASE, MINISTRY.name, ("not", "a release", None))
    messages.send(server, keys.stream, messages.PROFILE, MINISTRY.name, ("not a profile", "first"))
    server.xadd(keys.stream, {"kind": "release", "source": MINISTRY.name, "body": b"not zlib"})
    send_page(server, keys, 2)
    with Archive.open(db) as archive:
        drain = drain_for(archive, server, keys, db)
        while drain.step(block_ms=10):
            pass
        assert counts(archive) == (2, 2, 2)
        stats = drain.runs[MINISTRY.name].stats
    assert stats["distributed/unstorable/release"] == 1
    assert stats["distributed/unstorable/profile"] == 1
    assert stats["distributed/unreadable"] == 1
    assert server.xpending(keys.stream, GROUP)["pending"] == 0
