"""Datasette configured for the archive: metadata, Russian templates, the plugin, safe limits."""

from __future__ import annotations

import copy
import logging
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.plugins import pm

from archive.db import open_db
from archive.serve import plugin

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
    "facet_time_limit_ms": 500,
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


def make_datasette(db_path: Path | str) -> Datasette:
    """A Datasette over the archive at `db_path`, created and migrated if needed.

    The file is opened as a mutable database (read-only connections, no `immutable=1`), so
    pages stay correct while the crawler writes in WAL mode.
    """
    db_path = Path(db_path)
    open_db(db_path).close()  # create / migrate, so every table the metadata names exists
    _ensure_plugin_registered()
    return Datasette(
        files=[str(db_path)],
        metadata=load_metadata(db_path.stem),
        template_dir=str(TEMPLATE_DIR),
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
        settings=SETTINGS,
    )


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the archive with uvicorn until interrupted."""
    import uvicorn

    datasette = make_datasette(db_path)
    logger.info("serving %s on http://%s:%d/", db_path, host, port)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info")
