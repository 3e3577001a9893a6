"""pressarchive's crawler: discovery, extraction, normalisation and the Scrapy glue."""

from archive import lean_imports as _lean_imports  # noqa: F401  (first: see its docstring)
