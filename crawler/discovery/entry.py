"""The registry entry `pressarchive discover` suggests, and appending it to a registry file safely.

The entry says what was seen and what was guessed: the URLs discover fetched are `verified`, the
press section chosen from the home page, the platform, feed and sitemap are `inferred`, and `notes`
name the evidence (the link that led to the section, how many of its links were dated). Appending
validates the new entry together with the whole registry and refuses a name or a host that another
entry already has; the file is replaced in one step, so a failed append leaves it as it was.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler.discovery.report import Report
from crawler.discovery.section_search import SectionChoice
from crawler.discovery.zones import suggest_zone
from crawler.normalise.urls import url_host
from crawler.registry.regions import region as find_region
from crawler.registry.sources import RegistryError, RegistryPaths, Source, load_registry, site_host


class EntryRefused(ValueError):
    """The suggested entry cannot be appended (invalid, or a duplicate name or host)."""


@dataclass(frozen=True)
class EntryInput:
    """What the operator tells discover about the body (the site cannot say it reliably)."""

    region: str | None = None
    publisher_kind: str | None = None
    name: str | None = None
    title: str | None = None


def _toml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def slug_for(url: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", site_host(url)).strip("_") or "new_source"
    return name if name[0].isalpha() else f"s_{name}"


def suggested_entry(
    report: Report,
    given: EntryInput = EntryInput(),
    *,
    home_url: str | None = None,
    section: SectionChoice | None = None,
) -> str:
    """A registry entry; it validates when the region is given (or the placeholder is replaced)."""
    parts = urlsplit(home_url or report.url)
    homepage = f"{parts.scheme}://{parts.netloc}/"
    region = find_region(given.region) if given.region else None
    zone = suggest_zone(report.date_offsets, region, dt.datetime.now(dt.UTC))
    title = given.title or report.site_title or url_host(report.url)
    # What discover fetched is seen; the section it chose and what it read from the markup are guesses.
    verified = ["homepage"] if section is not None else ["start_urls"]
    inferred = ["platform"] + (["start_urls"] if section is not None else [])
    if not given.title:
        inferred.append("title")
    lines = [
        "[[source]]",
        f"name = {_toml(given.name or slug_for(home_url or report.url))}",
        f"title = {_toml(title)}",
        f"region = {_toml(region.name if region else 'УКАЖИТЕ РЕГИОН')}"
        + ("" if region else "  # give --region: the entry does not validate without it"),
        f"publisher_kind = {_toml(given.publisher_kind or 'other')}",
        f"timezone = {_toml(zone.zone)}  # {zone.reason}",
        f"platform = {_toml(report.platform)}",
        f"homepage = {_toml(homepage)}",
        f"start_urls = [{_toml(report.url)}]",
    ]
    if report.feeds:
        lines.append(f"feed_url = {_toml(report.feeds[0].url)}")
        inferred.append("feed_url")
    if report.sitemaps:
        lines.append(f"sitemap_url = {_toml(report.sitemaps[0].url)}")
        inferred.append("sitemap_url")
    if not given.publisher_kind:
        inferred.append("publisher_kind")
    lines.append(f"verified = {_toml(verified)}")
    lines.append(f"inferred = {_toml(inferred)}")
    seen = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    evidence = (
        f"evidence: pressarchive discover {home_url or report.url} on {seen}: platform {report.platform} "
        f"({report.platform_trace}); links by {report.links_method}; "
        f"pagination {report.pagination or 'none'}."
    )
    if section is not None:
        evidence += f" Press section found from the home page: {section.summary()}."
    if not given.title:
        evidence += " label: title taken from the site's <title>, check the body's official name."
    lines.append(f"notes = {_toml(evidence)}")
    return "\n".join(lines) + "\n"


def append_entry(text: str, file: Path, registry: RegistryPaths = None) -> Source:
    """Validate `text` (one [[source]]) against the registry and `file`, then append it to `file`.

    Two appends at once are serialised by a lock beside the file, so neither is lost.
    """
    if not file.parent.is_dir():
        raise EntryRefused(f"{file.parent}: no such directory")
    new = _validated(text, file.parent)[0]
    lock_path = file.parent / f".{file.name}.lock"
    with open(lock_path, "a", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            existing = load_registry(registry)
            if file.exists():
                existing += load_registry(file)
        except RegistryError as error:
            raise EntryRefused(f"the registry does not load, fix it first: {error}") from None
        for other in existing:
            if other.name == new.name:
                raise EntryRefused(
                    f"a source named {new.name!r} exists in {other.registry_file}: give --name"
                )
            if shared := other.hosts & new.hosts:
                raise EntryRefused(
                    f"host {sorted(shared)[0]} is already crawled by {other.name!r} ({other.registry_file})"
                )
        old = file.read_text(encoding="utf-8") if file.exists() else ""
        combined = (old.rstrip("\n") + "\n\n" if old.strip() else "") + text
        _validated(combined, file.parent, replace=file)
    return new


def _validated(text: str, folder: Path, replace: Path | None = None) -> list[Source]:
    """Load `text` as a registry file written next to the target; with `replace`, move it there."""
    handle, temp = tempfile.mkstemp(
        suffix=".tmp", dir=folder, prefix=".discover-"
    )  # never *.toml: a crawl loading the folder must not see it
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        try:
            loaded = load_registry(Path(temp))
        except RegistryError as error:
            raise EntryRefused(f"the entry does not validate: key {error.key}: {error.problem}") from None
        if replace is not None:
            os.replace(temp, replace)
        return loaded
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
