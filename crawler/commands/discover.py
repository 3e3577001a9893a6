"""`pressarchive discover URL`: from a home page, the press section; from a listing, feeds, sitemaps,
the listing and its pagination, the site profile; and the registry entry (appended with --write)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.records import PUBLISHER_KINDS


def _finite(value: float) -> float:
    """NaN passes every range check (no comparison with it is true): refused here."""
    if not math.isfinite(value):
        raise click.BadParameter("нужно число секунд", param_hint="'--timeout'")
    return value


def _fetcher(timeout: float, user_agent: str):  # type: ignore[no-untyped-def]
    """A fetch function over urllib: redirects followed, HTTP errors returned as answers."""
    import urllib.error
    import urllib.request

    from crawler.discovery.report import Fetched

    def fetch(url: str) -> Fetched | None:
        request = urllib.request.Request(url, headers={"User-Agent": user_agent})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(32 * 1024 * 1024)
                return Fetched(
                    response.geturl(), response.status, response.headers.get("Content-Type", ""), body
                )
        except urllib.error.HTTPError as error:
            body = error.read(1024 * 1024) if error.fp else b""
            return Fetched(
                url, error.code, error.headers.get("Content-Type", "") if error.headers else "", body
            )
        except (urllib.error.URLError, OSError, ValueError) as error:
            click.echo(f"cannot fetch {url}: {error}", err=True)
            return None

    return fetch


def _is_home(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


@click.command("discover")
@click.argument("url")
@click.option(
    "--home/--listing",
    "home",
    default=None,
    help="Treat URL as the site's home page (find the press section) or as a listing. "
    "Default: a URL with no path is a home page.",
)
@click.option("--pages", "max_pages", default=3, show_default=True, help="Listing pages to walk.")
@click.option("--no-probe", is_flag=True, help="Do not try the usual feed and sitemap addresses.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON (with the suggested entry).")
@click.option(
    "--timeout",
    default=20.0,
    show_default=True,
    type=click.FloatRange(0.1, 600),
    callback=lambda _c, _p, value: _finite(value),
    help="Seconds per request.",
)
@click.option(
    "--articles",
    default=8,
    show_default=True,
    help="Release pages to fetch and learn the site's profile from (0: none).",
)
@click.option("--region", help="The body's region, e.g. «Тверская область» (sets the time zone too).")
@click.option("--kind", "publisher_kind", type=click.Choice(PUBLISHER_KINDS), help="What the body is.")
@click.option("--name", help="The entry's name (slug); default: from the host.")
@click.option("--title", help="The body's official name; default: the site's name from its pages.")
@click.option(
    "--write",
    "write_to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the suggested entry to this registry file, after validating it against the "
    "registry (no duplicate name or host).",
)
@click.option(
    "--sources",
    "sources_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Registry to check --write against (default: spiders/sources/).",
)
def command(
    url: str,
    home: bool | None,
    max_pages: int,
    no_probe: bool,
    as_json: bool,
    timeout: float,
    articles: int,
    region: str | None,
    publisher_kind: str | None,
    name: str | None,
    title: str | None,
    write_to: Path | None,
    sources_paths: tuple[Path, ...],
) -> None:
    """Report a site's press section: from a home page, which section the crawl would choose and
    why; then its feeds, sitemaps, listing, pagination and profile; suggest a registry entry."""
    from crawler.discovery.entry import EntryInput, EntryRefused, append_entry, suggested_entry
    from crawler.discovery.homepage import find_section
    from crawler.discovery.report import discover, render_text
    from crawler.discovery.section_render import render_section, section_dict
    from crawler.discovery.zones import suggest_zone
    from crawler.registry.regions import region as find_region
    from crawler.registry.validation import EntryError, check_region, url_problem
    from crawler.scrapy_glue.settings import USER_AGENT

    if problem := url_problem(url):
        raise click.ClickException(f"{url!r} {problem}")
    if region:
        try:
            check_region({"region": region})
        except EntryError as error:
            raise click.ClickException(f"--region: {error.problem}") from None
    fetch = _fetcher(timeout, USER_AGENT)
    found = None
    if home if home is not None else _is_home(url):
        found = find_section(url, fetch)
        if found.choice is None or found.choice.listing_url is None:
            if as_json:
                click.echo(json.dumps({"home": section_dict(found)}, ensure_ascii=False, indent=2))
            else:
                click.echo(render_section(found))
            raise SystemExit(1)
        listing_url = found.choice.listing_url
    else:
        listing_url = url
    report = discover(listing_url, fetch, max_pages=max_pages, probe=not no_probe, articles=articles)
    given = EntryInput(region=region, publisher_kind=publisher_kind, name=name, title=title)
    entry = None
    if not report.verdict:
        entry = suggested_entry(
            report, given, home_url=url if found else None, section=found.choice if found else None
        )
    zone = suggest_zone(report.date_offsets, find_region(region) if region else None, dt.datetime.now(dt.UTC))
    if as_json:
        data = report.as_dict()
        data["home"] = section_dict(found) if found else None
        data["timezone"] = {"zone": zone.zone, "reason": zone.reason}
        data["suggested_entry"] = entry
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if found:
            click.echo(render_section(found))
        click.echo(render_text(report))
        if not report.verdict:
            click.echo(f"time zone:  {zone.zone} — {zone.reason}")
        if entry:
            click.echo("\nsuggested registry entry:\n\n" + entry)
    if report.verdict:
        raise SystemExit(1)
    if write_to and entry:
        try:
            added = append_entry(entry, write_to, list(sources_paths) or None)
        except EntryRefused as refused:
            raise click.ClickException(f"{write_to}: not written: {refused}") from None
        click.echo(f"appended source {added.name!r} to {write_to}", err=True)
