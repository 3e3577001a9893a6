"""A reliable request queue on Redis: scrapy-redis's priority queue whose pop keeps a copy.

A plain pop loses the request when the worker that took it dies before it is done. Here a pop
moves the request, atomically, from the queue to the source's in-flight hash, tagged with an id
(`request.meta[INFLIGHT_META]`); the worker acknowledges the id once the request's outputs are on
their way (crawler.distributed.acks). When the worker dies, the next worker to take the source puts
every in-flight request back in the queue (`requeue_inflight`) before it starts.
"""

from __future__ import annotations

from typing import Any

from scrapy_redis.queue import PriorityQueue

from crawler.distributed.keys import RunKeys

INFLIGHT_META = "pressarchive_inflight"

# KEYS: queue, inflight, id counter. Pops the best request (lowest score), keeps "score\ndata".
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, found[2] .. '\\n' .. found[1])
return {tostring(id), found[1]}
"""

# KEYS: queue, inflight. Every in-flight request back in the queue, with its score.
_REQUEUE = """
local entries = redis.call('HGETALL', KEYS[2])
local count = 0
for i = 1, #entries, 2 do
  local value = entries[i + 1]
  local cut = string.find(value, '\\n', 1, true)
  redis.call('ZADD', KEYS[1], tonumber(string.sub(value, 1, cut - 1)), string.sub(value, cut + 1))
  count = count + 1
end
redis.call('DEL', KEYS[2])
return count
"""


class ReliableQueue(PriorityQueue):
    """scrapy-redis's PriorityQueue with an in-flight hash beside it (see the module docstring),
    for one source of a run (its keys: crawler.distributed.keys)."""

    def __init__(self, server: Any, spider: Any, keys: RunKeys, source: str) -> None:
        super().__init__(server, spider, keys.requests(source))
        self.inflight_key = keys.inflight(source)
        self.counter_key = keys.inflight_ids(source)
        self._pop = server.register_script(_POP)

    def _encode_request(self, request: Any) -> bytes:
        """scrapy-redis names the callbacks through `inspect.getmembers(spider)`, which evaluates
        every property of the spider (ours assert their state); a bound method of the spider is
        named by its own name instead."""
        callback, errback = request.callback, request.errback
        data = request.replace(callback=None, errback=None).to_dict()
        data["callback"] = self._method_name(callback)
        data["errback"] = self._method_name(errback)
        return self.serializer.dumps(data)

    def _method_name(self, method: Any) -> str | None:
        if method is None:
            return None
        if getattr(method, "__self__", None) is not self.spider:
            raise ValueError(f"{method!r} is not a method of the spider: it cannot be queued in Redis")
        return str(method.__name__)

    def pop(self, timeout: int = 0) -> Any:
        found = self._pop(keys=[self.key, self.inflight_key, self.counter_key])
        if not found:
            return None
        inflight_id, data = found
        request = self._decode_request(data)
        request.meta[INFLIGHT_META] = inflight_id.decode() if isinstance(inflight_id, bytes) else inflight_id
        return request

    def ack_many(self, inflight_ids: list[str]) -> None:
        if inflight_ids:
            self.server.hdel(self.inflight_key, *inflight_ids)

    def inflight(self) -> int:
        return int(self.server.hlen(self.inflight_key))


def requeue_inflight(server: Any, keys: RunKeys, source: str) -> int:
    """Put a dead worker's in-flight requests of the source back in its queue; how many."""
    return int(server.eval(_REQUEUE, 2, keys.requests(source), keys.inflight(source)))
