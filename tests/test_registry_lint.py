"""Registry lint: the shipped spiders/sources/*.toml as a whole, beyond what loading one entry checks.

Each lint is a function from a list of `Source` to a list of problems, one line per offending entry
(or pair of entries) naming the file and the source, so a failing test says what to fix. Each lint
is run on the real registry, and on a small bad in-memory registry to show that it can fail.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.coverage import KINDS
from crawler.registry.regions import region
from crawler.registry.sources import DEFAULT_REGISTRY_DIR, KNOWN_PLATFORMS, Source, load_registry, site_host

MIN_ENABLED_SOURCES = 150
MIN_REGIONS = 75
LABEL_MARK = "label:"
TIMEZONE_MARK = "timezone:"
FORBIDDEN_POINTERS = ("../shared", "/work/")


# --- the lints -------------------------------------------------------------------------------------


def where(source: Source) -> str:
    return f"{source.registry_file or '<memory>'}: {source.name}"


def sections_overlap(first: Iterable[str], second: Iterable[str]) -> bool:
    return any(a.startswith(b) or b.startswith(a) for a in first for b in second)


def lint_shared_hosts(sources: list[Source]) -> list[str]:
    """No host in two entries, unless both are narrowed to distinct (non-overlapping) section_paths."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        for host in sorted(source.hosts):
            by_host[host].append(source)
    problems = []
    for host, group in sorted(by_host.items()):
        for first, second in combinations(group, 2):
            if not first.section_paths or not second.section_paths:
                reason = "give both entries distinct section_paths, or merge them"
            elif sections_overlap(first.section_paths, second.section_paths):
                paths = f"{list(first.section_paths)} / {list(second.section_paths)}"
                reason = f"their section_paths overlap ({paths})"
            else:
                continue
            problems.append(f"{where(first)} and {where(second)}: both use host {host}: {reason}")
    return problems


def lint_scheme_twins(sources: list[Source]) -> list[str]:
    """No two entries spell one host differently (http vs https, with or without "www.")."""
    spellings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for source in sources:
        for url in source.urls:
            parts = urlsplit(url)
            spellings[site_host(url)][f"{parts.scheme}://{(parts.hostname or '').lower()}"].add(where(source))
    problems = []
    for host, by_spelling in sorted(spellings.items()):
        if len(by_spelling) < 2:
            continue
        for (spelling_a, entries_a), (spelling_b, entries_b) in combinations(sorted(by_spelling.items()), 2):
            for a in sorted(entries_a):
                for b in sorted(entries_b - entries_a):
                    problems.append(f"{a} ({spelling_a}) and {b} ({spelling_b}): twins of host {host}")
    return problems


def lint_duplicate_titles(sources: list[Source]) -> list[str]:
    """No title in two entries: one body, one entry."""
    by_title: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_title[" ".join(source.title.split()).casefold()].append(source)
    return [
        f"{where(first)} and {where(second)}: same title {first.title!r}"
        for group in by_title.values()
        for first, second in combinations(group, 2)
    ]


def lint_labels(sources: list[Source]) -> list[str]:
    """A title in `inferred` is a label: its notes say `label:` and why; and only such titles do."""
    problems = []
    for source in sources:
        is_label = "title" in source.inferred
        says_label = LABEL_MARK in source.notes
        if is_label and not says_label:
            problems.append(f"{where(source)}: title is inferred but the notes give no '{LABEL_MARK}' reason")
        elif says_label and not is_label:
            problems.append(f"{where(source)}: notes say '{LABEL_MARK}' but title is not in inferred")
    return problems


def lint_timezones(sources: list[Source]) -> list[str]:
    """The region's zone, unless the notes explain another one with `timezone:`."""
    problems = []
    for source in sources:
        found = region(source.region)
        if found is None:
            problems.append(f"{where(source)}: region {source.region!r} is not a subject of the federation")
        elif source.timezone != found.timezone and TIMEZONE_MARK not in source.notes:
            problems.append(
                f"{where(source)}: timezone {source.timezone} differs from {found.name}'s {found.timezone}"
                f" and the notes give no '{TIMEZONE_MARK}' reason"
            )
    return problems


