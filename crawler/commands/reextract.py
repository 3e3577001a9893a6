"""`pressarchive reextract`: rebuild releases from the WARC files with today's extractors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.commands._writing import db_option, wait_option


@click.command("reextract")
@db_option("The archive database; its WARC files are in warc/ beside it.")
@click.option(
    "--sources",
    "sources_paths",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Registry TOML file or directory (repeatable). Default: spiders/sources/.",
)
@click.option("--source", "only", metavar="NAME", help="Only this source's releases.")
@click.option(
    "--relearn",
    is_flag=True,
    help="Learn each source's site profile anew from its newest captured articles first.",
)
@wait_option()
def command(
    db_path: Path, sources_paths: tuple[Path, ...], only: str | None, relearn: bool, wait: float
) -> None:
    """Re-extract every captured article with today's page objects and normalisers (no network),
    keeping each release's versions consistent with its captures. Each page is read with its
    source's site profile (the newest one that fits the page).

    Exit codes: 2 when --db is not an archive; 75 when another command is writing the archive
    (see --wait)."""
    from archive.store import Archive
    from crawler.cli import known_source
    from crawler.commands._writing import writing
    from crawler.registry.sources import RegistryError, load_registry
    from crawler.runs.reextract import capture_count, reextract

    try:
        sources = {s.name: s for s in load_registry(list(sources_paths) or None)}
    except RegistryError as exc:
        raise click.ClickException(f"registry error: {exc}") from exc
    if only is not None:
        known_source(only, sources.values())
    with writing(db_path, "reextract", wait), Archive.open(db_path) as archive:
        total = capture_count(archive)
        hidden = not sys.stderr.isatty()  # a log (cron) gets the summary, not a bar
        with click.progressbar(length=total, label="Захваты", file=sys.stderr, hidden=hidden) as bar:
            summary = reextract(archive, sources, only=only, progress=bar.update, relearn=relearn)
    counts = ", ".join(f"{kind}={n}" for kind, n in sorted(summary.releases.items())) or "none"
    dropped = ", ".join(f"{reason}={n}" for reason, n in sorted(summary.dropped.items())) or "none"
    if relearn:
        click.echo(f"site profiles learned anew: {', '.join(summary.relearned) or 'none'}")
    click.echo(f"{summary.captures} article capture(s) re-extracted; releases: {counts}; dropped: {dropped}")
