"""Full-text search on the releases table page (`?_search=`, Datasette's, and `?_ru=`, ours), fast
on a million releases.

Both read the stemmed index (`releases_stem_fts`, Russian morphology: «Москвы» finds «Москва»): since
migration 0190 there is no index of exact word forms. Datasette writes its `?_search=` clause (and
`?_search_<column>=`) for the table named `fts_table` in metadata.yaml, with `escape_fts(:search)`
or, with `_searchmode=raw`, `:search`; both are rewritten to `ru_stem_query(...)`, the search page's
query language (phrases in quotes, ИЛИ/OR, НЕ/NOT/-, prefix*), which never raises a syntax error.

For a search, Datasette's table page runs the page of rows (newest `published_date` first), an
exact count(*) and one GROUP BY per facet, each over every matching row of `releases`. Those rows
are kilobytes long and the date sits after the body, on overflow pages: for a word found in half
the archive, each of these queries reads half a million wide rows (seconds). So, per request:

- the matches are counted on the full-text index alone (no row of `releases` is read);
- up to TABLE_SEARCH_MAX matches, the page is Datasette's own: rows, exact count, facets (at most
  that many wide rows read: milliseconds when they are in the page cache, under a second from disk);
- beyond, the request goes on with Datasette's own `_nocount=1&_nofacet=1`; the search clause is
  written `+rowid IN (...)`, so SQLite walks the `published_date` index newest first and stops after
  one page instead of reading and sorting every match; and the page shows the number of matches
  from the index and says, in Russian, why there are no facets, with a link to the search page,
  which has them. JSON gets the same rows, with `filtered_table_rows_count` null.

A page without a search on an archive of more than BROWSE_FACET_MAX releases skips the default
facets (each a GROUP BY over every wide row), unless it asks for facets, and is sorted only in an
order an index keeps (`_browse_scope`; archive.serve.table_pages).

Links of a big search carry `_nocount=1&_nofacet=1` (Datasette builds them from the query string);
the switches are therefore taken off every search request of the table and decided anew, so a
smaller search typed into the same form gets its count and facets back. A big search on an archive
of more than BROWSE_FACET_MAX releases is sorted only in an order an index keeps (FAST_SORTS): by
any other column every match was read and sorted.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments
from datasette.utils import await_me_maybe, tilde_decode

from archive.migrations import STEM_FTS_TABLE
from archive.serve.labels import ru_number

logger = logging.getLogger(__name__)

RELEASES_TABLE = "releases"
STEM_SEARCH_ARG = "_ru"
TABLE_SEARCH_MAX = 1_000  # up to this many matches, Datasette counts and facets them itself
DENSE_SHARE = 0.05  # a search matching this share of the releases finds a page of them by probing
DATE_COLUMN = "published_date"  # the table's sort (metadata sort_desc), indexed
COUNT_TIME_LIMIT_MS = 1_000
BROWSE_FACET_MAX = 20_000  # beyond, a page without a search skips the default facets (_browse_scope)
# the orders an index keeps (migration 0150; release_id: its unique index): beyond BROWSE_FACET_MAX
# releases, the only sorts of a page without a search (_browse_scope)
FAST_SORTS = frozenset({DATE_COLUMN, "release_id"})
SORT_REFUSED_KEY = "pressarchive.table_sort_refused"
SCOPE_KEY = "pressarchive.table_search"
SWITCHES = ("_nocount", "_nofacet")
_PATH = re.compile(rf"^/(?P<database>[^/]+)/{RELEASES_TABLE}(?:\.(?P<format>json|csv))?$")
# Datasette 0.65's ?_search= and ?_search_<column>= clauses (datasette.filters.search_filters), on
# the metadata's fts_table; rewritten to stem the query (and, for a big search, for its strategy)
_DATASETTE_CLAUSE = re.compile(
    rf"^rowid in \(select rowid from \[?{STEM_FTS_TABLE}\]? where \[?(?P<column>\w+)\]? match "
    r"(?:escape_fts\((?P<escaped>:search(?:_\d+)?)\)|(?P<raw>:search(?:_\d+)?))\)$"
)


@dataclass(frozen=True)
class TableSearch:
    """What one table request searches for, how many releases match it, and how to find them."""

    arg: str  # "_search" or "_ru"
    query: str
    matches: int  # counted on the index; exact
    only_filter: bool  # no other filter: `matches` is the number of rows of the page
    dense: bool = False  # at least DENSE_SHARE of the releases match
    by_date: bool = True  # the page is sorted by published_date (the table's default)
    releases: int = 0  # about how many the archive has (its last rowid)

    @property
    def big(self) -> bool:
        return self.matches > TABLE_SEARCH_MAX

    @property
    def strategy(self) -> str:
        """ "lookup": Datasette's own `rowid IN (matches)`, each match's row read (few matches);
        "walk": `+rowid IN (matches)`, the date index walked newest first, each entry looked up in
        the set of matches (many); "probe": the date index walked, each entry asked of FTS5 (a
        rowid seek), so the set of half a million matches is never built (most releases match,
        one page is found within the first few hundred entries)."""
        if not self.big:
            return "lookup"
        if self.dense and self.only_filter and self.by_date:
            return "probe"
        return "walk"


def stem_match(param: str = "search") -> str:
    """The MATCH expression over the parameter `param` of `_search` and `_ru` alike (on STEM_FTS_TABLE)."""
    return f"ru_stem_query(:{param})"


def clause(table: str, match: str, strategy: str) -> str:
    """The releases table's WHERE clause for `table` MATCH `match`, written for `strategy`."""
    if strategy == "probe":
        return (
            f"EXISTS (SELECT 1 FROM [{table}] WHERE [{table}] MATCH {match}"
            f" AND [{table}].rowid = [{RELEASES_TABLE}].rowid)"
        )
    column = "+rowid" if strategy == "walk" else "rowid"
    return f"{column} IN (SELECT rowid FROM [{table}] WHERE [{table}] MATCH {match})"


