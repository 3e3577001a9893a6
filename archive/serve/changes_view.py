"""The «what changed» page (/-/changes): new, edited, removed and reappeared releases by region.

By default the last 24 hours of `events` (the last night's crawl); `?date=YYYY-MM-DD` shows one
calendar day by Moscow time. Counts per region come first (every event counted), then each
region's releases, at most PER_REGION of them, newest first. `?time=msk` shows publication times
on Moscow's clock (archive.serve.time_labels).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from datasette.utils.asgi import Response

from archive.events import EVENT_KINDS
from archive.serve.errors import error_response
from archive.serve.labels import EVENT_KINDS as EVENT_LABELS
from archive.serve.labels import ru_date

MOSCOW = ZoneInfo("Europe/Moscow")
PER_REGION = 200  # releases listed per region; the counts above are complete
NO_REGION = "Регион не указан"
KIND_HEADINGS = {  # the counts' columns: short, so four fit beside the region on a phone
    "new": "Новые",
    "edited": "Изменены",
    "removed": "Удалены",
    "reappeared": "Вернулись",
}
_KINDS_IN = ", ".join(f"'{kind}'" for kind in EVENT_KINDS)  # lets SQLite use the (kind, at) index
_WINDOW = f"e.kind IN ({_KINDS_IN}) AND e.at >= :start AND e.at < :end"
_COUNTS = (
    "SELECT coalesce(s.region, '') AS region, e.kind, count(*) AS n FROM events e"
    f" LEFT JOIN sources s ON s.name = e.source WHERE {_WINDOW} GROUP BY 1, 2"
)
# the newest PER_REGION events of each region first (from the narrow events and sources), then
# the release rows of just those: a night of a first crawl does not read every new release's body
_LIST = (
    "SELECT x.id, x.kind, x.at, x.release_id, x.region, x.source_title, r.title, r.published_date,"
    " r.published_time, r.timezone FROM (SELECT * FROM (SELECT e.id, e.kind, e.at, e.release_id,"
    " coalesce(s.region, '') AS region, coalesce(s.title, e.source) AS source_title,"
    " row_number() OVER (PARTITION BY coalesce(s.region, '') ORDER BY e.id DESC) AS n"
    f" FROM events e LEFT JOIN sources s ON s.name = e.source WHERE {_WINDOW}) WHERE n <= {PER_REGION}) x"
    " LEFT JOIN releases r ON r.release_id = x.release_id"
    " ORDER BY x.region, x.id DESC"
)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moscow_label(moment: dt.datetime) -> str:
    there = moment.astimezone(MOSCOW)
    return f"{ru_date(there.date().isoformat())}, {there:%H:%M} МСК"


def event_time(value: str | None) -> str:
    """An event's UTC stamp on Moscow's clock: '3 декабря 2026, 05:30 МСК'."""
    try:
        moment = dt.datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return value or ""
    return _moscow_label(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def window(date: str, now: dt.datetime) -> tuple[dt.datetime, dt.datetime, str]:
    """(start, end, description) of the period shown; ValueError for a date that is not one."""
    if not date:
        start = now - dt.timedelta(hours=24)
        return start, now, f"за последние сутки: с {_moscow_label(start)} до {_moscow_label(now)}"
    day = dt.date.fromisoformat(date)
    start = dt.datetime.combine(day, dt.time(), MOSCOW)
    return start, start + dt.timedelta(days=1), f"за {ru_date(day.isoformat())} (по московскому времени)"


async def changes_page(datasette: Any, request: Any) -> Response:
    date = (request.args.get("date") or "").strip()
    moscow = request.args.get("time") == "msk"
    now = dt.datetime.now(dt.UTC)
    try:
        start, end, period = window(date, now)
    except ValueError:
        message = f"«{date}» — не дата. Укажите день в виде ГГГГ-ММ-ДД, например {now.date().isoformat()}."
        return await error_response(datasette, request, 400, message)
    db = datasette.get_database()
    has_events = "events" in await db.table_names()
    regions: dict[str, dict[str, Any]] = {}
    if has_events:
        params = {"start": _stamp(start), "end": _stamp(end)}
        for row in (await db.execute(_COUNTS, params)).rows:
            _region(regions, row["region"])["counts"][row["kind"]] += row["n"]
        for row in (await db.execute(_LIST, params)).rows:
            item = dict(row)
            item["event_time"] = event_time(item["at"])
            item["kind_label"] = EVENT_LABELS.get(item["kind"], item["kind"])
            _region(regions, item["region"])["items"].append(item)
    groups = sorted(regions.values(), key=lambda g: (g["name"] == NO_REGION, g["name"]))
    for number, group in enumerate(groups, 1):
        group["id"] = f"region-{number}"
        group["total"] = sum(group["counts"].values())
        group["shown"] = len(group["items"])
    totals = {kind: sum(g["counts"][kind] for g in groups) for kind in EVENT_KINDS}
    context = {
        "period": period,
        "date": date,
        "has_events": has_events,
        "groups": groups,
        "totals": totals,
        "kinds": list(KIND_HEADINGS.items()),
        "moscow": moscow,
        "per_region": PER_REGION,
        "links": _links(date, moscow, start, now),
    }
    html = await datasette.render_template("changes.html", context, request=request, view_name="changes")
    return Response.html(html)


def _region(regions: dict[str, dict[str, Any]], name: str | None) -> dict[str, Any]:
    name = name or NO_REGION
    if name not in regions:
        regions[name] = {"name": name, "counts": dict.fromkeys(EVENT_KINDS, 0), "items": []}
    return regions[name]


def _links(date: str, moscow: bool, start: dt.datetime, now: dt.datetime) -> dict[str, Any]:
    """Other periods (label, query string), and the query string of the other clock."""

    def query(**values: str) -> str:
        kept = {name: value for name, value in values.items() if value}
        return "?" + urlencode(kept) if kept else "?"

    clock = "msk" if moscow else ""
    today = now.astimezone(MOSCOW).date()
    if date:
        day = start.astimezone(MOSCOW).date()
        periods = [("← предыдущий день", query(date=(day - dt.timedelta(days=1)).isoformat(), time=clock))]
        if day < today:
            periods.append(
                ("следующий день →", query(date=(day + dt.timedelta(days=1)).isoformat(), time=clock))
            )
        periods.append(("последние сутки", query(time=clock)))
    else:
        periods = [
            ("за сегодня", query(date=today.isoformat(), time=clock)),
            ("за вчера", query(date=(today - dt.timedelta(days=1)).isoformat(), time=clock)),
        ]
    return {"periods": periods, "clock": query(date=date, time="" if moscow else "msk")}
