"""The SQL of the Russian search: results, facet counts, and the canned queries behind .json/.csv.

One builder serves both the search page (which includes only the filters in use) and the canned
queries `search` / `search_by_date` (which include every filter as an optional `(:p = '' OR ...)`
test), so the page and its JSON never disagree.

Cost control, measured on a million releases (bench/bench_search.py):
- matches are found by the stemmed FTS5 index; filters, dates and facets read the narrow
  `release_search_keys` table, never the wide `releases` rows (archive.search_keys);
- relevance (bm25, title weighted) ranks every match when there are at most RANK_WINDOW of them,
  else the newest RANK_WINDOW (about 4 µs a match; the search page says so, the canned query's
  description too). FTS5's bm25 also reads the whole doclist of each word once, to count the
  releases that have it (its IDF): a fixed cost of about 30 ns per such release and word;
- the canned queries look a release's keys up only for the filters that are set (a correlated
  subquery behind `:p = '' OR`), not by a join every match pays for;
- highlighted snippets are made for the 20 rows shown, from the original text (archive.snippets);
- browsing without words (a source, a region, a day: `browse_sql`) reads the keys alone, newest
  first, by their indexes (source, region or publisher kind, then sort_key; migration 0140). The
  search's own filters keep a unary `+` on those columns, so that SQLite never trades the FTS5
  match for a walk of one source's keys.
"""

from __future__ import annotations

import re

from archive.migrations import STEM_FTS_TABLE
from archive.search_keys import SEARCH_KEYS_TABLE
from archive.serve.labels import ru_number

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages cost the same ranking work for little use
TITLE_WEIGHT = 4.0  # a word in the title counts as much as four in the body
ATTACHMENT_WEIGHT = 0.5  # a word in an attached file, half as much as one in the body
BM25 = f"bm25({{fts}}, {TITLE_WEIGHT}, 1.0, {ATTACHMENT_WEIGHT})"  # before 0170: the third is ignored
RANK_WINDOW = 3_000  # bm25 ranks every match up to this many; beyond, the newest this-many
FACET_WINDOW = 5_000  # facets count the newest this-many matches: all, when there are no more
DATE_PROBE_THRESHOLD = 20_000  # above this many matches, "newest first" walks the date index
SORTS = ("relevance", "date")

# a source's district is kept on its row (archive.regions); a few hundred sources: one small list
_DISTRICT_SOURCES = "(SELECT name FROM sources WHERE federal_district = :district)"
# filter name -> SQL test on the joined keys `k` of the FTS matches (`+`: no key index, see above)
FILTERS: dict[str, str] = {
    "region": "+k.region = :region",
    "source": "+k.source = :source",
    "kind": "+k.publisher_kind = :kind",
    "district": f"+k.source IN {_DISTRICT_SOURCES}",
    "date_from": "k.published_date >= :date_from",
    "date_to": "k.published_date <= :date_to",
}
# filter name -> SQL test when browsing the keys alone. A local day lies within a day of its UTC
# instants (sort_key), so a date also bounds sort_key: a range of its index, not a scan.
BROWSE_FILTERS: dict[str, str] = {
    "region": "k.region = :region",
    "source": "k.source = :source",
    "kind": "k.publisher_kind = :kind",
    "district": f"k.source IN {_DISTRICT_SOURCES}",
    "date_from": "k.published_date >= :date_from AND k.sort_key >= date(:date_from, '-1 day')",
    "date_to": "k.published_date <= :date_to AND k.sort_key < date(:date_to, '+2 days')",
}

