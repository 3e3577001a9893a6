"""Russian stemmed search: the query language, its safety on any input, and highlighted snippets."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search import (
    MATCH_NOTHING,
    MAX_TERMS,
    describe_problem,
    parse_query,
    register_functions,
    stem_query,
    stem_text,
)
from archive.snippets import highlight, register_snippet_functions, snippet

DOCS = {
    1: "Новые инвестиции в Подмосковье",
    2: "Агентство привлекло новыми инвестициями завод",
    3: "Экспорт растёт: поставки за рубеж выросли",
    4: "Бизнес-миссия в Узбекистан: экспортёры провели переговоры",
    5: "Особая экономическая зона «Дубна» получила новых резидентов",
    6: "Завод по переработке полимеров откроют в Воскресенске",
}


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    """An in-memory stemmed index built exactly as the archive builds it."""
    connection = sqlite3.connect(":memory:")
    register_functions(connection)
    register_snippet_functions(connection)
    connection.execute("CREATE VIRTUAL TABLE idx USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    connection.executemany(
        "INSERT INTO idx (rowid, body) VALUES (?, ?)", [(k, stem_text(v)) for k, v in DOCS.items()]
    )
    yield connection
    connection.close()


def search(conn: sqlite3.Connection, query: str) -> list[int]:
    rows = conn.execute("SELECT rowid FROM idx WHERE idx MATCH ru_stem_query(?) ORDER BY rowid", [query])
    return [row[0] for row in rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("инвестициями", [1, 2]),  # every form of the word
        ("инвестиций", [1, 2]),
        ("растет", [3]),  # ё = е
        ("растёт", [3]),
        ('"новые инвестиции"', [1, 2]),  # a phrase: these words in this order, any forms
        ('"инвестиции новые"', []),
        ("экспорт*", [3, 4]),  # prefix: экспорт, экспортёры
        ("инвестициями*", [1, 2]),  # a full word with * still finds its forms
        ("экспорт OR завод", [2, 3, 6]),
        ("экспорт ИЛИ завод", [2, 3, 6]),
        ("завод NOT агентство", [6]),
        ("завод -агентство", [6]),
        ("завод НЕ полимеров", [2]),
        ("новые инвестиции OR завод", [1, 2]),  # OR binds tighter than the implicit AND
        ("новые завод OR полимеров", [2]),
        ("бизнес-миссии", [4]),  # a hyphenated word is a phrase
        ("ОЭЗ Дубна", []),  # all words must be there
        ("зона Дубна", [5]),
        ("инвестиции AND новые", [1, 2]),  # a stray AND is ignored (AND is implicit)
    ],
)
def test_query_language(conn: sqlite3.Connection, query: str, expected: list[int]) -> None:
    assert search(conn, query) == expected


@pytest.mark.parametrize(
    "query",
    ['"', '""', "NEAR(", "NEAR(a b, 2)", "*", "AND", "OR", "NOT", "-", "(", ")", "a:b", "title:x", "^x",
     "{x}", "%", "'", "\\", 'инвестиции"', '"инвестиции', "OR инвестиции OR", "NOT инвестиции", "- -",
     "\x00", "🙂", "<script>", "x" * 5000, "инвестиции " * 50, ""],
)  # fmt: skip
def test_any_query_is_valid_fts5(conn: sqlite3.Connection, query: str) -> None:
    search(conn, query)  # raises sqlite3.OperationalError on an invalid MATCH expression


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("аеёиоэюя бвгдXyz\"*()-:^{}ORNTAD ИЛИНЕ'\\01"), max_size=40))
def test_random_queries_never_break_fts5(query: str) -> None:
    connection = sqlite3.connect(":memory:")
    register_functions(connection)
    connection.execute("CREATE VIRTUAL TABLE idx USING fts5(body)")
    connection.execute("INSERT INTO idx (body) VALUES (?)", [stem_text(DOCS[2])])
    connection.execute("SELECT rowid FROM idx WHERE idx MATCH ru_stem_query(?)", [query]).fetchall()
    connection.close()


def test_sql_functions_take_any_value(conn: sqlite3.Connection) -> None:
    for value in (None, 5, 3.5, b"\xd0\xb8"):
        conn.execute("SELECT ru_stem_query(?), ru_stem(?), ru_snippet(?, ?)", [value, value, value, value])


def test_queries_without_words_match_nothing_and_say_why() -> None:
    assert stem_query('"') == MATCH_NOTHING
    assert stem_query("*** ((") == MATCH_NOTHING
    assert describe_problem('"') == (
        "В запросе нет слов для поиска: наберите хотя бы одно слово (буквы или цифры)."
    )
    assert "исключения" in str(describe_problem("-экспорт"))
    assert describe_problem("экспорт") is None


def test_long_queries_are_cut_and_the_cut_is_reported() -> None:
    parsed = parse_query(" ".join(f"слово{n}" for n in range(MAX_TERMS + 5)))
    assert len(parsed.positive_terms) == MAX_TERMS
    assert parsed.dropped_terms == 5
    assert f"первые {MAX_TERMS}" in str(describe_problem(" ".join(["экспорт"] * (MAX_TERMS + 1))))


def test_highlight_marks_every_form_and_escapes_html() -> None:
    text = "Инвестиции <b>растут</b>: инвестициями заняты все."
    assert highlight(text, "инвестиция") == (
        "<mark>Инвестиции</mark> &lt;b&gt;растут&lt;/b&gt;: <mark>инвестициями</mark> заняты все."
    )
    assert highlight("Ёлки и елки", "ёлка") == "<mark>Ёлки</mark> и <mark>елки</mark>"
    assert highlight("экспортёры и экспорт", "экспорт*") == "<mark>экспортёры</mark> и <mark>экспорт</mark>"
    assert highlight("без НЕ завод", "-завод") == "без НЕ завод"  # an excluded word is not marked


def test_snippet_is_a_window_around_the_matches() -> None:
    words = [f"слово{n}" for n in range(100)]
    words[60] = "экспорт"
    result = snippet(" ".join(words), "экспорта", size=10)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>экспорт</mark>" in result
    assert "слово57" in result and "слово10" not in result
    assert snippet("Короткий текст.", "другое") == "Короткий текст."


def test_function_words_are_dropped_unless_they_are_all_there_is(conn: sqlite3.Connection) -> None:
    assert stem_query("льготы для инвесторов") == '"льгот" AND "инвестор"'
    assert stem_query("о") == '"о"'  # nothing else to search: searched as typed
    assert stem_query('"завод по переработке"') == '"завод по переработк"'  # phrases keep them
    assert search(conn, "завод по переработке полимеров") == [6]
    assert describe_problem("льготы для инвесторов") == (
        "Служебные слова не учитывались: «для» (в кавычках фраза ищется целиком)."
    )
