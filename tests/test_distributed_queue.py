"""The reliable request queue (crawler.distributed.queue) on a real redis-server: a pop keeps the
request in flight until it is acknowledged; a dead worker's requests go back with their priority."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import scrapy
from redis_server import redis_server

from crawler.distributed.keys import RunKeys
from crawler.distributed.queue import INFLIGHT_META, ReliableQueue, requeue_inflight


class Spider(scrapy.Spider):
    name = "queue_test"

    def parse(self, response: object) -> None:
        return None

    def parse_article(self, response: object) -> None:
        return None

    @property
    def state_only_during_a_crawl(self) -> str:
        raise AssertionError("a property of the spider was evaluated to name a callback")


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[tuple[ReliableQueue, redis.Redis, RunKeys]]:
    with redis_server(tmp_path / "redis") as url:
        server = redis.Redis.from_url(url)
        keys = RunKeys("test", "run1")
        yield ReliableQueue(server, Spider(), keys, "demo"), server, keys


def test_a_pop_keeps_the_request_until_acknowledged(
    queue: tuple[ReliableQueue, redis.Redis, RunKeys],
) -> None:
    q, _, _ = queue
    spider = q.spider
    q.push(
        scrapy.Request("http://a.test/1", callback=spider.parse_article, priority=5, cb_kwargs={"depth": 1})
    )
    q.push(scrapy.Request("http://a.test/2", callback=spider.parse, priority=1))
    first = q.pop()
    assert first.url == "http://a.test/1"  # the higher priority first
    assert first.callback == spider.parse_article and first.cb_kwargs == {"depth": 1}
    assert len(q) == 1 and q.inflight() == 1
    q.ack_many([first.meta[INFLIGHT_META]])
    assert q.inflight() == 0
    second = q.pop()
    assert second.url == "http://a.test/2" and len(q) == 0 and q.inflight() == 1


def test_a_dead_workers_requests_go_back_with_their_priority(
    queue: tuple[ReliableQueue, redis.Redis, RunKeys],
) -> None:
    q, server, keys = queue
    for n, priority in ((1, 0), (2, 9), (3, 3)):
        q.push(scrapy.Request(f"http://a.test/{n}", priority=priority))
    taken = [q.pop(), q.pop()]  # the worker dies holding these
    assert [r.url for r in taken] == ["http://a.test/2", "http://a.test/3"]
    assert requeue_inflight(server, keys, "demo") == 2
    assert q.inflight() == 0 and len(q) == 3
    assert [q.pop().url for _ in range(3)] == ["http://a.test/2", "http://a.test/3", "http://a.test/1"]


def test_a_callback_that_is_not_the_spiders_is_refused(
    queue: tuple[ReliableQueue, redis.Redis, RunKeys],
) -> None:
    q, _, _ = queue
    with pytest.raises(ValueError, match="not a method of the spider"):
        q.push(scrapy.Request("http://a.test/1", callback=lambda response: None))