def lint_platforms(sources: list[Source]) -> list[str]:
    return [
        f"{where(source)}: platform {source.platform!r} is not one of {', '.join(KNOWN_PLATFORMS)}"
        for source in sources
        if source.platform not in KNOWN_PLATFORMS
    ]


def lint_coverage(sources: list[Source]) -> list[str]:
    """Enough enabled sources and regions, and every kind of publisher."""
    enabled = [source for source in sources if source.enabled]
    regions = {source.region for source in enabled}
    kinds = {source.publisher_kind for source in enabled}
    problems = []
    if len(enabled) < MIN_ENABLED_SOURCES:
        problems.append(f"{len(enabled)} enabled sources, fewer than {MIN_ENABLED_SOURCES}")
    if len(regions) < MIN_REGIONS:
        problems.append(f"enabled sources cover {len(regions)} regions, fewer than {MIN_REGIONS}")
    problems += [f"no enabled source of kind {kind!r}" for kind in KINDS if kind not in kinds]
    return problems


def lint_pointers(sources: list[Source]) -> list[str]:
    """No entry's text points outside the project (../shared, paths of one machine)."""
    problems = []
    for source in sources:
        texts = {
            "title": source.title,
            "notes": source.notes,
            **{f"url {url}": url for url in source.urls},
        }
        for key, text in texts.items():
            for pointer in FORBIDDEN_POINTERS:
                if pointer in text:
                    problems.append(f"{where(source)}: {key} mentions {pointer!r}")
    return problems


def lint_registry_files(directory: Path) -> list[str]:
    """The same for the registry's files as written (comments included) and its evidence README."""
    files = [*sorted(directory.glob("*.toml")), directory / "evidence" / "README.md"]
    return [
        f"{file.name}:{number}: mentions {pointer!r}"
        for file in files
        if file.is_file()
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1)
        for pointer in FORBIDDEN_POINTERS
        if pointer in line
    ]


LINTS = (
    lint_shared_hosts,
    lint_scheme_twins,
    lint_duplicate_titles,
    lint_labels,
    lint_timezones,
    lint_platforms,
    lint_coverage,
    lint_pointers,
)


# --- the shipped registry --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[Source]:
    return load_registry()


@pytest.mark.parametrize("lint", LINTS, ids=lambda lint: lint.__name__)
def test_shipped_registry_passes(shipped: list[Source], lint: Callable[[list[Source]], list[str]]) -> None:
    problems = lint(shipped)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_shipped_registry_files_point_nowhere_outside_the_project() -> None:
    problems = lint_registry_files(DEFAULT_REGISTRY_DIR)
    assert not problems, "\n".join(problems)


# --- each lint can fail ----------------------------------------------------------------------------


def make(name: str, **changes: object) -> Source:
    values: dict[str, object] = {
        "name": name,
        "title": f"Министерство {name}",
        "region": "Республика Башкортостан",
        "publisher_kind": "ministry",
        "timezone": "Asia/Yekaterinburg",
        "platform": "generic",
        "homepage": f"https://{name}.example.ru/",
        "registry_file": "spiders/sources/bad.toml",
    }
    values.update(changes)
    return Source(**values)  # type: ignore[arg-type]


def test_shared_hosts_reports_both_entries() -> None:
    bad = [
        make("portal", homepage="https://gov.example.ru/"),
        make(
            "ministry",
            homepage="https://www.gov.example.ru/",
            start_urls=("https://gov.example.ru/econ/news/",),
        ),
        make("feed_elsewhere", feed_url="https://gov.example.ru/rss"),
        make("alone"),
    ]
    problems = lint_shared_hosts(bad)
    text = "\n".join(problems)
    assert "bad.toml: portal and spiders/sources/bad.toml: ministry" in text
    assert "feed_elsewhere" in text
    assert "alone" not in text
    assert all("gov.example.ru" in line for line in problems)


