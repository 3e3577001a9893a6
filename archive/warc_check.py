"""Reading a WARC file member by member: gzip integrity, record digests, record boundaries.

Each gzip member is inflated on its own, so zlib checks its CRC32 and length; a member that
ends early is a truncation. The gzip header itself has no checksum, so its fields are checked
against what warcio writes (no flags, no mtime, the same XFL/OS bytes in every member). Each
record's WARC-Block-Digest and WARC-Payload-Digest are recomputed with warcio.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

logger = logging.getLogger(__name__)

_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass(frozen=True)
class Member:
    """One record of a WARC file, as found on disk."""

    offset: int
    length: int
    warc_type: str
    url: str
    date: str
    payload_digest: str | None
    http_status: int | None
    record_id: str
    concurrent_to: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class FileCheck:
    path: Path
    members: list[Member] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_offsets: list[int] = field(default_factory=list)  # where each problem's member starts

    def problem(self, offset: int, text: str) -> None:
        self.problems.append(text)
        self.bad_offsets.append(offset)

    @property
    def ok(self) -> bool:
        return not self.problems


def _inflate_members(data: memoryview) -> Iterator[tuple[int, int, bytes | None, str | None]]:
    """(offset, length, inflated bytes or None, problem or None) for each gzip member."""
    pos, size = 0, len(data)
    while pos < size:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        parts: list[bytes] = []
        cursor = pos
        try:
            while not inflater.eof and cursor < size:
                chunk = data[cursor : cursor + _CHUNK]
                parts.append(inflater.decompress(chunk))
                cursor += len(chunk)
        except zlib.error as exc:
            yield pos, size - pos, None, f"corrupt gzip member at offset {pos}: {exc}"
            return
        if not inflater.eof:
            yield pos, size - pos, None, f"truncated gzip member at offset {pos} (file ends inside it)"
            return
        end = cursor - len(inflater.unused_data)
        yield pos, end - pos, b"".join(parts), None
        pos = end


def _header_problem(header: bytes, offset: int, expected_tail: bytes | None) -> str | None:
    if not header.startswith(_GZIP_MAGIC):
        return f"not a gzip member at offset {offset}"
    if header[3] != 0 or header[4:8] != b"\0\0\0\0":
        return f"unexpected gzip header flags/mtime at offset {offset}"
    if expected_tail is not None and header[8:10] != expected_tail:
        return f"unexpected gzip header bytes at offset {offset}"
    return None


def _parse_record(raw: bytes, offset: int, length: int) -> tuple[Member | None, list[str]]:
    problems: list[str] = []
    try:
        records = ArchiveIterator(io.BytesIO(raw), check_digests=True)
        record = next(iter(records))
        record.raw_stream.read()  # feeds the digest checkers
    except (ArchiveLoadFailed, StopIteration, ValueError, EOFError) as exc:
        return None, [f"unreadable WARC record at offset {offset}: {exc}"]
    fields = dict(record.rec_headers.headers)
    warc_type = record.rec_type
    if record.digest_checker.passed is False:
        problems += [f"{p} (record at offset {offset})" for p in record.digest_checker.problems]
    if warc_type in ("response", "request") and not fields.get("WARC-Block-Digest"):
        problems.append(f"{warc_type} record without WARC-Block-Digest at offset {offset}")
    status = None
    if record.http_headers is not None and warc_type in ("response", "revisit"):
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            problems.append(f"bad HTTP status line at offset {offset}")
    member = Member(
        offset=offset,
        length=length,
        warc_type=warc_type,
        url=fields.get("WARC-Target-URI", ""),
        date=fields.get("WARC-Date", ""),
        payload_digest=fields.get("WARC-Payload-Digest"),
        http_status=status,
        record_id=fields.get("WARC-Record-ID", ""),
        concurrent_to=fields.get("WARC-Concurrent-To"),
        fields=fields,
    )
    return member, problems


def check_file(path: Path) -> FileCheck:
    """Every member inflates with a good CRC, every record parses and its digests match."""
    result = FileCheck(path)
    data = path.read_bytes()
    if not data:
        result.problem(0, "empty file")
        return result
    members = list(_inflate_members(memoryview(data)))
    tails = Counter(data[off + 8 : off + 10] for off, _, raw, _ in members if raw is not None)
    usual_tail = tails.most_common(1)[0][0] if len(tails) > 0 and len(members) > 2 else None
    for offset, length, raw, problem in members:
        header_problem = _header_problem(data[offset : offset + 10], offset, usual_tail)
        if header_problem:
            result.problem(offset, header_problem)
        if raw is None:
            result.problem(offset, problem or f"bad member at offset {offset}")
            continue
        member, problems = _parse_record(raw, offset, length)
        for text in problems:
            result.problem(offset, text)
        if member is not None:
            result.members.append(member)
    _check_pairs(result)
    if result.members and result.members[0].warc_type != "warcinfo":
        result.problem(0, "the file does not start with a warcinfo record")
    return result


def _check_pairs(result: FileCheck) -> None:
    """Every response/revisit has its request record, and every request its response."""
    mains = {m.record_id for m in result.members if m.warc_type in ("response", "revisit")}
    requests = {m.concurrent_to for m in result.members if m.warc_type == "request"}
    for member in result.members:
        if member.warc_type in ("response", "revisit") and member.record_id not in requests:
            result.problem(
                member.offset, f"{member.warc_type} at offset {member.offset} has no request record"
            )
        if member.warc_type == "request" and member.concurrent_to not in mains:
            result.problem(member.offset, f"request at offset {member.offset} has no response record")
