"""The golden corpus (tests/golden/): the configured path held to exact results, the generic path to
minimum accuracies, listings (real 2018 fragments included) by selectors and by structure."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from crawler.normalise.encoding import decode_html
from crawler.normalise.urls import canonicalize_url
from crawler.pages import get_page_object

sys.path.insert(0, str(Path(__file__).parent / "golden"))

from corpus import Case, expected_body, f1, load, release

CORPUS = load()
ARTICLES = CORPUS.articles
LISTINGS = CORPUS.listings


def ids(cases: list[Case]) -> list[str]:
    return [case.data["file"].rsplit("/", 2)[-2] + "/" + Path(case.data["file"]).stem for case in cases]


def test_corpus_is_big_and_varied_enough() -> None:
    assert len(ARTICLES) >= 60 and len(LISTINGS) >= 15
    layouts = Counter(case.layout for case in ARTICLES)
    assert len(layouts) >= 6 and min(layouts.values()) >= 8
    assert {"real_kurganobl", "real_lenobl", "real_tatarstan"} <= {case.layout for case in LISTINGS}
    platforms = {case.data["platform"] for case in ARTICLES}
    assert platforms == {"mosreg_ministry", "bitrix", "drupal", "wordpress", "gosweb", "generic"}
    # encodings of the legacy layouts: windows-1251 and koi8-r, declared, undeclared and mis-declared
    encodings = Counter(decode_html(case.path.read_bytes()).encoding for case in ARTICLES)
    assert encodings["cp1251"] >= 10 and encodings["koi8-r"] >= 3


@pytest.mark.parametrize("case", ARTICLES, ids=ids(ARTICLES))
def test_configured_path_is_exact(case: Case) -> None:
    found = release(case, case.html(), True, CORPUS.fetched_at)
    assert found is not None
    want = case.data
    assert found.title == want["title"]
    assert (found.published_date, found.published_time) == (want["published_date"], want["published_time"])
    assert found.timezone == want["timezone"]
    assert found.body_text == expected_body(case)
    assert found.lead == want["lead"]
    assert list(found.images) == want["images"]
    attachments = [
        {"url": a.url, "title": a.title, "size": a.size, "kind": a.kind} for a in found.attachments
    ]
    assert attachments == want["attachments"]
    assert list(found.tags) == want["tags"]
    assert found.language == want["language"]
    assert found.canonical_url == canonicalize_url(want["canonical_url"])
    for junk in ("Поделиться", "cookie", "Другие новости", "Читайте также", "Главная"):
        assert junk not in found.body_text
    for step in ("title", "date", "body"):
        assert found.methods[step].startswith("selector"), (step, found.methods)


def test_generic_path_on_pages_it_was_never_tuned_for() -> None:
    """No selectors at all: metadata, trafilatura and text heuristics (bench/bench_extract.py measures)."""
    titles = dates = 0
    scores = []
    for case in ARTICLES:
        found = release(case, case.html(), False, CORPUS.fetched_at)
        assert found is not None, case.data["file"]
        titles += found.title == case.data["title"]
        dates += found.published_date == case.data["published_date"]
        scores.append(f1(found.body_text, expected_body(case)))
    assert titles / len(ARTICLES) >= 0.95
    assert dates / len(ARTICLES) >= 0.95
    assert sum(scores) / len(scores) >= 0.95 and min(scores) >= 0.8


@pytest.mark.parametrize("configured", [True, False], ids=["selectors", "structure"])
@pytest.mark.parametrize("case", LISTINGS, ids=ids(LISTINGS))
def test_listing(case: Case, configured: bool) -> None:
    source = case.source(configured)
    listing = get_page_object(source.platform).listing(case.url, case.html(), source)
    want = case.data["links"]
    assert [link.url for link in listing.links] == [item["url"] for item in want]
    assert [link.date_text for link in listing.links] == [item["date_text"] for item in want]
    for link, item in zip(listing.links, want, strict=True):
        if item["title"] is not None:
            assert link.title == item["title"]
    assert listing.next_page == case.data["next_page"]
    if listing.next_page:
        assert listing.next_method is not None


def test_listing_page_is_not_a_release() -> None:
    """A listing reached as if it were an article is refused with its own reason."""
    case = next(case for case in LISTINGS if case.layout == "drupal")
    article = next(a for a in ARTICLES if a.layout == "drupal")
    raw = get_page_object("generic").extract(case.url, case.html(), article.source(False))
    assert raw.page_kind == "listing"
    assert (
        release(Case({**article.data, "url": case.url}, "article"), case.html(), False, CORPUS.fetched_at)
        is None
    )
