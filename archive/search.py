"""Russian stemming for the full-text index and for user queries.

SQLite's built-in tokenizers know nothing of Russian morphology and treat «ё» and «е» as
different letters, so "инвестициями" never finds "инвестиции". The archive therefore keeps a
second FTS5 table, `releases_stem_fts`, whose text is already stemmed by `stem_text`, and
turns what a journalist types into a safe MATCH string with `stem_query`.

`stem_query` never raises: whatever the input, the result is a syntactically valid FTS5
expression in which every term is double-quoted (so `NEAR(`, `:`, `^`, a lone `"` and the
like are plain text, not syntax). The query language, as a search engine user expects it:

- words: every form is found (AND is implicit; a stray `AND` is ignored);
- "quoted phrases": the words in that order, every form;
- prefix*: every word starting so (the prefix is stemmed too, so «инвестициями*» still works);
- `OR` / `ИЛИ` between two terms: either (binds tighter than the implicit AND, as in web search);
- `NOT` / `НЕ` before a term, or `-word`: without it;
- hyphenated words («бизнес-миссия») are a phrase.

At most MAX_TERMS terms are used; `describe_problem` says in Russian what was ignored.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from dataclasses import dataclass, field

import Stemmer

__all__ = [
    "MATCH_NOTHING",
    "MAX_TERMS",
    "SCOPES",
    "ParsedQuery",
    "Term",
    "describe_problem",
    "fold",
    "parse_query",
    "rank_query",
    "register_functions",
    "stem_query",
    "stem_text",
    "stem_word",
]

logger = logging.getLogger(__name__)

# A valid MATCH expression that matches no row: the empty phrase.
MATCH_NOTHING = '""'
MAX_TERMS = 16
MAX_QUERY_CHARS = 1000

_WORD = re.compile(r"\w+")
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(-?)(\w+(?:-\w+)+|\w+)(\*?)')
_OR = frozenset({"OR", "ИЛИ"})
_NOT = frozenset({"NOT", "НЕ"})
_IGNORED = frozenset({"AND", "NEAR", "И"})

# Snowball's Russian stop word list (ё folded): words that carry no topic of their own.
STOPWORDS = frozenset(
    """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
    было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до
    вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя
    их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого
    какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно
    при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве
    три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда
    конечно всю между""".split()  # noqa: SIM905 - a word list reads better as text
)

_MEMO_LIMIT = 200_000  # word forms remembered by stem_words (a few tens of MB at most)
_memo: dict[str, str] = {}  # word form -> stem; dict operations are atomic under the GIL
_local = threading.local()  # PyStemmer objects are not thread-safe; Datasette queries run in threads


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("russian")
        _local.stemmer = stemmer
    return stemmer


def fold(word: str) -> str:
    """Lower case, ё as е: what every stem starts from (a stem is a prefix of its folded word)."""
    return word.lower().replace("ё", "е")


def stem_word(word: str) -> str:
    """One word: lower case, ё -> е, Russian Snowball stem."""
    return str(_stemmer().stemWord(fold(word)))


def stem_words(words: list[str]) -> list[str]:
    """Many words at once: remembered word forms from the memo, the others in one stemmer call.

    The search page stems the text of every release it shows (snippets, highlighted titles);
    press releases repeat their word forms, so most are already in the memo.
    """
    memo = _memo
    missing = [word for word in set(words) if word not in memo]
    if missing:
        if len(memo) + len(missing) > _MEMO_LIMIT:
            memo.clear()
            missing = list(set(words))
        stems = _stemmer().stemWords([fold(word) for word in missing])
        memo.update(zip(missing, map(str, stems), strict=True))
    return [memo[word] for word in words]


def stem_text(text: str | None) -> str:
    """Text -> space-separated stems, in order (what goes into `releases_stem_fts`)."""
    if not text:
        return ""
    return " ".join(stem_words(_WORD.findall(text if isinstance(text, str) else str(text))))


@dataclass(frozen=True)
class Term:
    """One searchable unit: a single stem, or a phrase of stems; `prefix` for word*."""

    stems: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    stopword: str | None = None  # the word, when it is a lone function word («о», «для», «уже»)

    def to_match(self) -> str:
        # stems come from \w+ so they hold no double quote; quoting makes them plain text for FTS5
        return f'"{" ".join(self.stems)}"' + ("*" if self.prefix else "")


@dataclass
class ParsedQuery:
    """A query as groups of alternatives: [[a], [b, c]] means a AND (b OR c)."""

    groups: list[list[Term]] = field(default_factory=list)
    dropped_terms: int = 0
    truncated: bool = False
    ignored_stopwords: list[str] = field(default_factory=list)

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group if not term.negated]

    @property
    def is_empty(self) -> bool:
        return not self.positive_terms

    def to_match(self) -> str:
        if self.is_empty:
            return MATCH_NOTHING
        positive = [g for g in self.groups if not g[0].negated]
        negative = [g for g in self.groups if g[0].negated]
        # explicit AND: FTS5 rejects an implicit AND before a parenthesised group
        expression = " AND ".join(_group_match(g) for g in positive)
        return "".join([expression, *(f" NOT {_group_match(g)}" for g in negative)])

    def rank_match(self, frequent: frozenset[str] | set[str]) -> str:
        """The MATCH expression bm25 ranks by: this query without the terms that add nothing to
        bm25, so that FTS5 need not read their doclists to weigh them.

        FTS5's bm25 gives a word found in at least half the releases the IDF 1e-6 (it would be
        negative), so leaving out such a word changes a score by at most 2.2e-6 (1e-6 × (k1 + 1)):
        the order is bm25's, up to ties at that level. Left out: groups (a word or alternatives) of
        single `frequent` stems, and every excluded group (its words are in no matching release:
        they add exactly 0). What remains matches every release the query matches (the search's
        own match set is applied beside it). A query with nothing else left is ranked whole.
        """
        if self.is_empty:
            return MATCH_NOTHING
        kept = [
            group
            for group in self.groups
            if not group[0].negated
            and not all(len(t.stems) == 1 and not t.prefix and t.stems[0] in frequent for t in group)
        ]
        if not kept:
            return self.to_match()
        return " AND ".join(_group_match(group) for group in kept)


def _group_match(group: list[Term]) -> str:
    if len(group) == 1:
        return group[0].to_match()
    return "(" + " OR ".join(term.to_match() for term in group) + ")"


def _term(phrase: str | None, word: str | None, star: bool, negated: bool) -> Term | None:
    if phrase is not None:
        stems = tuple(stem_words(_WORD.findall(phrase)))
        return Term(stems, negated=negated) if stems else None
    assert word is not None
    parts = _WORD.findall(word)
    if len(parts) > 1:  # бизнес-миссия: the words side by side
        return Term(tuple(stem_words(parts)), prefix=star, negated=negated)
    folded = fold(word)
    stopword = word if folded in STOPWORDS and not star else None
    return Term((stem_word(word),), prefix=star, negated=negated, stopword=stopword)


def _drop_stopwords(parsed: ParsedQuery) -> None:
    """Function words add nothing to AND but cost a scan of half the index: drop them, unless
    the query has nothing else (then «о» is searched as typed). Phrases keep theirs."""
    if all(term.stopword for term in parsed.positive_terms):
        return
    kept = []
    for group in parsed.groups:
        if all(term.stopword for term in group):
            parsed.ignored_stopwords += [str(term.stopword) for term in group]
        else:
            kept.append(group)
    parsed.groups = kept


def parse_query(query: object) -> ParsedQuery:
    """What a journalist typed -> terms and operators; never raises."""
    text = query if isinstance(query, str) else ("" if query is None else str(query))
    parsed = ParsedQuery(truncated=len(text) > MAX_QUERY_CHARS)
    pending_or = pending_not = False
    count = 0
    for match in _QUERY_TOKEN.finditer(text[:MAX_QUERY_CHARS]):
        phrase, minus, word, star = match.groups()
        if phrase is None and word in _OR:
            pending_or = bool(parsed.groups)
            continue
        if phrase is None and word in _NOT:
            pending_not = True
            continue
        if phrase is None and word in _IGNORED:
            continue
        negated = pending_not or bool(minus)
        term = _term(phrase, word, bool(star), negated)
        if term is None:
            pending_or = pending_not = False
            continue
        if count >= MAX_TERMS:
            parsed.dropped_terms += 1
            continue
        count += 1
        last = parsed.groups[-1] if parsed.groups else None
        if pending_or and last is not None and not negated and not last[0].negated:
            last.append(term)
        else:
            parsed.groups.append([term])
        pending_or = pending_not = False
    _drop_stopwords(parsed)
    return parsed


# where the words are looked for (`found` on the search page): the index's columns
SCOPES = {"attachments": "{attachments}", "text": "{title body_text}"}


def stem_query(query: object, scope: object = None) -> str:
    """A user's query -> a safe FTS5 MATCH string over stemmed text; MATCH_NOTHING if no terms.

    `scope` "attachments": the whole query in the release's attachments; "text": in its title and
    body; anything else: anywhere in the release (the words may then be split between them).
    """
    try:
        match = parse_query(query).to_match()
    except Exception:  # an SQL function must never fail a page; log it and match nothing
        logger.exception("could not parse search query %r", query)
        return MATCH_NOTHING
    columns = SCOPES.get(scope) if isinstance(scope, str) else None
    return f"{columns} : ({match})" if columns and match != MATCH_NOTHING else match


def rank_query(query: object, frequent: frozenset[str] | set[str] = frozenset()) -> str:
    """A user's query -> the MATCH string bm25 ranks by (ParsedQuery.rank_match); never raises."""
    try:
        return parse_query(query).rank_match(frequent)
    except Exception:  # an SQL function must never fail a page
        logger.exception("could not parse search query %r", query)
        return MATCH_NOTHING


