"""Russian stemming for the full-text index and for user queries.

SQLite's built-in tokenizers know nothing of Russian morphology and treat «ё» and «е» as
different letters, so "инвестициями" never finds "инвестиции". The archive therefore keeps a
second FTS5 table, `releases_stem_fts`, whose text is already stemmed by `stem_text`, and
turns what a journalist types into a safe MATCH string with `stem_query`.

`stem_query` never raises: whatever the input, the result is a syntactically valid FTS5
expression in which every term is double-quoted (so `NEAR(`, `:`, `^`, a lone `"` and the
like are plain text, not syntax). Supported: words (AND is implicit), "quoted phrases",
prefix* and the operators OR and NOT (upper case, as in FTS5).
"""

from __future__ import annotations

import re
import sqlite3
import threading

import Stemmer

__all__ = ["MATCH_NOTHING", "register_functions", "stem_query", "stem_text", "stem_word"]

# A valid MATCH expression that matches no row: the empty phrase.
MATCH_NOTHING = '""'

_WORD = re.compile(r"\w+")
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\w+)(\*?)')
_OPERATORS = frozenset({"OR", "NOT"})
_IGNORED_OPERATORS = frozenset({"AND", "NEAR"})

_local = threading.local()  # PyStemmer objects are not thread-safe; Datasette queries run in threads


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("russian")
        _local.stemmer = stemmer
    return stemmer


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def stem_word(word: str) -> str:
    """One word: lower case, ё -> е, Russian Snowball stem."""
    return str(_stemmer().stemWord(_fold(word)))


def stem_text(text: str | None) -> str:
    """Text -> space-separated stems, in order (what goes into `releases_stem_fts`)."""
    if not text:
        return ""
    words = [_fold(w) for w in _WORD.findall(text)]
    return " ".join(_stemmer().stemWords(words))


def _quote(term: str) -> str:
    # terms come from \w+ so they hold no double quote; quoting makes them plain text for FTS5
    return f'"{term}"'


def _query_items(query: str) -> list[str]:
    """Terms (already quoted FTS5 strings) and the operators OR / NOT, in query order."""
    items: list[str] = []
    for match in _QUERY_TOKEN.finditer(query):
        phrase, word, star = match.groups()
        if phrase is not None:
            stems = stem_text(phrase)
            if stems:
                items.append(_quote(stems))
        elif word in _OPERATORS:
            items.append(word)
        elif word in _IGNORED_OPERATORS:
            continue
        elif star:
            items.append(_quote(_fold(word)) + "*")  # a prefix is matched as typed, not stemmed
        else:
            items.append(_quote(stem_word(word)))
    return items


def _drop_dangling_operators(items: list[str]) -> list[str]:
    """Keep an operator only between two terms; the first of a run of operators wins."""
    cleaned: list[str] = []
    for item in items:
        if item in _OPERATORS:
            if cleaned and cleaned[-1] not in _OPERATORS:
                cleaned.append(item)
        else:
            cleaned.append(item)
    while cleaned and cleaned[-1] in _OPERATORS:
        cleaned.pop()
    return cleaned


def stem_query(query: str | None) -> str:
    """A user's query -> a safe FTS5 MATCH string over stemmed text; MATCH_NOTHING if no terms."""
    if not query:
        return MATCH_NOTHING
    items = _drop_dangling_operators(_query_items(query))
    return " ".join(items) if items else MATCH_NOTHING


def register_functions(conn: sqlite3.Connection) -> None:
    """Register `ru_stem(text)` and `ru_stem_query(q)` on a SQLite connection."""
    conn.create_function("ru_stem", 1, stem_text, deterministic=True)
    conn.create_function("ru_stem_query", 1, stem_query, deterministic=True)
