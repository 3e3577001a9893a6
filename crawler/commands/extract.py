"""`pressarchive extract FILE --url URL [--source NAME]`: one saved page to JSON, with no network."""

from __future__ import annotations

import json
from pathlib import Path

import click


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
def command(
    file: Path,
    url: str,
    source_name: str | None,
    sources_paths: tuple[Path, ...],
    platform: str | None,
    encoding: str | None,
    http_status: int,
) -> None:
    """Extract one saved page: every field with the method that found it, and the release (or why not)."""
    from crawler.registry.sources import RegistryError, load_registry
    from crawler.runs.extract_file import extract_saved_bytes

    source = None
    if source_name:
        try:
            sources = {s.name: s for s in load_registry(list(sources_paths) or None)}
        except RegistryError as exc:
            raise click.ClickException(f"registry error: {exc}") from exc
        if source_name not in sources:
            raise click.ClickException(f"unknown source {source_name!r}; see `pressarchive sources`")
        source = sources[source_name]
    try:
        result = extract_saved_bytes(
            file.read_bytes(), url, source, encoding=encoding, platform=platform, http_status=http_status
        )
    except (LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
