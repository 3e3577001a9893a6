"""The extraction worker's wire: length-prefixed pickles on a socket pair, and the worker's loop.

The crawl sends `(call id, function, argument, urgent)` frames and gets `(call id, ok, result or
exception)` frames back, in the order the worker finished them. Urgent calls (the WARC record of a
response, which holds its download slot until it is written) are taken before the article pages
waiting: the worker reads every frame that has arrived before it picks its next call, so an urgent
call waits for the page in hand at most, not for the queue. The function travels by name (pickle's
reference to a module-level function), so only this code's own functions can be called.
Nothing here knows Scrapy or the event loop: crawler.runs.extract_pool does the crawl's side.
"""

from __future__ import annotations

import heapq
import os
import pickle
import signal
import socket
import struct
import traceback
from collections.abc import Callable
from typing import Any

HEADER = struct.Struct("!Q")  # the pickle's length
READ_CHUNK = 1 << 20


class WorkerGone(Exception):
    """The worker closed its end (it died, or was killed) before it answered."""


def frame(message: Any) -> bytes:
    """One message as it goes on the wire."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


class FrameReader:
    """Whole messages out of bytes as they arrive in pieces."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        """The messages `data` completes, in order (unpickled from the bytes where they lie: an
        answer holds a release's HTML and text, tens of kilobytes)."""
        if self.buffer:
            self.buffer += data
            source: bytes | bytearray = self.buffer
        else:  # the common case: nothing left over from the last read
            source = data
        messages: list[Any] = []
        start = 0
        with memoryview(source) as view:
            while len(view) - start >= HEADER.size:
                (length,) = HEADER.unpack_from(view, start)
                end = start + HEADER.size + length
                if len(view) < end:
                    break
                messages.append(pickle.loads(view[start + HEADER.size : end]))
                start = end
        if source is self.buffer:
            del self.buffer[:start]
        elif start < len(data):
            self.buffer += data[start:]
        return messages


def answer(call_id: int, work: Callable[[Any], Any], argument: Any) -> bytes:
    """The frame that answers one call: its result, or the exception it raised (as a RuntimeError
    with the traceback when the exception itself cannot be pickled)."""
    try:
        return frame((call_id, True, work(argument)))
    except Exception as exc:  # the crawl's side raises it where the call was made
        try:
            return frame((call_id, False, exc))
        except Exception:
            return frame((call_id, False, RuntimeError(traceback.format_exc())))


def _received(connection: socket.socket, wait: bool) -> bytes | None:
    """What has arrived (b"" at the end of file); None when nothing has and `wait` is false."""
    try:
        return connection.recv(READ_CHUNK, 0 if wait else socket.MSG_DONTWAIT)
    except BlockingIOError:
        return None


def serve(connection: socket.socket) -> None:
    """The worker: answer calls, urgent ones first and the rest in order, until the crawl closes
    its end (or dies: the same end of file)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl, which closes the wire
    reader = FrameReader()
    waiting: list[tuple[bool, int, int, Callable[[Any], Any], Any]] = []  # (not urgent, arrival, ...)
    arrived = 0
    while True:
        data = _received(connection, wait=not waiting)  # block only when there is nothing to do
        while data:  # everything that has arrived, so the most urgent call is known
            for call_id, work, argument, urgent in reader.feed(data):
                arrived += 1
                heapq.heappush(waiting, (not urgent, arrived, call_id, work, argument))
            data = _received(connection, wait=False)
        if data == b"":
            return
        if waiting:
            _, _, call_id, work, argument = heapq.heappop(waiting)
            connection.sendall(answer(call_id, work, argument))


def fork_worker(keep_closed: list[socket.socket]) -> tuple[int, socket.socket]:
    """Fork a worker serving the returned socket; `keep_closed` are the crawl's ends of earlier
    workers' wires, closed in the new one: else it would hold them open, and an earlier worker
    would not see its end of file when the crawl closes its wire (ExtractPool.close would wait
    for it, then kill it)."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the worker: never returns, never runs the crawl's exit handlers
        code = 0
        try:
            ours.close()
            for other in keep_closed:
                other.close()
            serve(theirs)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    return pid, ours
