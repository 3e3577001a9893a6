"""Source health: is a source ok, stale or broken, and why.

Pure functions over a source's run history and release dates, so the same judgement runs in the
nightly job, in `pressarchive status` and in tests. A site that breaks rarely fails loudly: it
starts answering 403, or a redesign leaves the listing without links, or the dates vanish from
the articles. Each monitor below looks for one such sign and names it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

OK, STALE, BROKEN, UNKNOWN = "ok", "stale", "broken", "unknown"

# Thresholds, named so the operator's docs and the tests can refer to them.
ERROR_RATE_BROKEN = 0.5  # share of requests that failed
DATED_SHARE_DROP = 0.5  # this run's dated share below half the usual share
BODY_LENGTH_DROP = 0.3  # this run's median body length below 30 % of the usual
MIN_STALE_DAYS = 7  # never call a source stale sooner than this
CADENCE_FACTOR = 4  # stale after this many usual gaps without a new release
HISTORY_RUNS = 10  # how many earlier runs make "usual"


@dataclass(frozen=True)
class RunMetrics:
    """What one run of one source showed (one row of `crawl_runs`)."""

    finish_reason: str | None
    pages: int
    links_found: int
    items: int
    dated: int | None
    median_body_length: int | None
    error_classes: Mapping[str, int]
    not_modified: int = 0  # conditional GETs answered 304: nothing new, not a broken listing
    profile_relearned: bool = False  # the stored site profile no longer fitted: learned again
    profile_pages: int = 0  # article pages read with a site profile
    profile_missed: int = 0  # of those, pages on which the profile's body element was not found
    section_stale: str | None = None  # the stored press section stopped working (why)
    section_found: str | None = None  # the press section found from the home page this run
    section_not_found: bool = False  # a home page was searched and no press section found
    moved_to: str | None = None  # a redirect off the source's hosts (crawler.scrapy_glue.moves)
    # listing, feed and sitemap pages answered and read (see index_pages_read); None: not recorded
    index_pages: int | None = None
    # a host that asked to wait longer than the crawl allows, and how long (crawler.scrapy_glue.retry_after)
    retry_after_host: str | None = None
    retry_after_seconds: int = 0

    @property
    def requests_failed(self) -> int:
        return sum(self.error_classes.values())

    @property
    def dated_share(self) -> float | None:
        if not self.items or self.dated is None:
            return None
        return self.dated / self.items

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RunMetrics:
        stats = json_field(row, "stats")
        classes = row.get("error_classes")
        if classes:  # recorded by the crawl (crawler.scrapy_glue.errors): the whole exception chain was read
            error_classes = json.loads(classes) if isinstance(classes, str) else dict(classes)
        else:  # older runs: only Scrapy's names of statuses and exceptions
            errors = row.get("http_errors") or "{}"
            error_classes = classify_errors(json.loads(errors) if isinstance(errors, str) else errors)
        return cls(
            finish_reason=row.get("finish_reason"),
            pages=int(row.get("pages") or 0),
            links_found=int(row.get("links_found") or 0),
            items=int(row.get("items") or 0),
            dated=row.get("dated"),
            median_body_length=row.get("median_body_length"),
            error_classes=error_classes,
            not_modified=int(stats.get("conditional/not_modified", 0)),
            profile_relearned=bool(stats.get("profile/relearned", 0)),
            profile_pages=int(stats.get("profile/pages", 0)),
            profile_missed=int(stats.get("profile/body_missed", 0)),
            section_stale=_text(stats.get("section/stale")),
            section_found=_text(stats.get("section/found")),
            section_not_found=bool(stats.get("section/not_found", 0)),
            moved_to=_text(stats.get("section/moved_to") or stats.get("moved/to")),
            index_pages=index_pages_read(stats) if stats else None,
            retry_after_host=_text(stats.get("retry_after/refused_host")),
            retry_after_seconds=int(stats.get("retry_after/refused_seconds", 0)),
        )


@dataclass(frozen=True)
class Health:
    status: str
    reasons: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def index_pages_read(stats: Mapping[str, Any]) -> int:
    """Listing, feed and sitemap pages the site answered and the crawl read, from a run's Scrapy stats.

    A listing counts once it was parsed (`listing/links_by/*`, with or without links) or answered
    304 (unchanged since it was last read); a feed or sitemap unless it was unreadable. Block pages,
    maintenance pages, error statuses and the article pages do not count.
    """
    listings = sum(int(v) for k, v in stats.items() if k.startswith("listing/links_by/"))
    listings += int(stats.get("incremental/listing_not_modified", 0))
    feeds = int(stats.get("pages/feed", 0)) - int(stats.get("feeds/unreadable", 0))
    sitemaps = int(stats.get("pages/sitemap", 0)) - int(stats.get("sitemaps/unreadable", 0))
    return listings + max(feeds, 0) + max(sitemaps, 0)


# What a run that reached no page at all ran into, by the class of its failures.
NO_ANSWER = {
    "dns": "сайт не отвечает (DNS: адрес не найден)",
    "connection": "сайт не отвечает (соединение отклонено)",
    "timeout": "сайт не отвечает (истекло время ожидания)",
    "tls": "сайт не отвечает (ошибка TLS-сертификата)",
}


def run_failure(run: RunMetrics) -> str | None:
    """Why a run is not a success, in Russian; None when it is one.

    The one definition of success, used by the health verdict, `sources.last_success_at`, the
    crawl's summary and the sources page: the run finished and at least one listing, feed or
    sitemap page of the site answered and was read. Runs recorded before the crawl counted the
    pages it read (no stats) fall back to "finished with at least one page".
    """
    if run.finish_reason != "finished":
        return f"обход не завершён ({run.finish_reason or 'прерван'})"
    if run.pages == 0:
        if not run.error_classes:
            return "сайт не ответил ни одной страницей"
        worst = max(sorted(run.error_classes), key=lambda kind: run.error_classes[kind])
        return NO_ANSWER.get(worst, f"сайт не отвечает ({_error_kinds(run)})")
    if run.index_pages == 0:
        errors = f" ({_error_kinds(run)})" if run.error_classes else ""
        return f"ни одна страница списка новостей, лента или карта сайта не прочитана{errors}"
    return None


def run_succeeded(run: RunMetrics) -> bool:
    return run_failure(run) is None


def _error_kinds(run: RunMetrics) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(run.error_classes.items()))


def classify_errors(http_errors: Mapping[str, int]) -> dict[str, int]:
    """Scrapy's statuses and exception names -> 4xx, 5xx, timeout, tls, dns, connection, other."""
    classes: dict[str, int] = {}
    for key, count in http_errors.items():
        name = key.lower()
        if key.isdigit():
            kind = f"{key[0]}xx"
        elif "timeout" in name or "timedout" in name:
            kind = "timeout"
        elif "ssl" in name or "tls" in name or "certificate" in name:
            kind = "tls"
        elif "dns" in name:
            kind = "dns"
        elif "connection" in name or "refused" in name or "responsenever" in name:
            kind = "connection"
        else:
            kind = "other"
        classes[kind] = classes.get(kind, 0) + int(count)
    return classes


