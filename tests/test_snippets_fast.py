"""Snippets stem only the words that may match (archive.snippets.words_and_terms): the property
that makes it exact, held on every word of the project's Russian pages, and the snippets and
highlights compared with stemming every word, on those pages' texts and queries drawn from them."""

from __future__ import annotations

import html
import random
import re
from functools import cache
from pathlib import Path

import pytest

from archive.search import stem_word, stem_words
from archive.snippets import _render, query_matcher, snippet, snippet_of, words_and_terms

ROOT = Path(__file__).resolve().parent.parent
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


@cache
def texts() -> tuple[str, ...]:
    """The text of every HTML page the tests and the demo keep (blind corpora, hostile pages ...)."""
    pages = sorted([*ROOT.joinpath("tests").rglob("*.html"), *ROOT.joinpath("demo").rglob("*.html")])
    out = []
    for page in pages:
        text = _TAG.sub(" ", page.read_text(encoding="utf-8", errors="replace"))
        if re.search("[а-яА-Я]", text):
            out.append(re.sub(r"\s+", " ", text))
    return tuple(out)


def test_a_stem_is_a_prefix_of_its_folded_word() -> None:
    words = {word for text in texts() for word in _WORD.findall(text)}
    assert len(words) > 5_000
    wrong = [word for word in words if not word.lower().replace("ё", "е").startswith(stem_word(word))]
    assert wrong == []


def reference_words_and_terms(text: str, query: str) -> list[int | None]:
    """Every word stemmed, as before."""
    matcher = query_matcher(query)
    return [matcher.term_of(stem) for stem in stem_words([w.group() for w in _WORD.finditer(text)])]


def queries(rng: random.Random, text: str) -> list[str]:
    words = _WORD.findall(text)
    if len(words) < 3:
        return []
    pick = [rng.choice(words) for _ in range(6)]
    return [
        pick[0],
        f"{pick[1]} {pick[2]}",
        f'"{pick[3]} {pick[4]}"',
        f"{pick[5][:4]}*",
        f"{pick[0]} OR {pick[2]} -{pick[4]}",
        f"{pick[1].upper()} {pick[3].replace('е', 'ё')}",
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_terms_snippets_and_highlights_as_stemming_every_word(seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    for text in rng.sample(texts(), min(120, len(texts()))):
        for query in queries(rng, text):
            _, terms = words_and_terms(text, query_matcher(query))
            assert terms == reference_words_and_terms(text, query), query
            checked += 1
    assert checked > 300
    # whole snippets, against those made from every word's stem
    for text in rng.sample(texts(), 20):
        for query in queries(rng, text):
            words = list(_WORD.finditer(text))
            assert snippet(text, query) == snippet_of(text, words, reference_words_and_terms(text, query))


def test_a_letter_whose_lower_case_is_longer_keeps_the_offsets_right() -> None:
    text = "İstanbul: инвестиции в İzmir выросли, инвестиции"
    _, terms = words_and_terms(text, query_matcher("инвестиции"))
    assert terms == reference_words_and_terms(text, "инвестиции")
    assert snippet(text, "инвестиции").count("<mark>") == 2


def reference_render(
    text: str, words: list[re.Match[str]], terms: list[int | None], first: int, last: int
) -> str:
    """What archive.snippets._render made before: every word and every gap escaped on its own."""
    out: list[str] = []
    position = words[first].start() if first > 0 else 0
    for index in range(first, last + 1):
        word = words[index]
        out.append(html.escape(text[position : word.start()]))
        escaped = html.escape(word.group())
        out.append(f"<mark>{escaped}</mark>" if terms[index] is not None else escaped)
        position = word.end()
    end = words[last].end() if last < len(words) - 1 else len(text)
    out.append(html.escape(text[position:end]))
    return "".join(out)


@pytest.mark.parametrize("seed", [4, 5])
def test_text_between_marks_is_escaped_as_word_by_word(seed: int) -> None:
    """_render escapes the text between two marks in one call: the same HTML, markup in the text
    (<, >, &, quotes, entities) and the snippet's cut-off words included."""
    rng = random.Random(seed)
    hostile = ["<b>инвестиции</b> & \"завод\" — 'проект'", "&amp; инвестициями <script>x</script>&lt;"]
    for text in [*hostile, *rng.sample(texts(), 40)]:
        for query in ["инвестиции завод", *queries(rng, text)]:
            words, terms = words_and_terms(text, query_matcher(query))
            if not words:
                continue
            for first, last in ((0, len(words) - 1), (min(3, len(words) - 1), min(len(words), 35) - 1)):
                expected = reference_render(text, words, terms, first, last)
                assert _render(text, words, terms, first, last) == expected
