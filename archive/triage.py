"""The first night on a new registry, sorted: what each source's latest run showed, and the fix.

When many unverified sources meet the real internet, most failures are of a few kinds. Each source's
latest run (`crawl_runs`) is put in one of them, in this order of precedence:

- moved: the site redirected to another host; the fix is the new host in the registry;
- unreachable: no answer at all (DNS, TLS, timeout, refused connection);
- blocked: an anti-bot page or a 403/429 instead of the site;
- no_press_section: a home page was searched and no press section found;
- no_dated_releases: a section was read but no release with a date came out of it;
- working: releases with dates were archived.

Pure functions over rows, so `pressarchive status --triage` and the tests share them; no person has
to read the logs to sort the night.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from archive.health import RunMetrics, json_field

KINDS = ("moved", "unreachable", "blocked", "no_press_section", "no_dated_releases", "working", "not_crawled")
LABELS = {
    "moved": "переехал на другой адрес",
    "unreachable": "недоступен",
    "blocked": "блокирует обходчик",
    "no_press_section": "раздел новостей не найден",
    "no_dated_releases": "нет релизов с датами",
    "working": "работает",
    "not_crawled": "ещё не обходился",
}
_BLOCK_STATUSES = ("403", "429", "451")
_UNREACHABLE = ("dns", "tls", "timeout", "connection")


@dataclass(frozen=True)
class Triage:
    source: str
    kind: str
    detail: str  # what the run showed, in the operator's terms
    fix: str  # the suggested registry change or next step ("" when none is needed)

    def as_dict(self) -> dict[str, str]:
        return {
            "source": self.source,
            "triage": self.kind,
            "label": LABELS[self.kind],
            "detail": self.detail,
            "fix": self.fix,
        }


def triage(source: Mapping[str, Any], run: Mapping[str, Any] | None) -> Triage:
    """The kind of the source's latest run (`source`: a `sources` row; `run`: a `crawl_runs` row)."""
    name = str(source["name"])
    if run is None:
        return Triage(name, "not_crawled", "", "")
    metrics = RunMetrics.from_row(run)  # the health monitors' reading of the run
    stats, drops, http = json_field(run, "stats"), json_field(run, "drops"), json_field(run, "http_errors")
    items, dated = metrics.items, metrics.dated or 0
    if metrics.moved_to:
        origin = source.get("homepage") if stats.get("section/moved_to") else stats.get("moved/from")
        return Triage(
            name, "moved", f"{origin or ''} → {metrics.moved_to}", _moved_fix(source, metrics.moved_to)
        )
    failures = {
        kind: n
        for kind, n in metrics.error_classes.items()
        if kind in ("dns", "tls", "timeout", "connection")
    }
    if metrics.pages == 0 and failures:
        detail = ", ".join(f"{kind}: {count}" for kind, count in sorted(failures.items()))
        return Triage(name, "unreachable", detail, _unreachable_fix(failures))
    blocked = int(drops.get("block_page", 0)) + sum(int(http.get(code, 0)) for code in _BLOCK_STATUSES)
    if stats.get("section/home_failed") == "block_page" or (blocked and not items):
        return Triage(
            name,
            "blocked",
            f"anti-bot answers: {blocked or 1}",
            "crawl from a Russian address or more slowly (DOWNLOAD_DELAY); check by hand",
        )
    if metrics.pages == 0:
        return Triage(name, "unreachable", "no answer", "check the address by hand")
    home = source.get("homepage") or ""
    if metrics.section_not_found:
        return Triage(
            name,
            "no_press_section",
            f"{stats.get('section/probed', 0)} pages looked at from {home}",
            f"give start_urls (see `pressarchive discover {home}`)",
        )
    if stats.get("section/home_failed"):
        return Triage(
            name, "unreachable", f"home page: {stats['section/home_failed']}", "check the address by hand"
        )
    if not items or not dated:
        starts = _start_urls(source)
        where = metrics.section_found or stats.get("section/stored") or (starts[0] if starts else home)
        return Triage(
            name,
            "no_dated_releases",
            f"{items} releases, {dated} dated, from {where}",
            f"check the listing with `pressarchive discover {where}`; set selectors.date if dates are there",
        )
    return Triage(name, "working", f"{items} releases, {dated} dated", "")


def _start_urls(source: Mapping[str, Any]) -> list[str]:
    starts = source.get("start_urls")
    return [str(url) for url in (json.loads(starts) if isinstance(starts, str) else list(starts or []))]


def _moved_fix(source: Mapping[str, Any], target: str) -> str:
    parts = urlsplit(target)
    new_home = f"{parts.scheme}://{parts.netloc}/"
    if source.get("homepage") and not _start_urls(source):
        return f'homepage = "{new_home}"'
    return f'homepage = "{new_home}" and start_urls on the new host (see `pressarchive discover {new_home}`)'


def _unreachable_fix(failures: Mapping[str, int]) -> str:
    if "tls" in failures:
        return "certificate not trusted: verify_tls = false if the site uses the Russian Trusted Root CA"
    if "dns" in failures:
        return "the host does not resolve: find the body's current site, or enabled = false"
    return "retry next night; if it stays down, find the body's current site"
