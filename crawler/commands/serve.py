"""`pressarchive serve`: the archive for readers, with Datasette (Russian pages, search, feeds).

Readers get the pages, the archive's canned queries and table JSON; their own SQL (`?sql=`,
`_where=`) only with --allow-sql, and then under limits (archive.serve.limits, archive.serve.guard).
An archive that may not be written (a replica, a read-only folder) is served without writing
anything (archive.serve.readonly); one that would need writing is refused with exit code 2.
`--replica DIR` serves the snapshots `pressarchive replicate` publishes there instead
(archive.serve.replica_watch), moving to each newer one without a restart.

This module's `command` takes the place of the older `serve` in crawler/cli.py (crawler.cli adds
the commands of crawler.commands after its own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.commands._writing import db_option


def known_host(host: str) -> str:
    """--host as given, when this machine can resolve it; else a usage error (exit 2), in Russian."""
    import socket

    try:
        socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # 'a..b' fails IDNA encoding before any lookup
        raise click.BadParameter(f"адрес «{host}» не найден ({exc})", param_hint="'--host'") from None
    return host


@click.command("serve")
@db_option("The archive database; raw captures live beside it.")
@click.option("--host", default="127.0.0.1", show_default=True, callback=lambda _c, _p, v: known_host(v))
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Taken and not given: the next free.",
)
@click.option(
    "--allow-sql/--no-allow-sql",
    default=False,
    show_default=True,
    envvar="PRESSARCHIVE_ALLOW_SQL",
    help="Let readers run their own SQL (?sql=, _where=), one statement at a time and under the"
    " server's limits. Off: the pages, canned queries and table JSON only.",
)
@click.option(
    "--replica",
    "replica_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="КАТАЛОГ",
    help="Serve the newest snapshot published in this directory by `pressarchive replicate`"
    " (read-only), switching to each newer one without a restart. Instead of --db.",
)
@click.pass_context
def command(
    ctx: click.Context, db_path: Path, host: str, port: int, allow_sql: bool, replica_dir: Path | None
) -> None:
    """Serve the archive with Datasette (Russian UI, search, facets)."""
    from click.core import ParameterSource

    from archive.serve.app import make_datasette, run
    from crawler.cli import PortBusy, choose_serve_port

    if replica_dir is not None and ctx.get_parameter_source("db_path") is not ParameterSource.DEFAULT:
        raise click.UsageError("укажите либо --db (сам архив), либо --replica (каталог его копий), не оба")
    explicit = ctx.get_parameter_source("port") is not ParameterSource.DEFAULT
    try:
        chosen = choose_serve_port(host, port, explicit)
    except PortBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    # an archive that cannot be served as it is (archive.db.ArchiveFileError, SchemaError,
    # archive.serve.readonly.ArchiveNotServable): one «ОШИБКА» line, exit 2 (crawler.cli's group)
    if replica_dir is not None:
        from archive.serve.replica_watch import make_replica_datasette, run_replica

        datasette, watch = make_replica_datasette(replica_dir, allow_sql=allow_sql)
    else:
        datasette, watch = make_datasette(db_path, allow_sql=allow_sql), None
    if chosen != port:
        click.echo(f"Порт {port} занят; архив запущен на свободном порту {chosen}.", err=True)
    if allow_sql:
        click.echo("Свои SQL-запросы читателей включены (--allow-sql).", err=True)
    if watch is not None:
        click.echo(f"Копия архива из {replica_dir}: {watch.snapshot.path.name}", err=True)
    click.echo(f"Архив пресс-релизов: http://{host}:{chosen}/", err=True)
    if watch is not None:
        run_replica(datasette, watch, host=host, port=chosen)
    else:
        run(datasette, host=host, port=chosen)
