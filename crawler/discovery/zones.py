"""The time zone `pressarchive discover` suggests, and why.

A site's feed or listing often writes its dates with a UTC offset («Wed, 03 Dec 2026 11:45:00
+0500»). The region's zone comes from the region table (archive.regions); the offsets the site's own
dates carry confirm it, contradict it (then the region still decides: dates without an offset are
the region's local time, and the operator is told to check), or, with no region given, pick the
zone that the regions with that offset keep. Offset zero says nothing: many sites write UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from archive.regions import REGIONS, Region

DEFAULT_ZONE = "Europe/Moscow"
# a clock time, then an offset: "11:45:00 +0500", "T11:45:00+05:00", "11:45 GMT+05:00"
_OFFSET = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:(?:GMT|UTC)\s*)?([+-])(\d{2}):?(\d{2})\s*$")


@dataclass(frozen=True)
class ZoneSuggestion:
    zone: str
    reason: str  # Russian, for the entry's comment and the report


def date_offset(text: str | None) -> int | None:
    """The UTC offset in minutes a date text ends with (None when it has none)."""
    found = _OFFSET.search(text.strip()) if text else None
    if found is None:
        return None
    sign = -1 if found.group(1) == "-" else 1
    return sign * (int(found.group(2)) * 60 + int(found.group(3)))


def offset_counts(texts: Iterable[str | None]) -> dict[str, int]:
    """«+05:00» -> how many of the texts carry that offset."""
    counts = Counter(offset_label(minutes) for text in texts if (minutes := date_offset(text)) is not None)
    return dict(counts.most_common())


def offset_label(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_offset(zone: str, at: dt.datetime) -> str:
    offset = at.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    return offset_label(int(offset.total_seconds() // 60))


def regions_with_offset(label: str, at: dt.datetime) -> list[Region]:
    return [region for region in REGIONS.values() if zone_offset(region.timezone, at) == label]


def suggest_zone(offsets: dict[str, int], region: Region | None, at: dt.datetime) -> ZoneSuggestion:
    """The zone for a new registry entry and the reason in words (see the module's docstring)."""
    seen = {label: n for label, n in offsets.items() if label != "+00:00"}
    total = sum(offsets.values())
    if not seen:
        if region is not None:
            return ZoneSuggestion(region.timezone, f"пояс региона «{region.name}»; даты сайта без смещения")
        return ZoneSuggestion(DEFAULT_ZONE, "даты сайта без смещения, регион не указан: укажите --region")
    label, count = max(seen.items(), key=lambda item: item[1])
    evidence = f"даты сайта идут со смещением {label} ({count} из {total})"
    if region is not None:
        own = zone_offset(region.timezone, at)
        if own == label:
            return ZoneSuggestion(region.timezone, f"{evidence}, как пояс региона «{region.name}»")
        return ZoneSuggestion(
            region.timezone,
            f"пояс региона «{region.name}» ({own}), хотя {evidence}: даты без смещения читаются по поясу "
            "региона, проверьте время на странице релиза",
        )
    matching = regions_with_offset(label, at)
    if not matching:
        no_region = f"{evidence}, но такого пояса нет ни у одного региона: укажите --region"
        return ZoneSuggestion(DEFAULT_ZONE, no_region)
    zones = Counter(region.timezone for region in matching)
    zone = max(sorted(zones), key=lambda name: zones[name])
    examples = ", ".join(r.name for r in matching if r.timezone == zone)
    if len(examples) > 80:
        examples = examples[:80].rsplit(", ", 1)[0] + " …"
    return ZoneSuggestion(zone, f"{evidence}: это пояс {zone} (регионы: {examples}); уточните --region")