def test_shared_hosts_admits_distinct_section_paths_only() -> None:
    distinct = [
        make("portal", homepage="https://gov.example.ru/", section_paths=("/press/",)),
        make("ministry", homepage="https://gov.example.ru/", section_paths=("/gov/econ/",)),
    ]
    assert lint_shared_hosts(distinct) == []
    overlapping = [*distinct, make("econ_news", homepage="https://gov.example.ru/", section_paths=("/gov/",))]
    (problem,) = lint_shared_hosts(overlapping)
    assert "ministry" in problem and "econ_news" in problem and "overlap" in problem
    one_narrowed = [distinct[0], make("whole", homepage="https://gov.example.ru/")]
    assert "whole" in lint_shared_hosts(one_narrowed)[0]


def test_scheme_twins_are_reported() -> None:
    bad = [
        make("secure", homepage="https://twin.example.ru/"),
        make("plain", homepage="http://twin.example.ru/"),
        make("with_www", homepage="https://www.other.example.ru/"),
        make("without_www", homepage="https://other.example.ru/news"),
        make("fine"),
    ]
    text = "\n".join(lint_scheme_twins(bad))
    assert "bad.toml: secure" in text and "bad.toml: plain" in text
    assert "with_www" in text and "without_www" in text
    assert "fine" not in text
    # one entry may mix schemes on its own (a feed on http beside an https homepage)
    assert lint_scheme_twins([make("mixed", homepage="https://x.ru/", feed_url="http://x.ru/rss")]) == []


def test_duplicate_titles_are_reported() -> None:
    bad = [
        make("first", title="Министерство экономики Республики Башкортостан"),
        make("second", title="Министерство  экономики Республики Башкортостан"),
        make("other"),
    ]
    (problem,) = lint_duplicate_titles(bad)
    assert "bad.toml: first" in problem and "bad.toml: second" in problem


def test_labels_must_say_so_both_ways() -> None:
    bad = [
        make("silent_label", inferred=("title",), notes="evidence: row 4."),
        make("stray_label", notes="evidence: row 5.\nlabel: from the host."),
        make("honest_label", inferred=("title",), notes="evidence: row 6.\nlabel: from the host."),
        make("seen_name", verified=("title",), notes="evidence: row 7."),
    ]
    problems = lint_labels(bad)
    assert len(problems) == 2
    assert "silent_label" in problems[0] and "stray_label" in problems[1]


def test_timezones_follow_the_region_unless_explained() -> None:
    bad = [
        make("wrong_zone", timezone="Europe/Moscow"),
        make("explained", timezone="Europe/Moscow", notes="timezone: the site writes Moscow time."),
        make("right_zone"),
        make("nowhere", region="Атлантида"),
    ]
    problems = lint_timezones(bad)
    assert len(problems) == 2
    assert "bad.toml: wrong_zone" in problems[0] and "Asia/Yekaterinburg" in problems[0]
    assert "nowhere" in problems[1]


def test_unknown_platforms_are_reported() -> None:
    (problem,) = lint_platforms([make("umbraco_site", platform="umbraco"), make("fine")])
    assert "bad.toml: umbraco_site" in problem


def test_coverage_counts_enabled_sources_regions_and_kinds() -> None:
    few = [make(f"s{n}") for n in range(3)] + [make("off", enabled=False, publisher_kind="portal")]
    problems = lint_coverage(few)
    assert any("3 enabled sources" in p for p in problems)
    assert any("1 regions" in p for p in problems)
    assert {p for p in problems if p.startswith("no enabled source")} == {
        "no enabled source of kind 'agency'",
        "no enabled source of kind 'export_centre'",
        "no enabled source of kind 'portal'",
    }


def test_pointers_outside_the_project_are_reported() -> None:
    bad = [
        make("shared_note", notes="evidence: ../shared/knowledge/sites.md §6"),
        make("machine_path", notes="evidence: /work/shared/knowledge/regional-sources.tsv row 4"),
        make("fine", notes="evidence: regional-sources.tsv row 4"),
    ]
    problems = lint_pointers(bad)
    assert any("shared_note" in p for p in problems)
    assert any("machine_path" in p for p in problems)
    assert not any("fine" in p for p in problems)


def test_registry_file_comments_are_linted(tmp_path: Path) -> None:
    (tmp_path / "ok.toml").write_text("# evidence/sites.md §6\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("# x\n# see ../shared/knowledge/sites.md\n", encoding="utf-8")
    assert lint_registry_files(tmp_path) == ["bad.toml:2: mentions '../shared'"]
