"""`pressarchive status`: each source's health as the last nightly run judged it."""

from __future__ import annotations

import json
from pathlib import Path

import click

STATUS_MARK = {"ok": "ok", "stale": "STALE", "broken": "BROKEN", "unknown": "?"}


@click.command("status")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default="var/archive.db", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
def command(db_path: Path, as_json: bool) -> None:
    """Source health: status, last successful crawl, last new release, release count, and when the
    site's profile was learned (from how many pages)."""
    import sqlite3

    from archive.db import open_db

    if not db_path.exists():
        raise click.ClickException(f"no archive at {db_path}")
    open_db(db_path).close()  # brings an older archive's schema up to date
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        "SELECT s.name, s.status, s.status_reason, s.status_changed_at, s.last_success_at, "
        "s.last_new_release_at, (SELECT COUNT(*) FROM releases r WHERE r.source = s.name) AS releases, "
        "(SELECT MAX(published_date) FROM releases r WHERE r.source = s.name) AS last_published, "
        "p.learned_at AS profile_learned_at, p.pages AS profile_pages, p.reason AS profile_reason "
        "FROM sources s LEFT JOIN site_profiles p ON p.source = s.name AND p.current = 1 "
        "ORDER BY CASE s.status WHEN 'broken' THEN 0 WHEN 'stale' THEN 1 ELSE 2 END, s.name"
    ).fetchall()
    conn.close()
    if as_json:
        for row in rows:
            click.echo(json.dumps(dict(row), ensure_ascii=False))
        return
    header = (
        f"{'source':28} {'status':7} {'last success':21} {'last published':14} {'releases':>8}  "
        f"{'site profile':18} reason"
    )
    click.echo(header)
    for row in rows:
        click.echo(
            f"{row['name']:28} {STATUS_MARK.get(row['status'], row['status']):7} "
            f"{row['last_success_at'] or '-':21} {row['last_published'] or '-':14} {row['releases']:>8}  "
            f"{_profile(row):18} {row['status_reason'] or ''}"
        )


def _profile(row: dict[str, object] | object) -> str:
    """«2026-12-03 (8 p.)», «-» when no profile was learned yet."""
    learned = row["profile_learned_at"]  # type: ignore[index]
    if not learned:
        return "-"
    return f"{str(learned)[:10]} ({row['profile_pages']} p.)"  # type: ignore[index]
