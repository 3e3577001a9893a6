"""The pressarchive Datasette plugin: Russian search functions, stemmed search, safe HTML bodies.

Registered through the `datasette` entry point (`pressarchive = "archive.serve.plugin"`) and,
for an uninstalled checkout, by archive.serve.app.make_datasette.

Search on the releases table:
- `?_search=` is Datasette's own search over `releases_fts` (exact word forms);
- `?_ru=` is the morphology-aware search over `releases_stem_fts` («инвестициями» finds
  «инвестиции», ё = е); it combines with facets and filters like any other filter.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import nh3
from datasette import hookimpl
from datasette.filters import FilterArguments
from markupsafe import Markup

from archive.migrations import STEM_FTS_TABLE
from archive.search import register_functions

logger = logging.getLogger(__name__)

RELEASES_TABLE = "releases"
STEM_SEARCH_ARG = "_ru"
HTML_COLUMNS = frozenset({"body_html"})


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    register_functions(conn)


@hookimpl
def filters_from_request(request: Any, table: str | None) -> FilterArguments | None:
    if table != RELEASES_TABLE:
        return None
    query = (request.args.get(STEM_SEARCH_ARG) or "").strip()
    if not query:
        return None
    where = (
        f"rowid in (select rowid from [{STEM_FTS_TABLE}]"
        f" where [{STEM_FTS_TABLE}] match ru_stem_query(:ru_query))"
    )
    return FilterArguments(
        [where],
        params={"ru_query": query},
        human_descriptions=[f"поиск с учётом морфологии: «{query}»"],
        extra_context={"ru_search": query},
    )


def clean_html(value: str) -> str:
    """nh3 again at render time: body_html was cleaned on write, this is defence in depth."""
    return nh3.clean(value)


@hookimpl
def render_cell(value: Any, column: str, table: str | None) -> Markup | None:
    if table != RELEASES_TABLE or column not in HTML_COLUMNS or not isinstance(value, str):
        return None
    return Markup('<div class="release-body">{}</div>').format(Markup(clean_html(value)))


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    return {"stem_search_arg": STEM_SEARCH_ARG}
