"""The archive: SQLite storage (sqlite-utils), WARC captures and the Datasette server."""

from archive import lean_imports as _lean_imports  # noqa: F401  (first: see its docstring)
