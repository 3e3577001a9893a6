"""WARC/1.1 files with warcio: writing request/response (or revisit) pairs, reading one record back.

Pure: no Scrapy. The crawler turns a fetched response into an `Exchange`; this module turns it
into records. Every record is its own gzip member, and each exchange (response or revisit record
followed by its request record) reaches the file in ONE os.write on an O_APPEND descriptor, so a
process killed with SIGKILL leaves whole exchanges only (a power cut is another matter: files are
fsynced when closed, not per record). Verification lives in archive.warc_check.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from zlib_ng import zlib_ng

from archive.warc_seals import seal

logger = logging.getLogger(__name__)
GZIP_LEVEL = 6  # zlib's default level, compressed by zlib-ng (gzip_member)

WARC_VERSION = "1.1"
WARC_SUFFIX = ".warc.gz"
TEMPORARY_SUFFIX = ".tmp"  # a new file's first record, before it takes its name (WarcFile._create)
# Extension fields (WARC 1.1 allows any field name): what the crawl knew about the page.
SOURCE_FIELD = "WARC-Pressarchive-Source"
PAGE_FIELD = "WARC-Pressarchive-Page"  # article | listing | recheck | other
LISTING_DATE_FIELD = "WARC-Pressarchive-Listing-Date"
# The body Scrapy hands over is already de-chunked; keep the original header under another name.
_HOP_BY_HOP = ("transfer-encoding",)


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of an HTTP entity body: "sha1:" + base32, as warcio writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(moment: dt.datetime) -> str:
    """WARC 1.1 date: UTC with microseconds."""
    if moment.tzinfo is None:
        raise ValueError("warc_date needs an aware datetime")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as fetched."""

    url: str
    fetched_at: dt.datetime  # aware
    status: int
    response_headers: Sequence[tuple[str, str]]
    body: bytes  # the entity body as received (still content-encoded, de-chunked)
    method: str = "GET"
    request_headers: Sequence[tuple[str, str]] = ()
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    fields: Mapping[str, str] = field(default_factory=dict)  # extra WARC fields (SOURCE_FIELD ...)

    @functools.cached_property
    def digest(self) -> str:
        return payload_digest(self.body)


@dataclass(frozen=True)
class Revisit:
    """An earlier capture of the same payload, which a revisit record refers to."""

    url: str
    fetched_at: dt.datetime


@dataclass(frozen=True)
class Written:
    """Where an exchange's main (response or revisit) record landed."""

    warc_file: str  # file name, relative to the WARC directory's parent (the data directory)
    offset: int
    length: int
    record_type: str
    payload_digest: str


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _response_headers(exchange: Exchange) -> StatusAndHeaders:
    headers = []
    for name, value in exchange.response_headers:
        if name.lower() in _HOP_BY_HOP:
            headers.append((f"X-Archive-Orig-{name}", value))
        else:
            headers.append((name, value))
    return StatusAndHeaders(_status_line(exchange.status), headers, protocol=exchange.protocol)


def _request_headers(exchange: Exchange) -> StatusAndHeaders:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)]
    headers += [(n, v) for n, v in exchange.request_headers if n.lower() != "host"]
    return StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}", headers, is_http_request=True)


@dataclass(frozen=True)
class Encoded:
    """One exchange as the gzip members to append, with what the index needs of its main record."""

    data: bytes
    main_length: int
    record_type: str
    payload_digest: str


def encode(exchange: Exchange, revisit_of: Revisit | None = None) -> Encoded:
    """`encode_exchange` with the payload digest: pure, so a crawl runs it off its event loop
    (zlib and SHA-1 release the GIL while they work)."""
    data, main_length, record_type = encode_exchange(exchange, revisit_of)
    return Encoded(data, main_length, record_type, exchange.digest)


def encode_exchange(exchange: Exchange, revisit_of: Revisit | None = None) -> tuple[bytes, int, str]:
    """The gzip members of one exchange: (bytes, length of the main record, its WARC-Type).

    The main record comes first: a `response`, or a `revisit` (headers only) when `revisit_of`
    names an earlier capture of the same payload. The `request` record follows it.
    """
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False, warc_version=WARC_VERSION)  # gzipped here, per record
    date = warc_date(exchange.fetched_at)
    extra = {"WARC-Date": date, "WARC-IP-Address": "", **exchange.fields}
    extra = {k: v for k, v in extra.items() if v}
    if revisit_of is None:
        main = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=_response_headers(exchange),
            # the digest the index needs anyway: warcio would hash the payload a second time
            warc_headers_dict={**extra, "WARC-Payload-Digest": exchange.digest},
        )
    else:
        main = writer.create_revisit_record(
            exchange.url,
            exchange.digest,
            revisit_of.url,
            warc_date(revisit_of.fetched_at),
            http_headers=_response_headers(exchange),
            warc_headers_dict=extra,
        )
    request = writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(exchange.request_body),
        length=len(exchange.request_body),
        http_headers=_request_headers(exchange),
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(main)
    main_member = gzip_member(buffer.getvalue())
    buffer.seek(0)
    buffer.truncate()
    request.rec_headers.add_header("WARC-Concurrent-To", main.rec_headers.get_header("WARC-Record-ID"))
    writer.write_record(request)
    return main_member + gzip_member(buffer.getvalue()), len(main_member), main.rec_type


