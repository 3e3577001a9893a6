"""Date parsing: pressarchive's parser against dateparser.parse(s, languages=["ru"]), same strings, one run.

The strings are generated (seeded) in the shapes real listing pages print, weighted like them: mostly
the mosreg, radio1, kurganobl and lenobl formats, some ISO 8601 (meta, JSON-LD) and RFC 822 (feeds),
some relative stamps and year-less dates, some junk from a selector that hit the wrong element. Each
string carries the value a careful reader gives it, computed from the generated moment, not by either
parser. "now" is the real clock, so dateparser's own relative base agrees with ours.

Scoring. Ours must give the exact local date, the time when the text has one (HH:MM) and no time
when it has none, and nothing for junk. dateparser is scored leniently: a naive answer is taken as
local time, an aware one is converted to the source's zone, and its time is ignored when the text has
no time (it always invents one). Relative stamps to the minute allow ±2 minutes for both (the clock
runs on during the benchmark).

Run: .venv/bin/python bench/bench_dates.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import random
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from crawler.normalise import dates

MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")  # fmt: skip
SHORT = ("янв.", "фев.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сен.", "окт.", "ноя.", "дек.")
ZONES = ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok", "Europe/Kaliningrad")
JUNK = ("Версия для печати", "Просмотров: 1534", "Поделиться", "Все новости", "Подробнее →",
        "Фото: пресс-служба", "12+", "Страница 2 из 15")  # fmt: skip
TARGET_RATIO = 20.0


@dataclass(frozen=True)
class Sample:
    category: str
    zone: str
    text: str
    date: dt.date | None  # None: not a date
    time: str | None  # "HH:MM" when the text gives a time
    tolerance_minutes: int = 0


def _moment(rng: random.Random, now: dt.datetime, zone: str, days: int = 60) -> dt.datetime:
    local_now = now.astimezone(ZoneInfo(zone))
    return (local_now - dt.timedelta(minutes=rng.randrange(60, days * 24 * 60))).replace(
        second=0, microsecond=0
    )


def _dated(category: str, zone: str, text: str, moment: dt.datetime, with_time: bool) -> Sample:
    return Sample(category, zone, text, moment.date(), moment.strftime("%H:%M") if with_time else None)


def mosreg(rng: random.Random, now: dt.datetime) -> Sample:
    m = _moment(rng, now, "Europe/Moscow")
    space = "\u00a0" if rng.random() < 0.3 else " "
    text = f"{m.day}{space}{MONTHS[m.month - 1]} {m.year} г., {m:%H:%M}"
    return _dated("mosreg", "Europe/Moscow", text, m, True)


def radio1(rng: random.Random, now: dt.datetime) -> Sample:
    m = _moment(rng, now, "Europe/Moscow")
    return _dated("radio1", "Europe/Moscow", f"{m:%d} {MONTHS[m.month - 1]} {m.year}, {m:%H:%M}", m, True)


def kurgan(rng: random.Random, now: dt.datetime) -> Sample:
    m = _moment(rng, now, "Asia/Yekaterinburg")
    text = f"\n{m.day} {MONTHS[m.month - 1]} {m.year}\n{m.hour}:{m:%M}\n"
    return _dated("kurgan", "Asia/Yekaterinburg", text, m, True)


def lenobl(rng: random.Random, now: dt.datetime) -> Sample:
    m = _moment(rng, now, "Europe/Moscow")
    return _dated("lenobl", "Europe/Moscow", f"{m:%d-%m-%Y}", m, False)


def numeric(rng: random.Random, now: dt.datetime) -> Sample:
    m = _moment(rng, now, "Europe/Moscow")
    label = rng.choice(("", "Опубликовано: ", "Дата публикации: "))
    if rng.random() < 0.5:
        return _dated("numeric", "Europe/Moscow", f"{label}{m:%d.%m.%Y %H:%M}", m, True)
    return _dated("numeric", "Europe/Moscow", f"{label}{m:%d.%m.%Y}", m, False)


def iso(rng: random.Random, now: dt.datetime) -> Sample:
    zone = rng.choice(ZONES)
    m = _moment(rng, now, zone).replace(second=rng.randrange(60))
    sample = _dated("iso8601", zone, m.isoformat(timespec="seconds"), m, True)
    return sample


def rfc822(rng: random.Random, now: dt.datetime) -> Sample:
    zone = rng.choice(ZONES)
    m = _moment(rng, now, zone)
    stated = m.astimezone(dt.timezone(dt.timedelta(hours=3)))  # feeds of Moscow sites state +0300
    return _dated("rfc822", zone, email.utils.format_datetime(stated), m, True)


def relative(rng: random.Random, now: dt.datetime) -> Sample:
    zone = rng.choice(ZONES)
    local = now.astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
    kind = rng.randrange(4)
    if kind == 0:
        hour, minute = rng.randrange(24), rng.randrange(60)
        day = local.date() - dt.timedelta(days=1)
        return Sample("relative", zone, f"вчера, {hour:02d}:{minute:02d}", day, f"{hour:02d}:{minute:02d}")
    if kind == 1:
        earlier = local - dt.timedelta(minutes=rng.randrange(1, max(2, local.hour * 60 + local.minute)))
        return Sample("relative", zone, f"сегодня в {earlier:%H:%M}", earlier.date(), f"{earlier:%H:%M}")
    if kind == 2:
        hours = rng.randrange(1, 12)
        word = "час" if hours == 1 else ("часа" if hours < 5 else "часов")
        moment = local - dt.timedelta(hours=hours)
        return Sample("relative", zone, f"{hours} {word} назад", moment.date(), f"{moment:%H:%M}", 2)
    days = rng.randrange(2, 5)
    return Sample("relative", zone, f"{days} дня назад", local.date() - dt.timedelta(days=days), None)


def yearless(rng: random.Random, now: dt.datetime) -> Sample:
    m = _moment(rng, now, "Europe/Moscow", days=300)
    text = rng.choice(
        (f"{m:%d/%m}", f"РИАМО - {m.day} {SHORT[m.month - 1]}", f"{m.day} {MONTHS[m.month - 1]}")
    )
    return _dated("yearless", "Europe/Moscow", text, m, False)


def junk(rng: random.Random, now: dt.datetime) -> Sample:
    return Sample("junk", "Europe/Moscow", rng.choice(JUNK), None, None)


MIX: tuple[tuple[Callable[[random.Random, dt.datetime], Sample], int], ...] = (
    (mosreg, 30), (radio1, 15), (kurgan, 12), (lenobl, 12), (numeric, 8), (iso, 6), (rfc822, 5),
    (relative, 5), (yearless, 3), (junk, 4),
)  # fmt: skip


def make_samples(count: int, seed: int, now: dt.datetime) -> list[Sample]:
    rng = random.Random(seed)
    makers = [maker for maker, _ in MIX]
    weights = [weight for _, weight in MIX]
    return [rng.choices(makers, weights)[0](rng, now) for _ in range(count)]


def _time_ok(got: str | None, sample: Sample) -> bool:
    if got is None or sample.time is None:
        return got == sample.time
    if sample.tolerance_minutes == 0:
        return got == sample.time
    a, b = (dt.datetime.strptime(t, "%H:%M") for t in (got, sample.time))
    return abs((a - b).total_seconds()) <= 60 * sample.tolerance_minutes


def ours_correct(sample: Sample, parsed: dates.ParsedDate | None) -> bool:
    if sample.date is None or parsed is None:
        return sample.date is None and parsed is None
    got_time = parsed.local_time.strftime("%H:%M") if parsed.local_time else None
    if sample.tolerance_minutes and got_time and sample.time:
        moment = dt.datetime.combine(parsed.local_date, parsed.local_time or dt.time())
        want = dt.datetime.combine(sample.date, dt.time.fromisoformat(sample.time))
        return abs((moment - want).total_seconds()) <= 60 * sample.tolerance_minutes
    return parsed.local_date == sample.date and _time_ok(got_time, sample)


def dateparser_correct(sample: Sample, result: dt.datetime | None) -> bool:
    if sample.date is None or result is None:
        return sample.date is None and result is None
    local = result.astimezone(ZoneInfo(sample.zone)) if result.tzinfo else result
    if sample.time is None:
        return local.date() == sample.date
    want = dt.datetime.combine(sample.date, dt.time.fromisoformat(sample.time))
    return abs((local.replace(tzinfo=None, second=0, microsecond=0) - want).total_seconds()) <= 60 * max(
        sample.tolerance_minutes, 0
    )


@contextmanager
def no_cache() -> Iterator[None]:
    """Read every string from scratch: the cached reader and fallback swapped for the functions they wrap."""
    cached, fallback = dates._read, dates.parse_with_dateparser
    dates._read = cached.__wrapped__  # type: ignore[assignment]
    dates.parse_with_dateparser = fallback.__wrapped__  # type: ignore[assignment]
    try:
        yield
    finally:
        dates._read, dates.parse_with_dateparser = cached, fallback


def timed(
    function: Callable[[], list[bool]], repeats: int, before: Callable[[], None] = lambda: None
) -> tuple[float, list[bool]]:
    """The best of `repeats` runs (other processes share the CPU); `before` runs untimed each time."""
    best, results = float("inf"), []
    for _ in range(repeats):
        before()
        start = time.perf_counter()
        results = function()
        best = min(best, time.perf_counter() - start)
    return best, results


TABLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "dates" / "cases.tsv"
TABLE_CHARS = {"{nbsp}": "\u00a0", "{nl}": "\n", "{empty}": ""}


def table_samples() -> list[tuple[Sample, dt.datetime]]:
    """The hand-written table's rows whose value does not depend on the fetch time.

    Relative and year-less rows are left out: the mandated dateparser call cannot be given the
    table's fetch time, so on those rows it would be scored against a different clock.
    """
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zone, now, text, date, time_text, _, _, flags = line.split("\t")
        if now != "-" or "year_inferred" in flags:
            continue
        for placeholder, char in TABLE_CHARS.items():
            text = text.replace(placeholder, char)
        parsed_now = dt.datetime.fromisoformat("2025-12-20T12:00:00+03:00")
        probe = dates.parse_date(text, zone, parsed_now)
        if probe is not None and probe.rule == "relative":
            continue
        expected_time = time_text[:5] if time_text != "-" else None
        expected = dt.date.fromisoformat(date) if date != "-" else None
        rows.append((Sample("table", zone, text, expected, expected_time), parsed_now))
    return rows


def table_accuracy(dateparser_parse: Callable[..., dt.datetime | None]) -> tuple[int, int, int]:
    """(rows, ours right, dateparser right) on the fetch-time-independent rows of the table."""
    rows = table_samples()
    ours = sum(ours_correct(sample, dates.parse_date(sample.text, sample.zone, now)) for sample, now in rows)
    theirs = sum(
        dateparser_correct(sample, dateparser_parse(sample.text, languages=["ru"])) for sample, _ in rows
    )
    return len(rows), ours, theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20251220)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each parser; the best counts")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # dateparser's own deprecation warnings
    import dateparser

    now = dt.datetime.now(dt.UTC)
    samples = make_samples(args.count, args.seed, now)
    dateparser.parse("1 мая 2020", languages=["ru"])  # warm-up: language data, imports
    dates.parse_date("1 мая 2020", "Europe/Moscow", now)

    def run_ours() -> list[bool]:
        return [ours_correct(s, dates.parse_date(s.text, s.zone, now)) for s in samples]

    def run_dateparser() -> list[bool]:
        return [dateparser_correct(s, dateparser.parse(s.text, languages=["ru"])) for s in samples]

    ours_time, ours_ok = timed(run_ours, args.repeats, dates.clear_caches)  # each run starts cold
    with no_cache():
        bare_time, bare_ok = timed(run_ours, args.repeats)
    dp_time, dp_ok = timed(run_dateparser, args.repeats)

    n = len(samples)
    unique = len({(s.text, s.zone) for s in samples})
    rates = {
        name: n / seconds for name, seconds in (("ours", ours_time), ("bare", bare_time), ("dp", dp_time))
    }
    print(
        f"date parsing: {n} strings ({unique} distinct), now {now:%Y-%m-%dT%H:%M}Z, seed {args.seed}, "
        f"best of {args.repeats} runs"
    )
    print(f"  mix: {', '.join(f'{maker.__name__} {weight}%' for maker, weight in MIX)}")
    print(f"  {'parser':34} {'strings/s':>10} {'us/string':>10} {'accuracy':>9}")
    for label, key, ok in (
        ("pressarchive (cache, as in a crawl)", "ours", ours_ok),
        ("pressarchive (no cache)", "bare", bare_ok),
        ('dateparser.parse(s, languages=["ru"])', "dp", dp_ok),
    ):
        print(f"  {label:34} {rates[key]:>10,.0f} {1e6 / rates[key]:>10.1f} {100 * sum(ok) / n:>8.1f}%")
    ratio, bare_ratio = rates["ours"] / rates["dp"], rates["bare"] / rates["dp"]
    print(f"  speed vs dateparser: {ratio:.0f}x (no cache: {bare_ratio:.0f}x); target >= {TARGET_RATIO:.0f}x")
    print("  accuracy by category (ours / dateparser):")
    totals = Counter(s.category for s in samples)
    for category in totals:
        indices = [i for i, s in enumerate(samples) if s.category == category]
        mine = 100 * sum(ours_ok[i] for i in indices) / len(indices)
        theirs = 100 * sum(dp_ok[i] for i in indices) / len(indices)
        print(f"    {category:10} {len(indices):>5}  {mine:6.1f}% / {theirs:6.1f}%")
    met = min(ratio, bare_ratio) >= TARGET_RATIO and sum(ours_ok) >= sum(dp_ok)
    print(f"  {'target met' if met else 'TARGET MISSED'}: speed and accuracy at least dateparser's")
    rows, table_ours, table_dp = table_accuracy(dateparser.parse)
    print(
        f"  hand-written table (tests/fixtures/dates, {rows} rows independent of the fetch time): "
        f"ours {100 * table_ours / rows:.1f}%, dateparser {100 * table_dp / rows:.1f}%"
    )
    misses = [s for s, ok in zip(samples, ours_ok, strict=True) if not ok][:5]
    for sample in misses:
        print(f"  ours wrong: {sample.category} {sample.zone} {sample.text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
