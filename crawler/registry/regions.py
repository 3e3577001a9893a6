"""The subjects of the federation, for the registry: re-exported from archive.regions.

The table lives in the archive, which stores each source's federal district and must not import
the crawler (ARCHITECTURE.md); the registry checks regions and zones against the same table.
"""

from __future__ import annotations

from archive.regions import (
    ALIASES,
    CORE_REGIONS,
    FEDERAL_DISTRICTS,
    REGIONS,
    Region,
    close_region_names,
    district_name,
    district_title,
    federal_district,
    region,
    regions_by_district,
)

__all__ = [
    "ALIASES",
    "CORE_REGIONS",
    "FEDERAL_DISTRICTS",
    "REGIONS",
    "Region",
    "close_region_names",
    "district_name",
    "district_title",
    "federal_district",
    "region",
    "regions_by_district",
]
