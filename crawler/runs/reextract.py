"""Re-extraction: rebuild releases from the WARC files with today's page objects, no network.

Every captured article page (a response record, or a revisit resolved to the response it
repeats) is decoded as the crawl decoded it (Scrapy's HtmlResponse), extracted and normalised
as the pipeline does, and grouped by release. Each release's captured history is then rebuilt
in fetch order (archive.store.Archive.rebuild_release), so versions stay consistent with the
evidence: a better extractor can merge two "versions" that differed only by junk it now drops,
or split one that it used to read wrongly.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.http import HtmlResponse
from sqlite_utils import Database

from archive import captures as capture_index
from archive.captures import StoredCapture
from archive.clusters import update_clusters
from archive.profiles import profile_history
from archive.records import Release
from archive.store import Archive
from archive.warc import LISTING_DATE_FIELD, PAGE_FIELD, SOURCE_FIELD, Record, read_record
from crawler.normalise.html_cap import read_html
from crawler.normalise.release import NotARelease, build_release
from crawler.pages import get_page_object
from crawler.pages.tree import PageTree
from crawler.profiles.keep import keep_profile
from crawler.profiles.learn import SAMPLE_PAGES, learn_profile
from crawler.profiles.model import ProfileError, SiteProfile
from crawler.profiles.sample import SamplePage
from crawler.profiles.session import fits
from crawler.registry.sources import Source

logger = logging.getLogger(__name__)

ARTICLE_KINDS = ("article", "recheck")


@dataclass
class Summary:
    captures: int = 0  # article captures read
    releases: Counter[str] = field(default_factory=Counter)  # new / rebuilt / unchanged
    dropped: Counter[str] = field(default_factory=Counter)  # NotARelease reasons, missing payloads
    relearned: list[str] = field(default_factory=list)  # sources whose profile was learned anew


def article_captures(archive: Archive) -> list[StoredCapture]:
    """Successful captures, oldest first (which of them are articles the records tell)."""
    rows = archive.db.execute(
        "SELECT id FROM captures WHERE http_status BETWEEN 200 AND 299 ORDER BY id"
    ).fetchall()
    found = [capture_index.get_capture(archive.db, capture_id) for (capture_id,) in rows]
    return [c for c in found if c is not None]


def _payload(archive: Archive, data_dir: Path, stored: StoredCapture) -> tuple[Record, Record] | None:
    """(the record at the capture, the record holding its payload): equal unless a revisit."""
    capture = stored.capture
    record = read_record(data_dir / capture.warc_file, capture.warc_offset)
    if record.warc_type != "revisit":
        return record, record
    original = capture_index.original_of(archive.db, capture.url, capture.payload_digest, stored.id)
    if original is None:
        return None
    return record, read_record(data_dir / original.capture.warc_file, original.capture.warc_offset)


def _html(record: Record, payload: Record) -> tuple[str, str]:
    """(url, the page decoded exactly as the crawl decodes it: spiders.release.page_text)."""
    headers: dict[str, list[str]] = {}
    for name, value in payload.http_headers:
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding"):
            headers.setdefault(name, []).append(value)
    response = HtmlResponse(
        url=record.url, body=payload.body, headers=headers, status=record.http_status or 200
    )
    # Decoded and bounded exactly as the crawl does (spiders.release.page_text, with the default
    # bound): windows-1251 and koi8-r pages, declared or not, and enormous pages come out the same.
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    return response.url, read_html(response.body, content_type).text


def _extract(record: Record, payload: Record, source: Source, profiles: ProfileBook) -> Release:
    url, html = _html(record, payload)
    profile = profiles.for_page(source.name, url, html)
    raw = get_page_object(source.platform).extract(url, html, source, profile=profile)
    return build_release(
        raw,
        source,
        fetched_at=record.date,
        http_status=record.http_status or 200,
        listing_date_text=record.fields.get(LISTING_DATE_FIELD) or None,
    )


class ProfileBook:
    """Each source's site profiles, newest first; a page is extracted with the newest one that fits
    it (crawler.profiles.session.fits), so captures from before a redesign get the profile learned
    from that template."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.loaded: dict[str, list[SiteProfile]] = {}

    def profiles(self, source: str) -> list[SiteProfile]:
        if source not in self.loaded:
            found = []
            for stored in reversed(profile_history(self.db, source)):
                try:
                    found.append(SiteProfile.from_json(stored.profile))
                except ProfileError as exc:
                    logger.warning("a site profile of %s ignored: %s", source, exc)
            self.loaded[source] = found
        return self.loaded[source]

    def for_page(self, source: str, url: str, html: str) -> SiteProfile | None:
        profiles = self.profiles(source)
        if len(profiles) <= 1:
            return profiles[0] if profiles else None
        page = [PageTree(html, url)]  # parsed once for every profile tried
        return next((profile for profile in profiles if fits(profile, page)), profiles[0])


