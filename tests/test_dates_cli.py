"""`pressarchive dates`: stdin lines -> JSON lines, through the real CLI group."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from crawler.cli import main


def run(args: list[str], stdin: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(main, ["dates", *args], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_one_object_per_line_with_every_field() -> None:
    code, out, err = run(
        ["--tz", "Asia/Vladivostok", "--now", "2025-12-20T12:00:00+03:00"],
        "21 ноября 2025 г., 12:41\nвчера\n\nВерсия для печати\n25 декабря 2025\n"
        "Опубликовано: 12.03.2024 Обновлено: 15.04.2024\n",
    )
    assert code == 0
    assert [line["input"] for line in out] == [
        "21 ноября 2025 г., 12:41",
        "вчера",
        "",
        "Версия для печати",
        "25 декабря 2025",
        "Опубликовано: 12.03.2024 Обновлено: 15.04.2024",
    ]
    first = out[0]
    assert first == {
        "input": "21 ноября 2025 г., 12:41",
        "found": True,
        "local_date": "2025-11-21",
        "local_time": "12:41:00",
        "timezone": "Asia/Vladivostok",
        "utc": "2025-11-21T02:41:00Z",
        "precision": "minute",
        "iso": "2025-11-21T12:41:00+10:00",
        "raw": "21 ноября 2025 г., 12:41",
        "method": "text",
        "rule": "day_month_ru",
        "year_inferred": False,
        "future": False,
        "updated": None,
    }
    assert (out[1]["local_date"], out[1]["precision"], out[1]["rule"]) == ("2025-12-19", "day", "relative")
    assert [line["found"] for line in out] == [True, True, False, False, True, True]
    assert set(out[2]) == set(first)  # a line with no date has the same keys, empty
    assert out[4]["future"] is True
    updated = out[5]["updated"]
    assert isinstance(updated, dict) and updated["local_date"] == "2024-04-15"
    assert "4 of 6 line(s)" in err


def test_naive_now_is_taken_in_the_zone() -> None:
    _, out, _ = run(["--tz", "Asia/Yekaterinburg", "--now", "2025-12-20T01:00"], "вчера\n")
    assert out[0]["local_date"] == "2025-12-19"


def test_hints_from_options_and_from_a_source(tmp_path: Path) -> None:
    _, out, _ = run(["--now", "2025-12-20T12:00+03:00", "--order", "MDY"], "12/03/2025\n")
    assert out[0]["local_date"] == "2025-12-03"
    _, out, _ = run(
        ["--now", "2025-12-20T12:00+03:00", "--format", "%d.%m.%Y %H ч. %M мин."],
        "18.12.2025 10 ч. 15 мин.\n",
    )
    assert (out[0]["local_time"], out[0]["rule"]) == ("10:15:00", "format:%d.%m.%Y %H ч. %M мин.")
    registry = tmp_path / "one.toml"
    registry.write_text(
        textwrap.dedent(
            """
            [[source]]
            name = "x_ministry"
            title = "Министерство"
            region = "Тверская область"
            publisher_kind = "ministry"
            timezone = "Asia/Kamchatka"
            platform = "generic"
            start_urls = ["https://x.ru/news"]
            date_order = "MDY"
            """
        ),
        encoding="utf-8",
    )
    _, out, _ = run(
        ["--source", "x_ministry", "--sources", str(registry), "--now", "2025-12-20T12:00+03:00"],
        "12/03/2025 10:00\n",
    )
    assert (out[0]["local_date"], out[0]["timezone"], out[0]["utc"]) == (
        "2025-12-03",
        "Asia/Kamchatka",
        "2025-12-02T22:00:00Z",
    )


def test_bad_options_are_named() -> None:
    code, _, err = run(["--tz", "Europe/Atlantis"], "x\n")
    assert code == 2 and "not an IANA time zone" in err
    code, _, err = run(["--format", "%d.%q"], "x\n")
    assert code == 2 and "unknown directive %q" in err
    code, _, err = run(["--now", "yesterday"], "x\n")
    assert code == 2 and "not an ISO date-time" in err
    code, _, err = run(["--source", "no_such_source"], "x\n")
    assert code == 2 and 'Источник "no_such_source" не найден.' in err
