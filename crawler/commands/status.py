"""`pressarchive status`: each source's health as the last nightly run judged it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click

from crawler.commands._writing import db_option

NEVER = "ни разу"  # no run ever read a listing, feed or sitemap of the site (archive.health.run_failure)
STATUS_MARK = {"ok": "ok", "stale": "STALE", "broken": "BROKEN", "unknown": "?"}
# The run's stats keys (kept here so `status` does not import Scrapy): pages asked for and not got,
# by kind (crawler.scrapy_glue.failures.STATS_PREFIX); invalid bytes replaced to read pages
# (crawler.scrapy_glue.decoding.STATS_PREFIX).
FAILED_PREFIX = "pages/failed/"
DECODE_PREFIX = "decode/"


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
    """Source health: status, last successful crawl, last new release, release count, when the
    site's profile was learned (from how many pages), and, under a source, the pages its last run
    did not get (by kind) and the invalid bytes it replaced to read its pages."""
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
    last_runs = _last_run_stats(conn)
    conn.close()
    if as_json:
        for row in rows:
            stats = last_runs.get(row["name"], {})
            extra = {"last_run_failed": failed_pages(stats), "last_run_decode": decode_counts(stats)}
            click.echo(json.dumps({**dict(row), **extra}, ensure_ascii=False))
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
        if note := last_run_note(last_runs.get(row["name"], {})):
            click.echo(f"  {'':28} last run: {note}")


def _last_run_stats(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Each source's last finished run's Scrapy stats (crawl_runs.stats)."""
    rows = conn.execute(
        "SELECT source, stats FROM crawl_runs WHERE id IN "
        "(SELECT MAX(id) FROM crawl_runs WHERE finished_at IS NOT NULL GROUP BY source)"
    ).fetchall()
    stats: dict[str, dict[str, object]] = {}
    for row in rows:
        try:
            values = json.loads(row["stats"] or "{}")
        except ValueError:
            values = {}
        stats[row["source"]] = values if isinstance(values, dict) else {}
    return stats


def _counts(stats: dict[str, object], prefix: str) -> dict[str, int]:
    """The integer stats under `prefix`, by the rest of their key, largest first."""
    counts = {
        key.removeprefix(prefix): value
        for key, value in stats.items()
        if key.startswith(prefix) and isinstance(value, int) and value > 0
    }
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def failed_pages(stats: dict[str, object]) -> dict[str, int]:
    """Pages the run asked for and did not get, by kind (crawler.scrapy_glue.failures)."""
    return _counts(stats, FAILED_PREFIX)


def decode_counts(stats: dict[str, object]) -> dict[str, int]:
    """Pages read with invalid bytes replaced, and how many bytes (crawler.scrapy_glue.decoding)."""
    return _counts(stats, DECODE_PREFIX)


def last_run_note(stats: dict[str, object]) -> str:
    """«pages failed 3 (timeout 2, http_404 1); invalid bytes replaced 5 on 2 pages», "" when neither."""
    parts = []
    if failed := failed_pages(stats):
        kinds = ", ".join(f"{kind} {count}" for kind, count in failed.items())
        parts.append(f"pages failed {sum(failed.values())} ({kinds})")
    decoded = decode_counts(stats)
    if pages := decoded.get("repaired_pages"):
        plural = "page" if pages == 1 else "pages"
        parts.append(f"invalid bytes replaced {decoded.get('replaced_bytes', 0)} on {pages} {plural}")
    return "; ".join(parts)


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
