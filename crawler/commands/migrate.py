"""`pressarchive migrate`: bring an archive's schema up to this program's, in one transaction."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from crawler.commands._writing import db_option, wait_option


@click.command("migrate")
@db_option("База архива.")
@wait_option()
def command(db_path: Path, wait: float) -> None:
    """Применить к архиву миграции схемы, которых в нём ещё нет, — все в одной транзакции:
    прерванное обновление оставляет архив в прежней схеме.

    \b
    Любая пишущая команда (crawl, nightly, …) делает это сама; migrate нужен, чтобы обновить
    схему отдельно, например перед verify после обновления программы.
    Коды выхода: 0 — схема актуальна; 2 — --db не архив или архив более новой версии
    программы; 75 — архив пишет другая команда (см. --wait).
    """
    from archive import migrations
    from archive.db import inspect_archive, open_db
    from crawler.commands._writing import writing

    with writing(db_path, "migrate", wait):
        pending = inspect_archive(db_path).pending
        with closing(open_db(db_path, create=False)):
            pass
    version = len(migrations.migrations._migrations)
    if pending:
        click.echo(f"применено миграций: {len(pending)} ({', '.join(pending)}); версия схемы {version}")
    else:
        click.echo(f"схема архива актуальна: версия {version}")
