"""`pressarchive digest`: the daily letters of saved searches (crawler.nightly.digest)."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import closing, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.commands._mail_options import smtp_options
from crawler.commands._writing import db_option, wait_option

if TYPE_CHECKING:
    from crawler.nightly.alerts import AlertConfig

EXIT_LOCKED = 75  # as `pressarchive nightly`: another run holds the lock
# Scheduled after the night: a digest that finds the nightly run still writing waits for it (the
# letter then holds the whole night), up to 20 minutes, inside the systemd unit's 30.
DIGEST_WAIT_SECONDS = 1200


@click.command("digest")
@db_option("База архива.")
@click.option(
    "--base-url",
    envvar="PRESSARCHIVE_PUBLIC_URL",
    help="Публичный адрес архива для ссылок в письмах, например https://archive.example.org/"
    " (или переменная PRESSARCHIVE_PUBLIC_URL). Обязателен.",
)
@smtp_options
@click.option("--dry-run", is_flag=True, help="Показать письма, ничего не отправляя и не отмечая.")
@wait_option(DIGEST_WAIT_SECONDS)
def command(
    db_path: Path,
    base_url: str | None,
    mail: AlertConfig,
    dry_run: bool,
    wait: float,
) -> None:
    """Разослать подписчикам письма за день: новые релизы по их запросам, а также изменённые
    и удалённые с сайтов релизы, которые им уже подходили.

    \b
    Запускайте после nightly. Одному адресу — не больше одного письма в день (по московскому
    времени): повторный запуск в тот же день ничего не отправит. Не доставленное письмо
    будет отправлено при следующем запуске.
    Если архив пишет другая команда (ночной обход), digest ждёт её до --wait секунд.
    Коды выхода: 0 — всё отправлено (или нечего отправлять); 1 — часть писем не ушла;
    2 — --db не архив; 75 — идёт другой запуск digest или архив всё ещё пишет другая команда
    (этот запуск ничего не сделал).
    """
    from archive.db import check_archive_file, open_db
    from crawler.commands._writing import writing
    from crawler.nightly.digest import DigestConfig, run_digest
    from crawler.nightly.lock import LockHeld, RunLock

    if not base_url or not base_url.startswith(("http://", "https://")):
        raise click.ClickException(
            "не задан публичный адрес архива для ссылок в письмах:"
            " --base-url https://… или PRESSARCHIVE_PUBLIC_URL"
        )
    check_archive_file(db_path)
    if not dry_run and not mail.smtp_host:
        raise click.ClickException("не задан SMTP-сервер: --smtp-host или PRESSARCHIVE_SMTP_HOST")
    try:
        # digest.lock: one digest at a time (a second one exits at once); the writer lock: not while
        # another command writes the archive (a dry run writes nothing and does not take it)
        with (
            RunLock(db_path.parent / "digest.lock"),
            nullcontext() if dry_run else writing(db_path, "digest", wait),
            closing(open_db(db_path, create=False)) as db,
        ):
            report = run_digest(
                db, DigestConfig(mail=mail, base_url=base_url), now=dt.datetime.now(dt.UTC), dry_run=dry_run
            )
    except LockHeld as exc:
        click.echo(f"digest: {exc}; второй запуск ничего не делает", err=True)
        sys.exit(EXIT_LOCKED)
    if dry_run:
        for letter in report.letters:
            click.echo(f"Кому: {letter.email}\nТема: {letter.subject}\n\n{letter.text}\n{'=' * 72}")
    else:
        for address in report.sent:
            click.echo(f"отправлено: {address}")
        for address, error in report.failed.items():
            click.echo(f"НЕ отправлено: {address}: {error}", err=True)
    for address in report.held:
        click.echo(f"уже получил письмо сегодня: {address}", err=True)
    click.echo(
        f"писем: {len(report.letters)}, отправлено: {len(report.sent)}, не отправлено: {len(report.failed)},"
        f" без новостей: {report.quiet} подписок",
        err=True,
    )
    if report.failed:
        sys.exit(1)
