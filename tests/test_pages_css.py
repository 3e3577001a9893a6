"""crawler.pages.cssmatch + PageTree.select answer exactly as parsel's css() does, on real pages.

The fast matchers replace cssselect's XPath for the selectors page objects and registries use;
any difference would silently change what a configured source extracts.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest
from parsel import Selector

from crawler.pages import PLATFORMS
from crawler.pages.cssmatch import compile_css
from crawler.pages.generic import TAG_CLASSES
from crawler.pages.tree import PageTree, parse_html

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "golden"))

from corpus import load  # noqa: E402

TRICKY = """<html class="no-js"><head><title>t</title><meta property="og:title" content="x"></head>
<body id="main" class="page  news\tdetail">
<div class="a b"><div class="a"><p class="x">one <a href="/1" rel="tag nofollow">t1</a></p>
<p>two <a href="/2" rel="nofollow">t2</a> <span class="date">12.03.2025</span></p></div></div>
<ul class="tags"><li><a href="/t/1" rel="tag">Тег</a></li><li><a rel="tag">без ссылки</a></li></ul>
<section><h1 class="title" data-x="">Заголовок</h1><h2>sub</h2><p lang="ru-RU">ru</p></section>
<table class="newslist"><tr><td class="newsdate">01.02</td><td class="newstitle"><b>B</b></td></tr></table>
<div class="news-detail"><div class="news-detail__text"><p>text</p></div>
<time class="entry-date published updated" datetime="2025-03-12">12 марта</time></div>
<p class="x"><A HREF="/up">upper</A></p><!-- a comment --></body></html>"""

QUERIES = [
    "h1", "*", "div > p", "body p", "html", "div.a.b", "div.a .x", "p:not(.x)", "a[rel~=tag]", "a[href]",
    "a[href^='/t']", "a[href$='1']", "a[href*=t]", "[lang|=ru]", "#main p", "body#main", "div *", "* > a",
    "ul li a", "section > h1 + h2", "div ~ p", ".nav a, .menu a, nav a", "[class~='a b']", "[data-x='']",
    ".news-item .date, .date", "span.date, time", "meta[property]", "div:not(div)", ":not(*)",
    "p:first-child", "a::text", "a::attr(href)", "h1, h2, h3", "div[id]", "DIV", "A[HREF]", ".Detail",
    "table tr td", "li > a[href]", ".detail", ".news", "time.entry-date.published",
    "time.updated:not(.published)",
    ".news-detail .news-date-time", ".news-detail h1, h1.news-detail__title, .news-detail__title",
]  # fmt: skip


def all_queries() -> list[str]:
    found = set(QUERIES) | {TAG_CLASSES, "time", "time.updated"}
    for page in PLATFORMS.values():
        found.update(value for value in vars(page.selectors).values() if value)
        for name in ("lead_selector", "tags_selector", "attachments_selector", "updated_selector"):
            if value := getattr(page, name, None):
                found.add(value)
    for registry in (HERE.parent / "spiders" / "sources").glob("*.toml"):
        for entry in tomllib.loads(registry.read_text(encoding="utf-8")).get("source", []):
            found.update(entry.get("selectors", {}).values())
    data = json.loads((HERE / "golden" / "expected.json").read_text(encoding="utf-8"))
    for case in data["articles"] + data["listings"]:
        found.update(case.get("selectors", {}).values())
    return sorted(found)


def pages() -> list[tuple[str, str]]:
    corpus = load()
    cases = corpus.articles[::3] + corpus.listings[::2]
    found = [(case.data["file"], case.html()) for case in cases]
    found += [
        (path.name, path.read_text(encoding="utf-8"))
        for path in sorted((HERE / "fixtures" / "pages").glob("*.html"))
    ]
    return [*found, ("tricky", TRICKY), ("xml", '<?xml version="1.0"?>' + TRICKY)]


def paths(root: object, items: list[object]) -> list[str]:
    tree = root.getroottree()  # type: ignore[attr-defined]
    return [item if isinstance(item, str) else tree.getpath(item) for item in items]


@pytest.mark.parametrize(("name", "html"), pages(), ids=[name for name, _ in pages()])
def test_select_matches_parsel(name: str, html: str) -> None:
    tree = PageTree(html, "https://example.ru/news/1")
    reference = Selector(text=html, base_url="https://example.ru/news/1")
    for query in all_queries():
        expected = paths(reference.root, [item.root for item in reference.css(query)])
        assert paths(tree.root, tree.select(query)) == expected, query


def test_most_selectors_are_compiled_and_unsupported_ones_fall_back() -> None:
    queries = all_queries()
    compiled = [query for query in queries if compile_css(query) is not None]
    assert len(compiled) >= 0.9 * len(queries)
    for query in ("p:first-child", "a::text", "section > h1 + h2", "div ~ p", "a::attr(href)"):
        assert compile_css(query) is None, query


def test_bad_selector_is_named() -> None:
    with pytest.raises(ValueError, match=r"invalid CSS selector 'div\[\['"):
        PageTree("<p>x</p>", "https://example.ru/").select("div[[")


def test_parse_html_builds_parsels_tree() -> None:
    for _, html in pages():
        expected = Selector(text=html, base_url="https://example.ru/")
        got = parse_html(html, "https://example.ru/")
        assert (got.type, got.get()) == (expected.type, expected.get())
