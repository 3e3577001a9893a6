"""`pressarchive subscriptions add|list|remove`: saved searches with a daily digest and an Atom feed."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from contextlib import closing
from pathlib import Path

import click

from archive.records import PUBLISHER_KINDS
from crawler.commands._writing import db_option, wait_option, writing

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

db_option = db_option("База архива.")
base_url_option = click.option(
    "--base-url",
    envvar="PRESSARCHIVE_PUBLIC_URL",
    help="Публичный адрес архива, чтобы показать ссылку на ленту (или переменная PRESSARCHIVE_PUBLIC_URL).",
)


@click.group("subscriptions")
def command() -> None:
    """Подписки журналистов на поисковые запросы: письмо раз в день (pressarchive digest)
    и лента Atom по секретной ссылке /-/subscription/<токен>.atom."""


def _feed_url(base_url: str | None, token: str) -> str:
    path = f"-/subscription/{token}.atom"
    return f"{base_url.rstrip('/')}/{path}" if base_url else f"/{path}"


@command.command("add")
@db_option
@base_url_option
@wait_option()
@click.option("--email", required=True, help="Адрес подписчика.")
@click.option("--q", "query", required=True, help="Запрос, как в поиске архива (с учётом морфологии).")
@click.option("--region", default="", help="Только этот регион («Курганская область»).")
@click.option("--source", default="", help="Только этот источник (код, как в pressarchive sources).")
@click.option(
    "--kind", default="", type=click.Choice(["", *PUBLISHER_KINDS]), help="Только этот тип издателя."
)
@click.option("--district", default="", help="Только этот федеральный округ («Сибирский», «СФО»).")
def add(
    db_path: Path,
    base_url: str | None,
    email: str,
    query: str,
    region: str,
    source: str,
    kind: str,
    district: str,
    wait: float,
) -> None:
    """Подписать адрес на запрос с фильтрами, как на странице поиска.

    Первое письмо расскажет о том, что появится в архиве после подписки.
    """
    from archive.db import open_db
    from archive.regions import district_name
    from archive.search import describe_problem, stem_query
    from archive.subscriptions import add_subscription, describe

    if not EMAIL.match(email.strip()):
        raise click.ClickException(f"«{email}» не похож на адрес электронной почты")
    if not query.strip() or stem_query(query) == '""':
        raise click.ClickException("в запросе нет слов, по которым можно искать")
    problem = describe_problem(query)
    if problem:
        click.echo(f"внимание: {problem}", err=True)
    if district:
        found = district_name(district)
        if found is None:
            raise click.ClickException(f"неизвестный федеральный округ «{district}»")
        district = found
    with writing(db_path, "subscriptions add", wait), closing(open_db(db_path, create=False)) as db:
        for label, value, column in (("Регион", region, "region"), ("Источник", source, "name")):
            known = [row[0] for row in db.conn.execute(f"SELECT DISTINCT {column} FROM sources")]
            if value and value not in known:  # a subscription that can never match is refused
                close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
                hint = f" Возможно: {', '.join(close)}" if close else ""
                click.echo(f"{label} «{value}» в архиве не найден.{hint}", err=True)
                sys.exit(2)
        subscription = add_subscription(
            db,
            email=email,
            q=query,
            filters={"region": region, "source": source, "kind": kind, "district": district},
            now=dt.datetime.now(dt.UTC),
        )
    click.echo(f"подписка {subscription.id}: {subscription.email} — {describe(subscription)}")
    click.echo(f"лента: {_feed_url(base_url, subscription.token)}")


@command.command("list")
@db_option
@base_url_option
@click.option("--email", default=None, help="Только подписки этого адреса.")
def list_command(db_path: Path, base_url: str | None, email: str | None) -> None:
    """Все подписки: адрес, запрос, когда ушло последнее письмо, ошибка отправки, лента."""
    from archive.db import open_db
    from archive.subscriptions import describe, list_subscriptions

    with closing(open_db(db_path, create=False)) as db:
        subscriptions = list_subscriptions(db.conn, email)
    if not subscriptions:
        click.echo("подписок нет", err=True)
    for s in subscriptions:
        sent = s.last_sent_at or "писем ещё не было"
        error = f"; ошибка отправки: {s.last_error}" if s.last_error else ""
        click.echo(f"{s.id}\t{s.email}\t{describe(s)}\tпоследнее письмо: {sent}{error}")
        click.echo(f"\tлента: {_feed_url(base_url, s.token)}")


@command.command("remove")
@db_option
@click.argument("key")
@wait_option()
def remove(db_path: Path, key: str, wait: float) -> None:
    """Удалить подписку по номеру (из list) или по токену ленты."""
    from archive.db import open_db
    from archive.subscriptions import remove_subscription

    with writing(db_path, "subscriptions remove", wait), closing(open_db(db_path, create=False)) as db:
        removed = remove_subscription(db, key.strip())
    if not removed:
        raise click.ClickException(f"подписки «{key}» нет")
    click.echo(f"подписка {key} удалена")
