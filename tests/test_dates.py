"""parse_date / date_from_url: exact local date, time, UTC instant and precision per zone."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.normalise.dates import PRECISIONS, ParsedDate, date_from_url, looks_like_date, parse_date

MSK, EKB, VVO, KGD = "Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok", "Europe/Kaliningrad"
NOW = dt.datetime(2025, 12, 20, 9, 0, tzinfo=dt.UTC)


def at(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


# (zone, text, now, local date, local time or None, UTC instant or None, precision)
CASES = [
    # Moscow, UTC+3
    (MSK, "21 ноября 2025 г., 12:41", NOW, "2025-11-21", "12:41", "2025-11-21T09:41:00", "minute"),
    (MSK, "16 декабря 2025, 18:12", NOW, "2025-12-16", "18:12", "2025-12-16T15:12:00", "minute"),
    (MSK, "04 декабря 2025, 21:40", NOW, "2025-12-04", "21:40", "2025-12-04T18:40:00", "minute"),
    (MSK, "Опубликовано: 12.12.2025 11:27", NOW, "2025-12-12", "11:27", "2025-12-12T08:27:00", "minute"),
    (MSK, "Дата публикации: 26.11.2024", NOW, "2024-11-26", None, None, "day"),
    (MSK, "Дата: 17-03-2018", NOW, "2018-03-17", None, None, "day"),
    (MSK, "21\u00a0ноября\u00a02025", NOW, "2025-11-21", None, None, "day"),
    (
        MSK,
        "22 июня 2021 14:55ПолитикаВоробьев отметил",
        NOW,
        "2021-06-22",
        "14:55",
        "2021-06-22T11:55:00",
        "minute",
    ),
    (MSK, "2016-9-30 18:45 |", NOW, "2016-09-30", "18:45", "2016-09-30T15:45:00", "minute"),
    (MSK, "Wed, 27 Jul 2022 11:01:01 +0300", NOW, "2022-07-27", "11:01:01", "2022-07-27T08:01:01", "minute"),
    (MSK, "Ноябрь 2025", NOW, "2025-11-01", None, None, "month"),
    (MSK, "Пятница, 03 октября 2025", NOW, "2025-10-03", None, None, "day"),
    # Yekaterinburg, UTC+5 (UTC+6 between March 2011 and October 2014)
    (EKB, "2025-11-21T12:41:17+03:00", NOW, "2025-11-21", "14:41:17", "2025-11-21T09:41:17", "minute"),
    (EKB, "18 марта 2018 9:07", NOW, "2018-03-18", "09:07", "2018-03-18T04:07:00", "minute"),
    (EKB, "1 апреля 2011 в 13:23", NOW, "2011-04-01", "13:23", "2011-04-01T07:23:00", "minute"),
    (EKB, "2025-11-21", NOW, "2025-11-21", None, None, "day"),
    # Vladivostok, UTC+10: an offset or a "(МСК)" marker moves the local date
    (VVO, "2025-12-31T20:30:00+03:00", NOW, "2026-01-01", "03:30", "2025-12-31T17:30:00", "minute"),
    (VVO, "5 марта 2025, 12:00 (МСК)", NOW, "2025-03-05", "19:00", "2025-03-05T09:00:00", "minute"),
    (VVO, "17/03", at("2018-03-17T12:00+03:00"), "2018-03-17", None, None, "day"),
    (VVO, "01/01", at("2025-12-31T12:00+10:00"), "2026-01-01", None, None, "day"),
    (VVO, "02/01", at("2025-12-31T12:00+10:00"), "2025-01-02", None, None, "day"),
    # Kaliningrad, UTC+2
    (KGD, "04 декабря 2025, 21:40", NOW, "2025-12-04", "21:40", "2025-12-04T19:40:00", "minute"),
    (KGD, "2025-12-04T23:30:00Z", NOW, "2025-12-05", "01:30", "2025-12-04T23:30:00", "minute"),
    (KGD, "13:45 – 3 февраля 2021", NOW, "2021-02-03", "13:45", "2021-02-03T11:45:00", "minute"),
    (KGD, "РИАМО - 30 сен.", at("2025-10-02T10:00+02:00"), "2025-09-30", None, None, "day"),
    (KGD, "МОСКВА, 8 фев - РИА Новости.", at("2026-02-08T10:00+02:00"), "2026-02-08", None, None, "day"),
]


@pytest.mark.parametrize(("tz", "text", "now", "date", "time", "utc", "precision"), CASES)
def test_parse_date_table(
    tz: str, text: str, now: dt.datetime, date: str, time: str | None, utc: str | None, precision: str
) -> None:
    parsed = parse_date(text, tz, now, method="selector")
    assert parsed is not None
    assert parsed.local_date == dt.date.fromisoformat(date)
    assert parsed.local_time == (dt.time.fromisoformat(time) if time else None)
    assert parsed.utc == (dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC) if utc else None)
    assert parsed.precision == precision
    assert parsed.timezone == tz
    assert parsed.raw == text.strip()
    assert parsed.method == "selector"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello", "Версия для печати", "31 февраля 2025", "99.99.9999", "2025-13-45", "25:99"],
)
def test_non_dates_give_none(text: str) -> None:
    assert parse_date(text, MSK, NOW) is None


def test_dateparser_fallback_handles_relative_dates() -> None:
    now = at("2025-12-20T12:00+03:00")
    parsed = parse_date("вчера, 14:30", MSK, now)
    assert parsed == ParsedDate(dt.date(2025, 12, 19), dt.time(14, 30), MSK, "minute", "вчера, 14:30")


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_date("21 ноября 2025", MSK, dt.datetime(2025, 12, 20, 12, 0))


def test_no_time_means_no_utc_instant() -> None:
    parsed = parse_date("21 ноября 2025", VVO, NOW)
    assert parsed is not None and parsed.local_time is None and parsed.utc is None


@pytest.mark.parametrize(
    ("url", "date", "time", "precision", "raw"),
    [
        (
            "https://mo.mosreg.ru/sobytiya/novosti-ministerstva/21-11-2022-12-41-17-v-shkolakh-proydet-urok",
            "2022-11-21",
            "12:41:17",
            "minute",
            "21-11-2022-12-41-17",
        ),
        ("https://ria.ru/20260208/anokhin-2073059536.html", "2026-02-08", None, "day", "20260208"),
        ("https://rzn.info/news/2025/12/24/pavel-malkov", "2025-12-24", None, "day", "2025/12/24"),
        ("https://tamlife.ru/news/economy/2025-11-18/x", "2025-11-18", None, "day", "2025-11-18"),
        (
            "https://eanews.ru/ekaterinburg/20110401132300/x",
            "2011-04-01",
            "13:23",
            "minute",
            "20110401132300",
        ),
    ],
)
def test_date_from_url(url: str, date: str, time: str | None, precision: str, raw: str) -> None:
    parsed = date_from_url(url, MSK)
    assert parsed is not None
    assert parsed.local_date == dt.date.fromisoformat(date)
    assert parsed.local_time == (dt.time.fromisoformat(time) if time else None)
    assert (parsed.precision, parsed.raw, parsed.method) == (precision, raw, "url")


@pytest.mark.parametrize(
    "url",
    [
        "https://invest.mosreg.ru/press/news/6439",
        "https://x.ru/news/20251399/",  # not a date
        "https://x.ru/page?date=2025/12/24",  # query, not path
        "https://mosreg.ru/sobytiya/novosti/news-submoscow/pervyi-olenenok",
    ],
)
def test_url_without_date(url: str) -> None:
    assert date_from_url(url, MSK) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 марта 2018", True),
        ("17/03", True),
        ("<i>17-03-2018</i>", True),
        ("17 марта в Кургане пройдёт гонка", False),
    ],
)
def test_looks_like_date(text: str, expected: bool) -> None:
    assert looks_like_date(text) is expected


_DATEISH = st.text(
    alphabet=st.sampled_from(list("0123456789 .,:-/+TZ()г январямсеноктбдкМСКвчерасегодня\u00a0"))
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=300), _DATEISH), zone=st.sampled_from([MSK, EKB, VVO, KGD]))
def test_parse_date_never_raises(text: str, zone: str) -> None:
    parsed = parse_date(text, zone, NOW)
    if parsed is not None:
        assert parsed.precision in PRECISIONS
        assert (parsed.utc is None) == (parsed.local_time is None)


@settings(max_examples=200, deadline=None)
@given(tail=st.text(alphabet=st.sampled_from(list("0123456789-/._abc?#")), max_size=60))
def test_date_from_url_never_raises(tail: str) -> None:
    parsed = date_from_url("https://x.ru/" + tail, VVO)
    assert parsed is None or (parsed.method == "url" and parsed.precision in ("minute", "day"))
