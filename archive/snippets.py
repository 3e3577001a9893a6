"""Highlighted snippets from the original text for a stemmed query.

FTS5's own snippet() would cut from the indexed text, which in `releases_stem_fts` is stems
(«инвестиц привлек»), so snippets are made here from the release's real text: every word whose
stem matches a query term is wrapped in <mark>, the rest is HTML-escaped. The result is safe
HTML by construction.
"""

from __future__ import annotations

import html
import re
import sqlite3
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from archive.search import ParsedQuery, fold, parse_query, stem_words

__all__ = [
    "highlight",
    "query_matcher",
    "register_snippet_functions",
    "snippet",
    "snippet_of",
    "words_and_terms",
]

SNIPPET_WORDS = 32
ELLIPSIS = "…"
_WORD = re.compile(r"\w+")
_START = re.Match.start


@dataclass(frozen=True)
class _Matcher:
    exact: dict[str, int]  # stem -> term number
    prefixes: tuple[tuple[str, int], ...]
    # the words that may match: those whose folded form starts with a stem or prefix of the query
    # (None: the query has none). Russian Snowball only cuts endings, so a word's stem is a prefix
    # of the word lower-cased with ё as е: any other word's stem is neither a stem nor starts with
    # a prefix of the query, and is never stemmed here (tests/test_snippets_fast.py holds the
    # property on the corpora's words and compares with stemming every word).
    candidates: re.Pattern[str] | None = None

    def term_of(self, stem: str) -> int | None:
        found = self.exact.get(stem)
        if found is not None:
            return found
        for prefix, number in self.prefixes:
            if stem.startswith(prefix):
                return number
        return None


@lru_cache(maxsize=256)
def query_matcher(query: str) -> _Matcher:
    """The stems (and prefixes) of the query's positive terms, each with its term number."""
    parsed: ParsedQuery = parse_query(query)
    exact: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    for number, term in enumerate(parsed.positive_terms):
        for position, stem in enumerate(term.stems):
            if term.prefix and position == len(term.stems) - 1:
                prefixes.append((stem, number))
            else:
                exact.setdefault(stem, number)
    needles = sorted({*exact, *(prefix for prefix, _ in prefixes)}, key=len, reverse=True)
    candidates = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, needles)) + ")") if needles else None
    return _Matcher(exact, tuple(prefixes), candidates)


def words_and_terms(text: str, matcher: _Matcher) -> tuple[list[re.Match[str]], list[int | None]]:
    """The words of `text` and, for each, the query term it matches (None for none).

    Only the words that start like a query stem are stemmed (_Matcher.candidates): a snippet of a
    2,000-word release stems a handful of words, not two thousand."""
    words = list(_WORD.finditer(text))
    terms: list[int | None] = [None] * len(words)
    if not words or matcher.candidates is None:
        return words, terms
    folded = fold(text)
    if len(folded) != len(text):  # a letter whose lower case is longer (İ): every word, the sure way
        return words, [matcher.term_of(stem) for stem in stem_words([w.group() for w in words])]
    starts = [m.start() for m in matcher.candidates.finditer(folded)]
    if not starts:
        return words, terms
    # each candidate starts a word (its pattern's lookbehind): found by bisection, without a list
    # of every word's start
    chosen = [bisect_left(words, start, key=_START) for start in starts]
    for index, stem in zip(chosen, stem_words([words[i].group() for i in chosen]), strict=True):
        terms[index] = matcher.term_of(stem)
    return words, terms


def _render(text: str, words: list[re.Match[str]], terms: list[int | None], first: int, last: int) -> str:
    """Escaped text from word `first` to word `last` (inclusive), matches in <mark>."""
    if not words:
        return html.escape(text)
    # html.escape works letter by letter, so the text between two marks is escaped in one call:
    # the same HTML as escaping word by word, with a call per match instead of two per word
    out: list[str] = []
    position = words[first].start() if first > 0 else 0
    for index in range(first, last + 1):
        if terms[index] is None:
            continue
        word = words[index]
        out.append(html.escape(text[position : word.start()]))
        out.append(f"<mark>{html.escape(word.group())}</mark>")
        position = word.end()
    end = words[last].end() if last < len(words) - 1 else len(text)
    out.append(html.escape(text[position:end]))
    return "".join(out)


def highlight(text: str | None, query: str | None) -> str:
    """The whole text, escaped, with every matching word in <mark>."""
    if not text:
        return ""
    words, terms = words_and_terms(text, query_matcher(query or ""))
    return _render(text, words, terms, 0, len(words) - 1) if words else html.escape(text)


def _best_start(terms: list[int | None], size: int) -> int:
    """The window start that holds the most distinct terms (then the most matches)."""
    best, best_score = 0, (0, 0)
    for position, term in enumerate(terms):
        if term is None:
            continue
        start = max(0, position - 3)
        window = [t for t in terms[start : start + size] if t is not None]
        score = (len(set(window)), len(window))
        if score > best_score:
            best, best_score = start, score
    return best


def snippet(text: str | None, query: str | None, size: int = SNIPPET_WORDS) -> str:
    """About `size` words around the best cluster of matches, escaped, matches in <mark>."""
    if not text:
        return ""
    words, terms = words_and_terms(text, query_matcher(query or ""))
    return snippet_of(text, words, terms, size)


def snippet_of(
    text: str, words: list[re.Match[str]], terms: list[int | None], size: int = SNIPPET_WORDS
) -> str:
    """`snippet` of a text whose words and terms are already known (words_and_terms)."""
    if not words:
        return html.escape(text[:300])
    first = _best_start(terms, size)
    last = min(len(words), first + size) - 1
    body = _render(text, words, terms, first, last).strip()
    prefix = ELLIPSIS if first > 0 else ""
    suffix = ELLIPSIS if last < len(words) - 1 else ""
    return f"{prefix}{body}{suffix}"


def _sql_text(value: object) -> str | None:
    return value if isinstance(value, str) or value is None else str(value)


def register_snippet_functions(conn: sqlite3.Connection) -> None:
    """`ru_snippet(text, q)` and `ru_highlight(text, q)`: safe HTML with <mark>."""
    conn.create_function(
        "ru_snippet", 2, lambda t, q: snippet(_sql_text(t), _sql_text(q)), deterministic=True
    )
    conn.create_function(
        "ru_highlight", 2, lambda t, q: highlight(_sql_text(t), _sql_text(q)), deterministic=True
    )
