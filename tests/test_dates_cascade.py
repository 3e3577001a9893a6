"""The date cascade of a release: which date is stored, with which flags, method and update stamp."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from archive.records import Release
from crawler.normalise.date_cascade import resolve_dates
from crawler.normalise.release import build_release
from crawler.pages.base import RawRelease
from crawler.registry.sources import RegistryError, Source, load_registry

FETCHED = dt.datetime(2025, 12, 20, 9, 0, tzinfo=dt.UTC)  # 12:00 in Moscow
SLUG_URL = "https://mii.mosreg.ru/sobytiya/novosti-ministerstva/18-12-2025-10-15-00-novyy-park"
PLAIN_URL = "https://mii.mosreg.ru/sobytiya/novosti-ministerstva/novyy-park"


def make_source(tz: str = "Europe/Moscow", **hints: object) -> Source:
    source = Source(
        name="mii_mosreg",
        title="Министерство инвестиций, промышленности и науки Московской области",
        region="Московская область",
        publisher_kind="ministry",
        timezone=tz,
        start_urls=("https://mii.mosreg.ru/sobytiya/novosti-ministerstva",),
        platform="mosreg_ministry",
    )
    return replace(source, **hints)  # type: ignore[arg-type]


def release(
    url: str = PLAIN_URL,
    date_text: str | None = None,
    *,
    updated_text: str | None = None,
    listing: str | None = None,
    listing_method: str = "listing",
    source: Source | None = None,
    fetched: dt.datetime = FETCHED,
) -> Release:
    raw = RawRelease(
        url=url,
        title="Новый индустриальный парк",
        date_text=date_text,
        date_method="selector" if date_text else None,
        updated_text=updated_text,
        body_html="<p>Текст релиза.</p>",
    )
    return build_release(
        raw,
        source or make_source(),
        fetched_at=fetched,
        listing_date_text=listing,
        listing_date_method=listing_method,
    )


def stored(r: Release) -> tuple[object, ...]:
    return (
        r.published_date,
        r.published_time,
        r.published_utc,
        r.date_precision,
        r.date_method,
        r.date_flags,
    )


def test_article_date_wins_and_borrows_the_slug_time() -> None:
    r = release(SLUG_URL, "18 декабря 2025")
    assert stored(r) == ("2025-12-18", "10:15", "2025-12-18T07:15:00Z", "minute", "selector+url", ())
    assert r.date_raw == "18 декабря 2025"


def test_a_future_article_date_is_set_aside_for_the_next_candidate() -> None:
    # an announcement page: the element shows the event's date, the URL the publication
    r = release(SLUG_URL, "25 декабря 2025, 10:00")
    assert stored(r) == ("2025-12-18", "10:15", "2025-12-18T07:15:00Z", "minute", "url", ("future",))


def test_a_future_date_with_nothing_else_leaves_the_release_undated() -> None:
    r = release(PLAIN_URL, "25-12-2025")
    assert stored(r) == (None, None, None, None, None, ("future",))
    assert r.date_raw is None


def test_tomorrow_is_still_accepted_within_a_day_of_slack() -> None:
    r = release(PLAIN_URL, "21 декабря 2025")
    assert stored(r) == ("2025-12-21", None, None, "day", "selector", ())


@pytest.mark.parametrize(
    ("date_text", "listing", "flags"),
    [
        (None, None, ("missing",)),
        ("Версия для печати", None, ("unparsed",)),
        (None, "скоро", ("unparsed",)),
        ("Обновлено: 15.04.2024", None, ("missing",)),  # an update stamp is no publication date
    ],
)
def test_no_date_is_flagged_never_today(
    date_text: str | None, listing: str | None, flags: tuple[str, ...]
) -> None:
    r = release(PLAIN_URL, date_text, listing=listing)
    assert stored(r) == (None, None, None, None, None, flags)


def test_year_inferred_is_flagged() -> None:
    r = release(PLAIN_URL, "17/03", fetched=dt.datetime(2018, 3, 18, 9, 0, tzinfo=dt.UTC))
    assert stored(r) == ("2018-03-17", None, None, "day", "selector", ("year_inferred",))


def test_the_year_comes_from_the_url_when_the_page_has_none() -> None:
    # fetched in 2019, the listing says «17/03», the URL says 2018: not March 2019 (in the future)
    # and not a guessed year: the URL's
    url = "https://tatarstan.ru/news/2018/03/17/minstroy"
    r = release(url, "17/03", fetched=dt.datetime(2019, 3, 10, 9, 0, tzinfo=dt.UTC))
    assert stored(r) == ("2018-03-17", None, None, "day", "selector+url", ())


def test_the_listing_lends_its_time_and_the_feed_its_zone() -> None:
    listed = release(PLAIN_URL, "18 декабря 2025", listing="18 декабря 2025 г., 10:15")
    assert stored(listed)[:5] == ("2025-12-18", "10:15", "2025-12-18T07:15:00Z", "minute", "selector+listing")
    fed = release(
        PLAIN_URL,
        "18 декабря 2025",
        listing="Thu, 18 Dec 2025 07:15:00 GMT",
        listing_method="feed",
        source=make_source("Asia/Yekaterinburg"),
    )
    assert stored(fed)[:5] == ("2025-12-18", "12:15", "2025-12-18T07:15:00Z", "minute", "selector+feed")


def test_relative_listing_stamps_use_the_fetch_time_in_the_source_zone() -> None:
    fetched = dt.datetime(2025, 12, 20, 20, 30, tzinfo=dt.UTC)  # already 21 December in Vladivostok
    r = release(
        PLAIN_URL, None, listing="вчера, 14:30", source=make_source("Asia/Vladivostok"), fetched=fetched
    )
    assert stored(r) == ("2025-12-20", "14:30", "2025-12-20T04:30:00Z", "minute", "listing", ())


def test_update_stamps_are_stored_apart() -> None:
    r = release(PLAIN_URL, "Опубликовано: 18.12.2025 Обновлено: 19.12.2025 16:05")
    assert (r.published_date, r.updated_at, r.updated_raw) == (
        "2025-12-18",
        "2025-12-19T16:05",
        "19.12.2025 16:05",
    )
    meta = release(PLAIN_URL, "18 декабря 2025", updated_text="2025-12-19T13:05:00Z")
    assert (meta.updated_at, meta.updated_raw) == ("2025-12-19T16:05", "2025-12-19T13:05:00Z")
    day_only = release(PLAIN_URL, "18 декабря 2025", updated_text="Обновлено: 19.12.2025")
    assert day_only.updated_at == "2025-12-19"
    future = release(PLAIN_URL, "18 декабря 2025", updated_text="2026-05-01")
    assert future.updated_at is None and future.date_flags == ()


def test_registry_hints_reach_the_parser() -> None:
    american = make_source(date_order="MDY")
    assert release(PLAIN_URL, "12/03/2025", source=american).published_date == "2025-12-03"
    assert release(PLAIN_URL, "12/03/2025").published_date == "2025-03-12"
    odd = make_source(date_formats=("%d.%m.%Y %H ч. %M мин.",))
    assert stored(release(PLAIN_URL, "18.12.2025 10 ч. 15 мин.", source=odd))[:2] == ("2025-12-18", "10:15")


def test_resolve_dates_directly() -> None:
    outcome = resolve_dates(
        url=PLAIN_URL,
        date_text="накануне",
        date_method="text",
        updated_text=None,
        source=make_source(),
        now=FETCHED,
    )
    assert outcome.published is not None and outcome.published.local_date == dt.date(2025, 12, 19)
    assert outcome.flags == () and outcome.updated is None


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "one.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[source]]
            name = "x_ministry"
            title = "Министерство"
            region = "Тверская область"
            publisher_kind = "ministry"
            timezone = "Europe/Moscow"
            platform = "generic"
            start_urls = ["https://x.ru/news"]
            """
        )
        + extra,
        encoding="utf-8",
    )
    return path


