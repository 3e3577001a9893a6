"""`pressarchive dates`: date strings on stdin -> one JSON object per line, to check a site's formats."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

FIELDS = (
    "local_date",
    "local_time",
    "timezone",
    "utc",
    "precision",
    "iso",
    "raw",
    "method",
    "rule",
    "year_inferred",
)

EDGE_MARGIN = dt.timedelta(days=2)


def _now(value: str | None, tz: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date-time (e.g. 2025-12-20T12:00+03:00)") from exc
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(tz))
    try:  # relative dates count back from it, future ones a day ahead, in the site's zone and in UTC
        for shift in (-EDGE_MARGIN, EDGE_MARGIN):
            (moment + shift).astimezone(ZoneInfo(tz)).astimezone(dt.UTC)
    except OverflowError:
        raise click.BadParameter(
            f"{value!r} is too close to the ends of the calendar (years 1 and 9999); "
            "give a fetch time at least two days inside them",
            param_hint="--now",
        ) from None
    return moment


def _source_hints(name: str, paths: tuple[Path, ...]) -> tuple[str, str, tuple[str, ...]]:
    from crawler.cli import known_source, load_sources_or_fail

    source = known_source(name, load_sources_or_fail(paths))
    return source.timezone, source.date_order, source.date_formats


def describe(line: str, tz: str, now: dt.datetime, method: str | None, hints: Any) -> dict[str, Any]:
    """One input line as the JSON object the command prints."""
    from crawler.normalise.dates import is_future, parse_date, parse_update, split_updated

    parsed = parse_date(line, tz, now, method=method, hints=hints)
    _, update_part = split_updated(line)
    updated = parse_update(line, tz, now, method=method, hints=hints) if update_part is not None else None
    fields = parsed.as_dict() if parsed is not None else {"timezone": tz, "year_inferred": False}
    out: dict[str, Any] = {"input": line, "found": parsed is not None}
    out.update({key: fields.get(key) for key in FIELDS})
    out["future"] = is_future(parsed, now) if parsed is not None else False
    out["updated"] = updated.as_dict() if updated is not None else None
    return out


@click.command("dates")
@click.option("--tz", "tz", help="IANA zone of the site (default: the --source's, else Europe/Moscow).")
@click.option(
    "--now", "now_text", metavar="ISO", help="The fetch time (default: now; without an offset: in --tz)."
)
@click.option(
    "--order", type=click.Choice(["DMY", "MDY", "YMD"]), help="Order of numeric dates (default DMY)."
)
@click.option(
    "--format", "formats", multiple=True, metavar="FMT", help="A date format to try first (repeatable)."
)
@click.option(
    "--source", "source_name", metavar="NAME", help="Take --tz, --order and --format from this source."
)
@click.option(
    "--sources",
    "sources_paths",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Registry TOML file or directory for --source (repeatable). Default: spiders/sources/.",
)
@click.option("--method", default="text", show_default=True, help="The method recorded in the output.")
def command(
    tz: str | None,
    now_text: str | None,
    order: str | None,
    formats: tuple[str, ...],
    source_name: str | None,
    sources_paths: tuple[Path, ...],
    method: str,
) -> None:
    """Read date strings (one per line) on stdin; print one JSON object per line.

    Each object has the local date and time, the zone, the UTC instant (only when a time is
    known), the precision, the ISO form, the rule that read it, whether the year was inferred,
    whether it lies more than a day after --now, and any «Обновлено …» stamp.

    \b
      echo '21 ноября 2025 г., 12:41' | pressarchive dates --tz Asia/Yekaterinburg
      pressarchive dates --source mosreg_mii --now 2025-12-20T12:00 < dates.txt
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from crawler.normalise.dates import DateHints

    source_tz, source_order, source_formats = (
        _source_hints(source_name, sources_paths) if source_name else ("Europe/Moscow", "DMY", ())
    )
    zone = tz or source_tz
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise click.BadParameter(f"{zone!r} is not an IANA time zone", param_hint="--tz") from exc
    try:
        hints = DateHints(order=order or source_order, formats=formats or source_formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from exc
    now = _now(now_text, zone)
    total = found = 0
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        result = describe(text, zone, now, method, hints)
        total += 1
        found += bool(result["found"])
        click.echo(json.dumps(result, ensure_ascii=False))
    click.echo(f"{found} of {total} line(s) read as a date ({zone}, now {now.isoformat()})", err=True)
