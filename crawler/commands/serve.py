"""`pressarchive serve`: the archive for readers, with Datasette (Russian pages, search, feeds).

Readers get the pages, the archive's canned queries and table JSON; their own SQL (`?sql=`,
`_where=`) only with --allow-sql, and then under limits (archive.serve.limits, archive.serve.guard).
An archive that may not be written (a replica, a read-only folder) is served without writing
anything (archive.serve.readonly); one that would need writing is refused with exit code 2.

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
@click.pass_context
def command(ctx: click.Context, db_path: Path, host: str, port: int, allow_sql: bool) -> None:
    """Serve the archive with Datasette (Russian UI, search, facets)."""
    from click.core import ParameterSource

    from archive.serve.app import make_datasette, run
    from crawler.cli import PortBusy, choose_serve_port

    explicit = ctx.get_parameter_source("port") is not ParameterSource.DEFAULT
    try:
        chosen = choose_serve_port(host, port, explicit)
    except PortBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    # an archive that cannot be served as it is (archive.db.ArchiveFileError, SchemaError,
    # archive.serve.readonly.ArchiveNotServable): one «ОШИБКА» line, exit 2 (crawler.cli's group)
    datasette = make_datasette(db_path, allow_sql=allow_sql)
    if chosen != port:
        click.echo(f"Порт {port} занят; архив запущен на свободном порту {chosen}.", err=True)
    if allow_sql:
        click.echo("Свои SQL-запросы читателей включены (--allow-sql).", err=True)
    click.echo(f"Архив пресс-релизов: http://{host}:{chosen}/", err=True)
    run(datasette, host=host, port=chosen)