def search_clause(strategy: str, param: str = "search") -> str:
    """The clause of a table search (`_search` or `_ru`) with its text in the parameter `param`."""
    return clause(STEM_FTS_TABLE, stem_match(param), strategy)


def _only_filter(pairs: list[tuple[str, str]], arg: str) -> bool:
    """Is the search `arg` all that narrows the rows (no column filter, _where, second search)?"""
    narrowing = [
        key
        for key, _ in pairs
        if not key.startswith("_")
        or key in ("_where", "_through", "_search", STEM_SEARCH_ARG)
        or key.startswith("_search_")
    ]
    return narrowing == [arg]


async def plan(datasette: Any, database: str, pairs: list[tuple[str, str]]) -> TableSearch | None:
    """The search of a releases table request, counted; None when there is none or it cannot be
    counted in time (Datasette's page goes on without the plan)."""
    args = dict(pairs)
    arg = next((a for a in ("_search", STEM_SEARCH_ARG) if (args.get(a) or "").strip()), None)
    if arg is None:
        return None
    metadata = datasette.table_metadata(database, RELEASES_TABLE)
    db = datasette.get_database(database)
    fts = STEM_FTS_TABLE
    sql = (
        f"SELECT (SELECT count(*) FROM (SELECT rowid FROM [{fts}] WHERE [{fts}] MATCH {stem_match()})),"
        f" (SELECT max(rowid) FROM [{RELEASES_TABLE}])"
    )
    try:
        result = await db.execute(sql, {"search": args[arg]}, custom_time_limit=COUNT_TIME_LIMIT_MS)
    except (sqlite3.Error, QueryInterrupted) as exc:
        logger.info("table search %r not counted: %s", args[arg], exc)
        return None
    matches, last_rowid = int(result.rows[0][0]), int(result.rows[0][1] or 0)
    sort = args.get("_sort") or args.get("_sort_desc") or metadata.get("sort_desc") or metadata.get("sort")
    return TableSearch(
        arg,
        args[arg],
        matches,
        only_filter=_only_filter(pairs, arg),
        dense=matches >= DENSE_SHARE * last_rowid,  # rowids: about the number of releases
        by_date=sort == DATE_COLUMN,
        releases=last_rowid,
    )


def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    """ASGI middleware: decide, per search request of the releases table, whether Datasette counts
    and facets it (see the module docstring)."""

    def wrap(app: Any) -> Any:
        async def middleware(scope: dict[str, Any], receive: Any, send: Any) -> None:
            match = _PATH.match(scope.get("path", "")) if scope.get("type") == "http" else None
            database = tilde_decode(match.group("database")) if match else None
            if database is not None and database in datasette.databases:
                scope = await _planned_scope(datasette, database, scope)
            await app(scope, receive, send)

        return middleware

    return wrap


async def _planned_scope(datasette: Any, database: str, scope: dict[str, Any]) -> dict[str, Any]:
    """The scope with the search's plan and the switches it needs (the query string is rewritten
    only when switches are taken off or put on)."""
    all_pairs = parse_qsl((scope.get("query_string") or b"").decode("latin-1"), keep_blank_values=True)
    pairs = [(key, value) for key, value in all_pairs if key not in SWITCHES]
    if not any(key in ("_search", STEM_SEARCH_ARG) for key, _ in pairs):
        return await _browse_scope(datasette, database, scope, all_pairs)
    found = await plan(datasette, database, pairs)
    if found is not None and found.big:
        pairs += [(switch, "1") for switch in SWITCHES]
    scope = {**scope, SCOPE_KEY: found}
    if found is not None and found.big and found.releases > BROWSE_FACET_MAX and (sort := _slow_sort(pairs)):
        scope[SORT_REFUSED_KEY] = (sort, found.matches)  # reading and sorting them all: seconds
    if pairs != all_pairs:
        scope["query_string"] = urlencode(pairs).encode("latin-1")
    return scope


