"""The source registry: Source dataclass and strict loading of spiders/sources/*.toml.

Files, TOML syntax and duplicate names are handled here; the checks of one entry live in
crawler.registry.validation. Every problem raises RegistryError naming the file, the source and
the key, so an operator can fix a bad entry without reading code. The keys are documented in
docs/registry.md.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.records import SourceRecord
from crawler.normalise.urls import url_host
from crawler.registry.validation import EntryError, check_entry

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REGISTRY_DIR = PROJECT_ROOT / "spiders" / "sources"

# Layout adapters a registry entry may name. crawler.pages implements them (some later); this
# tuple is kept here so that loading the registry never imports the page objects.
KNOWN_PLATFORMS = ("mosreg_ministry", "generic", "bitrix", "drupal", "wordpress", "gosweb")

RegistryPaths = str | Path | Sequence[str | Path] | None


class RegistryError(ValueError):
    """A registry file or entry is invalid. The message names file, source and key."""

    def __init__(self, file: str | Path, source: str | None, key: str | None, problem: str) -> None:
        self.file = str(file)
        self.source = source
        self.key = key
        self.problem = problem
        where = self.file
        if source:
            where += f": source {source!r}"
        if key:
            where += f": key {key!r}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Selectors:
    """CSS selectors; any left None falls back to the platform's defaults."""

    item: str | None = None  # one release block on a listing page
    link: str | None = None  # the article link inside an item (an <a>)
    list_date: str | None = None  # the date inside an item
    next_page: str | None = None  # the link to the next listing page
    title: str | None = None  # article title
    date: str | None = None  # article date
    body: str | None = None  # article body container

    def merged_over(self, defaults: Selectors) -> Selectors:
        """These selectors, with gaps filled from `defaults`."""
        return Selectors(
            **{
                name: getattr(self, name) if getattr(self, name) is not None else getattr(defaults, name)
                for name in self.__dataclass_fields__
            }
        )


def site_host(url: str) -> str:
    """The host of `url` in lower case without a leading "www.": one site however it is spelt."""
    return url_host(url).removeprefix("www.")


@dataclass(frozen=True)
class Source:
    """One publisher's press section, as declared in the registry."""

    name: str  # slug, [a-z0-9_]+, unique across all files; also the Scrapy spider name
    title: str  # Russian name of the publisher
    region: str  # Russian name of the region, e.g. "Московская область"
    publisher_kind: str  # ministry | agency | export_centre | portal | other
    timezone: str  # IANA zone, e.g. "Europe/Moscow"
    platform: str  # layout adapter in crawler.pages, e.g. "mosreg_ministry", "generic"
    start_urls: tuple[str, ...] = ()  # listing pages to start from; none: found from the homepage
    feed_url: str | None = None
    sitemap_url: str | None = None
    homepage: str | None = None
    section_paths: tuple[str, ...] = ()  # path prefixes the source is narrowed to (a portal's ministry)
    allowed_domains: tuple[str, ...] = ()  # defaults to the hosts of start_urls
    selectors: Selectors = field(default_factory=Selectors)
    max_pages: int = 200  # listing pages followed per crawl, a safety limit
    verify_tls: bool = True
    date_order: str = "DMY"  # order of numeric dates on the site: DMY | MDY | YMD (docs/dates.md)
    date_formats: tuple[str, ...] = ()  # strptime-like formats tried before the built-in ones
    enabled: bool = True
    verified: tuple[str, ...] = ()  # registry keys whose values were seen in real material
    inferred: tuple[str, ...] = ()  # registry keys whose values are inferred (GUESS)
    notes: str = ""  # evidence and caveats, free text
    registry_file: str = ""  # where the entry was loaded from (not a TOML key)

    @property
    def urls(self) -> tuple[str, ...]:
        """Every URL the entry names: homepage, start_urls, feed_url, sitemap_url."""
        return tuple(url for url in (self.homepage, *self.start_urls, self.feed_url, self.sitemap_url) if url)

    @property
    def hosts(self) -> set[str]:
        """The sites the entry crawls: the `site_host` of each of its URLs."""
        return {site_host(url) for url in self.urls}

    @property
    def finds_section(self) -> bool:
        """Only a homepage is given: the crawl finds the press section (crawler.discovery.sections)."""
        return not self.start_urls

    def in_section(self, url: str) -> bool:
        """Whether `url` lies under `section_paths` (always, when the source is not narrowed)."""
        if not self.section_paths:
            return True
        path = urlsplit(url).path or "/"
        return any(path.startswith(prefix) for prefix in self.section_paths)

    def to_record(self) -> SourceRecord:
        return SourceRecord(
            name=self.name,
            title=self.title,
            region=self.region,
            publisher_kind=self.publisher_kind,
            timezone=self.timezone,
            platform=self.platform,
            start_urls=self.start_urls,
            feed_url=self.feed_url,
            sitemap_url=self.sitemap_url,
            homepage=self.homepage,
            registry_file=self.registry_file,
        )


class UnknownSourceError(RegistryError, KeyError):
    """`load_source` was asked for a name no registry entry has (a KeyError too)."""

    def __str__(self) -> str:  # KeyError would otherwise print the repr of the message
        return str(self.args[0])


