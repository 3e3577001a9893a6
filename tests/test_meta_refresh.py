"""A refresh looked for in the bytes first (crawler.scrapy_glue.meta_refresh): always Scrapy's answer."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.response import get_meta_refresh
from scrapy.utils.test import get_crawler

from crawler.scrapy_glue.meta_refresh import ByteScanMetaRefreshMiddleware, meta_refresh

REAL = Path(__file__).parent / "fixtures" / "real-html"
TAGS = ("script", "noscript")
URL = "https://mii.mosreg.ru/press/news/"
REFRESH = '<meta http-equiv="refresh" content="0; url=/press/news/archive/">'
PROSE = "Министерство инвестиций, промышленности и науки Московской области сообщает. " * 200


def page(head: str = "", body: str = PROSE, charset: str = "utf-8", bom: bytes = b"") -> HtmlResponse:
    html = f"<html><head><title>Новости</title>{head}</head><body><p>{body}</p></body></html>"
    return HtmlResponse(
        URL, body=bom + html.encode(charset), headers={"Content-Type": f"text/html; charset={charset}"}
    )


CASES = {
    "none": page(),
    "early": page(REFRESH),
    "upper case": page(REFRESH.upper().replace("/PRESS/NEWS/ARCHIVE/", "/press/news/archive/")),
    "in a script": page(f"<script>document.write('{REFRESH}')</script>"),
    "in noscript": page(f"<noscript>{REFRESH}</noscript>"),
    # 3,000 Cyrillic characters are 6,000 bytes: inside Scrapy's 4,096 characters, past 4,096 bytes
    "after Cyrillic": page(f"<!-- {'ж' * 3000} -->{REFRESH}"),
    "past 4096 characters": page(f"<!-- {'ж' * 5000} -->{REFRESH}"),
    "straddling character 4096": page(f"<!-- {'x' * 4030} -->{REFRESH}"),
    "character reference": page(REFRESH.replace("refresh", "&#114;efresh")),
    "windows-1251": page(REFRESH, charset="cp1251"),
    "utf-16 with its mark": page(REFRESH, charset="utf-16-le", bom=codecs.BOM_UTF16_LE),
    "utf-16 mark, header utf-8": HtmlResponse(
        URL,
        body=codecs.BOM_UTF16_LE + f"<html><head>{REFRESH}</head></html>".encode("utf-16-le"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    ),  # the mark wins over the header, in response.encoding too
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_answer_is_scrapys(name: str) -> None:
    response = CASES[name]
    assert meta_refresh(response, TAGS) == get_meta_refresh(response, ignore_tags=TAGS)


def test_the_cases_hold_refreshes_found_and_not_found() -> None:
    """The cases are worth comparing: Scrapy finds a refresh in some, not in others."""
    found = {name for name, response in CASES.items() if get_meta_refresh(response, TAGS)[1]}
    assert {"early", "after Cyrillic", "windows-1251", "utf-16 with its mark"} <= found
    assert {"none", "in a script", "past 4096 characters"}.isdisjoint(found)


@pytest.mark.parametrize("path", sorted(REAL.glob("*.html")), ids=lambda p: p.name)
def test_real_pages(path: Path) -> None:
    response = HtmlResponse(URL, body=path.read_bytes())
    assert meta_refresh(response, TAGS) == get_meta_refresh(response, ignore_tags=TAGS)


def test_the_middleware_follows_a_refresh_and_passes_a_page_without_one() -> None:
    middleware = ByteScanMetaRefreshMiddleware.from_crawler(
        get_crawler(settings_dict={"METAREFRESH_ENABLED": True})
    )
    request = Request(URL)
    plain = CASES["none"]
    assert middleware.process_response(request, plain) is plain
    followed = middleware.process_response(request, CASES["early"])
    assert isinstance(followed, Request)
    assert followed.url == "https://mii.mosreg.ru/press/news/archive/"
