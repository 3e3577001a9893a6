"""`pressarchive`: the operator's commands (crawl, sources; the others, serve too, in crawler.commands)."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import json
import pkgutil
import socket
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from archive.coverage import KIND_HEADERS, KINDS, Coverage, build_coverage
from archive.regions import CORE_REGIONS, district_title
from archive.serve.labels import plural
from crawler.commands._redis_options import redis_options
from crawler.commands._writing import DB_META, archive_problem, wait_option, writing
from crawler.commands._writing import db_option as make_db_option
from crawler.registry.sources import RegistryError, Source, load_registry

if TYPE_CHECKING:
    from crawler.runs.extract_pool import ExtractPool


def split_overrides(overrides: tuple[str, ...]) -> dict[str, str]:
    """--set NAME=VALUE options as a settings dict, the values unchecked (parse_overrides)."""
    settings: dict[str, str] = {}
    for item in overrides:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(f"«{item}»: нужно ИМЯ=ЗНАЧЕНИЕ", param_hint="'--set'")
        settings[name.strip()] = value
    return settings


def parse_overrides(overrides: tuple[str, ...]) -> dict[str, str]:
    """--set NAME=VALUE options as a settings dict; a value the setting cannot take (a word for a
    number, a negative delay) is a usage error (exit 2) here, not a traceback inside Scrapy."""
    settings = split_overrides(overrides)
    for name, value in settings.items():
        problem = setting_problem(name, value)
        if problem is not None:
            raise click.BadParameter(f"{name}={value}: {problem}", param_hint="'--set'")
    return settings


def early_pool(overrides: tuple[str, ...]) -> ExtractPool | None:
    """The crawl's extraction workers, forked before Scrapy is imported (checking the --set values
    imports it): crawler.runs.extract_pool.workers_before_settings says why, and how many. Closed
    when the command ends, if the crawl has not closed them before."""
    from crawler.runs.extract_pool import start_early_pool

    try:
        guessed = split_overrides(overrides)
    except click.BadParameter:  # said by parse_overrides, next
        return None
    pool = start_early_pool(guessed)
    click.get_current_context().call_on_close(pool.close)
    return pool


def setting_problem(name: str, value: str) -> str | None:
    """Why `value` cannot be the setting `name` (judged by the type of its default), or None."""
    import math

    from scrapy.settings import default_settings

    import crawler.scrapy_glue.settings as project

    default = getattr(project, name, getattr(default_settings, name, None))
    if isinstance(default, bool):
        return None if value in {"0", "1", "True", "true", "False", "false"} else "нужно true или false"
    if isinstance(default, int | float):
        try:
            number = int(value) if isinstance(default, int) else float(value)
        except ValueError:
            kind = "целое число" if isinstance(default, int) else "число"
            return f"нужно {kind} (по умолчанию {default})"
        if not math.isfinite(number):
            return "нужно конечное число"
        if default >= 0 and number < 0:
            return f"нужно число не меньше 0 (по умолчанию {default})"
    return None


def load_sources_or_fail(paths: tuple[Path, ...]) -> list[Source]:
    """The registry, or a clear CLI error naming the file, source and key."""
    return _load_sources(paths)


def _load_sources(paths: tuple[Path, ...]) -> list[Source]:
    try:
        return load_registry(list(paths) or None)
    except RegistryError as exc:
        raise click.ClickException(f"registry error: {exc}") from exc


class UnknownSource(click.ClickException):
    """A mistyped source name: said in Russian with the closest names of the registry; exit code 2."""

    exit_code = 2

    def __init__(self, name: str, sources: Iterable[Source]) -> None:
        super().__init__(unknown_source_message(name, list(sources)))

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def unknown_source_message(name: str, sources: list[Source]) -> str:
    """«Источник "mii.mosreg" не найден. Возможно: mosreg_mii» (names, and names by their site's host)."""
    candidates: dict[str, str] = {s.name: s.name for s in sources}
    for source in sources:
        for url in (source.homepage, *source.start_urls):
            host = urlsplit(url or "").hostname
            if host:
                candidates.setdefault(host.removeprefix("www."), source.name)
    typed = name.strip().lower()
    close = difflib.get_close_matches(typed, list(candidates), n=5, cutoff=0.6)
    close += [c for c in candidates if len(typed) >= 3 and typed in c.lower()]
    names = list(dict.fromkeys(candidates[c] for c in close))[:3]
    text = f'Источник "{name}" не найден.'
    if names:
        return f"{text} Возможно: {', '.join(names)}"
    return f"{text} Список источников: pressarchive sources"


def known_source(name: str, sources: Iterable[Source]) -> Source:
    """The registry's source of that name, or UnknownSource (with did-you-mean)."""
    sources = list(sources)
    for source in sources:
        if source.name == name:
            return source
    raise UnknownSource(name, sources)


sources_option = click.option(
    "--sources",
    "sources_paths",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Registry TOML file or directory (repeatable). Default: spiders/sources/.",
)
db_option = make_db_option()


class PressarchiveGroup(click.Group):
    """The `pressarchive` group: an unusable --db met anywhere in a command becomes one «ОШИБКА»
    line and exit code 2, never a traceback (archive.migrations_runner.ArchiveError, and
    SQLite's own errors about a database file)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            problem = archive_problem(exc, ctx.meta.get(DB_META))
            if problem is None:
                raise
            raise problem from None


@click.group(cls=PressarchiveGroup)
@click.version_option(package_name="pressarchive")
def main() -> None:
    """pressarchive: an archive of Russian regional press releases."""


@main.command()
@sources_option
@db_option
@click.option("--only", "only", multiple=True, metavar="NAME", help="Crawl only these sources (repeatable).")
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.option("-v", "--verbose", is_flag=True, help="Show the crawl log (INFO) with its tracebacks.")
@wait_option()
@redis_options
def crawl(
    sources_paths: tuple[Path, ...],
    db_path: Path,
    only: tuple[str, ...],
    overrides: tuple[str, ...],
    verbose: bool,
    wait: float,
    redis_url: str | None,
    workers: int,
    namespace: str,
) -> None:
    """A full pass over the sources (every listing page) into the archive.

    In a terminal, a line per source as it finishes; always, the summary on stdout and one line
    per failed source on stderr («ОШИБКА …»). Exit code 1 when a source failed; 2 when --db is
    not an archive; 74 when the archive's disk ran out of room (the run stopped cleanly; see
    PRESSARCHIVE_MIN_FREE_MB); 75 when another command is writing the archive (see --wait)."""
    from archive.db import check_archive_file, open_db
    from archive.disk_space import DiskFull, is_disk_full
    from crawler.commands._writing import DiskFullProblem
    from crawler.runs.progress import Progress, failure_lines

    check_archive_file(db_path, create=True)  # before anything else: exit 2, said once
    sources = _load_sources(sources_paths)
    for name in only:
        known_source(name, sources)
    selected = [s for s in sources if s.enabled and (not only or s.name in only)]
    if not selected:
        raise click.ClickException("no enabled source to crawl")
    pool = None if redis_url else early_pool(overrides)
    settings = parse_overrides(overrides)
    console_log = quiet_unless(verbose)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    names = [s.name for s in selected]
    progress = Progress(db_path, started, len(selected))
    with writing(db_path, "crawl", wait, create=True):
        open_db(db_path).close()  # created or migrated here: a bad --db is said once, before Scrapy
        from crawler.runs.crawl import judge_sources, run_crawl, summarise_runs

        if progress.enabled:
            count = f"{len(selected)} {plural(len(selected), 'источника', 'источников', 'источников')}"
            click.echo(f"Обход {count}: {db_path}", err=True)
        stopped: DiskFull | None = None
        on_repair = lambda repair: click.echo(f"WARC починен: {repair.describe()}", err=True)  # noqa: E731
        try:
            if redis_url:
                started = min(
                    started,
                    _distributed(
                        selected,
                        db_path,
                        settings,
                        redis_url,
                        workers=workers,
                        namespace=namespace,
                        verbose=verbose,
                        on_source_done=progress.source_done,
                    ),
                )
            else:
                run_crawl(
                    selected,
                    db_path,
                    settings,
                    sources_paths=sources_paths,
                    log_level="INFO" if verbose else "WARNING",
                    console_log=console_log,
                    on_source_done=progress.source_done,
                    on_repair=on_repair,
                    pool=pool,
                )
        except DiskFull as exc:
            stopped = exc
        rows, failed = summarise_runs(db_path, started, names)
        try:
            judge_sources(db_path, names)
        except Exception as exc:
            if stopped is None or not is_disk_full(exc):
                raise
    for row in rows:
        if stopped is None or not row.endswith("no run recorded"):
            click.echo(row)
    if stopped is not None:  # one line says it all: the runs above ended `disk_full`
        raise DiskFullProblem(str(stopped))
    for line in failure_lines(db_path, started, names):
        click.echo(line, err=True)
    if failed:
        sys.exit(1)


def _distributed(
    sources: list[Source],
    db_path: Path,
    settings: dict[str, str],
    redis_url: str,
    workers: int,
    namespace: str,
    verbose: bool,
    on_source_done: Any = None,
) -> str:
    """The crawl with workers on Redis (crawler.distributed); its start, earlier when resumed."""
    import redis

    from crawler.distributed.coordinator import RunConflict, WorkersGone, run_distributed_crawl

    try:
        return run_distributed_crawl(
            sources,
            db_path,
            settings,
            redis_url=redis_url,
            workers=workers,
            namespace=namespace,
            on_source_done=on_source_done,
            log_level="INFO" if verbose else "WARNING",
        )
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise click.ClickException(f"Redis недоступен ({redis_url}): {exc}") from None
    except (RunConflict, WorkersGone) as exc:
        raise click.ClickException(str(exc)) from None


def quiet_unless(verbose: bool) -> bool:
    """Normal verbosity: Scrapy's log off the console, the project's errors one line each (no
    tracebacks). Returns whether Scrapy's own console log stays on (with -v)."""
    if verbose:
        return True
    from crawler.runs.progress import quiet_console

    quiet_console()
    return False