SELECTOR_KEYS = tuple(f.name for f in fields(Selectors))
_SOURCE_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*source[ \t]*\]\]", re.MULTILINE)
TOO_DEEP = "arrays or inline tables nested too deeply; a registry entry needs at most two levels"
_TOML_POSITION = re.compile(r"\s*\((at line (\d+), column (\d+)|at end of document)\)$")


def load_registry(paths: RegistryPaths = None) -> list[Source]:
    """Load every [[source]] from TOML files and/or directories (default: spiders/sources/).

    A directory contributes its *.toml files in name order; a list is read in the order given.
    Every entry is validated strictly; the first problem raises RegistryError naming the file,
    the source and the key. Names must be unique across everything loaded.
    """
    sources: list[Source] = []
    first_seen: dict[str, str] = {}
    for file in registry_files(paths):
        for source in _load_file(file):
            if source.name in first_seen:
                raise RegistryError(
                    source.registry_file,
                    source.name,
                    "name",
                    f"duplicate source name; first defined in {first_seen[source.name]}",
                )
            first_seen[source.name] = source.registry_file
            sources.append(source)
    return sources


def load_source(name: str, paths: RegistryPaths = None) -> Source:
    """The entry called `name`; UnknownSourceError (a RegistryError and a KeyError) if none is."""
    sources = load_registry(paths)
    for source in sources:
        if source.name == name:
            return source
    known = [source.name for source in sources]
    hint = difflib.get_close_matches(name, known, n=1)
    suggestion = f"did you mean {hint[0]!r}? " if hint else ""
    where = ", ".join(_display(path) for path in _as_path_list(paths))
    raise UnknownSourceError(
        where, name, "name", f"no source with this name; {suggestion}known: {', '.join(sorted(known))}"
    )


def registry_files(paths: RegistryPaths = None) -> list[Path]:
    """The TOML files `paths` stands for, each once, in load order."""
    files: list[Path] = []
    for path in _as_path_list(paths):
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                raise RegistryError(_display(path), None, None, "directory holds no *.toml registry files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise RegistryError(_display(path), None, None, "no such file or directory")
    return list({file.resolve(): file for file in files}.values())


def _as_path_list(paths: RegistryPaths) -> list[Path]:
    if paths is None:
        return [DEFAULT_REGISTRY_DIR]
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(path) for path in paths]


def _display(path: Path) -> str:
    """The path relative to the project when it lies inside it (as stored in the archive)."""
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


def _load_file(file: Path) -> Iterator[Source]:
    where = _display(file)
    text = _read_text(file, where)
    entries = _entries(_parse_toml(text, where), where)
    header_lines = [text.count("\n", 0, match.start()) + 1 for match in _SOURCE_HEADER.finditer(text)]
    for index, raw in enumerate(entries):
        line = header_lines[index] if len(header_lines) == len(entries) else None
        yield _build_source(raw, where, index + 1, line)


def _read_text(file: Path, where: str) -> str:
    try:  # a byte-order mark, as some Windows editors write one, is accepted
        return file.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise RegistryError(where, None, None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise RegistryError(where, None, None, f"cannot read: {exc.strerror or exc}") from None


def _parse_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(where, None, None, _syntax_problem(exc)) from None
    except RecursionError:
        raise RegistryError(where, None, None, TOO_DEEP) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise RegistryError(where, None, None, f"TOML value cannot be read: {exc}") from None


def _syntax_problem(exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    position = _TOML_POSITION.search(message)
    if position and position.group(2):
        detail = f"line {position.group(2)}, column {position.group(3)}"
    elif position:
        detail = "end of file"
    else:
        detail = "unknown position"
    reason = message[: position.start()] if position else message
    return f"TOML syntax error at {detail}: {reason}"


def _entries(data: dict[str, Any], where: str) -> list[dict[str, Any]]:
    for key in data:
        if key != "source":
            raise RegistryError(
                where, None, key, "unknown top-level key; a registry file holds only [[source]] entries"
            )
    entries = data.get("source")
    if isinstance(entries, dict):
        raise RegistryError(
            where, None, "source", "[source] is a single table; write [[source]] (an array of tables)"
        )
    if entries is None or entries == []:
        raise RegistryError(where, None, None, "no [[source]] entries in this file")
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise RegistryError(where, None, "source", "must be an array of tables written as [[source]]")
    return entries


def _build_source(raw: dict[str, Any], where: str, number: int, line: int | None) -> Source:
    name = raw.get("name")
    label = name if isinstance(name, str) and name else f"#{number}"
    at_line = f" (entry starting at line {line})" if line else ""
    try:
        values = check_entry(raw, platforms=KNOWN_PLATFORMS, selector_keys=SELECTOR_KEYS)
    except EntryError as exc:
        raise RegistryError(where, label, exc.key, exc.problem + at_line) from None
    except RecursionError:
        raise RegistryError(where, label, None, TOO_DEEP + at_line) from None
    selectors = Selectors(**values.pop("selectors"))
    return Source(**values, selectors=selectors, registry_file=where)
