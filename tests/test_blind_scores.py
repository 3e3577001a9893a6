"""The blind corpus (tests/blind/) keeps meeting the goals of issue 10 on every layout.

The corpus was written by someone who did not read the extractor; whoever changes the extractor
reads only these scores, never the pages (tests/blind/README.md). This test runs the scoring of
bench/bench_blind.py (without trafilatura) so that a change that loses ground on layouts nobody
here wrote fails the suite; `make bench` prints the full table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_blind  # noqa: E402

CORPUS = json.loads((bench_blind.BLIND / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CORPUS["layouts"]))
def test_layout_meets_the_goals(name: str) -> None:
    layout = bench_blind.Layout(name, CORPUS["layouts"][name])
    source = layout.source()
    links, _ = bench_blind.walk_listings(layout, source)
    found, wanted, wrong = bench_blind.score_found(layout, links)
    assert found / wanted >= bench_blind.GOALS["found"] and wrong == 0
    hints = {bench_blind.canonicalize_url(link.url): link for link in links}
    order = bench_blind.crawl_order(layout, links)
    scores, profile = bench_blind.run_ours(layout, source, order, hints, True)
    assert profile is not None
    for key in ("title", "date", "f1"):
        assert scores.ratio(key) >= bench_blind.GOALS[key], (key, scores.misses[:5])
