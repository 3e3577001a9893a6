"""Federal districts and coverage: the region table, `pressarchive sources --coverage`, the migration."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from archive import regions as archive_regions
from archive.coverage import build_coverage
from archive.db import open_db
from archive.migrations import migrations
from archive.records import SourceRecord
from archive.regions import CORE_REGIONS, FEDERAL_DISTRICTS, district_name, regions_by_district
from crawler.cli import main
from crawler.registry import regions as registry_regions
from crawler.registry.sources import load_registry

DISTRICT_MIGRATION = "0070_source_federal_district"
REGISTRY = """
[[source]]
name = "tula_min"
title = "Министерство экономического развития Тульской области"
region = "Тульская область"
publisher_kind = "ministry"
timezone = "Europe/Moscow"
platform = "bitrix"
start_urls = ["https://minek.tularegion.ru/press/"]

[[source]]
name = "tula_portal"
title = "Портал Тульской области"
region = "Тульская область"
publisher_kind = "portal"
timezone = "Europe/Moscow"
platform = "generic"
start_urls = ["https://tularegion.ru/press_center/news/"]

[[source]]
name = "tula_export_off"
title = "Центр поддержки экспорта Тульской области"
region = "Тульская область"
publisher_kind = "export_centre"
timezone = "Europe/Moscow"
platform = "generic"
start_urls = ["https://export.tularegion.example/news/"]
enabled = false

[[source]]
name = "kurgan_agency"
title = "Агентство инвестиционного развития Курганской области"
region = "Курганская область"
publisher_kind = "agency"
timezone = "Asia/Yekaterinburg"
platform = "generic"
start_urls = ["https://invest45.example/news/"]

[[source]]
name = "kurgan_min"
title = "Департамент экономического развития Курганской области"
region = "Курганская область"
publisher_kind = "ministry"
timezone = "Asia/Yekaterinburg"
platform = "generic"
start_urls = ["https://econom.kurganobl.example/news/"]

[[source]]
name = "kurgan_min2"
title = "Департамент промышленности Курганской области"
region = "Курганская область"
publisher_kind = "ministry"
timezone = "Asia/Yekaterinburg"
platform = "generic"
start_urls = ["https://prom.kurganobl.example/news/"]
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "two-regions.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


def _row(output: str, region: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.strip().startswith(region))
    return line[line.index(region) + len(region) :].split(None, 4)


# the region table


def test_the_85_core_regions_fall_into_the_eight_districts() -> None:
    grouped = regions_by_district()
    assert list(grouped) == list(FEDERAL_DISTRICTS)
    assert sum(len(names) for names in grouped.values()) == len(CORE_REGIONS) == 85
    assert "Курганская область" in grouped["Уральский"] and "Тульская область" in grouped["Центральный"]


def test_registry_regions_are_the_archive_table_re_exported() -> None:
    assert registry_regions.REGIONS is archive_regions.REGIONS
    assert registry_regions.CORE_REGIONS is archive_regions.CORE_REGIONS
    assert registry_regions.federal_district("Чукотский АО") == "Дальневосточный"
    assert registry_regions.region("Город Москва").name == "Москва"
    assert registry_regions.close_region_names("Курганская облась")[0] == "Курганская область"
    assert isinstance(registry_regions.region("Москва"), registry_regions.Region)


@pytest.mark.parametrize(
    ("written", "district"),
    [
        ("Сибирский", "Сибирский"),
        ("сибирский федеральный округ", "Сибирский"),
        ("  Северо-Западный ФО ", "Северо-Западный"),
        ("СКФО", "Северо-Кавказский"),
        ("дфо", "Дальневосточный"),
        ("Сибирь", None),
        ("", None),
    ],
)
def test_district_names_as_people_write_them(written: str, district: str | None) -> None:
    assert district_name(written) == district


def test_source_record_gets_its_district_from_the_registry_and_the_region(registry: Path) -> None:
    sources = {s.name: s for s in load_registry(registry)}
    assert sources["kurgan_agency"].to_record().federal_district == "Уральский"
    bare = SourceRecord("x", "X", "Тульская область", "ministry", "Europe/Moscow", "generic", ())
    assert bare.to_row()["federal_district"] == "Центральный"