FTS = f"[{STEM_FTS_TABLE}]"
KEYS = f"[{SEARCH_KEYS_TABLE}]"
_MATCH = f"{FTS} MATCH ru_stem_query(:q, :found)"  # found: '', 'attachments', 'text' (archive.search)
_JOIN_KEYS = f"JOIN {KEYS} k ON k.release_rowid = {FTS}.rowid"
_KEY_COLUMN = re.compile(r"\bk\.(\w+)")
_OFFSET = f"(min(max(coalesce(cast(nullif(:page, '') AS INTEGER), 1), 1), {MAX_PAGE}) - 1) * {PAGE_SIZE}"
_DISPLAY = (
    "SELECT r.release_id, r.title, ru_highlight(r.title, :q) AS title_html,"
    " ru_snippet(r.body_text, :q) AS snippet_html, r.published_date, r.published_time,"
    " r.timezone, r.date_precision, r.source, r.region, r.publisher_kind, r.url, {relevance} AS relevance,"
    " {attachment_hit} AS attachment_hit{carried}\n"
    "FROM hits JOIN releases r ON r.rowid = hits.rid ORDER BY {order}"
)
# the columns of a page of hits, in order (_DISPLAY)
DISPLAY_COLUMNS = (
    "release_id", "title", "title_html", "snippet_html", "published_date", "published_time", "timezone",
    "date_precision", "source", "region", "publisher_kind", "url", "relevance", "attachment_hit",
)  # fmt: skip
# read from the row already at hand for the canned queries' published_iso (archive.serve.feeds), so
# that no second lookup of each release by its release_id is needed; not one of DISPLAY_COLUMNS
CARRIED_COLUMN = "published_utc"
# The file, page and snippet where the query is in the row's attachments (archive.attachment_hits),
# as JSON; read for the rows shown only, and only for releases that have files with text.
ATTACHMENT_HIT = (
    "(SELECT ru_attachment_hit(a.id, a.title, a.url, a.kind, a.text, :q) FROM attachments a"
    " WHERE a.release_id = r.release_id AND :q != '' AND a.text != '')"
)


def _display(attachments: bool, relevance: str, order: str, carried: bool = False) -> str:
    """The page's columns (DISPLAY_COLUMNS), then CARRIED_COLUMN when `carried`."""
    return _DISPLAY.format(
        relevance=relevance,
        order=order,
        attachment_hit=ATTACHMENT_HIT if attachments else "NULL",
        carried=f", r.{CARRIED_COLUMN}" if carried else "",
    )


def _filters(active: list[str] | None, correlated: bool = False) -> list[str]:
    """`active` None: every filter, each optional (canned queries); else only these, each required.

    `correlated`: each test reads its key of the FTS row itself (a subquery that SQLite evaluates
    only when the filter is set, the OR short-circuiting), instead of the joined `k`: a canned
    query without filters then never touches the keys.
    """
    if active is None:
        tests = [f"(:{name} = '' OR {test})" for name, test in FILTERS.items()]
    else:
        tests = [FILTERS[name] for name in active]
    if correlated:
        lookup = rf"(SELECT \1 FROM {KEYS} WHERE release_rowid = {FTS}.rowid)"
        tests = [_KEY_COLUMN.sub(lookup, test) for test in tests]
    return tests


def _matching(active: list[str] | None, select: str, tail: str = "") -> str:
    """SELECT over the matches; the keys are joined when the page's filters need them, and looked
    up row by row for the canned queries' optional filters (only those set cost anything)."""
    tests = _filters(active, correlated=active is None)
    join = f" {_JOIN_KEYS}" if tests and active is not None else ""
    where = " AND ".join([_MATCH, *tests])
    return f"SELECT {select} FROM {FTS}{join} WHERE {where}{tail}"


def relevance_sql(active: list[str] | None = None, attachments: bool = False, carried: bool = False) -> str:
    """One page of hits by bm25 among the newest RANK_WINDOW matches (every match when there are
    no more); params q, page (+ filters). `carried`: CARRIED_COLUMN after the page's columns.

    Usually in one pass: the newest RANK_WINDOW matches, each scored as FTS5 reads it. When the
    query has words bm25 gives no weight (in most releases, or excluded: archive.serve.ranking),
    in two: the window of the query's own matches, then bm25 by a second cursor over
    `ru_rank_query(:q)`, the query without those words, kept to the window's rows. Which plan runs
    is decided once, before either reads a row (a constant condition).
    """
    whole = "ru_rank_query(:q) = ru_stem_query(:q)"
    score = f"{BM25.format(fts=FTS)} AS score"
    newest = f" ORDER BY {FTS}.rowid DESC LIMIT {RANK_WINDOW}"
    one_pass = _matching(active, f"{FTS}.rowid AS rid, {score}", f" AND {whole}{newest}")
    window = _matching(active, f"{FTS}.rowid AS rid", f" AND NOT {whole}{newest}")
    two_pass = (
        f"SELECT {FTS}.rowid AS rid, {score} FROM {FTS} WHERE NOT {whole}"
        f" AND {FTS} MATCH ru_rank_query(:q) AND {FTS}.rowid >= (SELECT coalesce(min(rid), 0) FROM win)"
        f" AND +{FTS}.rowid IN (SELECT rid FROM win)"
    )
    ranked = (
        f"SELECT rid, score FROM (SELECT * FROM ({one_pass}) UNION ALL SELECT * FROM ({two_pass}))"
        f" ORDER BY score, rid DESC LIMIT {PAGE_SIZE} OFFSET {_OFFSET}"  # equal scores: newest first
    )
    return f"WITH win AS MATERIALIZED ({window}), hits AS ({ranked})\n" + _display(
        attachments, relevance="round(-hits.score, 3)", order="hits.score, hits.rid DESC", carried=carried
    )


