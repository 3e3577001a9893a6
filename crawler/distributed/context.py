"""What a worker's spider reads of the archive, prepared by the writer when the run starts.

Workers have no archive. Before the run, the writer reads each source's share of it (the URLs of
its known releases, its press section, its site profile, the HTTP validators of its pages, the
releases worth re-checking) into Redis; a worker builds its RemoteStore (crawler.distributed.store)
from it. What the crawl learns that a later worker of the same source needs (a profile, a section)
is written back to the context as well as sent to the writer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from archive.sections import StoredSection, current_section
from archive.store import Archive
from archive.validators import known_release_urls
from crawler.nightly.schedule import RECHECK_AGES_DAYS
from crawler.profiles.keep import load_profile
from crawler.profiles.model import SiteProfile
from crawler.registry.sources import Source

Candidate = tuple[str, str, str, str, str, str | None]


@dataclass
class SourceContext:
    known_urls: frozenset[str] = frozenset()
    section: StoredSection | None = None
    profile: SiteProfile | None = None
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    recheck: list[Candidate] = field(default_factory=list)  # first seen within the widest window


def read_context(archive: Archive, source: Source, recheck_days: int, now: dt.datetime) -> SourceContext:
    """The source's share of the archive, as its spider would read it during a one-machine crawl."""
    days = max(recheck_days, RECHECK_AGES_DAYS[-1] + 1)
    since = (now - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return SourceContext(
        known_urls=frozenset(known_release_urls(archive.db, source.name)),
        section=current_section(archive.db, source.name),
        profile=load_profile(archive.db, source.name),
        validators=_validators(archive, source),
        recheck=archive.recheck_candidates(source.name, since=since) if recheck_days > 0 else [],
    )


def _validators(archive: Archive, source: Source) -> dict[str, tuple[str | None, str | None]]:
    hosts = {d.lower().removeprefix("www.") for d in source.allowed_domains}
    found: dict[str, tuple[str | None, str | None]] = {}
    for url, etag, modified in archive.db.execute("SELECT url, etag, last_modified FROM http_validators"):
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if any(host == h or host.endswith("." + h) for h in hosts):
            found[url] = (etag, modified)
    return found
