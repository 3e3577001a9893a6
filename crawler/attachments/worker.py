"""The attachment reader's process: reads (kind, bytes) requests on stdin and answers each with
the pickled AttachmentText on stdout, until stdin closes. Started by `sandbox.AttachmentReader`
with its address space bounded (RLIMIT_AS), so a file that needs too much memory fails here
(a MemoryError becomes the status `memory`) and never in the crawl.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import struct
import sys
from dataclasses import replace

from crawler.attachments.model import DAMAGED, ERROR, MEMORY, SCANNED
from crawler.attachments.readers import read

HEADER = struct.Struct("!Q")


def _read_exactly(stream: object, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = stream.read(size)  # type: ignore[attr-defined]
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def serve(memory_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = _read_exactly(source, HEADER.size)
        if header is None:
            return
        request = _read_exactly(source, HEADER.unpack(header)[0])
        if request is None:
            return
        kind, data, ocr = pickle.loads(request)
        result = read(data, kind)
        if ocr and kind == "pdf" and (result.status == SCANNED or "scanned_pages" in result.meta):
            from crawler.attachments.ocr import ocr_pdf

            result = ocr_pdf(data, result)
        near_bound = memory_bytes > 0 and _peak_address_space() >= 0.9 * memory_bytes
        if near_bound and result.status in (DAMAGED, ERROR):
            # C libraries (libxml2, PDFium) report a failed allocation as a parse error
            result = replace(result, status=MEMORY, detail=f"memory bound reached ({result.detail})")
        # near the bound, this worker ends after the answer (its peak cannot be reset): a fresh
        # one judges the next file; the parent is told, so it does not write to a closing pipe
        answer = pickle.dumps((result, near_bound), protocol=pickle.HIGHEST_PROTOCOL)
        sink.write(HEADER.pack(len(answer)) + answer)
        sink.flush()
        if near_bound:
            return


def _peak_address_space() -> int:
    """The process's peak virtual size (Linux VmPeak), 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    serve(int(os.environ.get("PRESSARCHIVE_ATTACHMENT_MEMORY", "0")))