def gzip_member(record: bytes) -> bytes:
    """One WARC record as a gzip member of its own (WARC 1.1, annex D), at zlib's default level.

    Compressed by zlib-ng, not CPython's zlib: half the CPU per page for 0.6-1.1% more bytes
    (docs/performance.md), and any gzip reader (zlib, warcio, gzip(1)) reads its members. warcio's
    level 9 took 24% longer per page than 6 for the same size."""
    compressor = zlib_ng.compressobj(GZIP_LEVEL, zlib_ng.DEFLATED, zlib_ng.MAX_WBITS + 16)
    return compressor.compress(record) + compressor.flush()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class WarcFile:
    """One WARC file opened for appending. A new file starts with a warcinfo record."""

    def __init__(self, path: Path, info: Mapping[str, str] | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            self._create(self._warcinfo(info or {}))
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        self.size = os.fstat(self._fd).st_size

    def _create(self, warcinfo: bytes) -> None:
        """The new file appears with its warcinfo record already in it (written under a hidden
        name, then linked): a writer killed at any moment leaves no empty or half-begun file,
        and a full disk leaves nothing (`temporary_files` are what a kill may leave instead)."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            try:
                _write_all(fd, warcinfo)
            finally:
                os.close(fd)
            # made meanwhile by another writer of the same name: this one appends to it
            with contextlib.suppress(FileExistsError):
                os.link(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)

    def _warcinfo(self, info: Mapping[str, str]) -> bytes:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False, warc_version=WARC_VERSION)
        fields = {"software": "pressarchive (warcio)", "format": "WARC File Format 1.1", **info}
        fields.setdefault("hostname", socket.gethostname())
        writer.write_record(writer.create_warcinfo_record(self.path.name, fields))
        return gzip_member(buffer.getvalue())

    def _append(self, data: bytes) -> int:
        """Append whole or not at all: a write cut short (a full disk) is undone, so the file
        still ends with a whole exchange; shrinking a file never needs space. Should the undo fail
        too, the next run finds the file unsealed and repairs it (archive.warc_repair)."""
        offset = self.size
        try:
            _write_all(self._fd, data)
        except OSError:
            try:
                os.ftruncate(self._fd, offset)
            except OSError as undo:
                logger.error(
                    "cannot cut %s back to %d bytes after a failed write: %s", self.path, offset, undo
                )
            raise
        self.size += len(data)
        return offset

    def append(self, exchange: Exchange, revisit_of: Revisit | None = None) -> tuple[int, int, str]:
        """Write one exchange in one system call; return (offset, length, type) of its main record."""
        data, main_length, record_type = encode_exchange(exchange, revisit_of)
        return self._append(data), main_length, record_type

    def append_encoded(self, encoded: Encoded) -> int:
        """Write one encoded exchange in one system call; return its offset."""
        return self._append(encoded.data)

    def close(self) -> None:
        """fsync and close; a file closed whole is sealed (archive.warc_repair.seal), so the next
        run need not read it again. A file that cannot be synced is left unsealed."""
        if self._fd < 0:
            return
        fd, self._fd = self._fd, -1
        try:
            os.fsync(fd)
        except OSError as exc:
            logger.error("cannot sync %s: %s; it will be checked by the next run", self.path, exc)
            os.close(fd)
            return
        os.close(fd)
        seal(self.path, self.size)


class WarcRotator:
    """The WARC files of one crawl of one source: `<prefix>-<UTC stamp>-<pid>-<n>.warc.gz`,
    a new file per run and whenever the current one passes `max_bytes`."""

    def __init__(
        self,
        data_dir: Path,
        prefix: str,
        *,
        max_bytes: int = 100 * 1024 * 1024,
        info: Mapping[str, str] | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.directory = self.data_dir / "warc"
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.info = dict(info or {})
        self.stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        self._serial = 0
        self._current: WarcFile | None = None

    def _open_next(self) -> WarcFile:
        if self._current is not None:
            self._current.close()
        self._serial += 1
        name = f"{self.prefix}-{self.stamp}-{os.getpid()}-{self._serial:05d}{WARC_SUFFIX}"
        self._current = WarcFile(self.directory / name, self.info)
        logger.info("writing WARC %s", self._current.path)
        return self._current

    def append(self, exchange: Exchange, revisit_of: Revisit | None = None) -> Written:
        return self.append_encoded(encode(exchange, revisit_of))

    def append_encoded(self, encoded: Encoded) -> Written:
        """Append an exchange encoded beforehand (`encode`), in one system call."""
        current = self._current
        if current is None or current.size >= self.max_bytes:
            current = self._open_next()
        offset = current.append_encoded(encoded)
        return Written(
            warc_file=current.path.relative_to(self.data_dir).as_posix(),
            offset=offset,
            length=encoded.main_length,
            record_type=encoded.record_type,
            payload_digest=encoded.payload_digest,
        )

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None


@dataclass(frozen=True)
class Record:
    """One record read back: its WARC fields, HTTP status/headers and the decoded body."""

    warc_type: str
    fields: dict[str, str]
    http_status: int | None
    http_headers: list[tuple[str, str]]
    body: bytes  # content-decoding undone (gzip, deflate, br when available)

    @property
    def url(self) -> str:
        return self.fields.get("WARC-Target-URI", "")

    @property
    def date(self) -> dt.datetime:
        raw = self.fields["WARC-Date"]
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for n, v in self.http_headers if n.lower() == wanted), None)


def read_record(path: Path, offset: int) -> Record:
    """The record starting at `offset` (a gzip member boundary) in a WARC file."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle):
            http = record.http_headers
            status = int(http.get_statuscode()) if http is not None and record.rec_type != "request" else None
            return Record(
                warc_type=record.rec_type,
                fields=dict(record.rec_headers.headers),
                http_status=status,
                http_headers=list(http.headers) if http is not None else [],
                body=record.content_stream().read(),
            )
    raise ValueError(f"no WARC record at {path}:{offset}")
