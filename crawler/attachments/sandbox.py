"""Reading attachments where a bad file can do no harm: one worker process (`worker`), its
memory bounded, each file given a deadline. A file that loops a parser is stopped at the
deadline (status `timeout`), one that needs too much memory fails in the worker (`memory`), and a
worker that dies is replaced for the next file; the caller always gets an AttachmentText.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from crawler.attachments.model import ERROR, MEMORY, TIMEOUT, TOO_LARGE, AttachmentText
from crawler.attachments.worker import HEADER

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MEMORY_MIB = 1024
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_ROOT = Path(__file__).resolve().parent.parent.parent


class AttachmentReader:
    """`read(data, kind)` in the worker process; use as a context manager (or call `close`)."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        memory_mib: int = DEFAULT_MEMORY_MIB,
        max_bytes: int = DEFAULT_MAX_BYTES,
        ocr: bool = False,
    ) -> None:
        """`ocr`: read scanned PDF pages with Tesseract where it is installed (crawler.attachments.ocr)."""
        self.ocr = ocr
        self.timeout = timeout
        self.memory_mib = memory_mib
        self.max_bytes = max_bytes
        self._worker: subprocess.Popen[bytes] | None = None
        self.started = 0  # workers started (a new one after each death or timeout)

    def __enter__(self) -> AttachmentReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        env = {**os.environ, "PRESSARCHIVE_ATTACHMENT_MEMORY": str(self.memory_mib * 1024 * 1024)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH", "")]))
        self._worker = subprocess.Popen(
            [sys.executable, "-m", "crawler.attachments.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # Ctrl-C in a terminal reaches the crawl, which closes us
        )
        self.started += 1
        return self._worker

    def read(self, data: bytes, kind: str) -> AttachmentText:
        """The file's text or the reason it has none; never raises for what the file holds."""
        if len(data) > self.max_bytes:
            return AttachmentText(kind, TOO_LARGE, detail=f"{len(data)} bytes (bound {self.max_bytes})")
        if self._worker is not None and self._worker.poll() is not None:  # died since (killed, OOM)
            self._kill()
        worker = self._worker or self._start()
        request = pickle.dumps((kind, data, self.ocr), protocol=pickle.HIGHEST_PROTOCOL)
        assert worker.stdin is not None and worker.stdout is not None
        deadline = time.monotonic() + self.timeout
        try:
            worker.stdin.write(HEADER.pack(len(request)) + request)
            worker.stdin.flush()
            header = self._receive(worker, HEADER.size, deadline)
            answer = self._receive(worker, HEADER.unpack(header)[0], deadline)
        except TimeoutError:
            self._kill()
            logger.warning("attachment reader: %s file not read in %.0f s", kind, self.timeout)
            return AttachmentText(kind, TIMEOUT, detail=f"not read in {self.timeout:g} s")
        except (BrokenPipeError, EOFError, OSError) as exc:
            code = self._kill()
            status = MEMORY if code in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV) else ERROR
            logger.warning("attachment reader died on a %s file (exit %s): %s", kind, code, exc)
            return AttachmentText(kind, status, detail=f"the reader process died (exit {code})")
        result, ending = pickle.loads(answer)
        assert isinstance(result, AttachmentText)
        if ending:  # the worker reached its memory bound and ends: the next file gets a new one
            self.close()
        return result

    @staticmethod
    def _receive(worker: subprocess.Popen[bytes], size: int, deadline: float) -> bytes:
        assert worker.stdout is not None
        descriptor = worker.stdout.fileno()
        chunks: list[bytes] = []
        while size:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([descriptor], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(descriptor, min(size, 1 << 20))
            if not chunk:
                raise EOFError("the reader process closed its output")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _kill(self) -> int | None:
        worker, self._worker = self._worker, None
        if worker is None:
            return None
        if worker.poll() is None:
            worker.kill()
        for stream in (worker.stdin, worker.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return worker.wait()

    def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            if worker.stdin is not None:
                worker.stdin.close()  # the worker's loop ends at end of input
            worker.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            worker.kill()
            worker.wait()
        if worker.stdout is not None:
            worker.stdout.close()