class PortBusy(Exception):
    """The port the user chose is taken; the message (Russian) names a free one."""


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on host:port now (bound the way uvicorn binds, then let go)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except OSError:
        return True  # an unknown host is the server's error to report, not the port's
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


def free_port_near(host: str, port: int, tries: int = 50) -> int | None:
    """The first free port after `port` (None if the next `tries` are all taken)."""
    return next((p for p in range(port + 1, min(port + 1 + tries, 65536)) if port_is_free(host, p)), None)


def choose_serve_port(host: str, port: int, explicit: bool, command: str = "pressarchive serve") -> int:
    """The port to serve on, checked BEFORE the archive's address is printed.

    A free port is returned as is. A taken port the user did not choose (the default) is replaced
    by the next free one; one the user chose raises PortBusy with a Russian message naming a free
    port and the command to use it (`command`: how the user started the server, e.g. `make demo`
    passes its own). Usable by any launcher of the server (demo)."""
    if port_is_free(host, port):
        return port
    free = free_port_near(host, port)
    if free is None:
        raise PortBusy(f"Порт {port} занят, и свободного рядом нет. Укажите другой: {command} --port ПОРТ")
    if explicit:
        raise PortBusy(f"Порт {port} занят. Свободен, например, {free}: {command} --port {free}")
    return free


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
        if info.name.startswith("_"):  # shared pieces of several commands, not a command
            continue
        module = importlib.import_module(f"crawler.commands.{info.name}")
        main.add_command(module.command)


_register_command_modules()

if __name__ == "__main__":
    main()
