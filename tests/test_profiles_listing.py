"""Learned listing profiles (crawler/profiles/listing.py): learned from a source's listing pages,
they name the same releases as the structural heuristic, with CSS the fast matcher compiles."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crawler.discovery.listing import listing_by_heuristic
from crawler.normalise.urls import url_host
from crawler.pages.cssmatch import compile_css
from crawler.pages.tree import PageTree, parse_html
from crawler.profiles.listing import learn_listing, listing_by_profile
from crawler.profiles.model import ListingProfile, SiteProfile

sys.path.insert(0, str(Path(__file__).parent / "golden"))
sys.path.insert(0, str(Path(__file__).parent))

from corpus import Case, load
from test_listing_real import CASES, REAL

LISTINGS = load().listings
LAYOUTS: dict[str, list[Case]] = {}
for _case in LISTINGS:
    LAYOUTS.setdefault(_case.layout, []).append(_case)


def compiled(profile: ListingProfile) -> bool:
    return compile_css(profile.item) is not None and (
        profile.link is None or compile_css(profile.link) is not None
    )


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_profile_learned_on_golden_listings_names_their_releases(layout: str) -> None:
    cases = LAYOUTS[layout]
    profile = learn_listing([(case.url, case.html()) for case in cases])
    assert profile is not None and compiled(profile)
    assert profile.agreed == profile.seen == len(cases)
    for case in cases:
        found = listing_by_profile(case.url, case.html(), profile, (url_host(case.url),))
        want = case.data["links"]
        assert [link.url for link in found] == [item["url"] for item in want]
        assert [link.date_text for link in found] == [item["date_text"] for item in want]
        for link, item in zip(found, want, strict=True):
            if item["title"] is not None:
                assert link.title == item["title"]


@pytest.mark.parametrize("case", CASES, ids=[case.file.split("__")[0] for case in CASES])
def test_profile_of_a_real_listing_reproduces_the_heuristic(case) -> None:  # type: ignore[no-untyped-def]
    html = (REAL / case.file).read_text(encoding="utf-8")
    domains = (url_host(case.url).removeprefix("www."),)
    profile = learn_listing([(case.url, html)])
    assert profile is not None and compiled(profile)
    tree = PageTree(html, case.url)
    assert listing_by_profile(case.url, tree, profile, domains) == listing_by_heuristic(
        case.url, parse_html(html, case.url), domains
    )


SITE = "https://minek.example.ru"


def rubric_page(page: int) -> tuple[str, str]:
    """A Bitrix portal's list: a rubric link beside each date, the headline below it."""
    rubrics = ["sport", "obshchestvo", "ekonomika", "sport"]
    items = "".join(
        f'<div class="news-item"><span class="date">1{n}.0{page}.2026</span> '
        f'<a class="section" href="/news/{rubric}/">{rubric.capitalize()}</a>'
        f'<a class="news-item__title" href="/news/{rubric}/{page}{n}/">'
        f"Новость номер {n} страницы {page} о работе</a>"
        "</div>"
        for n, rubric in enumerate(rubrics)
    )
    url = f"{SITE}/news/?PAGEN_1={page}"
    return url, f'<html><body><div class="news-list">{items}</div></body></html>'


def test_profile_names_the_headline_link_beside_rubric_links() -> None:
    pages = [rubric_page(1), rubric_page(2)]
    profile = learn_listing(pages)
    assert profile is not None and profile.link is not None and compiled(profile)
    assert (profile.agreed, profile.seen) == (2, 2)
    url, html = rubric_page(3)
    found = listing_by_profile(url, html, profile, ("minek.example.ru",))
    assert [link.url.removeprefix(SITE) for link in found] == [
        "/news/sport/30/",
        "/news/obshchestvo/31/",
        "/news/ekonomika/32/",
        "/news/sport/33/",
    ]
    assert found[1].title == "Новость номер 1 страницы 3 о работе"
    assert found[1].date_text == "11.03.2026"


def test_profile_that_names_nothing_falls_back_to_the_heuristic() -> None:
    url, html = rubric_page(1)
    stale = ListingProfile(item="div.redesigned-card", link=None, agreed=3, seen=3)
    assert listing_by_profile(url, html, stale, ("minek.example.ru",)) == listing_by_heuristic(
        url, parse_html(html, url), ("minek.example.ru",)
    )


def test_no_profile_without_listings() -> None:
    article = "<html><body><h1>Заголовок</h1><p>Текст новости без списка ссылок.</p></body></html>"
    assert learn_listing([]) is None
    assert learn_listing([(f"{SITE}/news/1/", article), (f"{SITE}/news/2/", article)]) is None


def test_listing_profile_survives_the_site_profile_json() -> None:
    url, html = rubric_page(1)
    profile = learn_listing([(url, html)])
    assert profile is not None
    site = SiteProfile(
        source="s", learned_at="2026-01-01T00:00:00Z", pages=0, listing=profile, listing_pages=1
    )
    assert SiteProfile.from_json(site.to_json()).listing == profile
