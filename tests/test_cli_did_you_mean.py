"""A mistyped source name: «Источник "…" не найден. Возможно: …» from the registry's names (and the
hosts of their sites), exit code 2, for every command that takes one (the real CLI, the shipped
registry)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli as cli

from crawler.registry.sources import load_registry


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mosreg_mi", "mosreg_mii"),  # a letter short
        ("mosreg-mii", "mosreg_mii"),  # a dash for the underscore
        ("mii.mosreg.ru", "mosreg_mii"),  # the site's host instead of the name
    ],
)
def test_crawl_only_suggests_the_closest_source(typed: str, meant: str, tmp_path: Path) -> None:
    result = cli("crawl", "--only", typed, "--db", tmp_path / "a.db")
    assert result.returncode == 2
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith(f'Источник "{typed}" не найден. Возможно: ')
    assert meant in first.split("Возможно: ", 1)[1].split(", ")
    assert not (tmp_path / "a.db").exists()  # nothing was crawled


def test_nothing_close_points_to_the_list() -> None:
    result = cli("crawl", "--only", "zzzzzz")
    assert result.returncode == 2
    assert result.stderr.strip() == 'Источник "zzzzzz" не найден. Список источников: pressarchive sources'


def test_the_other_commands_that_take_a_source_say_the_same(tmp_path: Path) -> None:
    assert any(s.name == "mosreg_mii" for s in load_registry())
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>x</h1></body></html>", encoding="utf-8")
    for args in (
        ("extract", page, "--url", "https://mii.mosreg.ru/x", "--source", "mosreg_mi"),
        ("dates", "--source", "mosreg_mi"),
    ):
        result = cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert 'Источник "mosreg_mi" не найден. Возможно: mosreg_mii' in result.stderr, args
