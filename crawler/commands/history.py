"""`pressarchive history URL`: every version of a release with a word-level diff, and its events."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from crawler.commands._writing import db_option

EVENT_NAMES = {
    "new": "впервые найден",
    "edited": "изменён",
    "removed": "удалён с сайта",
    "reappeared": "вернулся",
}
FIELD_NAMES = {"title": "заголовок", "body_text": "текст"}


@click.command("history")
@click.argument("url")
@db_option("The archive database.")
@click.option("--context", default=8, show_default=True, help="Unchanged words shown around each change.")
@click.option("--full", is_flag=True, help="Show every version's whole text, not only the changes.")
@click.option(
    "--color/--no-color", default=None, help="Colour the diff (default: when printing to a terminal)."
)
def command(url: str, db_path: Path, context: int, full: bool, color: bool | None) -> None:
    """Print the versions of the release at URL with a readable word-level diff between them."""
    from sqlite_utils import Database

    from archive.db import inspect_archive
    from archive.events import events_for
    from archive.migrations_runner import refuse_pending
    from archive.versions import find_release, versions_of
    from crawler.normalise.urls import canonicalize_url

    refuse_pending(inspect_archive(db_path), db_path)
    db = Database(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True))
    try:
        canonical = canonicalize_url(url)
    except ValueError as exc:  # 'http://[::1' and the like: no URL at all
        raise click.BadParameter(f"«{url}» — не адрес страницы ({exc})", param_hint="'URL'") from None
    release = find_release(db, url, canonical)
    if release is None:
        raise click.ClickException(f"в архиве нет релиза с адресом {url}")
    colour = sys.stdout.isatty() if color is None else color
    click.echo(_header(release))
    previous = None
    for version in versions_of(db, release["release_id"]):
        click.echo("")
        click.echo(_version_line(version, db))
        click.echo(_version_body(previous, version, context=None if full else context, colour=colour))
        previous = version
    click.echo("")
    click.echo("События:")
    for event in events_for(db, release["release_id"]):
        click.echo(
            f"  {event['at']}  {EVENT_NAMES.get(event['kind'], event['kind'])}{_detail(event['detail'])}"
        )


def _header(release: dict[str, Any]) -> str:
    lines = [
        f"{release['title']}",
        f"Источник: {release['source']} · {release['url']}",
        f"Дата публикации: {release['published_date'] or 'не указана'}",
        f"В архиве с {release['first_seen']}, последняя проверка {release['last_seen']}, "
        f"версий: {release['version_count']}",
    ]
    if release.get("removed_at"):
        lines.append(f"УДАЛЁН с сайта: {release['removed_at']} (текст сохранён в архиве)")
    return "\n".join(lines)


def _version_line(version: Any, db: Any) -> str:
    line = f"== Версия {version.version}: видна с {version.first_seen} по {version.last_seen}"
    if version.capture_id is not None:
        capture = db.execute(
            "SELECT warc_file, warc_offset, payload_digest FROM captures WHERE id = ?", [version.capture_id]
        ).fetchone()
        if capture:
            line += f"\n   копия страницы: {capture[0]} @ {capture[1]} ({capture[2]})"
    return line


def _version_body(previous: Any, version: Any, *, context: int | None, colour: bool) -> str:
    from archive.diff import changed, render, word_diff

    def deleted(text: str) -> str:
        return click.style(f"[-{text}-]", fg="red") if colour else f"[-{text}-]"

    def inserted(text: str) -> str:
        return click.style(f"{{+{text}+}}", fg="green") if colour else f"{{+{text}+}}"

    if previous is None:
        body = version.body_text if context is None else _excerpt(version.body_text)
        return f"Заголовок: {version.title}\nТекст:\n{body}"
    out = []
    for name, old, new in (
        ("Заголовок", previous.title, version.title),
        ("Текст", previous.body_text, version.body_text),
    ):
        chunks = word_diff(old, new)
        if changed(chunks):
            out.append(
                f"{name} (изменения):\n{render(chunks, context=context, deleted=deleted, inserted=inserted)}"
            )
        else:
            out.append(f"{name}: без изменений")
    return "\n".join(out)


def _excerpt(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _detail(detail: dict[str, Any]) -> str:
    parts = []
    if detail.get("fields"):
        parts.append("изменено: " + ", ".join(FIELD_NAMES.get(f, f) for f in detail["fields"]))
    if detail.get("http_status"):
        parts.append(f"ответ сайта {detail['http_status']}")
    if detail.get("redirect_to"):
        parts.append(f"перенаправление на {detail['redirect_to']}")
    return f" ({'; '.join(parts)})" if parts else ""
