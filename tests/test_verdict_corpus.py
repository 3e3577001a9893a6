"""Anti-bot words inside ordinary text are not an anti-bot page (a release that says «почувствовать
себя не роботом» must never be dropped as `block_page`), over every page of the project's corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.normalise.encoding import decode_html
from crawler.pages.verdict import html_verdict, is_block_text

TESTS = Path(__file__).parent
CORPORA = ("golden/pages", "blind/sites", "blind2/sites", "blind_home/sites")


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("Я не робот", True),
        ("Подтвердите, что вы не робот.", True),
        ("Нажмите «я не робот», чтобы продолжить", True),
        ("Сотрудники смогли почувствовать себя не роботами, а творцами", False),
        ("Он назвал себя не робота, а человека", False),
        ("Мы не роботизируем то, что я не роботизировал бы сам", False),
    ],
)
def test_anti_bot_words_inside_ordinary_text(text: str, blocked: bool) -> None:
    assert is_block_text(text) is blocked


def test_no_page_of_the_corpora_is_taken_for_an_anti_bot_page() -> None:
    found = (path for corpus in CORPORA for path in sorted((TESTS / corpus).rglob("*.htm*")))
    pages = [path for path in found if path.is_file()]
    assert len(pages) > 1500
    blocked = [
        str(path.relative_to(TESTS))
        for path in pages
        if html_verdict(200, decode_html(path.read_bytes(), "text/html").text) == "block_page"
    ]
    assert blocked == []