def usual_gap_days(published: Sequence[dt.date]) -> float | None:
    """The median number of days between consecutive publication dates (None if too few)."""
    days = sorted(set(published))
    if len(days) < 4:
        return None
    return float(statistics.median((b - a).days for a, b in itertools.pairwise(days)))


def judge(
    runs: Sequence[RunMetrics],
    *,
    published: Sequence[dt.date] = (),
    last_new_release: dt.date | None = None,
    today: dt.date,
) -> Health:
    """The source's health after its latest run (`runs` oldest first)."""
    if not runs:
        return Health(UNKNOWN, ("ещё не обходился",))
    latest, earlier = runs[-1], [r for r in runs[:-1] if r.finish_reason == "finished"][-HISTORY_RUNS:]
    broken = _broken_reasons(latest, earlier)
    if broken:
        return Health(BROKEN, tuple(broken), {"errors": dict(latest.error_classes)})
    notices = _layout_notices(latest)
    stale = _stale_reason(published, last_new_release, today)
    if stale:
        return Health(STALE, (stale, *notices))
    return Health(OK, tuple(notices))


def _retry_after_notice(latest: RunMetrics) -> str | None:
    if not latest.retry_after_host:
        return None
    return (
        f"сайт {latest.retry_after_host} попросил не обращаться к нему {latest.retry_after_seconds} с "
        "(Retry-After): обход отложен до следующей ночи"
    )


