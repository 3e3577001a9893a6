"""Coverage: for each of the 85 core regions, how many sources of each publisher kind there are.

One computation for both readers of it: the operator's `pressarchive sources --coverage` (from the
registry's enabled entries) and the journalists' sources page (from the `sources` table). Regions
are grouped by federal district; a region's missing kinds are named, so a gap is seen at a glance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archive.regions import CORE_REGIONS, district_title, region, regions_by_district

KINDS = ("ministry", "agency", "export_centre", "portal")  # the kinds every region should have
KIND_HEADERS = {
    "ministry": "министерство",
    "agency": "агентство",
    "export_centre": "центр экспорта",
    "portal": "портал",
}
NO_SOURCE = "—"


@dataclass(frozen=True)
class RegionCoverage:
    region: str
    counts: dict[str, int]  # publisher kind -> sources (the KINDS always present; "other" when any)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(kind for kind in KINDS if not self.counts.get(kind))

    def cell(self, kind: str) -> str:
        """The count, or «—» when there is no source of this kind."""
        return str(self.counts[kind]) if self.counts.get(kind) else NO_SOURCE

    @property
    def missing_label(self) -> str:
        return ", ".join(KIND_HEADERS[kind] for kind in self.missing)


@dataclass(frozen=True)
class Coverage:
    districts: dict[str, list[RegionCoverage]]  # federal district -> its core regions
    outside: dict[str, int]  # sources in regions outside the 85 (or unknown), by region name

    @property
    def regions(self) -> list[RegionCoverage]:
        return [item for items in self.districts.values() for item in items]

    @property
    def covered(self) -> int:
        """Regions with at least one source (of any kind)."""
        return sum(1 for item in self.regions if item.total)

    @property
    def missing_by_kind(self) -> dict[str, int]:
        """How many regions have no source of each kind."""
        return {kind: sum(1 for item in self.regions if kind in item.missing) for kind in KINDS}

    def to_json(self) -> dict[str, Any]:
        return {
            "regions_total": len(CORE_REGIONS),
            "regions_covered": self.covered,
            "regions_missing_kind": self.missing_by_kind,
            "districts": [
                {
                    "district": district,
                    "title": district_title(district),
                    "regions": [
                        {"region": item.region, "counts": item.counts, "missing": list(item.missing)}
                        for item in items
                    ],
                }
                for district, items in self.districts.items()
            ],
            "outside_core_regions": self.outside,
        }


def build_coverage(sources: Iterable[tuple[str, str]]) -> Coverage:
    """Coverage of the core regions by `(region, publisher_kind)` pairs, one per source.

    Regions are matched by official name or known short form; sources elsewhere (the regions
    added after 2022, or a name the table does not know) are counted in `outside`.
    """
    counts: dict[str, dict[str, int]] = {name: dict.fromkeys(KINDS, 0) for name in CORE_REGIONS}
    outside: dict[str, int] = {}
    for region_name, kind in sources:
        found = region(region_name)
        if found is None or found.name not in counts:
            label = found.name if found else region_name
            outside[label] = outside.get(label, 0) + 1
            continue
        counts[found.name][kind] = counts[found.name].get(kind, 0) + 1
    districts = {
        district: [RegionCoverage(name, counts[name]) for name in names]
        for district, names in regions_by_district().items()
    }
    return Coverage(districts, dict(sorted(outside.items())))
