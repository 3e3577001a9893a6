"""The subjects of the federation: official name, code, federal district and time zone.

The archive owns this table: the `sources` table keeps each source's federal district (for
journalists' filters and the coverage table), and the archive must not import the crawler. The
registry re-exports it (crawler.registry.regions) to check each entry's region and to compare its
`timezone` with the zone most of the region keeps. Names follow the Constitution's list; the short
forms used in the evidence tables (e.g. «Чукотский АО») are accepted as aliases.

Zones are the IANA zones of the regions' capitals (UTC offsets as of 2020, when Volgograd went back
to UTC+3). Regions spanning several zones (Якутия) give the capital's.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

CFD, NWFD, SFD, NCFD = "Центральный", "Северо-Западный", "Южный", "Северо-Кавказский"
VFD, UFD, SIBFD, FEFD = "Приволжский", "Уральский", "Сибирский", "Дальневосточный"
FEDERAL_DISTRICTS = (CFD, NWFD, SFD, NCFD, VFD, UFD, SIBFD, FEFD)
DISTRICT_ABBREVIATIONS = {
    "ЦФО": CFD, "СЗФО": NWFD, "ЮФО": SFD, "СКФО": NCFD,
    "ПФО": VFD, "УФО": UFD, "СФО": SIBFD, "ДФО": FEFD,
}  # fmt: skip
_DISTRICT_SUFFIX = re.compile(r"\s+(федеральный\s+округ|ФО)$", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    name: str  # as the registry writes it
    code: str  # the two-digit subject code of car plates and OKATO-style tables
    district: str  # federal district, short form («Приволжский»)
    timezone: str  # IANA zone of the capital


_TABLE: tuple[tuple[str, str, str, str], ...] = (
    ("Республика Адыгея", "01", SFD, "Europe/Moscow"),
    ("Республика Башкортостан", "02", VFD, "Asia/Yekaterinburg"),
    ("Республика Бурятия", "03", FEFD, "Asia/Irkutsk"),
    ("Республика Алтай", "04", SIBFD, "Asia/Barnaul"),
    ("Республика Дагестан", "05", NCFD, "Europe/Moscow"),
    ("Республика Ингушетия", "06", NCFD, "Europe/Moscow"),
    ("Кабардино-Балкарская Республика", "07", NCFD, "Europe/Moscow"),
    ("Республика Калмыкия", "08", SFD, "Europe/Moscow"),
    ("Карачаево-Черкесская Республика", "09", NCFD, "Europe/Moscow"),
    ("Республика Карелия", "10", NWFD, "Europe/Moscow"),
    ("Республика Коми", "11", NWFD, "Europe/Moscow"),
    ("Республика Марий Эл", "12", VFD, "Europe/Moscow"),
    ("Республика Мордовия", "13", VFD, "Europe/Moscow"),
    ("Республика Саха (Якутия)", "14", FEFD, "Asia/Yakutsk"),
    ("Республика Северная Осетия — Алания", "15", NCFD, "Europe/Moscow"),
    ("Республика Татарстан", "16", VFD, "Europe/Moscow"),
    ("Республика Тыва", "17", SIBFD, "Asia/Krasnoyarsk"),
    ("Удмуртская Республика", "18", VFD, "Europe/Samara"),
    ("Республика Хакасия", "19", SIBFD, "Asia/Krasnoyarsk"),
    ("Чеченская Республика", "20", NCFD, "Europe/Moscow"),
    ("Чувашская Республика", "21", VFD, "Europe/Moscow"),
    ("Алтайский край", "22", SIBFD, "Asia/Barnaul"),
    ("Краснодарский край", "23", SFD, "Europe/Moscow"),
    ("Красноярский край", "24", SIBFD, "Asia/Krasnoyarsk"),
    ("Приморский край", "25", FEFD, "Asia/Vladivostok"),
    ("Ставропольский край", "26", NCFD, "Europe/Moscow"),
    ("Хабаровский край", "27", FEFD, "Asia/Vladivostok"),
    ("Амурская область", "28", FEFD, "Asia/Yakutsk"),
    ("Архангельская область", "29", NWFD, "Europe/Moscow"),
    ("Астраханская область", "30", SFD, "Europe/Astrakhan"),
    ("Белгородская область", "31", CFD, "Europe/Moscow"),
    ("Брянская область", "32", CFD, "Europe/Moscow"),
    ("Владимирская область", "33", CFD, "Europe/Moscow"),
    ("Волгоградская область", "34", SFD, "Europe/Volgograd"),
    ("Вологодская область", "35", NWFD, "Europe/Moscow"),
    ("Воронежская область", "36", CFD, "Europe/Moscow"),
    ("Ивановская область", "37", CFD, "Europe/Moscow"),
    ("Иркутская область", "38", SIBFD, "Asia/Irkutsk"),
    ("Калининградская область", "39", NWFD, "Europe/Kaliningrad"),
    ("Калужская область", "40", CFD, "Europe/Moscow"),
    ("Камчатский край", "41", FEFD, "Asia/Kamchatka"),
    ("Кемеровская область — Кузбасс", "42", SIBFD, "Asia/Novokuznetsk"),
    ("Кировская область", "43", VFD, "Europe/Kirov"),
    ("Костромская область", "44", CFD, "Europe/Moscow"),
    ("Курганская область", "45", UFD, "Asia/Yekaterinburg"),
    ("Курская область", "46", CFD, "Europe/Moscow"),
    ("Ленинградская область", "47", NWFD, "Europe/Moscow"),
    ("Липецкая область", "48", CFD, "Europe/Moscow"),
    ("Магаданская область", "49", FEFD, "Asia/Magadan"),
    ("Московская область", "50", CFD, "Europe/Moscow"),
    ("Мурманская область", "51", NWFD, "Europe/Moscow"),
    ("Нижегородская область", "52", VFD, "Europe/Moscow"),
    ("Новгородская область", "53", NWFD, "Europe/Moscow"),
    ("Новосибирская область", "54", SIBFD, "Asia/Novosibirsk"),
    ("Омская область", "55", SIBFD, "Asia/Omsk"),
    ("Оренбургская область", "56", VFD, "Asia/Yekaterinburg"),
    ("Орловская область", "57", CFD, "Europe/Moscow"),
    ("Пензенская область", "58", VFD, "Europe/Moscow"),
    ("Пермский край", "59", VFD, "Asia/Yekaterinburg"),
    ("Псковская область", "60", NWFD, "Europe/Moscow"),
    ("Ростовская область", "61", SFD, "Europe/Moscow"),
    ("Рязанская область", "62", CFD, "Europe/Moscow"),
    ("Самарская область", "63", VFD, "Europe/Samara"),
    ("Саратовская область", "64", VFD, "Europe/Saratov"),
    ("Сахалинская область", "65", FEFD, "Asia/Sakhalin"),
    ("Свердловская область", "66", UFD, "Asia/Yekaterinburg"),
    ("Смоленская область", "67", CFD, "Europe/Moscow"),
    ("Тамбовская область", "68", CFD, "Europe/Moscow"),
    ("Тверская область", "69", CFD, "Europe/Moscow"),
    ("Томская область", "70", SIBFD, "Asia/Tomsk"),
    ("Тульская область", "71", CFD, "Europe/Moscow"),
    ("Тюменская область", "72", UFD, "Asia/Yekaterinburg"),
    ("Ульяновская область", "73", VFD, "Europe/Ulyanovsk"),
    ("Челябинская область", "74", UFD, "Asia/Yekaterinburg"),
    ("Забайкальский край", "75", FEFD, "Asia/Chita"),
    ("Ярославская область", "76", CFD, "Europe/Moscow"),
    ("Москва", "77", CFD, "Europe/Moscow"),
    ("Санкт-Петербург", "78", NWFD, "Europe/Moscow"),
    ("Еврейская автономная область", "79", FEFD, "Asia/Vladivostok"),
    ("Ненецкий автономный округ", "83", NWFD, "Europe/Moscow"),
    ("Ханты-Мансийский автономный округ — Югра", "86", UFD, "Asia/Yekaterinburg"),
    ("Чукотский автономный округ", "87", FEFD, "Asia/Anadyr"),
    ("Ямало-Ненецкий автономный округ", "89", UFD, "Asia/Yekaterinburg"),
    ("Республика Крым", "91", SFD, "Europe/Simferopol"),
    ("Севастополь", "92", SFD, "Europe/Simferopol"),
    ("Донецкая Народная Республика", "93", SFD, "Europe/Moscow"),
    ("Луганская Народная Республика", "94", SFD, "Europe/Moscow"),
    ("Запорожская область", "90", SFD, "Europe/Moscow"),
    ("Херсонская область", "95", SFD, "Europe/Moscow"),
)

REGIONS: dict[str, Region] = {
    name: Region(name, code, district, zone) for name, code, district, zone in _TABLE
}

ALIASES: dict[str, str] = {
    "Ханты-Мансийский АО — Югра": "Ханты-Мансийский автономный округ — Югра",
    "Чукотский АО": "Чукотский автономный округ",
    "Ямало-Ненецкий АО": "Ямало-Ненецкий автономный округ",
    "Ненецкий АО": "Ненецкий автономный округ",
    "Кемеровская область": "Кемеровская область — Кузбасс",
    "Чувашская Республика — Чувашия": "Чувашская Республика",
    "Республика Северная Осетия-Алания": "Республика Северная Осетия — Алания",
    "Город Москва": "Москва",
    "Город Санкт-Петербург": "Санкт-Петербург",
}

# The 85 subjects of the evidence table (pre-2022); the coverage report counts against these.
CORE_REGIONS: tuple[str, ...] = tuple(
    r.name for r in REGIONS.values() if r.code not in ("90", "93", "94", "95")
)


def region(name: str) -> Region | None:
    """The region called `name` (an official name or a known short form), else None."""
    canonical = ALIASES.get(name.strip(), name.strip())
    return REGIONS.get(canonical)


def close_region_names(name: str) -> list[str]:
    """Official names close to a misspelt one, for error messages."""
    return difflib.get_close_matches(name, [*REGIONS, *ALIASES], n=2, cutoff=0.6)


def federal_district(name: str) -> str | None:
    found = region(name)
    return found.district if found else None


def district_name(value: str) -> str | None:
    """A federal district as a person writes it («Сибирский», «сибирский федеральный округ»,
    «СФО») in the short form the archive stores («Сибирский»); None when it is none of the eight."""
    text = " ".join(value.split())
    if text.upper() in DISTRICT_ABBREVIATIONS:
        return DISTRICT_ABBREVIATIONS[text.upper()]
    text = _DISTRICT_SUFFIX.sub("", text).casefold()
    return next((d for d in FEDERAL_DISTRICTS if d.casefold() == text), None)


def district_title(district: str) -> str:
    """«Сибирский» -> «Сибирский федеральный округ»."""
    return f"{district} федеральный округ"


def regions_by_district(names: tuple[str, ...] = CORE_REGIONS) -> dict[str, list[str]]:
    """The regions of each federal district (in FEDERAL_DISTRICTS order), alphabetically."""
    grouped: dict[str, list[str]] = {district: [] for district in FEDERAL_DISTRICTS}
    for name in sorted(names):
        grouped[REGIONS[name].district].append(name)
    return grouped
