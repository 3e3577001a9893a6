"""Datasette 0.65.5's English chrome, which the table, row, database and query pages translate.

Shared by the server-side check (test_table_chrome.py) and the browser's (test_browser_layout.py).
"""

from __future__ import annotations

import re

# Datasette 0.65.5's English chrome on these pages, phrases matched as whole words.
ENGLISH = (
    "home",
    "row",
    "rows",
    "where",
    "sorted by",
    "descending",
    "Search:",
    "Apply",
    "Sort",
    "Sort...",
    "Sort by",
    "- column -",
    "- remove filter -",
    "contains",
    "starts with",
    "ends with",
    "is null",
    "is not null",
    "is blank",
    "is not blank",
    "not in",
    "View and edit SQL",
    "Edit SQL",
    "Run SQL",
    "Format SQL",
    "Custom SQL query",
    "returning",
    "Query parameters",
    "hide",
    "show",
    "This data as",
    "advanced",
    "Advanced export",
    "JSON shape",
    "default",
    "newline-delimited",
    "CSV options",
    "download file",
    "expand labels",
    "stream all rows",
    "Export CSV",
    "Next page",
    "Suggested facets",
    "0 records",
    "0 results",
    "Links from other tables",
    "Tables",
    "Queries",
    "Views",
    "hidden table",
    "hidden tables",
    "Many rows",
    "Table actions",
    "Remove this filter",
)
COLUMN_MENU = (
    "Sort ascending",
    "Sort descending",
    "Facet by this",
    "Hide this column",
    "Show all columns",
    "Show not-blank rows",
    "Type:",
    "Remove this filter",
)


def english(text: str, phrases: tuple[str, ...] = ENGLISH) -> list[str]:
    """The phrases of `phrases` that stand in `text` as whole words."""
    return [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]
