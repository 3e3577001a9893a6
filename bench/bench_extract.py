"""Extraction on the golden corpus (tests/golden/): accuracy and speed, ours against trafilatura.

In one run, on the same decoded pages, three extractors:
  (a) generic     our generic page object with no selectors (+ normalisation), as on an unknown site
  (b) configured  the layout's platform adapter with the registry selectors (+ normalisation)
  (p) profiled    the generic page object with the site profile learned from each layout's first
                  8 pages (crawler.profiles), learning included in its time, as on a first crawl
  (c) trafilatura trafilatura.bare_extraction(html, url=..., with_metadata=True): title, date, text
Printed: title exact %, date exact % (the local calendar date), body F1 (word bags), pages/s, and
the speed ratios against trafilatura. Targets: generic beats trafilatura on date accuracy and
matches it on body F1; configured runs at least 10x trafilatura's pages/s.

    .venv/bin/python bench/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "golden"))

import trafilatura  # noqa: E402
from corpus import Case, expected_body, extract, f1, load, release  # noqa: E402

from crawler.normalise.release import NotARelease, build_release  # noqa: E402
from crawler.pages import get_page_object  # noqa: E402
from crawler.profiles.learn import SAMPLE_PAGES, learn_profile  # noqa: E402
from crawler.profiles.model import SiteProfile  # noqa: E402
from crawler.profiles.sample import SamplePage  # noqa: E402

Result = tuple[str | None, str | None, str | None]  # title, date (YYYY-MM-DD), body text


@dataclass
class Score:
    name: str
    titles: int = 0
    dates: int = 0
    f1_sum: float = 0.0
    pages: int = 0
    seconds: float = 0.0
    extraction_rate: float | None = None  # pages/s of the page object alone (no normalisation)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        n = max(self.pages, 1)
        extraction = f"   extraction only {self.extraction_rate:7.1f} pages/s" if self.extraction_rate else ""
        return (
            f"{self.name:12} title {100 * self.titles / n:5.1f}%   date {100 * self.dates / n:5.1f}%   "
            f"body F1 {self.f1_sum / n:.3f}   {self.rate:7.1f} pages/s{extraction}"
        )


def ours(configured: bool, fetched_at) -> Callable[[Case, str], Result]:  # type: ignore[no-untyped-def]
    def run(case: Case, html: str) -> Result:
        found = release(case, html, configured, fetched_at)
        if found is None:
            return None, None, None
        return found.title, found.published_date, found.body_text

    return run


def profiled(pages: list[tuple[Case, str]], fetched_at) -> Callable[[Case, str], Result]:  # type: ignore[no-untyped-def]
    """A runner that learns each layout's profile from its first pages when it meets the layout
    (the learning is timed with the extraction), then extracts with it."""
    profiles: dict[str, SiteProfile | None] = {}
    by_layout: dict[str, list[tuple[Case, str]]] = {}
    for case, html in pages:
        by_layout.setdefault(case.layout, []).append((case, html))

    def run(case: Case, html: str) -> Result:
        if case.layout not in profiles:
            first = by_layout[case.layout][:SAMPLE_PAGES]
            profiles[case.layout] = learn_profile(case.layout, [SamplePage(c.url, h) for c, h in first])
        source = case.source(False)
        raw = get_page_object(source.platform).extract(case.url, html, source, profile=profiles[case.layout])
        try:
            found = build_release(raw, source, fetched_at=fetched_at)
        except NotARelease:
            return None, None, None
        return found.title, found.published_date, found.body_text

    run.reset = profiles.clear  # type: ignore[attr-defined]
    return run


def bare_trafilatura(case: Case, html: str) -> Result:
    document = trafilatura.bare_extraction(html, url=case.url, with_metadata=True)
    if document is None:
        return None, None, None
    data = document if isinstance(document, dict) else document.as_dict()
    return data.get("title"), data.get("date"), data.get("text")


def score_results(
    name: str, pages: list[tuple[Case, str]], results: list[Result], seconds: float, passes: int
) -> Score:
    score = Score(name, seconds=seconds, pages=len(pages) * passes)
    for (case, _), (title, date, body) in zip(pages, results, strict=True):
        score.titles += (title or "").strip() == case.data["title"]
        score.dates += date == case.data["published_date"]
        score.f1_sum += f1(body, expected_body(case))
    # accuracy is per page: scale the counts to the number of timed pages
    score.titles *= passes
    score.dates *= passes
    score.f1_sum *= passes
    return score


def measure_all(
    runners: dict[str, Callable[[Case, str], Any]], pages: list[tuple[Case, str]], repeat: int
) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Each runner over the corpus `repeat` times, interleaved pass by pass, so that the load of a
    shared machine falls on every extractor alike; the results of the last pass and total seconds."""
    results: dict[str, list[Any]] = {}
    seconds = dict.fromkeys(runners, 0.0)
    for _ in range(repeat):
        for name, run in runners.items():
            if hasattr(run, "reset"):  # learn again in every pass: learning is part of the cost
                run.reset()
            started = time.perf_counter()
            results[name] = [run(case, html) for case, html in pages]
            seconds[name] += time.perf_counter() - started
    return results, seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus per extractor")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura and the date fallback log per page
    corpus = load()
    pages = [(case, case.html()) for case in corpus.articles]
    layouts = sorted({case.layout for case in corpus.articles})
    print(f"golden corpus: {len(pages)} article pages, {len(layouts)} layouts ({', '.join(layouts)})")
    for _, html in pages[:3]:  # warm imports and caches for every extractor alike
        trafilatura.bare_extraction(html, with_metadata=True)
    ours(True, corpus.fetched_at)(pages[0][0], pages[0][1])
    ours(False, corpus.fetched_at)(pages[0][0], pages[0][1])
    runners: dict[str, Callable[[Case, str], Any]] = {
        "generic": ours(False, corpus.fetched_at),
        "configured": ours(True, corpus.fetched_at),
        "profiled": profiled(pages, corpus.fetched_at),
        "trafilatura": bare_trafilatura,
        "generic extraction": lambda case, html: extract(case, html, False),
        "configured extraction": lambda case, html: extract(case, html, True),
    }
    results, seconds = measure_all(runners, pages, args.repeat)
    scores = [
        score_results(name, pages, results[name], seconds[name], args.repeat)
        for name in ("generic", "configured", "profiled", "trafilatura")
    ]
    generic, configured, learned, baseline = scores
    generic.extraction_rate = len(pages) * args.repeat / seconds["generic extraction"]
    configured.extraction_rate = len(pages) * args.repeat / seconds["configured extraction"]
    for score in scores:
        print(score.line())
    base = baseline.rate
    print(f"speed vs trafilatura, full path (extraction + dates, bodies, normalisation): "
          f"generic {generic.rate / base:.2f}x, configured {configured.rate / base:.2f}x, "
          f"profiled (learning included) {learned.rate / base:.2f}x")  # fmt: skip
    print(f"speed vs trafilatura, extraction only: generic {generic.extraction_rate / base:.2f}x, "
          f"configured {configured.extraction_rate / base:.2f}x (target >= 10x)")  # fmt: skip
    print(f"date accuracy: generic {generic.dates / generic.pages:.1%} vs trafilatura "
          f"{baseline.dates / baseline.pages:.1%} (target: higher)")  # fmt: skip
    print(f"body F1: generic {generic.f1_sum / generic.pages:.3f} vs trafilatura "
          f"{baseline.f1_sum / baseline.pages:.3f} (target: at least equal)")  # fmt: skip


if __name__ == "__main__":
    main()
