"""The sources page (/-/sources): every source with region, last successful crawl, last new release,
release count and health, so that "no new releases" is never mistaken for "nothing was published".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from datasette.utils.asgi import Response

from archive.serve.labels import HEALTH, days_ago, kind_label, ru_days
from archive.serve.schema import read_schema

_OPTIONAL = ("status_reason", "status_changed_at")


def _verdict(source: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Health in words: the stored status, and what the dates say about the evidence."""
    label, css = HEALTH.get(source.get("status") or "unknown", (source.get("status") or "?", "unknown"))
    success_days = days_ago(source.get("last_success_at"), now)
    new_days = days_ago(source.get("last_new_release_at"), now)
    if success_days is None:
        evidence = "Архив ни разу не обошёл этот сайт успешно: о его релизах мы ничего не знаем."
    elif new_days is None:
        evidence = "Обходы удаются, но новых релизов архив не находил."
    elif success_days > 2:
        evidence = f"Последний успешный обход — {ru_days(success_days)}: о релизах после него архив не знает."
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
    now = dt.datetime.now(dt.UTC)
    sources = []
    for row in result.rows:
        source = dict(row)
        source["kind_label"] = kind_label(source["publisher_kind"])
        source["health"] = _verdict(source, now)
        sources.append(source)
    counts: dict[str, int] = {}
    for source in sources:
        counts[source["health"]["label"]] = counts.get(source["health"]["label"], 0) + 1
    context = {"sources": sources, "counts": counts, "database": db.name}
    html = await datasette.render_template("sources.html", context, request=request, view_name="sources")
    return Response.html(html)
