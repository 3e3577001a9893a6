"""The date table: 300+ strings shaped like real pages, each with its expected reading, in five zones.

tests/fixtures/dates/cases.tsv holds one case a line: zone, fetch time, text, local date, local
time, UTC instant, precision, flags ("year_inferred", "future"). A "-" date means "not a date".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.normalise.dates import is_future, parse_date

TABLE = Path(__file__).parent / "fixtures" / "dates" / "cases.tsv"
DEFAULT_NOW = dt.datetime.fromisoformat("2025-12-20T12:00:00+03:00")
PLACEHOLDERS = {"{nbsp}": "\u00a0", "{nl}": "\n", "{empty}": ""}


@dataclass(frozen=True)
class Case:
    line: int
    zone: str
    now: dt.datetime
    text: str
    date: str | None
    time: str | None
    utc: str | None
    precision: str | None
    flags: frozenset[str]

    @property
    def id(self) -> str:
        return f"{self.line}:{self.zone.split('/')[1]}:{self.text[:40]}"


def _value(cell: str) -> str | None:
    return None if cell == "-" else cell


def load_cases() -> list[Case]:
    cases = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        zone, now, text, date, time, utc, precision, flags = line.split("\t")
        for placeholder, char in PLACEHOLDERS.items():
            text = text.replace(placeholder, char)
        cases.append(
            Case(
                line=number,
                zone=zone,
                now=DEFAULT_NOW if now == "-" else dt.datetime.fromisoformat(now),
                text=text,
                date=_value(date),
                time=_value(time),
                utc=_value(utc),
                precision=_value(precision),
                flags=frozenset(flag for flag in flags.split(",") if flag != "-"),
            )
        )
    return cases


CASES = load_cases()


def test_the_table_is_large_and_covers_several_zones() -> None:
    assert len(CASES) >= 200
    zones = {case.zone for case in CASES}
    assert {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Vladivostok", "Europe/Kaliningrad"} <= zones
    assert sum(case.date is None for case in CASES) >= 20  # and it holds non-dates too


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_table_case(case: Case) -> None:
    parsed = parse_date(case.text, case.zone, case.now, method="selector")
    if case.date is None:
        assert parsed is None, f"{case.text!r} is not a date, got {parsed}"
        return
    assert parsed is not None, f"{case.text!r} gave no date"
    got = (
        parsed.local_date.isoformat(),
        parsed.local_time.isoformat() if parsed.local_time else None,
        parsed.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed.utc else None,
        parsed.precision,
    )
    expected_time = dt.time.fromisoformat(case.time).isoformat() if case.time else None
    assert got == (case.date, expected_time, case.utc, case.precision)
    assert parsed.timezone == case.zone
    assert parsed.method == "selector"
    assert case.text.strip().startswith(parsed.raw)  # the text, up to an «Обновлено» label
    assert parsed.year_inferred == ("year_inferred" in case.flags)
    assert is_future(parsed, case.now) == ("future" in case.flags)
