"""`pressarchive nightly`: the scheduled job for cron or a systemd timer."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.commands._mail_options import smtp_options
from crawler.commands._redis_options import redis_options
from crawler.commands._writing import db_option, wait_option

if TYPE_CHECKING:
    from crawler.nightly.alerts import AlertConfig


@click.command("nightly")
@click.option(
    "--sources",
    "sources_paths",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Registry TOML file or directory (repeatable). Default: spiders/sources/.",
)
@db_option()
@click.option(
    "--deep-every",
    default=7,
    show_default=True,
    metavar="DAYS",
    help="Days between deep passes (full pagination) per source.",
)
@click.option("--deep", "force_deep", is_flag=True, help="Make tonight a deep pass for every source.")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.option(
    "--alert-command",
    envvar="PRESSARCHIVE_ALERT_COMMAND",
    help="Run this on a state change, the alert as JSON on stdin.",
)
@click.option("--alert-webhook", envvar="PRESSARCHIVE_ALERT_WEBHOOK", help="POST alerts as JSON to this URL.")
@smtp_options
@click.option(
    "--mail-to",
    envvar="PRESSARCHIVE_MAIL_TO",
    multiple=True,
    help="Repeatable; in the environment, separate addresses with spaces.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show the crawl log (INFO) with its tracebacks.")
@wait_option()
@redis_options
def command(
    sources_paths: tuple[Path, ...],
    db_path: Path,
    deep_every: int,
    force_deep: bool,
    overrides: tuple[str, ...],
    alert_command: str | None,
    alert_webhook: str | None,
    mail: AlertConfig,
    mail_to: tuple[str, ...],
    verbose: bool,
    wait: float,
    redis_url: str | None,
    workers: int,
    namespace: str,
) -> None:
    """Crawl every source incrementally, re-check recent releases, judge health, alert.

    \b
    Exit codes: 0 all sources ok or stale; 1 a source is broken; 2 the run failed, or --db is not
    an archive; 74 the archive's disk ran out of room (the run stopped cleanly, alerted; see
    PRESSARCHIVE_MIN_FREE_MB); 75 another nightly run holds the lock, or another command writes
    the archive (see --wait): this one did nothing.
    """
    from archive.db import check_archive_file
    from crawler.cli import early_pool, load_sources_or_fail, parse_overrides, quiet_unless
    from crawler.commands._writing import ArchiveBusy, busy_message, describe_holder
    from crawler.nightly.lock import LockHeld, writer_lock_path
    from crawler.nightly.run import EXIT_LOCKED, NightlyOptions, run_nightly, summary_lines
    from crawler.runs.progress import Progress, failure_lines

    check_archive_file(db_path, create=True)  # before anything else: exit 2, said once
    sources = [s for s in load_sources_or_fail(sources_paths) if s.enabled]
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    progress = Progress(db_path, started, len(sources))
    pool = None if redis_url else early_pool(overrides)
    options = NightlyOptions(
        deep_every_days=deep_every,
        force_deep=force_deep,
        overrides=parse_overrides(overrides),
        alerts=replace(
            mail,
            command=alert_command,
            webhook_url=alert_webhook,
            mail_to=tuple(address for value in mail_to for address in value.split()),
        ),
        log_level="INFO" if verbose else "WARNING",
        sources_paths=sources_paths,
        console_log=quiet_unless(verbose),
        on_source_done=progress.source_done,
        wait=wait,
        redis_url=redis_url,
        workers=workers,
        namespace=namespace,
        pool=pool,
        on_wait=lambda holder: click.echo(
            f"Архив {db_path} занят: пишет {describe_holder(holder)}. Жду до {wait:g} с…", err=True
        ),
    )
    try:
        report = run_nightly(sources, db_path, options)
    except LockHeld as exc:
        if exc.path == writer_lock_path(db_path):
            raise ArchiveBusy(busy_message(db_path, exc.holder, wait)) from None
        click.echo(f"nightly: {exc}; not starting a second run", err=True)
        sys.exit(EXIT_LOCKED)
    for line in summary_lines(report):
        click.echo(line)
    if not report.disk_full:  # a full disk is said once above, not once per source
        for line in failure_lines(db_path, started, [s.name for s in sources]):
            click.echo(line, err=True)
    sys.exit(report.exit_code)
