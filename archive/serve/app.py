"""Datasette configured for the archive: metadata, Russian templates, the plugin, safe limits."""

from __future__ import annotations

import copy
import logging
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from archive.serve import limits, plugin, readonly, table_pages

logger = logging.getLogger(__name__)

SERVE_DIR = Path(__file__).parent
METADATA_PATH = SERVE_DIR / "metadata.yaml"
TEMPLATE_DIR = SERVE_DIR / "templates"
STATIC_DIR = SERVE_DIR / "static"
STATIC_MOUNT = "pressarchive-static"
METADATA_DATABASE_KEY = "archive"
PLUGIN_NAME = "pressarchive"

SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 200,
    "max_returned_rows": 1000,
    "default_page_size": 50,
    "truncate_cells_html": 300,
    "allow_facet": True,
    # suggestions try a count(DISTINCT) of every column of every page's rows: on a million
    # releases that is seconds of work per table page, for suggestions nobody asked for
    "suggest_facets": False,
    "allow_download": False,  # the raw file stays with the operator; CSV/JSON exports remain
    "allow_csv_stream": False,  # CSV obeys max_returned_rows like every other page (row limit)
    "num_sql_threads": 3,
    # arbitrary SQL (`?sql=`, `_where=`) only where the operator turns it on: make_datasette(allow_sql=)
    "default_allow_sql": False,
}


@cache
def _base_metadata() -> dict[str, Any]:
    with METADATA_PATH.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    assert isinstance(loaded, dict)
    return loaded


def load_metadata(database_name: str) -> dict[str, Any]:
    """metadata.yaml with its database section keyed by the served database's name."""
    metadata = copy.deepcopy(_base_metadata())
    databases = metadata.get("databases", {})
    if database_name != METADATA_DATABASE_KEY and METADATA_DATABASE_KEY in databases:
        databases[database_name] = databases.pop(METADATA_DATABASE_KEY)
    return metadata


def _ensure_plugin_registered() -> None:
    # Installed packages register through the entry point; a bare checkout does not.
    if not pm.is_registered(plugin) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(plugin, name=PLUGIN_NAME)


class ArchiveDatabase(Database):  # type: ignore[misc]
    """The archive as Datasette reads it: read-only connections (`mode=ro`, or `immutable=1` for
    an archive that may not be written: archive.serve.readonly) whose statements the watchdog
    stops in time (archive.serve.limits)."""

    def __init__(self, datasette: Datasette, path: Path, *, mode: str) -> None:
        super().__init__(datasette, path=str(path), is_mutable=True)
        self.mode = mode  # readonly.READ or readonly.IMMUTABLE
        self.immutable = mode == readonly.IMMUTABLE

    def connect(self, write: bool = False) -> sqlite3.Connection:
        if write:  # Datasette's writer: nothing in the project writes through the server
            if self.immutable:
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return super().connect(write=True)
        path = Path(self.path)
        uri = f"{path.absolute().as_uri()}?{self.mode}"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, factory=limits.ReadConnection)
        conn.statement_seconds = self.ds.setting("sql_time_limit_ms") / 1000
        self._all_file_connections.append(conn)
        return conn

    async def execute(
        self,
        sql: str,
        params: Any = None,
        truncate: bool = False,
        custom_time_limit: int | None = None,
        page_size: int | None = None,
        log_sql_errors: bool = True,
    ) -> Any:
        """Datasette's execute; its table count within a shorter limit, a deep page's clause written to
        walk the index of the order (archive.serve.table_pages)."""
        return await super().execute(
            table_pages.faster_next(sql),
            params,
            truncate=truncate,
            custom_time_limit=table_pages.time_limit(sql, custom_time_limit),
            page_size=page_size,
            log_sql_errors=log_sql_errors,
        )


def make_datasette(
    db_path: Path | str, *, allow_sql: bool = False, mode: str | None = None, name: str | None = None
) -> Datasette:
    """A Datasette over the archive at `db_path`, migrated if needed and allowed.

    A writable archive is opened as a mutable database (read-only connections, `mode=ro`), so
    pages stay correct while the crawler writes in WAL mode; one that may not be written is never
    written: read with `mode=ro` beside a writer at work, else through `immutable=1`
    (archive.serve.readonly; ArchiveNotServable when it cannot be served so). `allow_sql`: readers
    may run their own SQL (`?sql=`, `_where=`); the project's canned queries, pages and table JSON
    are open either way. `mode` given (a replica's snapshot: readonly.IMMUTABLE, checked by the
    caller): the archive is opened so, untouched; `name`: the database's name in URLs (default:
    the file's stem).
    """
    db_path = Path(db_path)
    mode = readonly.prepare(db_path) if mode is None else mode
    database_name = name or db_path.stem
    _ensure_plugin_registered()
    metadata = load_metadata(database_name)
    if table_pages.is_big(db_path, mode):  # ?_facet= runs the facets asked for, not the defaults too
        metadata = table_pages.without_default_facets(metadata, database_name)
    datasette = Datasette(
        files=[str(db_path)],
        metadata=metadata,
        template_dir=str(TEMPLATE_DIR),
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
        settings={**SETTINGS, "default_allow_sql": allow_sql},
    )
    opened = next(opened for opened, db in datasette.databases.items() if db.path == str(db_path))
    datasette.remove_database(opened)
    datasette.add_database(ArchiveDatabase(datasette, db_path, mode=mode), name=database_name)
    return datasette


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001, *, allow_sql: bool = False) -> None:
    """Serve the archive with uvicorn until interrupted."""
    run(make_datasette(db_path, allow_sql=allow_sql), host=host, port=port)


def run(datasette: Datasette, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve a Datasette from make_datasette with uvicorn until interrupted; this process only
    serves, so SQLite's heap limits are set for the whole of it (archive.serve.limits)."""
    import uvicorn

    limits.set_heap_limits()
    allow_sql = bool(datasette.setting("default_allow_sql"))
    logger.info("serving on http://%s:%d/ (readers' own SQL %s)", host, port, "on" if allow_sql else "off")
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info")