# the coverage


def test_coverage_counts_kinds_and_names_what_is_missing() -> None:
    report = build_coverage(
        [
            ("Тульская область", "ministry"),
            ("Тульская область", "portal"),
            ("Кемеровская область", "agency"),  # a short form of «Кемеровская область — Кузбасс»
            ("Запорожская область", "portal"),  # not one of the 85
            ("Атлантида", "ministry"),
        ]
    )
    tula = next(r for r in report.districts["Центральный"] if r.region == "Тульская область")
    assert tula.missing == ("agency", "export_centre") and tula.missing_label == "агентство, центр экспорта"
    assert (tula.cell("ministry"), tula.cell("agency")) == ("1", "—")
    assert report.covered == 2
    assert report.missing_by_kind == {"ministry": 84, "agency": 84, "export_centre": 85, "portal": 84}
    assert report.outside == {"Атлантида": 1, "Запорожская область": 1}


def test_cli_coverage_table_by_district_with_the_missing_kind_named(registry: Path) -> None:
    result = CliRunner().invoke(main, ["sources", "--sources", str(registry), "--coverage"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.splitlines()[0].split() == [
        "регион",
        "министерство",
        "агентство",
        "центр",
        "экспорта",
        "портал",
        "не",
        "хватает",
    ]
    # the disabled export centre does not count
    assert _row(out, "Тульская область") == ["1", "—", "—", "1", "агентство, центр экспорта"]
    assert _row(out, "Курганская область") == ["2", "1", "—", "—", "центр экспорта, портал"]
    assert _row(out, "Москва") == ["—", "—", "—", "—", "министерство, агентство, центр экспорта, портал"]
    central, ural = out.index("Центральный федеральный округ"), out.index("Уральский федеральный округ")
    assert central < out.index("Тульская область") < ural < out.index("Курганская область")
    assert sum(line.startswith("  ") for line in out.splitlines()) == 85
    assert "Регионов хотя бы с одним источником: 2 из 85" in out
    assert (
        "Регионов без источника: министерство — 83, агентство — 84, центр экспорта — 85, портал — 84" in out
    )


def test_cli_coverage_as_json(registry: Path) -> None:
    result = CliRunner().invoke(main, ["sources", "--sources", str(registry), "--coverage", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["regions_total"] == 85 and report["regions_covered"] == 2
    assert report["regions_missing_kind"]["export_centre"] == 85
    ural = next(d for d in report["districts"] if d["district"] == "Уральский")
    assert ural["title"] == "Уральский федеральный округ"
    kurgan = next(r for r in ural["regions"] if r["region"] == "Курганская область")
    assert kurgan == {
        "region": "Курганская область",
        "counts": {"ministry": 2, "agency": 1, "export_centre": 0, "portal": 0},
        "missing": ["export_centre", "portal"],
    }
    assert [d["district"] for d in report["districts"]] == list(FEDERAL_DISTRICTS)


def test_plain_sources_listing_is_unchanged(registry: Path) -> None:
    result = CliRunner().invoke(main, ["sources", "--sources", str(registry)])
    assert result.exit_code == 0 and result.output.splitlines()[0].startswith("tula_min ")
    assert "(disabled)" in result.output


# the migration


def test_migration_fills_the_district_of_an_older_archive(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before=DISTRICT_MIGRATION)  # an archive as written before districts
    assert "federal_district" not in old["sources"].columns_dict
    for name, region in [("kurgan", "Курганская область"), ("chukotka", "Чукотский АО"), ("x", "Атлантида")]:
        old.execute(
            "INSERT INTO sources (name, title, region, publisher_kind, timezone, platform, start_urls)"
            " VALUES (?, ?, ?, 'ministry', 'Europe/Moscow', 'generic', '[]')",
            [name, name, region],
        )
    old.conn.commit()
    old.close()

    open_db(path).close()
    with sqlite3.connect(path) as conn:
        districts = dict(conn.execute("SELECT name, federal_district FROM sources"))
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert districts == {"kurgan": "Уральский", "chukotka": "Дальневосточный", "x": None}
    assert applied.count(DISTRICT_MIGRATION) == 1
