"""The re-check back-off and the deep-pass schedule."""

from __future__ import annotations

import datetime as dt

from crawler.nightly.schedule import RECHECK_AGES_DAYS, deep_pass_due, recheck_due

T0 = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC)


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def simulate(nights: int) -> list[int]:
    """The nights (days after first seen) on which a nightly run re-checks the release."""
    last = T0
    checked = []
    for night in range(1, nights + 1):
        now = T0 + days(night)
        if recheck_due(T0, last, now):
            checked.append(night)
            last = now
    return checked


def test_back_off_follows_the_schedule_then_stops() -> None:
    assert simulate(400) == list(RECHECK_AGES_DAYS)
    assert RECHECK_AGES_DAYS[:6] == (1, 2, 4, 7, 14, 30)
    assert RECHECK_AGES_DAYS[-1] <= 365


def test_a_missed_night_is_caught_up_once() -> None:
    # checked on day 1, machine off until day 6: one check covers points 2 and 4
    assert recheck_due(T0, T0 + days(1), T0 + days(6))
    assert not recheck_due(T0, T0 + days(6), T0 + days(6.5))
    assert recheck_due(T0, T0 + days(6), T0 + days(7))


def test_new_release_not_due_on_its_first_night() -> None:
    assert not recheck_due(T0, T0, T0 + dt.timedelta(hours=20))


def test_deep_pass_weekly() -> None:
    now = T0 + days(10)
    assert deep_pass_due(None, now)
    assert deep_pass_due("2026-11-04T03:00:00Z", now)  # six days + ... = 7 days before now
    assert not deep_pass_due("2026-11-08T03:00:00Z", now)
    assert deep_pass_due("2026-11-10T03:00:00Z", now, every_days=1)
