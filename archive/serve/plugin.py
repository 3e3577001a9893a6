"""The pressarchive Datasette plugin: Russian search, reading pages, feeds, safe HTML, Russian errors.

Registered through the `datasette` entry point (`pressarchive = "archive.serve.plugin"`) and,
for an uninstalled checkout, by archive.serve.app.make_datasette. Only hooks live here; each
page is its own module.

- /-/search            the search page (archive.serve.search_view)
- /-/release/<id>      a release to read and cite (archive.serve.release_view)
- /-/sources           sources and their health (archive.serve.sources_view)
- /-/capture/<id>      an archived copy from the WARC files (archive.serve.capture_view)
- /<db>/search.json|csv, /<db>/feed_*.atom   canned queries (archive.serve.feeds)
- /<db>/releases?_ru=  the table page filtered by the morphology-aware search, as `?_search=` is;
                       a table search with very many matches is planned by archive.serve.table_search
- ranking              the words in most releases, left out of bm25's expression (archive.serve.ranking)
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.views.base import DatasetteError
from markupsafe import Markup

from archive.attachment_hits import register_hit_function
from archive.search import register_functions
from archive.serve import errors, feeds, guard, limits, ranking, table_pages, table_search
from archive.serve.capture_view import capture_page
from archive.serve.changes_view import changes_page
from archive.serve.excel_export import excel_page
from archive.serve.html import clean_html, is_web_url
from archive.serve.labels import JINJA_FILTERS, json_list
from archive.serve.release_view import release_page
from archive.serve.schema import read_schema, remembered, request_memo, searchable
from archive.serve.search_view import search_page
from archive.serve.sources_view import sources_page
from archive.serve.subscription_feed import subscription_feed
from archive.serve.time_labels import TIME_FILTERS
from archive.snippets import register_snippet_functions

__all__ = ["clean_html"]

logger = logging.getLogger(__name__)

RELEASES_TABLE = table_search.RELEASES_TABLE
STEM_SEARCH_ARG = table_search.STEM_SEARCH_ARG
HTML_COLUMNS = frozenset({"body_html"})


READ_CACHE_KIB = 131_072  # each reading connection's page cache: the search keys and FTS5's
# row sizes, read for every match counted or ranked, stay in it (about 100 MB on a million releases)


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    limits.set_value_limit(conn)  # what one SQL statement may make or read (archive.serve.limits)
    limits.budget_rows(conn)
    register_functions(conn)
    register_snippet_functions(conn)
    register_hit_function(conn)
    ranking.register_rank_query(conn, _frequent_stems(datasette, database))


def _frequent_stems(datasette: Any, database: str) -> ranking.FrequentStems:
    db = datasette.databases.get(database)  # None for Datasette's own in-memory databases
    return ranking.frequent_stems(str(db.path if db is not None and db.path else database))


@hookimpl
def startup(datasette: Any) -> Any:
    """The frequent stems of each archive, before the first search (archive.serve.ranking)."""

    async def inner() -> None:
        for db in list(datasette.databases.values()):
            if searchable(await db.table_names()):
                await ranking.refresh(db, _frequent_stems(datasette, db.name))

    return inner


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters.update(JINJA_FILTERS)
    env.filters.update(TIME_FILTERS)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/search$", search_page),
        (r"^/-/search/excel$", excel_page),
        (r"^/-/release/(?P<release_id>[^/]+)$", release_page),
        (r"^/-/sources$", sources_page),
        (r"^/-/capture/(?P<capture_id>[^/]+)$", capture_page),
        (r"^/-/changes$", changes_page),
        (r"^/-/subscription/(?P<token>[A-Za-z0-9_-]+)\.atom$", subscription_feed),
    ]


@hookimpl
def canned_queries(datasette: Any, database: str) -> Any:
    async def build() -> dict[str, Any]:
        schema = await read_schema(datasette.get_database(database))
        if not schema.searchable:
            return {}
        return feeds.canned_queries(schema.tables, schema.release_columns)

    async def inner() -> dict[str, Any]:
        # asked for three times per canned query answered; each caller gets its own dicts, as
        # Datasette adds keys to them
        queries = await remembered(("canned_queries", database), build)
        return {name: dict(query) for name, query in queries.items()}

    return inner


@hookimpl(trylast=True)  # called last, so this "atom" renderer replaces datasette-atom's own
def register_output_renderer() -> dict[str, Any]:
    return {"extension": "atom", "render": feeds.render_atom, "can_render": feeds.can_render_atom}


@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> Any:
    """Tables hidden from the index are not served to readers (archive.serve.table_pages)."""

    async def inner() -> bool | None:
        return await table_pages.hidden_table(datasette, action, resource)

    return inner


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    return errors.handle(datasette, request, exception)


@hookimpl(tryfirst=True)  # before Datasette's own English "Forbidden" page
def forbidden(datasette: Any, request: Any, message: str) -> Any:
    async def inner() -> Any:
        return await errors.error_response(datasette, request, 403, errors.russian(message))

    return inner


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    plan_table_searches = table_search.asgi_wrapper(datasette)
    guard_requests = guard.asgi_wrapper(datasette)

    def wrap(app: Any) -> Any:
        inner = guard_requests(plan_table_searches(app))

        async def middleware(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") != "http":
                await inner(scope, receive, send)
                return
            for name, db in datasette.databases.items():  # the frequent stems, now and then
                holder = _frequent_stems(datasette, name)
                if holder.checked_at is not None:  # after start-up found them once
                    ranking.refresh_when_due(db, holder)
            with request_memo():  # the schema and canned queries: once per request (schema.py)
                await inner(scope, receive, send)

        return middleware

    return wrap


@hookimpl
def filters_from_request(request: Any, table: str | None, datasette: Any) -> FilterArguments | None:
    """`?_ru=` on the releases table, and what a big full-text search adds to its page
    (archive.serve.table_search)."""
    if table != RELEASES_TABLE:
        return None
    if refused := table_search.refused_sort(request):
        raise DatasetteError(refused, status=400)
    found = table_search.planned(request)
    extra = table_search.page_context(found, datasette) if found is not None and found.big else {}
    query = (request.args.get(STEM_SEARCH_ARG) or "").strip()
    if not query:
        return FilterArguments([], extra_context=extra) if extra else None
    strategy = found.strategy if found is not None and found.arg == STEM_SEARCH_ARG else "lookup"
    return FilterArguments(
        [table_search.search_clause(strategy, param="ru_query")],
        params={"ru_query": query},
        human_descriptions=[f"поиск с учётом морфологии: «{query}»"],
        extra_context={"ru_search": query, **extra},
    )


@hookimpl(specname="filters_from_request", hookwrapper=True)
def plan_datasette_search(request: Any, table: str | None) -> Generator[None, Any, None]:
    """Datasette's own `?_search=` clause, on the stemmed index and written for a big search
    (table_search)."""
    outcome = yield
    if table == RELEASES_TABLE and outcome.exception is None:  # a refused sort goes on as raised
        outcome.force_result(table_search.rewrite_datasette_search(outcome.get_result(), request))


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, datasette: Any) -> Markup | None:
    if table != RELEASES_TABLE or not isinstance(value, str):
        return None
    if column in HTML_COLUMNS:
        return Markup('<div class="release-body">{}</div>').format(Markup(clean_html(value)))
    if column == "attachments":
        return attachment_links(value)
    if column == "title" and "release_id" in row.keys():  # noqa: SIM118 - a sqlite3.Row
        href = datasette.urls.path(f"/-/release/{quote(str(row['release_id']), safe='')}")
        return Markup('<a href="{}">{}</a>').format(href, value)
    return None


def attachment_links(value: str) -> Markup:
    """The attachments JSON as links; only http(s) addresses become links."""
    items = [
        Markup("<li>{}</li>").format(_attachment(item)) for item in json_list(value) if isinstance(item, dict)
    ]
    return (
        Markup('<ul class="pa-attachments">{}</ul>').format(Markup("").join(items)) if items else Markup("")
    )


def _attachment(item: dict[str, Any]) -> Markup:
    url, title = str(item.get("url") or ""), str(item.get("title") or item.get("url") or "")
    if is_web_url(url):
        return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(url, title)
    return Markup("{}").format(title)


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    return {
        "stem_search_arg": STEM_SEARCH_ARG,
        "search_url": datasette.urls.path("/-/search"),
        "sources_url": datasette.urls.path("/-/sources"),
    }
