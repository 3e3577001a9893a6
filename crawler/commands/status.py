"""`pressarchive status`: each source's health as the last nightly run judged it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from crawler.commands._writing import db_option

NEVER = "ни разу"  # no run ever read a listing, feed or sitemap of the site (archive.health.run_failure)
STATUS_MARK = {"ok": "ok", "stale": "STALE", "broken": "BROKEN", "unknown": "?"}


@click.command("status")
@db_option()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@click.option(
    "--triage",
    is_flag=True,
    help="Sort the sources by what their latest run showed (moved, unreachable, blocked, no press "
    "section, no dated releases, working) with the suggested registry fix.",
)
def command(db_path: Path, as_json: bool, triage: bool) -> None:
    """Source health: status, last successful crawl, last new release, release count, and when the
    site's profile was learned (from how many pages)."""
    from archive.db import open_db

    open_db(db_path, create=False).close()  # checks --db; brings an older archive's schema up to date
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    if triage:
        _triage(conn, as_json)
        conn.close()
        return
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
            f"{row['last_success_at'] or NEVER:21} {row['last_published'] or '-':14} {row['releases']:>8}  "
            f"{_profile(row):18} {row['status_reason'] or ''}"
        )


def _triage(conn: sqlite3.Connection, as_json: bool) -> None:
    """One line per source, grouped by kind; the fix under each that needs one."""
    from archive.triage import KINDS, LABELS, triage

    sources = conn.execute("SELECT * FROM sources ORDER BY name").fetchall()
    results = []
    for source in sources:
        run = conn.execute(
            "SELECT * FROM crawl_runs WHERE source = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
            [source["name"]],
        ).fetchone()
        results.append(triage(dict(source), dict(run) if run else None))
    if as_json:
        for result in results:
            click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    for kind in KINDS:
        group = [r for r in results if r.kind == kind]
        if not group:
            continue
        click.echo(f"{LABELS[kind]} ({kind}): {len(group)}")
        for result in group:
            click.echo(f"  {result.source:28} {result.detail}")
            if result.fix:
                click.echo(f"  {'':28} fix: {result.fix}")
    counts = ", ".join(f"{kind} {sum(r.kind == kind for r in results)}" for kind in KINDS)
    click.echo(f"{len(results)} sources: {counts}")


def _profile(row: dict[str, object] | object) -> str:
    """«2026-12-03 (8 p.)», «-» when no profile was learned yet."""
    learned = row["profile_learned_at"]  # type: ignore[index]
    if not learned:
        return "-"
    return f"{str(learned)[:10]} ({row['profile_pages']} p.)"  # type: ignore[index]