def test_registry_keys_load_and_are_validated(tmp_path: Path) -> None:
    [source] = load_registry(
        write(
            tmp_path,
            'date_order = "MDY"\ndate_formats = ["%d.%m.%Y %H:%M", "%B %Y"]\nverified = ["date_order"]\n',
        )
    )
    assert (source.date_order, source.date_formats, source.verified) == (
        "MDY",
        ("%d.%m.%Y %H:%M", "%B %Y"),
        ("date_order",),
    )
    [default] = load_registry(write(tmp_path, ""))
    assert (default.date_order, default.date_formats) == ("DMY", ())


@pytest.mark.parametrize(
    ("extra", "key", "problem"),
    [
        ('date_order = "DDMMYY"', "date_order", "is not one of: DMY, MDY, YMD"),
        ("date_order = 1", "date_order", "expected a string"),
        ('date_formats = "%d.%m.%Y"', "date_formats", "expected an array of strings"),
        ("date_formats = []", "date_formats", "must not be empty"),
        ('date_formats = ["%d.%q.%Y"]', "date_formats", "unknown directive %q"),
        ('date_formats = ["%H:%M"]', "date_formats", "needs exactly one month directive"),
        ('date_format = ["%d.%m.%Y"]', "date_format", "did you mean 'date_formats'?"),
    ],
)
def test_bad_date_hints_name_the_key(tmp_path: Path, extra: str, key: str, problem: str) -> None:
    with pytest.raises(RegistryError) as caught:
        load_registry(write(tmp_path, extra + "\n"))
    assert caught.value.key == key
    assert problem in caught.value.problem


def test_year_and_time_from_one_slug_name_it_once() -> None:
    r = release(SLUG_URL, "18.12", fetched=dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC))
    assert stored(r) == ("2025-12-18", "10:15", "2025-12-18T07:15:00Z", "minute", "selector+url", ())


def test_a_listing_date_that_disagrees_is_flagged() -> None:
    """The site says two dates for one release: the article's is kept, the disagreement flagged."""
    r = release(PLAIN_URL, "12 марта 2025", listing="20.03.2025")
    assert r.published_date == "2025-03-12" and r.date_flags == ("listing_disagrees",)
    assert release(PLAIN_URL, "12 марта 2025", listing="13.03.2025").date_flags == ()  # a day: zones
    feed = release(
        PLAIN_URL, "12 марта 2025", listing="Mon, 24 Mar 2025 10:00:00 +0300", listing_method="feed"
    )
    assert feed.date_flags == ("feed_disagrees",)
