"""The held-out homepage corpus (tests/blind_home/) keeps meeting the goals of issue 11.

Written by someone who never read the section search; whoever changes the search reads only these
scores, never the pages (tests/blind_home/README.md). Each site is served over HTTP on 127.0.0.1
and searched as the crawl searches it; `make bench` prints the table with the naive baseline.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_homepages  # noqa: E402

from crawler.commands.discover import _fetcher  # noqa: E402

ANSWERS = bench_homepages.answers()


@pytest.fixture(scope="module")
def verdicts() -> dict[str, str]:
    fetch = _fetcher(10, "pressarchive-test")
    return {name: bench_homepages.score_site(name, answer, fetch)[0] for name, answer in ANSWERS.items()}


def test_the_press_section_of_nearly_every_site_is_found(verdicts: dict[str, str]) -> None:
    found = [name for name, verdict in verdicts.items() if verdict == "found"]
    missed = {name: verdict for name, verdict in verdicts.items() if verdict != "found"}
    assert len(found) / len(verdicts) >= bench_homepages.GOAL_FOUND, missed


def test_no_site_gets_a_non_press_section(verdicts: dict[str, str]) -> None:
    assert [name for name, verdict in verdicts.items() if verdict == "decoy"] == []


def test_the_scoring_can_fail() -> None:
    """The verdicts the tests above count: a decoy, another page and nothing are told apart."""
    answer = {"press": ["/press/news/"], "acceptable": ["/press/"], "decoys": ["/documents/"]}
    assert bench_homepages.verdict("http://x/press/news", answer) == "found"
    assert bench_homepages.verdict("http://x/press/", answer) == "found"
    assert bench_homepages.verdict("http://x/documents/2026/", answer) == "decoy"
    assert bench_homepages.verdict("http://x/about/", answer) == "other"
    assert bench_homepages.verdict(None, answer) == "none"