def by_date_sql(active: list[str] | None = None, attachments: bool = False, carried: bool = False) -> str:
    """One page of hits, newest publication first; params q, page (+ filters); `carried` as in
    relevance_sql.

    Two plans, chosen in SQL by a capped count of the matches: few matches are looked up and
    sorted; many are found by walking the date index newest first and asking FTS5 about each
    release (a rowid seek), which stops after one page.
    """
    filters = " AND ".join(_filters(active)) or "1"
    threshold = DATE_PROBE_THRESHOLD
    few_limit = f"(CASE WHEN (SELECT c FROM n) <= {threshold} THEN -1 ELSE 0 END)"
    many_limit = f"(CASE WHEN (SELECT c FROM n) > {threshold} THEN {_OFFSET} + {PAGE_SIZE} ELSE 0 END)"
    few = (
        f"SELECT * FROM (SELECT k.release_rowid AS rid, k.sort_key FROM {FTS} {_JOIN_KEYS}"
        f" WHERE {_MATCH} AND {filters} LIMIT {few_limit})"
    )
    many = (
        f"SELECT * FROM (SELECT k.release_rowid AS rid, k.sort_key FROM {KEYS} k WHERE {filters}"
        f" AND EXISTS (SELECT 1 FROM {FTS} WHERE {_MATCH} AND {FTS}.rowid = k.release_rowid)"
        f" ORDER BY k.sort_key DESC LIMIT {many_limit})"
    )
    newest = (
        f"SELECT rid, sort_key FROM ({few} UNION ALL {many})"
        f" ORDER BY sort_key DESC LIMIT {PAGE_SIZE} OFFSET {_OFFSET}"
    )
    count = (
        f"SELECT count(*) AS c FROM (SELECT rowid FROM {FTS} WHERE {_MATCH} LIMIT {DATE_PROBE_THRESHOLD + 1})"
    )
    return f"WITH n AS ({count}), hits AS ({newest})\n" + _display(
        attachments, relevance="NULL", order="hits.sort_key DESC, r.rowid DESC", carried=carried
    )


def results_sql(active: list[str] | None, sort: str, attachments: bool = False) -> str:
    """A page of hits by `sort`; `attachments`: the archive has attachment text (migration 0170),
    and each hit says where in its files the words are."""
    if sort == "date":
        return by_date_sql(active, attachments)
    return relevance_sql(active, attachments)


# the browse filters with an index of their own (then sort_key), most selective first
_BROWSE_INDEXED = ("source", "region", "kind", "district")


def _browse_where(active: list[str], ordered: bool = False) -> str:
    """The browse filters; one of them, at most, is read by its index, the others tested on the
    keys it finds (`+`). Without statistics SQLite would pick any of two equal indexes, and a
    publisher kind (a quarter of the archive) read before a region costs a hundred times more.
    `ordered` (a page, the newest facets): a district walks the date index newest first (a
    district holds an eighth of the releases or so: a page is found within a few hundred keys)
    instead of looking up each of its sources and sorting all their keys; a count takes each of
    its sources by the index."""
    indexed = next((name for name in _BROWSE_INDEXED if name in active), None)
    if ordered and indexed == "district":
        indexed = None
    tests = [
        f"+{BROWSE_FILTERS[name]}" if name in _BROWSE_INDEXED and name != indexed else BROWSE_FILTERS[name]
        for name in active
    ]
    return " AND ".join(tests) or "1"


