"""Relative date stamps («вчера, 14:30», «3 часа назад», «накануне») read against the fetch time.

Only a stamp that is the whole text counts: «Вчера правительство приняло решение …» is a sentence,
not a date, and gives nothing. «накануне» ("the day before") is therefore read only where a page
prints it as a dateline stamp, alone or with a time, and then means the day before the fetch, like
«вчера»; inside body text it names the day before some other event and dates nothing.

Precision follows the unit: seconds, minutes and hours ago give a time (minute precision, as exact
as the page: «3 часа назад» is known to the hour); days and weeks ago give a day; months ago a month.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    "один": 1, "одну": 1, "одна": 1, "одни": 1, "a": 1, "an": 1, "one": 1,
    "два": 2, "две": 2, "пару": 2, "пара": 2, "two": 2,
    "три": 3, "three": 3, "четыре": 4, "four": 4, "пять": 5, "five": 5, "шесть": 6, "six": 6,
    "семь": 7, "seven": 7, "восемь": 8, "eight": 8, "девять": 9, "nine": 9, "десять": 10, "ten": 10,
}  # fmt: skip
_DAY_WORDS = {
    "сегодня": 0, "today": 0, "вчера": 1, "yesterday": 1, "накануне": 1, "позавчера": 2,
}  # fmt: skip
# unit stem -> (kind, size): kind "minutes" gives a time, "days" a date, "months" a month
_UNITS: tuple[tuple[str, str, int], ...] = (
    (r"секунд[уы]?|сек\.?|seconds?|secs?", "minutes", 0),
    (r"минут[уы]?|мин\.?|minutes?|mins?", "minutes", 1),
    (r"час(?:а|ов)?|ч\.?|hours?|hrs?", "minutes", 60),
    (r"дн(?:я|ей)|день|сутки|суток|days?", "days", 1),
    (r"недел[юиь]|недель|weeks?", "days", 7),
    (r"месяц(?:а|ев)?|мес\.?|months?", "months", 1),
)
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?"
_TIME_BEFORE = r"(?P<hour_b>\d{1,2}):(?P<minute_b>\d{2})(?::\d{2})?"
_SEP = r"\s*(?:,|\bв\b|\bat\b|-|–|—|\||•)?\s*"
_DAY_WORD = "|".join(_DAY_WORDS)
_NUMBERS = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
_COUNT = rf"(?P<count>{_NUMBERS})"
_UNIT = "|".join(f"(?P<u{index}>{stem})" for index, (stem, _, _) in enumerate(_UNITS))
_AMOUNT = rf"(?:{_COUNT}\s*)?(?:{_UNIT})(?![а-яёa-z])"
_AMOUNTS = re.compile(rf"\s*{_AMOUNT}\s*,?")
_PLAIN_AMOUNT = rf"(?:(?:{_NUMBERS})\s*)?(?:{'|'.join(stem for stem, _, _ in _UNITS)})"

_STAMP = re.compile(
    rf"^(?:(?P<word>{_DAY_WORD})(?:{_SEP}{_TIME})?"
    rf"|{_TIME_BEFORE}{_SEP}(?P<word_after>{_DAY_WORD})"
    rf"|(?P<just_now>только\s+что|just\s+now)"
    rf"|(?P<half_hour>полчаса\s+назад)"
    rf"|(?P<ago>(?:{_PLAIN_AMOUNT}(?![а-яёa-z])\s*,?\s*)+)\s*(?:назад|ago))$",
)


@dataclass(frozen=True)
class Relative:
    """A relative stamp: `minutes` before the fetch time, or `days`/`months` before its date."""

    minutes: int | None = None
    days: int | None = None
    months: int | None = None
    hour: int | None = None  # a clock time given with a day word («вчера, 14:30»)
    minute: int | None = None
    rule: str = "relative"


def read_relative(cleaned: str) -> Relative | None:
    """The relative stamp that `cleaned` (lower-cased, label-free, spaces collapsed) is, or None."""
    match = _STAMP.match(cleaned)
    if match is None:
        return None
    groups = match.groupdict()
    word = groups["word"] or groups["word_after"]
    if word:
        hour, minute = groups["hour"] or groups["hour_b"], groups["minute"] or groups["minute_b"]
        if hour is None or minute is None:
            return Relative(days=_DAY_WORDS[word.lower()])
        if int(hour) > 23 or int(minute) > 59:
            return None
        return Relative(days=_DAY_WORDS[word.lower()], hour=int(hour), minute=int(minute))
    if groups["just_now"]:
        return Relative(minutes=0)
    if groups["half_hour"]:
        return Relative(minutes=30)
    return _amounts(groups["ago"] or "")


def _amounts(text: str) -> Relative | None:
    """'1 час 20 минут' -> 80 minutes; '2 недели' -> 14 days; months only alone."""
    totals = {"minutes": 0, "days": 0, "months": 0}
    for match in _AMOUNTS.finditer(text):
        count_text = (match.group("count") or "1").lower()
        count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
        for index, (_, kind, size) in enumerate(_UNITS):
            if match.group(f"u{index}"):
                totals[kind] += count * size
    kinds = {kind for kind, total in totals.items() if total} or {"minutes"}
    if "months" in kinds:
        return Relative(months=totals["months"]) if kinds == {"months"} else None
    if "minutes" in kinds:
        return Relative(minutes=totals["minutes"] + totals["days"] * 24 * 60)
    return Relative(days=totals["days"])


def resolve_relative(
    relative: Relative, now_local: datetime.datetime
) -> tuple[datetime.date, datetime.time | None, str]:
    """(local date, local time or None, precision) of a relative stamp; `now_local` is aware, local."""
    if relative.minutes is not None:
        moment = now_local - datetime.timedelta(minutes=relative.minutes)
        return moment.date(), moment.time().replace(second=0, microsecond=0, tzinfo=None), "minute"
    today = now_local.date()
    if relative.months is not None:
        index = today.year * 12 + today.month - 1 - relative.months
        if index < 12:  # before year 1
            raise OverflowError("date value out of range")
        return datetime.date(index // 12, index % 12 + 1, 1), None, "month"
    day = today - datetime.timedelta(days=relative.days or 0)
    if relative.hour is not None and relative.minute is not None:
        return day, datetime.time(relative.hour, relative.minute), "minute"
    return day, None, "day"
