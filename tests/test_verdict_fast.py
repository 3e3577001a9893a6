"""The crawl judges an article page on the tree it extracts from, and proves a page long without
cleaning its text (crawler.pages.verdict.tree_verdict / text_at_least). Both must give exactly
what the plain verdict gives: every page, every status."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.pages.common import element_text
from crawler.pages.tree import PageTree
from crawler.pages.verdict import BLOCK_MAX_CHARS, html_verdict, page_verdict, text_at_least, tree_verdict

WORDS = ["Министерство", "инвестиций", "робот", "captcha", "технические", "работы", "сайт", "недоступен"]
PIECES = st.one_of(
    st.sampled_from(
        ["Я не робот", "Ведутся технические работы", "Доступ ограничен", "\u00a0", "\u200b", " \n "]
    ),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join),
)


def html_page(title: str, blocks: list[tuple[str, str]]) -> str:
    parts = []
    for kind, text in blocks:
        if kind == "script":
            parts.append(f"<script>var s = '{text}';</script>")
        elif kind == "template":
            parts.append(f"<template><p>{text}</p></template>after")
        elif kind == "style":
            parts.append(f"<style>/* {text} */</style>")
        else:
            parts.append(f"<p>{text}</p>")
    return f"<html><head><title>{title}</title></head><body>{''.join(parts)}</body></html>"


KINDS = ["p", "p", "p", "script", "template", "style"]
PAGES = st.builds(
    html_page,
    st.sampled_from(["Новости", "Проверка: я не робот", "Технические работы", ""]),
    st.lists(
        st.tuples(st.sampled_from(["p", "p", "p", "script", "template", "style"]), PIECES), max_size=120
    ),
)


@settings(max_examples=300, deadline=None)
@given(PAGES, st.sampled_from([200, 403, 404, 429, 503]))
def test_the_tree_verdict_is_the_plain_verdict(html: str, status: int) -> None:
    tree = PageTree(html, "https://mii.mosreg.ru/a")
    body = next(tree.root.iter("body"))
    title = tree.root.findtext(".//title")
    plain = page_verdict(status, title.strip() if title else None, element_text(body))
    assert tree_verdict(status, tree) == plain == html_verdict(status, html, "https://mii.mosreg.ru/a")


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_a_page_proved_long_is_long(html: str) -> None:
    body = next(PageTree(html, "https://mii.mosreg.ru/a").root.iter("body"))
    for length in (10, 400, BLOCK_MAX_CHARS):
        if text_at_least(body, length):
            assert len(element_text(body)) >= length


def test_a_long_article_with_a_captcha_widget_is_an_article_and_a_short_captcha_is_not() -> None:
    article = "<p>" + "Министерство инвестиций сообщает о новых проектах. " * 80 + "</p>"
    widget = "<script src='https://smartcaptcha.yandexcloud.net/captcha.js'></script><div>captcha</div>"
    assert (
        tree_verdict(200, PageTree(f"<html><body>{article}{widget}</body></html>", "https://x.ru/")) is None
    )
    captcha = (
        "<html><body><p>Подтвердите, что вы не робот</p>"
        + "<script>"
        + "x" * 9000
        + "</script></body></html>"
    )
    assert tree_verdict(200, PageTree(captcha, "https://x.ru/")) == "block_page"


def test_a_json_answer_is_judged_not_raised() -> None:
    # found while making the verdict tree-based: html_verdict raised ValueError on a JSON answer
    assert html_verdict(200, '{"error": "not found"}', "https://x.ru/news/") is None
    assert html_verdict(503, "[]", "https://x.ru/news/") == "maintenance"