def _layout_notices(latest: RunMetrics) -> list[str]:
    """A layout change the crawl coped with, or a site that asked for a pause: ok, but worth knowing."""
    notices = [notice] if (notice := _retry_after_notice(latest)) else []
    if latest.section_stale and latest.section_found:
        notices.append(
            f"раздел новостей по сохранённому адресу перестал работать ({latest.section_stale}): "
            f"найден заново: {latest.section_found}"
        )
    if latest.profile_relearned:
        notices.append("вёрстка сайта изменилась: профиль сайта выучен заново")
    pages, missed = latest.profile_pages, latest.profile_missed
    if pages >= 3 and missed * 2 >= pages:
        notices.append(f"профиль сайта не подошёл к {missed} из {pages} страниц: новая вёрстка?")
    return notices


def _broken_reasons(latest: RunMetrics, earlier: Sequence[RunMetrics]) -> list[str]:
    reasons: list[str] = []
    if latest.moved_to:
        reasons.append(f"сайт переехал на другой адрес: {latest.moved_to}")
    if latest.section_not_found:
        stale = f" (сохранённый перестал работать: {latest.section_stale})" if latest.section_stale else ""
        reasons.append(f"раздел новостей не найден на главной странице{stale}")
    failure = run_failure(latest)
    if failure:
        reasons.append(failure)
        if notice := _retry_after_notice(latest):
            reasons.append(notice)
    requests = latest.pages + latest.requests_failed
    if latest.pages and requests and latest.requests_failed / requests >= ERROR_RATE_BROKEN:
        reasons.append(f"ошибок {latest.requests_failed} из {requests} запросов")
    usual_links = _median([r.links_found for r in earlier])
    if not failure and latest.links_found == 0 and not latest.not_modified and usual_links:
        reasons.append(f"в списке новостей нет ссылок на релизы (обычно {usual_links:.0f}): новая вёрстка?")
    usual_dated = _median([s for r in earlier if (s := r.dated_share) is not None])
    share = latest.dated_share
    if share is not None and usual_dated and latest.items >= 3 and share < usual_dated * DATED_SHARE_DROP:
        reasons.append(f"даты найдены у {share:.0%} релизов (обычно {usual_dated:.0%})")
    usual_body = _median([r.median_body_length for r in earlier if r.median_body_length])
    body = latest.median_body_length
    if body is not None and usual_body and latest.items >= 3 and body < usual_body * BODY_LENGTH_DROP:
        reasons.append(f"тексты релизов короче обычного: медиана {body} знаков (обычно {usual_body:.0f})")
    return reasons


def _stale_reason(published: Sequence[dt.date], last_new: dt.date | None, today: dt.date) -> str | None:
    if last_new is None:
        return None
    gap = usual_gap_days(published)
    limit = max(MIN_STALE_DAYS, CADENCE_FACTOR * gap) if gap is not None else MIN_STALE_DAYS * 2
    silent = (today - last_new).days
    if silent > limit:
        return f"нет новых релизов {silent} дн. (обычно новый раз в {gap or '?'} дн.)"
    return None


def json_field(row: Mapping[str, Any], key: str) -> dict[str, Any]:
    """A JSON object column of a `crawl_runs` row (stats, drops, http_errors …), {} when empty."""
    value = row.get(key) or "{}"
    return dict(json.loads(value)) if isinstance(value, str) else dict(value)


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "", 0) else None


def _median(values: Sequence[float | int]) -> float | None:
    return float(statistics.median(values)) if values else None
