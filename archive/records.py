"""The storage contract: what the crawler hands to the archive.

Plain typed dataclasses with no behaviour beyond conversion to rows, so the archive
never needs to know about Scrapy or the extraction code.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from operator import attrgetter
from typing import Any

from archive.regions import federal_district

PUBLISHER_KINDS = ("ministry", "agency", "export_centre", "portal", "other")
DATE_PRECISIONS = ("minute", "day", "month")


@dataclass(frozen=True)
class SourceRecord:
    """One registry entry as the archive keeps it (table `sources`)."""

    name: str
    title: str
    region: str
    publisher_kind: str
    timezone: str
    platform: str
    start_urls: tuple[str, ...]
    feed_url: str | None = None
    sitemap_url: str | None = None
    homepage: str | None = None
    registry_file: str | None = None

    @property
    def federal_district(self) -> str | None:
        """Short form («Сибирский»), from the region; None for a region archive.regions does not know.
        Stored on the row because Datasette's facet and the search filter work in SQL."""
        return federal_district(self.region)

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["start_urls"] = json.dumps(list(self.start_urls), ensure_ascii=False)
        row["federal_district"] = self.federal_district
        return row


@dataclass(frozen=True)
class Release:
    """One normalised release as fetched once (table `releases`).

    Dates: `published_date` is the local calendar date in `timezone` (always set when the
    page gave any date); `published_time` only when the page gave a time; `published_utc`
    only then too. Nothing is invented: no date found means all date fields are None.
    """

    release_id: str  # stable id from the canonical URL (see crawler.normalise.urls.release_id)
    source: str
    region: str
    publisher_kind: str
    url: str
    canonical_url: str
    title: str
    body_text: str
    body_html: str  # nh3-sanitised
    content_hash: str
    fetched_at: str  # UTC ISO 8601 with "Z"
    timezone: str
    published_date: str | None = None  # YYYY-MM-DD, local
    published_time: str | None = None  # HH:MM, local
    published_utc: str | None = None  # ISO 8601 with "Z", only when a time was given
    date_precision: str | None = None  # minute | day | month
    date_raw: str | None = None  # the text the date came from
    date_method: str | None = None  # meta | jsonld | time_element | selector | text | url | feed | listing
    date_flags: tuple[str, ...] = ()  # e.g. ("missing",), ("unparsed",), ("future",), ("year_inferred",)
    updated_at: str | None = None  # an «Обновлено …» stamp: local "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    updated_raw: str | None = None
    lead: str | None = None
    language: str | None = None  # ISO 639-1, e.g. "ru"
    images: tuple[str, ...] = ()  # absolute URLs
    attachments: tuple[Attachment, ...] = ()
    tags: tuple[str, ...] = ()  # tags and rubrics as the page gives them
    http_status: int = 200
    methods: dict[str, str] = field(default_factory=dict)  # field name -> extraction method

    def to_row(self) -> dict[str, Any]:
        """The `releases` row (the same values `asdict` gives, without its deep copy: this runs for
        every release of every crawl)."""
        row = {name: getattr(self, name) for name in _PLAIN_COLUMNS}
        row["methods"] = _to_json(self.methods)
        row["date_flags"] = _to_json(list(self.date_flags))
        row["images"] = _to_json(list(self.images))
        row["tags"] = _to_json(list(self.tags))
        row["attachments"] = _to_json([asdict(a) if is_dataclass(a) else a for a in self.attachments])
        return row

    def row_values(self) -> list[Any]:
        """`to_row()`'s values in field order (RELEASE_FIELDS), without building a dict: the ingest
        writes a batch as one flat list of parameters."""
        values = list(_ALL_FIELDS(self))
        values[_METHODS] = _to_json(self.methods) if self.methods else "{}"
        values[_DATE_FLAGS] = _to_json(list(self.date_flags)) if self.date_flags else "[]"
        values[_IMAGES] = _to_json(list(self.images)) if self.images else "[]"
        values[_TAGS] = _to_json(list(self.tags)) if self.tags else "[]"
        if self.attachments:
            values[_ATTACHMENTS] = _to_json([asdict(a) if is_dataclass(a) else a for a in self.attachments])
        else:
            values[_ATTACHMENTS] = "[]"
        return values


# Release fields stored as JSON text.
JSON_COLUMNS = ("methods", "date_flags", "images", "attachments", "tags")
_PLAIN_COLUMNS = tuple(f.name for f in fields(Release) if f.name not in JSON_COLUMNS)
_to_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # = json.dumps(..., same options)
RELEASE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Release))
_ALL_FIELDS = attrgetter(*RELEASE_FIELDS)
_METHODS, _DATE_FLAGS, _IMAGES, _ATTACHMENTS, _TAGS = (
    RELEASE_FIELDS.index(name) for name in ("methods", "date_flags", "images", "attachments", "tags")
)


@dataclass(frozen=True)
class Attachment:
    """A document linked from a release (PDF, DOC, XLS ...)."""

    url: str
    title: str | None = None  # the link text
    size: str | None = None  # as the page states it, e.g. "1,2 МБ"
    kind: str | None = None  # file extension, e.g. "pdf"


@dataclass
class CrawlRun:
    """One crawl of one source (table `crawl_runs`)."""

    source: str
    started_at: str  # UTC ISO
    finished_at: str | None = None
    finish_reason: str | None = None
    pages: int = 0  # responses received
    items: int = 0  # releases handed to the archive
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    drops: dict[str, int] = field(default_factory=dict)  # reason -> count
    errors: int = 0
    http_errors: dict[str, int] = field(default_factory=dict)  # e.g. {"404": 2, "timeout": 1}
    stats: dict[str, Any] = field(default_factory=dict)  # the Scrapy stats, JSON-safe
    mode: str = "full"  # full | deep | incremental
    requests: int = 0  # requests sent (robots.txt included)
    links_found: int = 0  # release links seen on listings and feeds, known or not
    dated: int = 0  # releases of this run that have a publication date
    median_body_length: int | None = None  # characters of body_text, median over this run's releases
    error_classes: dict[str, int] = field(default_factory=dict)  # 4xx, 5xx, timeout, tls, dns, ...

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        for key in ("drops", "http_errors", "stats", "error_classes"):
            row[key] = json.dumps(row[key], ensure_ascii=False, sort_keys=True, default=str)
        return row


@dataclass(frozen=True)
class SaveResult:
    """What one batch did to the archive."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    reappeared: int = 0  # releases marked removed that answered again


@dataclass(frozen=True)
class Capture:
    """Where one fetched response lies in the WARC files (table `captures`)."""

    url: str
    fetched_at: str  # UTC ISO
    warc_file: str  # relative to the data directory (beside the database)
    warc_offset: int
    warc_length: int
    record_type: str  # response | revisit
    payload_digest: str  # "sha1:BASE32"
    http_status: int | None = None
    release_id: str | None = None
    content_hash: str | None = None

    def to_row(self) -> dict[str, Any]:
        """Its fields as a row: it is flat, and `asdict` (a deep copy) took 8 us of every response."""
        return {name: getattr(self, name) for name in _CAPTURE_FIELDS}


_CAPTURE_FIELDS = tuple(f.name for f in fields(Capture))
