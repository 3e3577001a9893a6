"""A page nested deeper than Python's recursion limit is read like any other (issue 13: found by
the hostile site's 5,000 nested divs; libxml2 keeps up to 2,048 levels, so 1,500 is what a page
can really hand the extractor)."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.registry.sources import Source
from crawler.runs.page_jobs import Context, Fetch, judged_tree, release_of

LEAD = (
    "Министерство инвестиций, промышленности и науки Московской области сообщает"
    " о запуске нового производства."
)
PAGE = (
    "<html><head><title>В Коломне запустили производство упаковки</title></head><body>"
    "<header><nav><a href='/'>Главная</a></nav></header>"
    + "<div>" * 1500
    + "<main><article><h1>В Коломне запустили производство упаковки</h1>"
    + "<time datetime='2026-11-20'>20.11.2026</time>"
    + "".join(f"<p>{LEAD} Абзац {n}.</p>" for n in range(4))
    + "</article></main>"
    + "</div>" * 1500
    + "<footer>© Правительство Московской области</footer></body></html>"
)


@pytest.mark.parametrize("platform", ["generic", "mosreg_ministry"])
def test_an_article_under_1500_nested_elements_is_extracted(platform: str) -> None:
    source = Source(
        name="deep",
        title="Глубокий сайт",
        region="Московская область",
        publisher_kind="ministry",
        timezone="Europe/Moscow",
        platform=platform,
        start_urls=("http://127.0.0.1/press/",),
        allowed_domains=("127.0.0.1",),
    )
    fetch = Fetch(fetched_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), http_status=200)
    url = "http://127.0.0.1/press/upakovka"
    tree, refused, error = judged_tree(url, PAGE, fetch)
    assert error is None and not refused
    outcome = release_of(url, PAGE, tree, Context(source, None), fetch)
    assert outcome.error is None and outcome.release is not None, outcome.drop
    assert outcome.release.title == "В Коломне запустили производство упаковки"
    assert "Абзац 3." in outcome.release.body_text