def describe_problem(query: object) -> str | None:
    """A Russian sentence about what in the query could not be used, or None when all is well."""
    parsed = parse_query(query)
    if parsed.is_empty:
        if parsed.groups:
            return "В запросе только исключения (НЕ, минус): добавьте слово, которое нужно найти."
        return "В запросе нет слов для поиска: наберите хотя бы одно слово (буквы или цифры)."
    notes = []
    if parsed.dropped_terms or parsed.truncated:
        notes.append(f"Учтены только первые {MAX_TERMS} слов запроса.")
    if parsed.ignored_stopwords:
        words = ", ".join(f"«{word}»" for word in dict.fromkeys(parsed.ignored_stopwords))
        notes.append(f"Служебные слова не учитывались: {words} (в кавычках фраза ищется целиком).")
    return " ".join(notes) or None


def register_functions(conn: sqlite3.Connection) -> None:
    """Register `ru_stem(text)`, `ru_stem_query(q)`, `ru_stem_query(q, scope)` and `ru_rank_query(q)`
    on a SQLite connection (the last without frequent words: archive.serve.ranking registers one
    that knows them)."""
    conn.create_function("ru_stem", 1, stem_text, deterministic=True)
    conn.create_function("ru_stem_query", 1, stem_query, deterministic=True)
    conn.create_function("ru_stem_query", 2, stem_query, deterministic=True)
    conn.create_function("ru_rank_query", 1, rank_query, deterministic=True)
