"""The source registry: the shipped spiders/sources/*.toml, and strict loading with clear errors."""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from archive.records import PUBLISHER_KINDS
from crawler.registry.sources import (
    DEFAULT_REGISTRY_DIR,
    KNOWN_PLATFORMS,
    SELECTOR_KEYS,
    RegistryError,
    Selectors,
    Source,
    load_registry,
    load_source,
)
from crawler.registry.validation import OPTIONAL_KEYS, REQUIRED_KEYS

MOSCOW_REGION = "Московская область"


def base_entry(**changes: Any) -> dict[str, Any]:
    """A valid entry; a change of None removes the key."""
    entry: dict[str, Any] = {
        "name": "demo_ministry",
        "title": "Министерство инвестиций, промышленности и науки Московской области",
        "region": MOSCOW_REGION,
        "publisher_kind": "ministry",
        "timezone": "Europe/Moscow",
        "platform": "mosreg_ministry",
        "start_urls": ["https://mii.mosreg.ru/sobytiya/novosti-ministerstva"],
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


def to_toml(*entries: dict[str, Any]) -> str:
    """Render entries as [[source]] tables (JSON scalars and arrays are valid TOML values)."""

    def assignments(table: dict[str, Any]) -> list[str]:
        return [
            f"{key} = {json.dumps(value, ensure_ascii=False)}"
            for key, value in table.items()
            if not isinstance(value, dict)
        ]

    parts = []
    for entry in entries:
        lines = ["[[source]]", *assignments(entry)]
        for key, table in entry.items():
            if isinstance(table, dict):
                lines += [f"[source.{key}]", *assignments(table)]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def _write(text: str, filename: str = "moscow-oblast.toml") -> Path:
        path = tmp_path / filename
        path.write_text(text, encoding="utf-8")
        return path

    return _write


# --- the shipped registry -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[Source]:
    return load_registry()


def test_shipped_registry_loads_from_the_default_directory(shipped: list[Source]) -> None:
    assert shipped
    assert DEFAULT_REGISTRY_DIR.is_dir()
    assert {Path(s.registry_file).name for s in shipped} == {
        p.name for p in DEFAULT_REGISTRY_DIR.glob("*.toml")
    }


def test_shipped_names_are_unique(shipped: list[Source]) -> None:
    names = [s.name for s in shipped]
    assert len(names) == len(set(names))


def test_shipped_zones_are_valid_iana_zones(shipped: list[Source]) -> None:
    for source in shipped:
        assert zoneinfo.ZoneInfo(source.timezone).key == source.timezone


def test_shipped_registry_covers_moscow_region_and_six_other_regions(shipped: list[Source]) -> None:
    moscow = [s for s in shipped if s.region == MOSCOW_REGION]
    others = [s for s in shipped if s.region != MOSCOW_REGION]
    assert len(moscow) >= 4
    assert len(others) >= 6
    assert len({s.region for s in others}) >= 6
    assert {"mosreg_mii", "mosreg_portal", "mosreg_invest_air", "mosreg_export"} <= {s.name for s in moscow}
    kinds = {s.name: s.publisher_kind for s in moscow}
    assert kinds["mosreg_portal"] == "portal"
    assert kinds["mosreg_invest_air"] == "agency"
    assert kinds["mosreg_export"] == "export_centre"


def test_shipped_files_hold_one_region_each(shipped: list[Source]) -> None:
    regions_by_file: dict[str, set[str]] = {}
    for source in shipped:
        regions_by_file.setdefault(source.registry_file, set()).add(source.region)
    assert all(len(regions) == 1 for regions in regions_by_file.values()), regions_by_file
    assert "spiders/sources/moscow-oblast.toml" in regions_by_file


@pytest.mark.parametrize(
    ("name", "zone", "platform"),
    [
        ("mosreg_mii", "Europe/Moscow", "mosreg_ministry"),
        ("kurganobl_portal", "Asia/Yekaterinburg", "drupal"),
        ("permkrai_portal", "Asia/Yekaterinburg", "bitrix"),
        ("nso_portal", "Asia/Novosibirsk", "drupal"),
        ("pskov_portal", "Europe/Moscow", "drupal"),
        ("tatarstan_invest", "Europe/Moscow", "bitrix"),
    ],
)
def test_shipped_zones_and_platforms_of_known_sites(
    shipped: list[Source], name: str, zone: str, platform: str
) -> None:
    source = {s.name: s for s in shipped}[name]
    assert (source.timezone, source.platform) == (zone, platform)


def test_shipped_entries_state_their_evidence(shipped: list[Source]) -> None:
    for source in shipped:
        assert source.notes.startswith("evidence:"), source.name
        assert source.verified or source.inferred, source.name


def test_shipped_guesses_from_sites_md_are_marked_inferred(shipped: list[Source]) -> None:
    by_name = {s.name: s for s in shipped}
    # sites.md §2: mii paths, feed and layout are a GUESS by analogy with sibling ministries.
    assert {"start_urls", "feed_url", "platform"} <= set(by_name["mosreg_mii"].inferred)
    # sites.md §3/§4: the AIR list URL and the export centre's site are guesses.
    assert "start_urls" in by_name["mosreg_invest_air"].inferred
    assert {"title", "start_urls"} <= set(by_name["mosreg_export"].inferred)
    # sites.md §2: mtdi's feed is a verified official feed.
    assert "feed_url" in by_name["mosreg_mtdi"].verified


def test_shipped_kurgan_selectors_come_from_the_saved_fragment(shipped: list[Source]) -> None:
    kurgan = {s.name: s for s in shipped}["kurganobl_portal"]
    assert kurgan.selectors.item == "li.views-row"
    assert kurgan.selectors.list_date == ".views-field-created"


def test_shipped_sources_become_archive_records(shipped: list[Source]) -> None:
    for source in shipped:
        row = source.to_record().to_row()
        assert row["name"] == source.name
        assert json.loads(row["start_urls"]) == list(source.start_urls)
        assert row["registry_file"].startswith("spiders/sources/")


# --- the schema ------------------------------------------------------------------------------------


def test_registry_keys_match_the_source_dataclass() -> None:
    source_fields = {f.name for f in fields(Source)}
    assert set(REQUIRED_KEYS) | set(OPTIONAL_KEYS) == source_fields - {"registry_file"}
    assert set(SELECTOR_KEYS) == {f.name for f in fields(Selectors)}
    assert set(KNOWN_PLATFORMS) >= {"mosreg_ministry", "generic", "bitrix", "drupal", "wordpress", "gosweb"}


def test_a_minimal_entry_gets_the_dataclass_defaults(write: Callable[..., Path]) -> None:
    (source,) = load_registry(write(to_toml(base_entry())))
    assert source.max_pages == 200
    assert source.verify_tls is True
    assert source.enabled is True
    assert source.feed_url is None
    assert source.selectors == Selectors()
    assert source.allowed_domains == ("mii.mosreg.ru",)
    assert source.start_urls == ("https://mii.mosreg.ru/sobytiya/novosti-ministerstva",)
    assert source.registry_file.endswith("moscow-oblast.toml")


def test_a_full_entry_is_read_into_typed_fields(write: Callable[..., Path]) -> None:
    entry = base_entry(
        homepage="https://mii.mosreg.ru/",
        feed_url="https://mii.mosreg.ru/sobytiya/novosti-ministerstva?format=rss",
        sitemap_url="https://mii.mosreg.ru/sitemap.xml",
        max_pages=5,
        verify_tls=False,
        enabled=False,
        verified=["homepage", "selectors.item"],
        inferred=["start_urls", "feed_url"],
        notes="evidence: sites.md §2\n",
        selectors={"item": "div.event__content", "link": "a::attr(href)", "list_date": "div.event__pub-date"},
    )
    (source,) = load_registry(write(to_toml(entry)))
    assert source.max_pages == 5
    assert (source.verify_tls, source.enabled) == (False, False)
    assert source.verified == ("homepage", "selectors.item")
    assert source.inferred == ("start_urls", "feed_url")
    assert source.notes == "evidence: sites.md §2"
    assert source.selectors == Selectors(
        item="div.event__content", link="a::attr(href)", list_date="div.event__pub-date"
    )


def test_allowed_domains_default_to_the_hosts_of_start_feed_and_sitemap(write: Callable[..., Path]) -> None:
    entry = base_entry(
        start_urls=[
            "https://mosreg.ru/sobytiya/novosti",
            "https://mosreg.ru/sobytiya/novosti/news-submoscow",
        ],
        feed_url="https://feeds.mosreg.ru/rss",
        sitemap_url="https://www.mosreg.ru/sitemap.xml",
        homepage="https://elsewhere.example/",
    )
    (source,) = load_registry(write(to_toml(entry)))
    assert source.allowed_domains == ("mosreg.ru", "feeds.mosreg.ru", "www.mosreg.ru")


def test_a_homepage_only_entry_allows_its_site_and_its_feeds_host(write: Callable[..., Path]) -> None:
    """The feed of a homepage-only entry on another host is allowed too (it was dropped)."""
    entry = base_entry(
        start_urls=None, homepage="https://www.permkrai.ru/", feed_url="https://feeds.example.org/perm.xml"
    )
    (source,) = load_registry(write(to_toml(entry)))
    assert source.allowed_domains == ("permkrai.ru", "feeds.example.org")


def test_explicit_allowed_domains_cover_subdomains(write: Callable[..., Path]) -> None:
    entry = base_entry(start_urls=["https://www.permkrai.ru/news/"], allowed_domains=["permkrai.ru"])
    (source,) = load_registry(write(to_toml(entry)))
    assert source.allowed_domains == ("permkrai.ru",)


# --- loading files, directories and lists ----------------------------------------------------------


def test_a_directory_loads_its_toml_files_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b-region.toml").write_text(to_toml(base_entry(name="b_one")), encoding="utf-8")
    (tmp_path / "a-region.toml").write_text(to_toml(base_entry(name="a_one"), base_entry(name="a_two")))
    (tmp_path / "notes.txt").write_text("not a registry file")
    assert [s.name for s in load_registry(tmp_path)] == ["a_one", "a_two", "b_one"]
    assert [s.name for s in load_registry(str(tmp_path))] == ["a_one", "a_two", "b_one"]


def test_a_list_of_files_and_directories_loads_in_the_given_order(tmp_path: Path) -> None:
    directory = tmp_path / "regions"
    directory.mkdir()
    (directory / "x.toml").write_text(to_toml(base_entry(name="in_dir")), encoding="utf-8")
    single = tmp_path / "single.toml"
    single.write_text(to_toml(base_entry(name="single")), encoding="utf-8")
    assert [s.name for s in load_registry([single, directory])] == ["single", "in_dir"]
    # the same file reached twice is read once, not reported as a duplicate
    assert [s.name for s in load_registry([directory, directory / "x.toml"])] == ["in_dir"]


def test_load_source_finds_an_entry_by_name(write: Callable[..., Path]) -> None:
    path = write(to_toml(base_entry(name="first"), base_entry(name="second")))
    assert load_source("second", path).name == "second"
    assert load_source("mosreg_mii").homepage == "https://mii.mosreg.ru/"


def test_load_source_raises_a_key_error_like_registry_error(write: Callable[..., Path]) -> None:
    path = write(to_toml(base_entry(name="mosreg_mii")))
    with pytest.raises(RegistryError) as caught:
        load_source("mosreg_mi", path)
    assert isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert "moscow-oblast.toml" in message
    assert "'mosreg_mi'" in message
    assert "did you mean 'mosreg_mii'" in message
    with pytest.raises(KeyError):
        load_source("nothing_like_it", path)


# --- errors: each names the file, the source and the key -------------------------------------------

ENTRY_ERRORS: list[tuple[str, dict[str, Any], str, str]] = [
    # (case id, changes to the base entry, key named in the message, part of the problem)
    ("unknown key", {"start_url": "https://mii.mosreg.ru/"}, "start_url", "did you mean 'start_urls'"),
    ("unknown selector", {"selectors": {"items": "div"}}, "selectors.items", "did you mean 'item'"),
    ("missing title", {"title": None}, "title", "missing required key"),
    ("missing region", {"region": None}, "region", "missing required key"),
    ("missing publisher_kind", {"publisher_kind": None}, "publisher_kind", "missing required key"),
    ("missing timezone", {"timezone": None}, "timezone", "missing required key"),
    (
        "neither start_urls nor homepage",
        {"start_urls": None, "homepage": None},
        "start_urls",
        "give start_urls, or only homepage",
    ),
    ("unknown region", {"region": "Московская обл."}, "region", "'Московская область'"),
    ("section_paths not a path", {"section_paths": ["news"]}, "section_paths", "starting with '/'"),
    ("missing platform", {"platform": None}, "platform", "missing required key"),
    ("start_urls not a list", {"start_urls": "https://mii.mosreg.ru/"}, "start_urls", "array of strings"),
    ("start_urls of numbers", {"start_urls": [1, 2]}, "start_urls", "array of strings"),
    ("title not a string", {"title": 5}, "title", "expected a string"),
    ("empty title", {"title": "  "}, "title", "must not be empty"),
    ("max_pages a string", {"max_pages": "10"}, "max_pages", "expected an integer"),
    ("max_pages a boolean", {"max_pages": True}, "max_pages", "expected an integer"),
    ("max_pages zero", {"max_pages": 0}, "max_pages", "at least 1"),
    ("verify_tls a string", {"verify_tls": "yes"}, "verify_tls", "expected a boolean"),
    ("enabled an integer", {"enabled": 1}, "enabled", "expected a boolean"),
    ("notes a list", {"notes": ["a"]}, "notes", "expected a string"),
    ("selectors not a table", {"selectors": "div"}, "selectors", "expected a table"),
    ("selector not a string", {"selectors": {"item": 3}}, "selectors.item", "expected a string"),
    ("invalid css", {"selectors": {"item": "div["}}, "selectors.item", "not a valid CSS selector"),
    ("unknown pseudo-element", {"selectors": {"date": "time::when"}}, "selectors.date", "not a valid CSS"),
    ("empty selector", {"selectors": {"body": ""}}, "selectors.body", "not a valid CSS selector"),
    ("unknown publisher_kind", {"publisher_kind": "ministerstvo"}, "publisher_kind", "not one of"),
    ("unknown timezone", {"timezone": "Europe/Podmoskovye"}, "timezone", "not an IANA time zone"),
    ("timezone wrong case", {"timezone": "europe/moscow"}, "timezone", "not an IANA time zone"),
    ("timezone typo", {"timezone": "Europe/Moskow"}, "timezone", "did you mean 'Europe/Moscow'"),
    ("timezone a directory", {"timezone": "Europe"}, "timezone", "not an IANA time zone"),
    ("unknown platform", {"platform": "joomla"}, "platform", "not one of"),
    ("empty start_urls", {"start_urls": []}, "start_urls", "must not be empty"),
    (
        "duplicate start url",
        {"start_urls": ["https://a.ru/", "https://a.ru/"]},
        "start_urls",
        "more than once",
    ),
    ("relative start url", {"start_urls": ["/sobytiya/novosti"]}, "start_urls", "absolute http"),
    ("start url without scheme", {"start_urls": ["mii.mosreg.ru/x"]}, "start_urls", "absolute http"),
    ("ftp start url", {"start_urls": ["ftp://mii.mosreg.ru/"]}, "start_urls", "absolute http"),
    ("start url without host", {"start_urls": ["https:///news"]}, "start_urls", "has no host"),
    ("start url with spaces", {"start_urls": ["https://mii.mosreg.ru/a b"]}, "start_urls", "without spaces"),
    ("bad port", {"start_urls": ["https://mii.mosreg.ru:99999/"]}, "start_urls", "not a valid URL"),
    ("relative feed", {"feed_url": "?format=rss"}, "feed_url", "absolute http"),
    ("feed not a string", {"feed_url": ["https://a.ru/rss"]}, "feed_url", "expected a string"),
    ("relative sitemap", {"sitemap_url": "sitemap.xml"}, "sitemap_url", "absolute http"),
    ("homepage without host", {"homepage": "https://"}, "homepage", "has no host"),
    (
        "start url outside allowed_domains",
        {"allowed_domains": ["mosreg.ru"], "start_urls": ["https://mosreg.ru.evil.example/"]},
        "start_urls",
        "outside allowed_domains",
    ),
    (
        "feed outside allowed_domains",
        {"allowed_domains": ["mii.mosreg.ru"], "feed_url": "https://feeds.example/rss"},
        "feed_url",
        "outside allowed_domains",
    ),
    ("allowed domain is a URL", {"allowed_domains": ["https://mii.mosreg.ru"]}, "allowed_domains", "bare"),
    ("allowed domain with port", {"allowed_domains": ["mii.mosreg.ru:443"]}, "allowed_domains", "bare"),
    ("allowed domains empty", {"allowed_domains": []}, "allowed_domains", "must not be empty"),
    ("verified unknown key", {"verified": ["home_page"]}, "verified", "not a key set in this entry"),
    ("inferred unset key", {"inferred": ["feed_url"]}, "inferred", "not a key set in this entry"),
    ("inferred unset selector", {"inferred": ["selectors.item"]}, "inferred", "not a key set"),
    ("verified notes", {"notes": "x", "verified": ["notes"]}, "verified", "cannot be verified"),
    ("verified not a list", {"verified": "homepage"}, "verified", "array of strings"),
    (
        "verified and inferred",
        {"homepage": "https://mii.mosreg.ru/", "verified": ["homepage"], "inferred": ["homepage"]},
        "inferred",
        "both verified and inferred",
    ),
]


@pytest.mark.parametrize(
    ("changes", "key", "problem"),
    [case[1:] for case in ENTRY_ERRORS],
    ids=[case[0] for case in ENTRY_ERRORS],
)
def test_entry_errors_name_file_source_and_key(
    write: Callable[..., Path], changes: dict[str, Any], key: str, problem: str
) -> None:
    path = write("# a comment line\n\n" + to_toml(base_entry(name="mosreg_mii", **changes)))
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    error = caught.value
    message = str(error)
    assert (error.source, error.key) == ("mosreg_mii", key)
    assert "moscow-oblast.toml" in message
    assert "'mosreg_mii'" in message
    assert f"'{key}'" in message
    assert problem in message
    assert "entry starting at line 3" in message


@pytest.mark.parametrize(
    ("name", "problem"),
    [("Mosreg-MII", "not a slug"), ("1mosreg", "not a slug"), ("mosreg mii", "not a slug"), (7, "string")],
)
def test_bad_names_are_reported_with_the_entry_number(
    write: Callable[..., Path], name: object, problem: str
) -> None:
    path = write(to_toml(base_entry(name="fine_one"), base_entry(name=name)))
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    message = str(caught.value)
    assert "moscow-oblast.toml" in message
    assert "'name'" in message
    assert problem in message
    assert "entry starting at line" in message


def test_a_missing_name_is_reported_by_entry_number(write: Callable[..., Path]) -> None:
    path = write(to_toml(base_entry(name=None)))
    with pytest.raises(
        RegistryError, match=r"moscow-oblast\.toml: source '#1': key 'name': missing required key"
    ):
        load_registry(path)


def test_a_duplicate_name_across_files_says_where_the_first_one_was(tmp_path: Path) -> None:
    (tmp_path / "a-first.toml").write_text(to_toml(base_entry(name="mosreg_mii")), encoding="utf-8")
    (tmp_path / "b-second.toml").write_text(to_toml(base_entry(name="mosreg_mii")), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(tmp_path)
    message = str(caught.value)
    assert caught.value.file.endswith("b-second.toml")
    assert "'mosreg_mii'" in message
    assert "'name'" in message
    assert "duplicate" in message
    assert "first defined in" in message and "a-first.toml" in message


def test_a_duplicate_name_within_one_file(write: Callable[..., Path]) -> None:
    path = write(to_toml(base_entry(name="twice"), base_entry(name="twice")))
    with pytest.raises(RegistryError, match="duplicate source name"):
        load_registry(path)


def test_a_toml_syntax_error_reports_file_and_line(write: Callable[..., Path]) -> None:
    path = write('[[source]]\nname = "mosreg_mii"\ntitle = "Мининвест\nregion = "x"\n')
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    message = str(caught.value)
    assert "moscow-oblast.toml" in message
    assert "TOML syntax error at line 3" in message


def test_a_repeated_key_is_a_toml_error_with_its_line(write: Callable[..., Path]) -> None:
    path = write('[[source]]\nname = "a"\nname = "b"\n')
    with pytest.raises(RegistryError, match=r"moscow-oblast\.toml: TOML syntax error at line 3"):
        load_registry(path)


def test_a_file_without_sources_is_an_error(write: Callable[..., Path]) -> None:
    with pytest.raises(RegistryError, match=r"moscow-oblast\.toml: no \[\[source\]\] entries"):
        load_registry(write("# nothing yet\n"))


def test_source_as_a_table_instead_of_an_array_is_an_error(write: Callable[..., Path]) -> None:
    text = to_toml(base_entry()).replace("[[source]]", "[source]").replace("[source.selectors]", "")
    with pytest.raises(RegistryError) as caught:
        load_registry(write(text))
    message = str(caught.value)
    assert "moscow-oblast.toml" in message
    assert "key 'source'" in message
    assert "write [[source]]" in message


def test_an_unknown_top_level_key_is_an_error(write: Callable[..., Path]) -> None:
    text = 'region = "Московская область"\n\n' + to_toml(base_entry())
    with pytest.raises(RegistryError, match=r"moscow-oblast\.toml: key 'region': unknown top-level key"):
        load_registry(write(text))


def test_non_utf8_text_is_an_error(write: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "cp1251.toml"
    path.write_bytes(to_toml(base_entry()).encode("cp1251"))
    with pytest.raises(RegistryError, match=r"cp1251\.toml: not UTF-8"):
        load_registry(path)


def test_missing_paths_and_empty_directories_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"nowhere\.toml: no such file or directory"):
        load_registry(tmp_path / "nowhere.toml")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RegistryError, match=r"empty: directory holds no \*\.toml"):
        load_registry(empty)


def test_registry_error_keeps_its_parts() -> None:
    error = RegistryError("spiders/sources/x.toml", "mosreg_mii", "feed_url", "is wrong")
    assert (error.file, error.source, error.key, error.problem) == (
        "spiders/sources/x.toml",
        "mosreg_mii",
        "feed_url",
        "is wrong",
    )
    assert str(error) == "spiders/sources/x.toml: source 'mosreg_mii': key 'feed_url': is wrong"
    assert isinstance(error, ValueError)


def test_every_publisher_kind_and_platform_is_accepted(write: Callable[..., Path]) -> None:
    pairs = [(kind, platform) for kind in PUBLISHER_KINDS for platform in KNOWN_PLATFORMS]
    entries = [
        base_entry(name=f"entry_{number}", publisher_kind=kind, platform=platform)
        for number, (kind, platform) in enumerate(pairs)
    ]
    assert len(load_registry(write(to_toml(*entries)))) == len(entries)