def browse_sql(active: list[str]) -> str:
    """One page of releases without words, newest first (the UTC instant); params page, q (blank:
    the title and snippet are then just escaped) and the filters in `active`."""
    hits = (
        f"SELECT k.release_rowid AS rid, k.sort_key FROM {KEYS} k WHERE {_browse_where(active, ordered=True)}"
        f" ORDER BY k.sort_key DESC, k.release_rowid DESC LIMIT {PAGE_SIZE} OFFSET {_OFFSET}"
    )
    return f"WITH hits AS ({hits})\n" + _display(
        False, relevance="NULL", order="hits.sort_key DESC, hits.rid DESC"
    )


def browse_count_sql(active: list[str]) -> str:
    """The number of releases the browse filters keep."""
    return f"SELECT count(*) FROM {KEYS} k WHERE {_browse_where(active)}"


def browse_facets_sql(active: list[str]) -> str:
    """facets_sql's rows for browsing: the newest FACET_WINDOW releases the filters keep."""
    select = "k.source, k.region, k.publisher_kind, substr(k.published_date, 1, 7) AS month"
    inner = (
        f"SELECT {select} FROM {KEYS} k WHERE {_browse_where(active, ordered=True)}"
        f" ORDER BY k.sort_key DESC, k.release_rowid DESC LIMIT {FACET_WINDOW}"
    )
    return _facet_groups(inner)


def _facet_groups(inner: str) -> str:
    return (
        f"WITH m AS MATERIALIZED ({inner})\n"
        "SELECT 'source', source, region, publisher_kind, count(*) FROM m GROUP BY 2, 3, 4\n"
        "UNION ALL SELECT 'month', month, NULL, NULL, count(*) FROM m GROUP BY 2"
    )


def facets_sql(active: list[str]) -> str:
    """Counts by (source, region, publisher kind) and by month of the newest FACET_WINDOW matches
    (every match when there are no more): rows ('source', source, region, kind, n) and ('month',
    month, NULL, NULL, n). The matches are read once (a materialised CTE) and grouped twice; few
    groups each, so cheap. The month rows add up to the number of matches counted.
    """
    select = "k.source, k.region, k.publisher_kind, substr(k.published_date, 1, 7) AS month"
    tests = " AND ".join([_MATCH, *_filters(active)])
    inner = (
        f"SELECT {select} FROM {FTS} {_JOIN_KEYS} WHERE {tests}"
        f" ORDER BY {FTS}.rowid DESC LIMIT {FACET_WINDOW}"
    )
    return _facet_groups(inner)


def feed_hits_sql(limit: int) -> str:
    """The newest `limit` matches (highest rowid first), every filter optional: a feed of a search
    follows the same filters as its page."""
    return _matching(None, f"{FTS}.rowid AS rid", f" ORDER BY {FTS}.rowid DESC LIMIT {limit}")


def count_sql(active: list[str]) -> str:
    """Just the number of hits."""
    return f"SELECT count(*) FROM ({_matching(active, f'{FTS}.rowid AS rid')})"


def attachment_count_sql(active: list[str]) -> str:
    """The number of hits whose attachments hold the whole query (the facet «в приложениях»)."""
    return count_sql(active).replace("ru_stem_query(:q, :found)", "ru_stem_query(:q, 'attachments')")


def canned_queries(attachments: bool = False) -> dict[str, dict[str, str]]:
    """`search` and `search_by_date`: every filter optional, so /db/search.json?q=... just works.
    Their rows end with CARRIED_COLUMN, which archive.serve.feeds turns into `published_iso`."""
    params = (
        "q — запрос; region, source, kind, district (федеральный округ: «Сибирский»), date_from, date_to"
        " (ГГГГ-ММ-ДД) — фильтры; found — где искать слова: attachments — в приложениях (PDF, DOCX…),"
        " text — в заголовке и тексте релиза, пусто — везде; page — страница."
    )
    window = ru_number(RANK_WINDOW)
    ranking = (
        f" По релевантности упорядочиваются все совпадения, если их не больше {window};"
        f" если больше — {window} самых новых из них."
    )
    return {
        "search": {
            "title": "Поиск с учётом морфологии (по релевантности)",
            "description": f"Параметры: {params}{ranking}",
            "sql": relevance_sql(None, attachments, carried=True),
        },
        "search_by_date": {
            "title": "Поиск с учётом морфологии (сначала новые)",
            "description": f"Параметры: {params}",
            "sql": by_date_sql(None, attachments, carried=True),
        },
    }
