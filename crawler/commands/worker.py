"""`pressarchive worker --redis URL`: crawl for the distributed run in progress (crawler.distributed)."""

from __future__ import annotations

import click

from crawler.distributed.keys import DEFAULT_NAMESPACE


@click.command("worker")
@click.option(
    "--redis",
    "redis_url",
    required=True,
    envvar="PRESSARCHIVE_REDIS_URL",
    help="The run's Redis server, e.g. redis://10.0.0.5:6379/0 (reachable by the run's machines only).",
)
@click.option(
    "--namespace", default=DEFAULT_NAMESPACE, show_default=True, help="Redis key prefix of the archive."
)
@click.option("--sources-at-once", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option(
    "--wait",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds to wait for a run to start.",
)
@click.option(
    "--log-level", default="WARNING", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING"])
)
@click.option(
    "--lease-seconds",
    default=15.0,
    show_default=True,
    type=click.FloatRange(1),
    help="How long a source stays this worker's after it last said it is alive.",
)
def command(
    redis_url: str, namespace: str, sources_at_once: int, wait: float, log_level: str, lease_seconds: float
) -> None:
    """Crawl sources of the distributed run in progress; exits when the run has nothing left."""
    import redis

    from crawler.distributed.worker import run_worker

    try:
        done = run_worker(
            redis_url,
            namespace,
            max_sources=sources_at_once,
            wait_seconds=wait,
            log_level=log_level,
            lease_seconds=lease_seconds,
        )
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise click.ClickException(f"Redis недоступен ({redis_url}): {exc}") from None
    click.echo(f"воркер закончил: источников обойдено {len(done)}", err=True)
