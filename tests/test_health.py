"""Source health monitors and the run lock."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from archive.health import BROKEN, OK, STALE, UNKNOWN, RunMetrics, classify_errors, judge, usual_gap_days
from crawler.nightly.lock import LockHeld, RunLock

TODAY = dt.date(2026, 11, 26)


def run(**overrides: object) -> RunMetrics:
    values: dict = dict(
        finish_reason="finished",
        pages=12,
        links_found=10,
        items=10,
        dated=10,
        median_body_length=1500,
        error_classes={},
    )
    values.update(overrides)
    return RunMetrics(**values)


def weekly_dates(n: int = 10, every: int = 2) -> list[dt.date]:
    return [TODAY - dt.timedelta(days=i * every) for i in range(n)]


def test_a_steady_source_is_ok() -> None:
    health = judge([run()] * 5, published=weekly_dates(), last_new_release=TODAY, today=TODAY)
    assert health.status == OK and health.reasons == ()


def test_no_runs_is_unknown() -> None:
    assert judge([], today=TODAY).status == UNKNOWN


def test_redesign_without_links_is_broken() -> None:
    health = judge([run()] * 5 + [run(links_found=0, items=0, dated=0)], today=TODAY)
    assert health.status == BROKEN
    assert "нет ссылок" in health.reason_text


def test_dates_vanishing_is_broken() -> None:
    health = judge([run()] * 5 + [run(dated=1)], today=TODAY)
    assert health.status == BROKEN and "даты найдены у 10%" in health.reason_text


def test_bodies_collapsing_is_broken() -> None:
    health = judge([run()] * 5 + [run(median_body_length=200)], today=TODAY)
    assert health.status == BROKEN and "короче обычного" in health.reason_text


def test_unreachable_site_is_broken_with_the_error_class() -> None:
    latest = run(pages=0, links_found=0, items=0, dated=None, error_classes={"dns": 3})
    health = judge([run(), latest], today=TODAY)
    assert health.status == BROKEN and "сайт не отвечает (DNS: адрес не найден)" in health.reason_text


def test_mostly_failing_requests_is_broken() -> None:
    health = judge([run(pages=4, error_classes={"5xx": 6})], today=TODAY)
    assert health.status == BROKEN and "ошибок 6 из 10" in health.reason_text


def test_unfinished_run_is_broken() -> None:
    assert judge([run(finish_reason="closespider_timeout")], today=TODAY).status == BROKEN


def test_silence_beyond_the_usual_cadence_is_stale() -> None:
    published = weekly_dates(every=1)  # a release a day
    quiet = TODAY - dt.timedelta(days=8)
    health = judge([run()], published=published, last_new_release=quiet, today=TODAY)
    assert health.status == STALE and "8 дн." in health.reason_text


def test_a_slow_source_is_not_stale_too_early() -> None:
    published = weekly_dates(every=10)  # a release every ten days
    quiet = TODAY - dt.timedelta(days=20)
    health = judge([run()], published=published, last_new_release=quiet, today=TODAY)
    assert health.status == OK


def test_usual_gap_needs_enough_dates() -> None:
    assert usual_gap_days([TODAY, TODAY]) is None
    assert usual_gap_days(weekly_dates(every=3)) == 3.0


def test_error_classes() -> None:
    errors = {
        "404": 2,
        "503": 1,
        "TimeoutError": 1,
        "TCPTimedOutError": 1,
        "SSLError": 1,
        "DNSLookupError": 2,
        "ConnectionRefusedError": 1,
        "Weird": 1,
    }
    assert classify_errors(errors) == {
        "4xx": 2,
        "5xx": 1,
        "timeout": 2,
        "tls": 1,
        "dns": 2,
        "connection": 1,
        "other": 1,
    }


def test_lock_refuses_a_second_holder(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    with RunLock(path):
        with pytest.raises(LockHeld, match="pid"):
            RunLock(path).__enter__()
        # another process is refused too
        code = (
            "from pathlib import Path; from crawler.nightly.lock import RunLock\n"
            f"RunLock(Path({str(path)!r})).__enter__()"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        assert result.returncode != 0 and "LockHeld" in result.stderr
    with RunLock(path):  # released on exit
        pass


def test_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    code = (
        "import time; from pathlib import Path; from crawler.nightly.lock import RunLock\n"
        f"lock = RunLock(Path({str(path)!r})).__enter__(); print('held', flush=True); time.sleep(60)"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld):
            RunLock(path).__enter__()
        holder.kill()
        holder.wait()
    with RunLock(path):
        pass


def test_a_relearned_profile_is_ok_but_said() -> None:
    health = judge([run(), run(), run(profile_relearned=True)], today=dt.date(2026, 11, 25))
    assert health.status == OK
    assert health.reasons == ("вёрстка сайта изменилась: профиль сайта выучен заново",)


def test_a_profile_that_no_longer_fits_is_said() -> None:
    health = judge([run(), run(profile_pages=6, profile_missed=4)], today=dt.date(2026, 11, 25))
    assert health.status == OK and "не подошёл к 4 из 6" in health.reason_text
    assert judge([run(profile_pages=6, profile_missed=1)], today=dt.date(2026, 11, 25)).reasons == ()


def test_profile_figures_read_from_the_run_row() -> None:
    row = {
        "finish_reason": "finished",
        "stats": '{"profile/relearned": 1, "profile/pages": 5, "profile/body_missed": 2}',
    }
    metrics = RunMetrics.from_row(row)
    assert (metrics.profile_relearned, metrics.profile_pages, metrics.profile_missed) == (True, 5, 2)
