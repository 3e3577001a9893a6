"""The options of `crawl` and `nightly` that hand the crawl to workers on Redis (crawler.distributed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from crawler.distributed.keys import DEFAULT_NAMESPACE


def redis_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add --redis URL (PRESSARCHIVE_REDIS_URL), --workers N and --namespace; the command receives
    `redis_url`, `workers` and `namespace`."""
    function = click.option(
        "--namespace",
        default=DEFAULT_NAMESPACE,
        show_default=True,
        help="With --redis: the archive's Redis key prefix (one per archive sharing a server).",
    )(function)
    function = click.option(
        "--workers",
        default=1,
        show_default=True,
        type=click.IntRange(0, 64),
        help="With --redis: worker processes started here (others join with `pressarchive worker`).",
    )(function)
    return click.option(
        "--redis",
        "redis_url",
        envvar="PRESSARCHIVE_REDIS_URL",
        help="Crawl with workers on this Redis server (redis://host:port/db); this process writes the"
        " archive. Without it, one process does everything (docs/distributed.md).",
    )(function)
