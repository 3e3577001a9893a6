"""parse_date / date_from_url: exact local date, time, UTC instant and precision per zone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.normalise.dates import (
    PRECISIONS,
    DateHints,
    ParsedDate,
    clear_caches,
    date_from_url,
    is_future,
    looks_like_date,
    parse_date,
    parse_update,
    split_updated,
)

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


def test_relative_stamps_are_read_against_the_fetch_time() -> None:
    now = at("2025-12-20T12:00+03:00")
    parsed = parse_date("вчера, 14:30", MSK, now)
    assert parsed == ParsedDate(dt.date(2025, 12, 19), dt.time(14, 30), MSK, "minute", "вчера, 14:30")
    assert parsed is not None and parsed.rule == "relative"


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
        ("вчера, 14:30", True),
        ("3 часа назад", True),
        ("Сегодня", False),  # a bare word is a tab or a menu item as often as a date
        ("Вчера", False),
        ("Рейтинг 4.5", False),
        ("Опубликовано: 12.03.2025", True),
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


# --- registry hints ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03/04/2025", "DMY", "2025-04-03"),
        ("03/04/2025", "MDY", "2025-03-04"),
        ("11/21/2025", "DMY", "2025-11-21"),  # only one reading has a month <= 12
        ("11/21/2025", "MDY", "2025-11-21"),
        ("25.11.21", "YMD", "2025-11-21"),
        ("25.11.21", "DMY", "2021-11-25"),
        ("03/04", "MDY", "2025-03-04"),
        ("2025-03-04", "MDY", "2025-03-04"),  # ISO is ISO whatever the hint
    ],
)
def test_date_order_hint(text: str, order: str, expected: str) -> None:
    parsed = parse_date(text, MSK, NOW, hints=DateHints(order=order))
    assert parsed is not None and parsed.local_date.isoformat() == expected


@pytest.mark.parametrize(
    ("fmt", "text", "date", "time"),
    [
        ("%d.%m.%Y %H ч. %M мин.", "21.11.2025 12 ч. 41 мин.", "2025-11-21", "12:41"),
        ("%B %d, %Y", "ноября 21, 2025", "2025-11-21", None),
        ("%y%m%d", "Выпуск 251121", "2025-11-21", None),
        ("%d %b %Y, %I:%M %p", "21 Nov 2025, 03:41 PM", "2025-11-21", "15:41"),
        ("%Y%m%d%H%M", "202511211241", "2025-11-21", "12:41"),
    ],
)
def test_registry_formats_are_tried_first(fmt: str, text: str, date: str, time: str | None) -> None:
    parsed = parse_date(text, MSK, NOW, hints=DateHints(formats=(fmt,)))
    assert parsed is not None
    assert (
        parsed.local_date.isoformat(),
        parsed.local_time.strftime("%H:%M") if parsed.local_time else None,
    ) == (
        date,
        time,
    )
    assert parsed.rule == f"format:{fmt}"


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [
        ("%d.%Q.%Y", "unknown directive %Q"),
        ("%H:%M", "month directive"),
        ("%d.%m.%Y %H", "go together"),
        ("%d.%m.%Y %I:%M", "needs %p"),
        ("%d.%m.%Y %", "lone '%'"),
        ("", "non-empty"),
        ("%d.%m.%d", "appears twice"),
        ("%m", "neither a day"),
    ],
)
def test_bad_formats_are_refused_with_a_reason(fmt: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        DateHints(formats=(fmt,))


def test_bad_order_is_refused() -> None:
    with pytest.raises(ValueError, match="DMY, MDY, YMD"):
        DateHints(order="DDMMYY")


# --- update stamps --------------------------------------------------------------------------------


def test_update_stamps_are_kept_apart() -> None:
    text = "Опубликовано: 12.03.2024 Обновлено: 15.04.2024 11:24"
    assert split_updated(text) == ("Опубликовано: 12.03.2024 ", " 15.04.2024 11:24")
    published = parse_date(text, MSK, NOW)
    updated = parse_update(text, MSK, NOW)
    assert published is not None and published.local_date == dt.date(2024, 3, 12)
    assert updated is not None and (updated.local_date, updated.local_time) == (
        dt.date(2024, 4, 15),
        dt.time(11, 24),
    )
    only_update = "Обновлено:15-04-2024 11:24"
    assert parse_date(only_update, MSK, NOW) is None  # an update stamp is not a publication date
    assert parse_update(only_update, MSK, NOW) is not None
    assert parse_update("2025-11-22T10:00:00+03:00", MSK, NOW) is not None  # no label: the whole text


# --- output ---------------------------------------------------------------------------------------


def test_isoformat_and_as_dict_at_each_precision() -> None:
    minute = parse_date("21 ноября 2025 г., 12:41", VVO, NOW, method="listing")
    day = parse_date("21 ноября 2025", VVO, NOW)
    month = parse_date("Ноябрь 2025", VVO, NOW)
    assert minute is not None and day is not None and month is not None
    assert (minute.isoformat(), day.isoformat(), month.isoformat()) == (
        "2025-11-21T12:41:00+10:00",
        "2025-11-21",
        "2025-11",
    )
    assert minute.as_dict() == {
        "local_date": "2025-11-21",
        "local_time": "12:41:00",
        "timezone": VVO,
        "utc": "2025-11-21T02:41:00Z",
        "precision": "minute",
        "iso": "2025-11-21T12:41:00+10:00",
        "raw": "21 ноября 2025 г., 12:41",
        "method": "listing",
        "rule": "day_month_ru",
        "year_inferred": False,
    }
    assert day.as_dict()["utc"] is None and day.as_dict()["local_time"] is None


def test_future_means_more_than_a_day_after_the_fetch() -> None:
    now = at("2025-12-20T12:00+03:00")
    for text, future in [
        ("21 декабря 2025", False),
        ("22 декабря 2025", True),
        ("21 декабря 2025, 12:00", False),
        ("21 декабря 2025, 12:01", True),
        ("Январь 2026", True),
        ("Декабрь 2025", False),
    ]:
        parsed = parse_date(text, MSK, now)
        assert parsed is not None and is_future(parsed, now) is future, text


def test_long_text_is_read_from_its_start_only() -> None:
    text = "21 ноября 2025 г., 12:41 " + "Текст новости. " * 40
    parsed = parse_date(text, MSK, NOW)
    assert parsed is not None and parsed.local_time == dt.time(12, 41)
    assert len(parsed.raw) <= 200
    assert parse_date("Текст новости. " * 20 + "21 ноября 2025", MSK, NOW) is None


# --- the cache never freezes the clock --------------------------------------------------------------


def test_cached_readings_still_follow_each_fetch_time() -> None:
    clear_caches()
    first = parse_date("вчера", MSK, at("2025-12-20T12:00+03:00"))
    second = parse_date("вчера", MSK, at("2026-03-02T12:00+03:00"))
    assert first is not None and second is not None
    assert (first.local_date, second.local_date) == (dt.date(2025, 12, 19), dt.date(2026, 3, 1))
    in_2018 = parse_date("17/03", MSK, at("2018-03-17T12:00+03:00"))
    in_2019 = parse_date("17/03", MSK, at("2019-01-10T12:00+03:00"))
    assert in_2018 is not None and in_2019 is not None
    assert (in_2018.local_date.year, in_2019.local_date.year) == (2018, 2018)
    in_2020 = parse_date("17/03", MSK, at("2020-04-01T12:00+03:00"))
    assert in_2020 is not None and in_2020.local_date.year == 2020
    assert parse_date("вчера", VVO, at("2025-12-20T20:00+00:00")) == ParsedDate(
        dt.date(2025, 12, 20), None, VVO, "day", "вчера"
    )


def test_dateparser_is_asked_only_for_date_like_leftovers(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateparser

    clear_caches()
    calls: list[str] = []
    real = dateparser.parse

    def counting(text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dateparser, "parse", counting)
    for text in (
        "Версия для печати",
        "21 ноября 2025 г., 12:41",
        "вчера, 14:30",
        "Поделиться",
        "3 часа назад",
    ):
        parse_date(text, MSK, NOW)
    assert calls == []
    for _ in range(3):
        parsed = parse_date("21 11 2025", MSK, NOW)
        assert parsed is not None and parsed.rule == "dateparser"
    assert calls == ["21 11 2025"]  # cached for the fetch day


# --- properties -----------------------------------------------------------------------------------

ZONES = st.sampled_from([MSK, EKB, VVO, KGD, "Asia/Novosibirsk", "Asia/Kamchatka"])


def _exists_once(local: dt.datetime, zone: str) -> bool:
    """False for a local time skipped or repeated by a clock change in `zone`."""
    from zoneinfo import ZoneInfo

    info = ZoneInfo(zone)
    aware = local.replace(tzinfo=info)
    back = aware.astimezone(dt.UTC).astimezone(info).replace(tzinfo=None)
    return back == local and aware.utcoffset() == local.replace(tzinfo=info, fold=1).utcoffset()


@settings(max_examples=300, deadline=None)
@given(
    local=st.datetimes(min_value=dt.datetime(1995, 1, 1), max_value=dt.datetime(2035, 12, 31)),
    zone=ZONES,
    shape=st.sampled_from(["%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S", "{ru}", "{month}"]),
)
def test_our_iso_output_parses_back_to_itself(local: dt.datetime, zone: str, shape: str) -> None:
    months = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря"]  # fmt: skip
    nominative = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
                  "Октябрь", "Ноябрь", "Декабрь"]  # fmt: skip
    local = local.replace(microsecond=0)
    if shape == "{ru}":
        text = f"{local.day} {months[local.month - 1]} {local.year} г., {local:%H:%M}"
    elif shape == "{month}":
        text = f"{nominative[local.month - 1]} {local.year}"
    else:
        text = local.strftime(shape)
    now = dt.datetime(2036, 1, 1, tzinfo=dt.UTC)
    parsed = parse_date(text, zone, now)
    assert parsed is not None, text
    if parsed.local_time is not None and not _exists_once(
        dt.datetime.combine(parsed.local_date, parsed.local_time), zone
    ):
        return  # a wall time the zone skipped or repeated has no single ISO form
    again = parse_date(parsed.isoformat(), zone, now)
    assert again is not None, parsed.isoformat()
    assert (again.local_date, again.local_time, again.precision, again.timezone) == (
        parsed.local_date,
        parsed.local_time,
        parsed.precision,
        parsed.timezone,
    )
    assert again.isoformat() == parsed.isoformat()
    if parsed.utc is not None:
        from_utc = parse_date(parsed.utc.isoformat(), zone, now)
        assert (
            from_utc is not None and from_utc.utc == parsed.utc and from_utc.local_time == parsed.local_time
        )


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=120),
    zone=ZONES,
    order=st.sampled_from(["DMY", "MDY", "YMD"]),
    now=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(dt.UTC)
    ),
)
def test_any_text_any_zone_any_hint_never_raises(text: str, zone: str, order: str, now: dt.datetime) -> None:
    hints = DateHints(order=order, formats=("%d.%m.%Y %H:%M", "%B %Y"))
    for parsed in (parse_date(text, zone, now, hints=hints), parse_update(text, zone, now, hints=hints)):
        if parsed is not None:
            assert parsed.precision in PRECISIONS
            assert (parsed.utc is None) == (parsed.local_time is None)
            assert parsed.timezone == zone
    looks_like_date(text)
