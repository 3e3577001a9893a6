"""Bounds on what one page may cost: the HTML read per page and the body kept per release.

A page of megabytes (an inline scan, a runaway script, an endless body) is read in part, the
release keeps at most PRESSARCHIVE_BODY_MAX_CHARS of body HTML, and both are counted in the run.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from planned_site import crawl_site, planned_site
from scrapy.http import HtmlResponse

from crawler.normalise.html_cap import LISTING_MAX_CHARS, cap_html
from crawler.normalise.release import build_release
from crawler.pages.base import RawRelease
from crawler.runs.extract_file import adhoc_source
from crawler.runs.page_jobs import Context, ListingOutcome, read_listing
from spiders.release import page_text

TEXT = "<p>Министерство инвестиций сообщает: в регионе построят завод, там будут работать триста человек.</p>"
ARTICLE = (
    "<html><head><title>{title}</title>{head}</head><body><main><h1>{title}</h1>"
    "<p class='date'>21.11.2026</p><div class='text'>{body}</div></main></body></html>"
)


def paragraphs(count: int) -> str:
    """`count` different paragraphs (extractors drop repeated ones)."""
    return "".join(
        f"<p>Абзац {n}: завод номер {n * 7} даст региону {n % 90 + 10} рабочих мест.</p>"
        for n in range(count)
    )


def test_a_page_within_the_bound_is_read_whole() -> None:
    page = ARTICLE.format(title="Релиз", head="", body=TEXT)
    assert cap_html(page, 10_000).text == page
    assert not cap_html(page, 10_000).cut


def test_scripts_styles_svg_and_data_uris_go_first_so_the_text_survives() -> None:
    bulk = (
        "<script>var x = '" + "a" * 3_000_000 + "';</script>"
        "<style>.x{}" + " " * 500_000 + "</style><svg><path d='" + "M0 0 " * 100_000 + "'/></svg>"
        "<img src='data:image/png;base64," + "QUJD" * 250_000 + "'>"
    )
    page = ARTICLE.format(title="Релиз", head=bulk, body=TEXT)
    capped = cap_html(page, 100_000)
    assert capped.cut and capped.original_chars == len(page)
    assert TEXT in capped.text and len(capped.text) < 100_000
    assert "<script>" in capped.text and "</script>" in capped.text  # the elements stay, empty


def test_what_is_still_too_long_is_cut_at_the_bound() -> None:
    page = ARTICLE.format(title="Релиз", head="", body=TEXT * 50_000)
    capped = cap_html(page, 200_000)
    assert capped.cut and len(capped.text) == 200_000 and capped.text.startswith("<html>")


def test_an_unclosed_script_flood_is_cut_like_any_other_page() -> None:
    page = "<script>" * 400_000 + TEXT  # no closing tag: the scan stops at the first, nothing dropped
    capped = cap_html(page, 100_000)
    assert capped.cut and capped.text == page[:100_000]


def test_a_body_beyond_the_bound_is_kept_in_part_and_says_so() -> None:
    url = "https://mii.mosreg.ru/press/news/1"
    raw = RawRelease(url=url, title="Релиз", body_html=TEXT * 10_000, page_kind="article")
    release = build_release(raw, adhoc_source(url), fetched_at=_now(), body_max_chars=100_000)
    assert len(release.body_html) <= 100_100
    assert release.methods["body_cut"] == str(len(TEXT) * 10_000)
    whole = build_release(raw, adhoc_source(url), fetched_at=_now(), body_max_chars=10_000_000)
    assert "body_cut" not in whole.methods and len(whole.body_html) > 1_000_000


def test_a_crawl_reads_an_enormous_page_in_part_and_counts_it(tmp_path: Path) -> None:
    scan = "<img src='data:image/jpeg;base64," + "QUJD" * 1_500_000 + "'>"  # 6 MB of inline scan
    with planned_site() as site:

        def plan(path: str, seen: int) -> tuple[int, dict[str, str], str]:
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
            if path == "/news":
                items = "".join(
                    f"<li><a href='/news/{n}'>Релиз {n}</a> <span>2{n}.11.2026</span></li>" for n in (1, 2, 3)
                )
                return 200, {}, f"<html><body><main><ul>{items}</ul></main></body></html>"
            if path == "/news/1":
                return 200, {}, ARTICLE.format(title="Релиз со сканом", head="", body=TEXT + scan)
            if path == "/news/2":
                return 200, {}, ARTICLE.format(title="Бесконечный релиз", head="", body=paragraphs(10_000))
            return 200, {}, ARTICLE.format(title="Обычный релиз", head="", body=TEXT * 3)

        site.answer(plan)
        settings = ["PRESSARCHIVE_HTML_MAX_CHARS=300000", "PRESSARCHIVE_BODY_MAX_CHARS=50000"]
        db = crawl_site(tmp_path, site, "/news", settings=settings)
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT title, length(body_html) FROM releases").fetchall())
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    assert set(rows) == {"Релиз со сканом", "Бесконечный релиз", "Обычный релиз"}
    assert rows["Бесконечный релиз"] <= 50_100, rows
    assert stats["extract/html_cut"] == 2  # the scan page and the endless one
    assert (
        stats["extract/body_cut"] == 1
    )  # the endless one: its first 300,000 characters hold 50,000+ of body


def _now() -> dt.datetime:
    return dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def test_the_extraction_worker_reads_with_the_same_bounds() -> None:
    from crawler.runs.page_jobs import ArticleJob, Context, Fetch, FetchedPage, run_job

    url = "https://mii.mosreg.ru/press/news/1"
    page = ARTICLE.format(title="Релиз", head="<script>" + "x" * 50_000 + "</script>", body=paragraphs(2_000))
    key, packed = Context(adhoc_source(url), None, html_max_chars=60_000, body_max_chars=5_000).packed()
    fetched = FetchedPage(url, page.encode(), "text/html; charset=utf-8", key, packed)
    outcome = run_job(ArticleJob(fetched, Fetch(fetched_at=_now(), http_status=200)))
    assert outcome.html_cut and outcome.release is not None
    assert "body_cut" in outcome.release.methods and len(outcome.release.body_html) <= 5_100


def _all_news(items: int) -> str:
    """An «all news» listing of a ministry: `items` dated links, about 260 characters each (ids from
    50,000: ids that look like years, /news/1900 to /news/2099, are taken for year archives)."""
    rows = "".join(
        f'<div class="news-list__item"><span class="news-list__date">{1 + n % 28:02d}.{1 + n % 12:02d}.2025'
        "</span>"
        f'<a class="news-list__title" href="/press/news/{50_000 + n}">'
        f"Новость номер {n}: министерство сообщает о ходе реализации программы</a></div>\n"
        for n in range(items)
    )
    head = "<html><head><title>Новости</title></head><body><main><h1>Все новости</h1>"
    return f"{head}{rows}</main></body></html>"


def _listing_as_the_crawl_reads_it(
    url: str, page: str, bound: int = LISTING_MAX_CHARS
) -> tuple[bool, ListingOutcome]:
    """(cut, outcome): the spider's reading of a listing page (its text bounded, then read)."""
    response = HtmlResponse(url, body=page.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    html = page_text(response, bound)
    assert html is not None
    return html.cut, read_listing(url, html.text, 200, Context(adhoc_source(url), None))


def test_a_listing_of_ten_thousand_links_is_read_to_its_last_link() -> None:
    """Listings have their own, larger bound (PRESSARCHIVE_LISTING_MAX_CHARS): the links past a
    cut would be lost unseen. One cut all the same is said (html_cut)."""
    url = "https://mii.mosreg.ru/press/news/"
    page = _all_news(10_000)
    assert len(page) > 2_000_000  # past the articles' bound
    html_cut, outcome = _listing_as_the_crawl_reads_it(url, page)
    assert not html_cut and outcome.listing is not None
    links = {item.url for item in outcome.listing.links}
    assert len(links) == 10_000 and "https://mii.mosreg.ru/press/news/59999" in links

    html_cut, cut = _listing_as_the_crawl_reads_it(url, page, bound=2_000_000)
    assert html_cut and cut.listing is not None and len(cut.listing.links) < 10_000
