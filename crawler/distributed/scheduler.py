"""Scrapy's scheduler on Redis for one source of a distributed run (scrapy-redis, made reliable).

scrapy-redis's Scheduler shares the queue and the duplicate filter; this subclass names them after
the run and the source (crawler.distributed.keys), takes its settings from the crawler (scrapy-redis
still reads them through `from_settings`, which Scrapy 2.19 deprecates), keeps every request (the
run's end clears the keys, not a spider's close), and pops through crawler.distributed.queue.
"""

from __future__ import annotations

from typing import Any, Self

import redis
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.keys import RunKeys
from crawler.distributed.queue import ReliableQueue

REDIS_URL_SETTING = "PRESSARCHIVE_REDIS_URL"
RUN_KEYS_SETTING = "PRESSARCHIVE_REDIS_KEYS"


def connect(url: str) -> redis.Redis:
    """A client for `url` (redis://host:port/db), checked with a PING: a wrong address fails here."""
    server = redis.Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)
    server.ping()
    return server


class RedisScheduler(Scheduler):
    """One source's requests in Redis: see the module docstring."""

    queue: ReliableQueue

    def __init__(self, server: redis.Redis, keys: RunKeys) -> None:
        super().__init__(server, persist=True)
        self.keys = keys

    @classmethod
    def from_crawler(cls, crawler: Any) -> Self:
        settings = crawler.settings
        scheduler = cls(connect(settings[REDIS_URL_SETTING]), settings[RUN_KEYS_SETTING])
        scheduler.stats = crawler.stats
        crawler._pressarchive_scheduler = scheduler  # crawler.distributed.worker_glue.Acknowledgements
        return scheduler

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.queue = ReliableQueue(self.server, spider, self.keys, spider.name)
        self.df = RFPDupeFilter(self.server, key=self.keys.dupefilter(spider.name))

    def close(self, reason: str) -> None:
        """Nothing is flushed: another worker may resume the source; the run's end clears it."""

    # scrapy-redis passes `spider=` to the stats, which Scrapy 2.19 deprecates: the same, without it.
    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0