async def _browse_scope(
    datasette: Any, database: str, scope: dict[str, Any], pairs: list[tuple[str, str]]
) -> dict[str, Any]:
    """A page of the table without a search: on an archive of more than BROWSE_FACET_MAX releases,
    without the metadata's default facets (each a GROUP BY over every wide row: seconds on a million;
    the search page has them from its narrow keys), and sorted only in an order an index keeps
    (FAST_SORTS; any other is refused, `refused_sort`: it read and sorted every release). A page
    asking for facets (`_facet=`) gets Datasette's own, each within its facet_time_limit_ms."""
    faceted = any(key.startswith("_facet") or key == "_nofacet" for key, _ in pairs)
    slow_sort = _slow_sort(pairs)
    if faceted and not slow_sort:
        return scope
    db = datasette.get_database(database)
    try:
        result = await db.execute(f"SELECT max(rowid) FROM [{RELEASES_TABLE}]")
    except (sqlite3.Error, QueryInterrupted):
        return scope
    if int(result.rows[0][0] or 0) <= BROWSE_FACET_MAX:  # rowids: about the number of releases
        return scope
    if slow_sort:
        scope = {**scope, SORT_REFUSED_KEY: (slow_sort, None)}
    if faceted:
        return scope
    query = scope.get("query_string") or b""
    return {**scope, "query_string": query + (b"&" if query else b"") + b"_nofacet=1"}


def _slow_sort(pairs: list[tuple[str, str]]) -> str | None:
    """The column of a sort no index keeps (not in FAST_SORTS); None for none or a fast one."""
    sort = next((value for key, value in pairs if key in ("_sort", "_sort_desc")), None)
    return sort if sort is not None and sort not in FAST_SORTS else None


def refused_sort(request: Any) -> str | None:
    """The Russian reason a big archive's table page may not be sorted so (no search, or a search
    with more than TABLE_SEARCH_MAX matches); None when it may."""
    refused = request.scope.get(SORT_REFUSED_KEY)
    if not isinstance(refused, tuple):
        return None
    column, matches = refused
    if matches is None:
        return (
            f"Без поиска большой архив сортируется только по дате публикации: сортировка по «{column}»"
            " перебрала бы все релизы. Найдите нужные релизы поиском: найденные можно сортировать по"
            " любому столбцу."
        )
    return (
        f"Поиск нашёл {ru_number(matches)} релизов: отсортировать их все по «{column}» слишком долго."
        f" Уточните поиск (до {ru_number(TABLE_SEARCH_MAX)} найденных сортируются по любому столбцу)"
        " или отсортируйте по дате публикации."
    )


def planned(request: Any) -> TableSearch | None:
    found = request.scope.get(SCOPE_KEY)
    return found if isinstance(found, TableSearch) else None


def page_context(found: TableSearch, datasette: Any) -> dict[str, Any]:
    """Extra template context of a big search: the count from the index, and the notice."""
    context: dict[str, Any] = {
        "pa_table_search": {
            "query": found.query,
            "matches": ru_number(found.matches),
            "limit": ru_number(TABLE_SEARCH_MAX),
            "only_filter": found.only_filter,
            "search_url": datasette.urls.path("/-/search") + "?" + urlencode({"q": found.query}),
        }
    }
    if found.only_filter:
        context["filtered_table_rows_count"] = found.matches
    return context


def rewrite_datasette_search(results: list[Any], request: Any) -> list[Any]:
    """Datasette's `?_search=` FilterArguments searching the stemmed index, with the clause of the
    search's strategy, the others as they are. `results` are filters_from_request's answers (values
    or awaitables)."""
    found = planned(request)
    strategy = found.strategy if found is not None and found.arg == "_search" else "lookup"

    def adapt(result: Any) -> Callable[[], Awaitable[Any]]:
        async def inner() -> Any:
            value = await await_me_maybe(result)
            if isinstance(value, FilterArguments):
                value.where_clauses = [_rewritten(where, strategy) for where in value.where_clauses]
            return value

        return inner

    return [adapt(result) for result in results]


def _rewritten(where: str, strategy: str) -> str:
    """Datasette's search clause over the stemmed index, its query stemmed; any other as it is."""
    found = _DATASETTE_CLAUSE.match(where)
    if found is None:
        return where
    param = (found.group("escaped") or found.group("raw")).lstrip(":")
    column = found.group("column")
    if column == STEM_FTS_TABLE:  # ?_search=: the whole release
        return search_clause(strategy, param)
    # ?_search_<column>=: that column of the index only
    return f"rowid IN (SELECT rowid FROM [{STEM_FTS_TABLE}] WHERE [{column}] MATCH {stem_match(param)})"
