"""`pressarchive extract FILE --url URL [--source NAME]`: one saved page to JSON, with no network."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawler.commands._writing import DB_PATH
from crawler.profiles.model import SiteProfile


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option("--source", "source_name", help="Registry source (gives platform, selectors, timezone).")
@click.option(
    "--sources",
    "sources_paths",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Registry TOML file or directory (repeatable). Default: spiders/sources/.",
)
@click.option("--platform", help="Page object to use instead of the source's (e.g. generic).")
@click.option("--encoding", default=None, help="Decode with this charset instead of detecting it.")
@click.option(
    "--status", "http_status", default=200, show_default=True, help="HTTP status the page came with."
)
@click.option(
    "--db",
    "db_path",
    type=DB_PATH,
    help="Read the page with the source's site profile stored in this archive (needs --source).",
)
@click.option(
    "--learn-from",
    "learn_from",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Other saved article pages of the same site: learn its profile from them and this page.",
)
def command(
    file: Path,
    url: str,
    source_name: str | None,
    sources_paths: tuple[Path, ...],
    platform: str | None,
    encoding: str | None,
    http_status: int,
    db_path: Path | None,
    learn_from: tuple[Path, ...],
) -> None:
    """Extract one saved page: every field with the method that found it, and the release (or why not).

    With --db (and --source) or --learn-from, the page is read with the site's profile, which the
    output shows under "profile"."""
    from crawler.cli import known_source, load_sources_or_fail
    from crawler.runs.extract_file import extract_saved_bytes

    source = None
    if source_name:
        source = known_source(source_name, load_sources_or_fail(sources_paths))
    profile = _profile(db_path, source_name, learn_from, file, url)
    try:
        result = extract_saved_bytes(
            file.read_bytes(),
            url,
            source,
            encoding=encoding,
            platform=platform,
            http_status=http_status,
            profile=profile,
        )
    except (LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def _profile(
    db_path: Path | None, source_name: str | None, learn_from: tuple[Path, ...], file: Path, url: str
) -> SiteProfile | None:
    """The stored profile of the source (--db), or one learned from the given pages (--learn-from)."""
    from crawler.normalise.encoding import decode_html
    from crawler.profiles.learn import MIN_PAGES, learn_profile
    from crawler.profiles.sample import SamplePage

    if db_path is not None:
        import sqlite3

        import sqlite_utils

        from archive.db import inspect_archive
        from archive.migrations_runner import refuse_pending
        from crawler.profiles.keep import load_profile

        if not source_name:
            raise click.ClickException("--db needs --source: whose profile?")
        refuse_pending(inspect_archive(db_path), db_path)
        reader = sqlite_utils.Database(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True))
        try:
            found = load_profile(reader, source_name)
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{db_path}: {exc}") from exc
        if found is None:
            raise click.ClickException(f"no site profile of {source_name!r} in {db_path}")
        return found
    if not learn_from:
        return None
    pages = [SamplePage(url, decode_html(file.read_bytes()).text)]
    pages += [
        SamplePage(f"{url}#{n}", decode_html(path.read_bytes()).text) for n, path in enumerate(learn_from)
    ]
    if len(pages) < MIN_PAGES:
        raise click.ClickException(
            f"a profile needs at least {MIN_PAGES} pages of the site; {len(pages)} given"
        )
    learned = learn_profile(source_name or "adhoc", pages)
    if learned is None:
        raise click.ClickException("no profile could be learned from these pages")
    return learned
