"""`pressarchive`: the operator's commands (crawl, serve, sources; more in crawler.commands)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
import sys
from dataclasses import asdict
from pathlib import Path

import click

from archive.coverage import KIND_HEADERS, KINDS, Coverage, build_coverage
from archive.regions import CORE_REGIONS, district_title
from crawler.registry.sources import RegistryError, Source, load_registry

DEFAULT_DB = "var/archive.db"


def parse_overrides(overrides: tuple[str, ...]) -> dict[str, str]:
    """--set NAME=VALUE options as a settings dict."""
    try:
        return dict(item.split("=", 1) for item in overrides)
    except ValueError as exc:
        raise click.ClickException("--set takes NAME=VALUE") from exc


def load_sources_or_fail(paths: tuple[Path, ...]) -> list[Source]:
    """The registry, or a clear CLI error naming the file, source and key."""
    return _load_sources(paths)


def _load_sources(paths: tuple[Path, ...]) -> list[Source]:
    try:
        return load_registry(list(paths) or None)
    except RegistryError as exc:
        raise click.ClickException(f"registry error: {exc}") from exc


sources_option = click.option(
    "--sources",
    "sources_paths",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Registry TOML file or directory (repeatable). Default: spiders/sources/.",
)
db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The archive database; raw captures live beside it.",
)


@click.group()
@click.version_option(package_name="pressarchive")
def main() -> None:
    """pressarchive: an archive of Russian regional press releases."""


@main.command()
@sources_option
@db_option
@click.option("--only", "only", multiple=True, metavar="NAME", help="Crawl only these sources (repeatable).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.option("-v", "--verbose", is_flag=True, help="Show the crawl log (INFO) instead of warnings only.")
def crawl(
    sources_paths: tuple[Path, ...],
    db_path: Path,
    only: tuple[str, ...],
    overrides: tuple[str, ...],
    verbose: bool,
) -> None:
    """A full pass over the sources (every listing page) into the archive."""
    from crawler.runs.crawl import judge_sources, run_crawl, summarise_runs

    sources = _load_sources(sources_paths)
    known = {s.name for s in sources}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise click.ClickException(f"unknown source(s): {', '.join(unknown)}; see `pressarchive sources`")
    selected = [s for s in sources if s.enabled and (not only or s.name in only)]
    if not selected:
        raise click.ClickException("no enabled source to crawl")
    settings = parse_overrides(overrides)
    click.echo(f"crawling {len(selected)} source(s) into {db_path}", err=True)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    run_crawl(
        selected, db_path, settings, sources_paths=sources_paths, log_level="INFO" if verbose else "WARNING"
    )
    rows, failed = summarise_runs(db_path, started, [s.name for s in selected])
    judge_sources(db_path, [s.name for s in selected])
    for row in rows:
        click.echo(row)
    if failed:
        click.echo(f"FAILED: {', '.join(failed)}", err=True)
        sys.exit(1)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: Path, host: str, port: int) -> None:
    """Serve the archive with Datasette (Russian UI, search, facets)."""
    from archive.serve.app import serve as serve_archive

    if not db_path.exists():
        raise click.ClickException(f"no archive at {db_path}: run `pressarchive crawl --db {db_path}` first")
    click.echo(f"Архив пресс-релизов: http://{host}:{port}/", err=True)
    serve_archive(db_path, host=host, port=port)


@main.command("sources")
@sources_option
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per source (with --coverage: the coverage)."
)
@click.option(
    "--coverage",
    is_flag=True,
    help="Enabled sources per kind in each of the 85 regions, by federal district, and what is missing.",
)
def list_sources(sources_paths: tuple[Path, ...], as_json: bool, coverage: bool) -> None:
    """Validate the registry and list its sources (or, with --coverage, which regions they cover)."""
    sources = _load_sources(sources_paths)
    if coverage:
        report = build_coverage((s.region, s.publisher_kind) for s in sources if s.enabled)
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            click.echo("\n".join(coverage_lines(report)))
        return
    for source in sources:
        if as_json:
            click.echo(json.dumps(asdict(source), ensure_ascii=False, default=list))
        else:
            state = "" if source.enabled else "  (disabled)"
            where = source.start_urls[0] if source.start_urls else f"{source.homepage} (home page only)"
            click.echo(f"{source.name:28} {source.platform:16} {source.timezone:22} {where}{state}")


def coverage_lines(report: Coverage) -> list[str]:
    """The coverage as a text table: regions under their federal district, then the totals."""
    width = max(len(name) for name in CORE_REGIONS) + 2
    cells = [max(len(KIND_HEADERS[kind]), 3) for kind in KINDS]
    header = "  ".join(f"{KIND_HEADERS[kind]:>{w}}" for kind, w in zip(KINDS, cells, strict=True))
    lines = [f"{'регион':{width}}{header}  не хватает"]
    for district, regions in report.districts.items():
        lines += ["", district_title(district)]
        for item in regions:
            row = "  ".join(f"{item.cell(kind):>{w}}" for kind, w in zip(KINDS, cells, strict=True))
            lines.append(f"  {item.region:{width - 2}}{row}  {item.missing_label}".rstrip())
    lines += ["", f"Регионов хотя бы с одним источником: {report.covered} из {len(CORE_REGIONS)}"]
    missing = report.missing_by_kind
    lines.append("Регионов без источника: " + ", ".join(f"{KIND_HEADERS[k]} — {missing[k]}" for k in KINDS))
    if report.outside:
        outside = ", ".join(f"{name} ({n})" for name, n in report.outside.items())
        lines.append(f"Источники вне 85 регионов: {outside}")
    return lines


def _register_command_modules() -> None:
    """Add every crawler.commands.<module>.command to the group."""
    import crawler.commands

    for info in sorted(pkgutil.iter_modules(crawler.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"crawler.commands.{info.name}")
        main.add_command(module.command)


_register_command_modules()

if __name__ == "__main__":
    main()
