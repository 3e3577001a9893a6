"""Page objects + the date cascade on the demo mirror's four layouts: the article's own date, never
the header's "today" stamp, the footer's «Сегодня …» or the sidebar's dates of other releases.

The mirror's clock is fixed a day after the newest release, so a date taken from the header would
show as the wrong day. Pages are rendered in-process (SiteApp.handle): no HTTP is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.normalise.dates import parse_date
from crawler.normalise.release import build_release
from crawler.pages import get_page_object
from crawler.registry.sources import Source, load_registry
from demo.mirror import Mirror, write_demo_registry

CLOCK = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
SITES = ["mosreg_mii", "mosreg_invest_air", "mosreg_export", "kurgan_gov"]
# layouts whose article page prints the time next to the date (directly or in the URL slug)
WITH_TIME = {"mosreg_mii", "mosreg_invest_air", "mosreg_export", "kurgan_gov"}


@pytest.fixture(scope="module")
def mirror_sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Mirror, dict[str, Source]]]:
    with Mirror(sites=SITES, clock=lambda: CLOCK) as mirror:
        path = write_demo_registry(mirror, Path(tmp_path_factory.mktemp("registry")) / "demo.toml")
        sources = {source.name.removeprefix("demo_"): source for source in load_registry(path)}
        yield mirror, sources


def fetch(mirror: Mirror, site: str, url: str) -> str:
    target = url.removeprefix(mirror.base_url(site))
    response = mirror.app(site).handle(target)
    assert response.status == 200, url
    return response.body.decode("utf-8")


@pytest.mark.parametrize("site", SITES)
def test_article_dates_are_the_articles_own(
    site: str, mirror_sources: tuple[Mirror, dict[str, Source]]
) -> None:
    mirror, sources = mirror_sources
    source = sources[site]
    page_object = get_page_object(source.platform)
    today = CLOCK.astimezone(mirror.spec(site).tz).date()
    checked = 0
    for item in mirror.releases(site)[:8]:
        url = mirror.article_url(site, item.slug)
        raw = page_object.extract(url, fetch(mirror, site, url), source)
        release = build_release(raw, source, fetched_at=CLOCK)
        published = item.published  # aware, in the site's zone
        assert release.published_date == published.date().isoformat(), (url, raw.date_text, raw.date_method)
        assert release.published_date != today.isoformat()
        assert release.date_flags == ()
        if site in WITH_TIME:
            assert release.published_time == published.strftime("%H:%M"), (url, raw.date_text)
        assert release.timezone == source.timezone
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("site", SITES)
def test_listing_dates_belong_to_their_items(
    site: str, mirror_sources: tuple[Mirror, dict[str, Source]]
) -> None:
    mirror, sources = mirror_sources
    source = sources[site]
    listing_url = mirror.listing_url(site)
    listing = get_page_object(source.platform).listing(listing_url, fetch(mirror, site, listing_url), source)
    published = {mirror.article_url(site, r.slug): r.published for r in mirror.releases(site)}
    assert len(listing.links) >= 3
    for link in listing.links:
        assert link.date_text, link.url
        parsed = parse_date(link.date_text, source.timezone, CLOCK, method="listing")
        assert parsed is not None, link.date_text
        assert parsed.local_date == published[link.url].date(), (link.url, link.date_text)
