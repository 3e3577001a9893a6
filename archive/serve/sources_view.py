"""The sources page (/-/sources): every source with region, last successful crawl, last new release,
release count and health, so that "no new releases" is never mistaken for "nothing was published";
grouped by federal district, then the coverage of the 85 regions (archive.coverage) from the
`sources` table: which kinds of publisher each region has and which it lacks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from datasette.utils.asgi import Response

from archive.coverage import KIND_HEADERS, KINDS, build_coverage
from archive.regions import FEDERAL_DISTRICTS, district_title, federal_district
from archive.serve.labels import HEALTH, days_ago, kind_label, plural, ru_days
from archive.serve.schema import read_schema

_OPTIONAL = ("status_reason", "status_changed_at", "federal_district")
NO_DISTRICT = "Федеральный округ не определён"
KIND_GENITIVE = {
    "ministry": "министерства",
    "agency": "агентства",
    "export_centre": "центра экспорта",
    "portal": "портала",
}


def _verdict(source: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Health in words: the stored status, and what the dates say about the evidence."""
    label, css = HEALTH.get(source.get("status") or "unknown", (source.get("status") or "?", "unknown"))
    success_days = days_ago(source.get("last_success_at"), now)
    new_days = days_ago(source.get("last_new_release_at"), now)
    if success_days is None:
        evidence = "Архив ни разу не обошёл этот сайт успешно: о его релизах мы ничего не знаем."
    elif source.get("status") == "broken" or success_days > 2:
        evidence = f"Последний успешный обход — {ru_days(success_days)}: о релизах после него архив не знает."
    elif new_days is None:
        evidence = "Обходы удаются, но новых релизов архив не находил."
    else:
        evidence = f"Сайт обойдён {ru_days(success_days)}; последний новый релиз найден {ru_days(new_days)}."
    return {
        "label": label,
        "css": css,
        "evidence": evidence,
        "success_days": success_days,
        "new_days": new_days,
    }


async def sources_page(datasette: Any, request: Any) -> Response:
    db = datasette.get_database()
    schema = await read_schema(db)
    extra = "".join(f", {c}" for c in _OPTIONAL if c in schema.source_columns)
    result = await db.execute(
        "SELECT name, title, region, publisher_kind, homepage, status, last_run_at, last_success_at,"
        f" last_new_release_at, release_count{extra} FROM sources ORDER BY region, title"
    )
    sections = await _found_sections(db)
    now = dt.datetime.now(dt.UTC)
    sources = []
    for row in result.rows:
        source = dict(row)
        source["kind_label"] = kind_label(source["publisher_kind"])
        source["health"] = _verdict(source, now)
        source["federal_district"] = source.get("federal_district") or federal_district(source["region"])
        source["section"] = sections.get(source["name"])
        sources.append(source)
    counts: dict[str, int] = {}
    for source in sources:
        counts[source["health"]["label"]] = counts.get(source["health"]["label"], 0) + 1
    context = {
        "sources": sources,
        "counts": counts,
        "database": db.name,
        "groups": _by_district(sources),
        **_coverage(sources),
    }
    html = await datasette.render_template("sources.html", context, request=request, view_name="sources")
    return Response.html(html)


# How the crawl found a press section from a home page (archive.sections), for readers.
SECTION_METHODS = {
    "home_link": "по ссылке с главной страницы",
    "landing_link": "через страницу раздела",
    "sitemap": "по карте сайта",
    "undated_list": "список без дат",
    "feed": "только лента",
}


async def _found_sections(db: Any) -> dict[str, dict[str, str]]:
    """Each source's press section found from its home page, when it has one (older archives: none)."""
    if "press_sections" not in await db.table_names():
        return {}
    result = await db.execute(
        "SELECT source, listing_url, feed_url, method, chosen_at FROM press_sections WHERE current = 1"
    )
    return {
        row["source"]: {
            "url": row["listing_url"] or row["feed_url"] or "",
            "how": SECTION_METHODS.get(row["method"], row["method"]),
            "when": row["chosen_at"],
        }
        for row in result.rows
    }


def _by_district(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources under their federal district (in the usual order of districts), unknown last."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for source in sources:
        groups.setdefault(source["federal_district"], []).append(source)
    order = [*FEDERAL_DISTRICTS, None]
    return [
        {
            "id": f"district-{order.index(district) + 1}",
            "title": district_title(district) if district else NO_DISTRICT,
            "short": district or "не определён",
            "sources": groups[district],
        }
        for district in order
        if district in groups
    ]


def _coverage(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The coverage table's context: regions by district, the kinds' headers, the totals in words."""
    report = build_coverage((source["region"], source["publisher_kind"]) for source in sources)
    missing = report.missing_by_kind
    return {
        "coverage": report,
        "coverage_kinds": [(kind, KIND_HEADERS[kind]) for kind in KINDS],
        "coverage_total": f"{report.covered} {plural(report.covered, 'региона', 'регионов', 'регионов')}",
        "coverage_missing": ", ".join(f"без {KIND_GENITIVE[kind]} — {missing[kind]}" for kind in KINDS),
        "district_title": district_title,
    }