def relearn_profiles(
    archive: Archive, data_dir: Path, sources: dict[str, Source], only: str | None
) -> dict[str, SiteProfile]:
    """Learn each source's profile anew from its newest captured articles and store it."""
    samples: dict[str, list[SamplePage]] = {}
    for stored in reversed(article_captures(archive)):
        pair = _payload(archive, data_dir, stored)
        if pair is None:
            continue
        record, payload = pair
        name = record.fields.get(SOURCE_FIELD, "")
        if record.fields.get(PAGE_FIELD) != "article" or name not in sources or (only and name != only):
            continue
        if len(found := samples.setdefault(name, [])) < SAMPLE_PAGES:
            url, html = _html(record, payload)
            found.append(SamplePage(url, html))
    learned = {}
    for name, pages in samples.items():
        if (profile := learn_profile(name, pages)) is not None:
            keep_profile(archive.db, profile, "reextract")
            learned[name] = profile
    return learned


def _sightings(
    archive: Archive,
    data_dir: Path,
    sources: dict[str, Source],
    only: str | None,
    summary: Summary,
    progress: Callable[[int], None],
) -> Iterator[tuple[int, str, Release]]:
    profiles = ProfileBook(archive.db)
    for stored in article_captures(archive):
        progress(1)
        pair = _payload(archive, data_dir, stored)
        if pair is None:
            summary.dropped["payload_missing"] += 1
            continue
        record, payload = pair
        source = sources.get(record.fields.get(SOURCE_FIELD, ""))
        if record.fields.get(PAGE_FIELD) not in ARTICLE_KINDS or source is None:
            continue
        if only is not None and source.name != only:
            continue
        summary.captures += 1
        try:
            release = _extract(record, payload, source, profiles)
        except NotARelease as exc:
            summary.dropped[exc.reason] += 1
            continue
        # the capture's own time, as the crawl dated the version it made from this page
        yield stored.id, stored.capture.fetched_at, release


def capture_count(archive: Archive) -> int:
    (count,) = archive.db.execute(
        "SELECT count(*) FROM captures WHERE http_status BETWEEN 200 AND 299"
    ).fetchone()
    return int(count)


def reextract(
    archive: Archive,
    sources: dict[str, Source],
    *,
    only: str | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    relearn: bool = False,
) -> Summary:
    """Rebuild every captured release (of source `only`, when given) from the WARC files, with
    the sources' site profiles (learned anew from the captures first, with `relearn`)."""
    data_dir = Path(archive.db.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    summary = Summary()
    if relearn:
        summary.relearned = sorted(relearn_profiles(archive, data_dir, sources, only))
    by_release: dict[str, list[tuple[int, str, Release]]] = {}
    for sighting in _sightings(archive, data_dir, sources, only, summary, progress):
        by_release.setdefault(sighting[2].release_id, []).append(sighting)
    for sightings in by_release.values():
        summary.releases[archive.rebuild_release(sightings)] += 1
    update_clusters(archive.db)
    logger.info(
        "re-extracted %d captures: %s, dropped %s",
        summary.captures,
        dict(summary.releases),
        dict(summary.dropped),
    )
    return summary
