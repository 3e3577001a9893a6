"""`pressarchive verify`: fixity of the WARC files, the captures index and the database;
`--repair` mends files a run left cut short (archive.warc_repair) before checking."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.commands._writing import db_option, wait_option


@click.command("verify")
@db_option("The archive database; its WARC files are in warc/ beside it.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
@click.option(
    "--repair",
    is_flag=True,
    help="First mend WARC files cut short (a full disk, a crash): the damaged tail goes to"
    " warc/quarantine/ with a line in warc/quarantine/repairs.jsonl, the whole records stay."
    " Takes the archive's writer lock.",
)
@wait_option()
def command(db_path: Path, quiet: bool, repair: bool, wait: float) -> None:
    """Check every WARC file (gzip, digests, counts against `captures`) and the database
    (integrity_check, foreign keys, versions). Exits 1 naming what is wrong; 2 when --db is not
    an archive, or one whose schema this program does not have (older: pressarchive migrate;
    newer: a newer pressarchive); 75 when --repair finds another command writing the archive."""
    from archive.db import inspect_archive
    from archive.migrations_runner import refuse_pending
    from archive.verify import verify_archive, warc_files

    refuse_pending(inspect_archive(db_path), db_path)  # never migrates: verify reads what is there

    if repair:
        from archive.warc_repair import repair_all
        from crawler.commands._writing import writing

        with writing(db_path, "verify --repair", wait):
            repairs = repair_all(db_path)
        for done in repairs:
            verdict = "НЕ ПОЧИНИТЬ" if done.action == "unrepairable" else "починено"
            click.echo(f"{verdict}: {done.describe()}", err=True)
        if not quiet and not repairs:
            click.echo("repair: every WARC file is whole, nothing to do", err=True)

    total = len(warc_files(db_path.parent))
    hidden = quiet or total == 0 or not sys.stderr.isatty()  # a log (cron) gets no bar
    with click.progressbar(length=total, label="WARC", file=sys.stderr, hidden=hidden) as bar:
        report = verify_archive(db_path, progress=lambda _path: bar.update(1))
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for problem in report.problems:
        click.echo(f"PROBLEM: {problem}", err=True)
    if not quiet:
        click.echo(
            f"{report.files} WARC file(s), {report.records} record(s), {report.captures} capture(s) indexed: "
            + ("OK" if report.ok else f"{len(report.problems)} problem(s)")
        )
    if not report.ok:
        if not repair and any(".warc.gz: " in problem for problem in report.problems):
            click.echo("A WARC file cut short (a full disk, a crash): pressarchive verify --repair", err=True)
        sys.exit(1)
