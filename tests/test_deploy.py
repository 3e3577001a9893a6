"""The deploy units and the cron line call commands and options that exist."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def assert_cli_accepts(argv: list[str]) -> None:
    """The pressarchive sub-command and every --option in argv exist (checked against --help)."""
    assert Path(argv[0]).name == "pressarchive"
    command = argv[1]
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    for option in (a for a in argv[2:] if a.startswith("--")):
        assert option in result.output, f"{command} has no option {option}"


@pytest.mark.parametrize("name", ["pressarchive-nightly.timer", "pressarchive-digest.timer"])
def test_timer_is_persistent_and_daily(name: str) -> None:
    timer = unit(name)
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["OnCalendar"].startswith("*-*-*")


def test_the_digest_runs_after_the_night() -> None:
    nightly = unit("pressarchive-nightly.timer")["Timer"]["OnCalendar"].split()[1]
    digest = unit("pressarchive-digest.timer")["Timer"]["OnCalendar"].split()[1]
    assert digest > nightly
    assert "pressarchive-nightly.service" in unit("pressarchive-digest.service")["Unit"]["After"]


@pytest.mark.parametrize(
    "name", ["pressarchive-nightly.service", "pressarchive-serve.service", "pressarchive-digest.service"]
)
def test_services_run_real_commands(name: str) -> None:
    service = unit(name)
    assert_cli_accepts(shlex.split(service["Service"]["ExecStart"]))


def _cron_lines() -> list[str]:
    return [
        ln for ln in (DEPLOY / "crontab.example").read_text().splitlines() if ln and not ln.startswith("#")
    ]


def test_cron_digest_lines_run_real_commands() -> None:
    digests = [ln for ln in _cron_lines() if " digest " in ln]
    assert len(digests) == 2
    for line in digests:
        assert_cli_accepts(shlex.split(line.split(None, 5)[5].split("&&", 1)[1].split(">>")[0]))


def test_cron_line_uses_flock_and_nightly() -> None:
    line = _cron_lines()[0]
    command = line.split(None, 5)[5]
    assert "flock -n" in command
    argv = shlex.split(command.split("&&", 1)[1].split(">>")[0])
    assert_cli_accepts(argv[3:])
