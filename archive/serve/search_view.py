"""The search page (/-/search): one form, ranked results with snippets, facets, date range, counts.

With words it searches; without (a source, a region, a district, a kind, a day, or nothing at all)
it browses the releases newest first, with the same counts, facets and filter chips. Never a 500:
a query with nothing to search, a bad date or a query that runs too long gives a Russian message
on the page instead. The same results come as JSON/CSV/Atom from the canned queries `search` and
`feed_search`, and for Excel from /-/search/excel (all linked from the page).
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from datasette.database import QueryInterrupted
from datasette.utils.asgi import Response

from archive.attachment_hits import page_label
from archive.fts_tables import ATTACHMENT_STEMS_TABLE
from archive.regions import FEDERAL_DISTRICTS, district_name, federal_district
from archive.search import describe_problem, parse_query
from archive.serve import search_sql
from archive.serve.attachment_view import file_name
from archive.serve.labels import kind_label, plural, ru_date, ru_number
from archive.serve.schema import read_schema

logger = logging.getLogger(__name__)

FACET_LIMIT = 12
PARAMS = ("q", "sort", "region", "source", "kind", "district", "date_from", "date_to", "found", "page")
# ?found=: where the words were found (archive.search.SCOPES), as the facet and its chip say it
FOUND_LABELS = {"attachments": "в приложениях", "text": "в тексте релиза"}
MOSCOW_TIME = "msk"  # ?time=msk: times on Moscow's clock
# the filters a chip shows (with a «✕» that drops it), in the page's order, and their labels
CHIPS = (
    ("district", "федеральный округ"),
    ("region", "регион"),
    ("source", "источник"),
    ("kind", "тип издателя"),
    ("found", "найдено"),
)
FEED_FILTERS = tuple(search_sql.FILTERS)  # a feed of the search keeps every filter (archive.serve.feeds)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass
class SearchForm:
    """The request's parameters, checked; `problems` are Russian sentences for the page."""

    values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def active_filters(self) -> list[str]:
        return [name for name in search_sql.FILTERS if self.values.get(name)]

    @property
    def moscow_time(self) -> bool:
        return self.values.get("time") == MOSCOW_TIME

    @property
    def browsing(self) -> bool:
        """No words typed: the releases the filters keep (every release without filters)."""
        return not self.values.get("q")

    @property
    def page(self) -> int:
        try:
            return min(max(int(self.values.get("page") or 1), 1), search_sql.MAX_PAGE)
        except ValueError:
            return 1

    def params(self) -> dict[str, str]:
        """SQL parameters: every name the SQL may use, blank when unset."""
        return {name: self.values.get(name, "") for name in PARAMS} | {"page": str(self.page)}

    def url(self, base: str, **changes: str | None) -> str:
        """This search's address with `changes` (None drops a parameter); defaults are left out."""
        values = {k: v for k, v in self.values.items() if v and k != "page"}
        if values.get("sort") == "relevance":
            values.pop("sort")
        for key, value in changes.items():
            if value:
                values[key] = value
            else:
                values.pop(key, None)
        return f"{base}?{urlencode(values)}" if values else base


def _date(value: str, label: str, problems: list[str]) -> str:
    value = original = value.strip()
    if not value:
        return ""
    ru = _RU_DATE.match(value)
    if ru:
        value = f"{int(ru.group(3)):04d}-{int(ru.group(2)):02d}-{int(ru.group(1)):02d}"
    try:
        if _DATE.match(value):
            dt.date.fromisoformat(value)
            return value
    except ValueError:
        pass
    problems.append(
        f"Дата «{original}» в поле «{label}» не распознана (нужно ДД.ММ.ГГГГ): фильтр не применён."
    )
    return ""


def _district(value: str, problems: list[str]) -> str:
    """The district in the stored short form («Сибирский»); also «СФО», «Сибирский федеральный округ»."""
    if not value.strip():
        return ""
    found = district_name(value)
    if found is None:
        problems.append(
            f"Федерального округа «{value.strip()[:60]}» нет: фильтр по округу не применён."
            f" Выберите один из восьми: {', '.join(FEDERAL_DISTRICTS)}."
        )
    return found or ""


def read_form(args: Any) -> SearchForm:
    form = SearchForm()
    for name in ("q", "region", "source", "kind", "page"):
        form.values[name] = (args.get(name) or "").strip()
    form.values["district"] = _district(args.get("district") or "", form.problems)
    found = args.get("found") or ""
    form.values["found"] = found if found in FOUND_LABELS else ""
    sort = args.get("sort") or "relevance"
    form.values["sort"] = sort if sort in search_sql.SORTS else "relevance"
    form.values["time"] = MOSCOW_TIME if args.get("time") == MOSCOW_TIME else ""
    form.values["date_from"] = _date(args.get("date_from") or "", "с", form.problems)
    form.values["date_to"] = _date(args.get("date_to") or "", "по", form.problems)
    if form.values["q"]:
        problem = describe_problem(form.values["q"])
        if problem:
            form.problems.append(problem)
    return form


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    url: str
    selected: bool


def _facet(counts: dict[str, int], selected: str, labels: dict[str, str], url: Any) -> list[FacetValue]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_LIMIT]
    if selected and selected not in dict(ordered):
        ordered.insert(0, (selected, counts.get(selected, 0)))
    return [
        FacetValue(
            value,
            labels.get(value, value),
            count,
            url(None if value == selected else value),
            value == selected,
        )
        for value, count in ordered
    ]


async def has_attachment_text(db: Any) -> bool:
    """Whether any release's files gave text (one row of the kept stems is enough)."""
    result = await db.execute(f"SELECT EXISTS (SELECT 1 FROM [{ATTACHMENT_STEMS_TABLE}])")
    return bool(result.rows[0][0])


def found_facet(form: SearchForm, base: str, in_attachments: int | None) -> list[FacetValue]:
    """«Где найдено»: the matches whose attachments hold the query, when there are any (or the
    filter is on); the link turns the filter on and off."""
    selected = form.values.get("found") == "attachments"
    if in_attachments is None or (not in_attachments and not selected):
        return []
    url = form.url(base, found=None if selected else "attachments")
    return [FacetValue("attachments", FOUND_LABELS["attachments"], in_attachments, url, selected)]


def _month_range(month: str) -> tuple[str, str]:
    year, number = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"


@dataclass(frozen=True)
class SourceNames:
    """What the page shows for a source code: its title, and its federal district (facet)."""

    titles: dict[str, str]
    districts: dict[str, str | None]


def build_facets(rows: list[Any], form: SearchForm, base: str, names: SourceNames) -> dict[str, Any]:
    by: dict[str, dict[str, int]] = {
        "region": {},
        "source": {},
        "kind": {},
        "district": {},
        "year": {},
        "month": {},
    }
    for group, value, region, kind, n in rows:
        if group == "month":
            if value:
                by["year"][value[:4]] = by["year"].get(value[:4], 0) + n
                by["month"][value] = by["month"].get(value, 0) + n
            continue
        for name, item in (("region", region), ("source", value), ("kind", kind)):
            by[name][item or "—"] = by[name].get(item or "—", 0) + n
        district = names.districts.get(value)
        if district:  # a source of an unknown region is left out: there is nothing to filter by
            by["district"][district] = by["district"].get(district, 0) + n
    values = form.values
    facets: dict[str, Any] = {
        "district": _facet(by["district"], values["district"], {}, lambda v: form.url(base, district=v)),
        "region": _facet(by["region"], values["region"], {}, lambda v: form.url(base, region=v)),
        "source": _facet(by["source"], values["source"], names.titles, lambda v: form.url(base, source=v)),
        "kind": _facet(
            by["kind"],
            values["kind"],
            {k: kind_label(k) for k in by["kind"]},
            lambda v: form.url(base, kind=v),
        ),
    }
    years = sorted(by["year"].items(), reverse=True)
    facets["year"] = [
        FacetValue(y, y, n, form.url(base, date_from=f"{y}-01-01", date_to=f"{y}-12-31"), False)
        for y, n in years
    ]
    one_year = values["date_from"][:4] if values["date_from"][:4] == values["date_to"][:4] else ""
    months = sorted((m, n) for m, n in by["month"].items() if one_year and m.startswith(one_year))
    facets["month"] = []
    for month, n in months:
        first, last = _month_range(month)
        facets["month"].append(
            FacetValue(month, ru_date(month), n, form.url(base, date_from=first, date_to=last), False)
        )
    return facets


async def _source_names(db: Any) -> SourceNames:
    result = await db.execute("SELECT * FROM sources")
    return SourceNames(
        titles={row["name"]: row["title"] for row in result.rows},
        districts={
            row["name"]: (dict(row).get("federal_district") or federal_district(row["region"]))
            for row in result.rows
        },
    )


@dataclass
class Counts:
    total: int | None
    facet_rows: list[Any] | None
    facets_partial: bool = False  # facets over the newest FACET_WINDOW matches only
    in_attachments: int | None = None  # matches found in attachments (None: the archive has none)


async def count_matches(db: Any, form: SearchForm, attachments: bool = False) -> Counts:
    """The exact total, and the facets of the newest FACET_WINDOW matches (of every match when
    there are no more; else the page says so), counted side by side; with `attachments`, the
    number of matches whose files hold the query too (the facet «в приложениях»)."""
    active, params = form.active_filters, form.params()
    queries = [
        db.execute(search_sql.count_sql(active), params),
        db.execute(search_sql.facets_sql(active), params),
    ]
    if attachments:
        queries.append(db.execute(search_sql.attachment_count_sql(active), params))
    total, facets, *in_files = await asyncio.gather(*queries)
    matches = int(total.rows[0][0])
    return Counts(
        matches,
        [tuple(row) for row in facets.rows],
        facets_partial=matches > search_sql.FACET_WINDOW,
        in_attachments=int(in_files[0].rows[0][0]) if in_files else None,
    )


async def run_search(db: Any, form: SearchForm, attachments: bool = False) -> dict[str, Any]:
    """Results and facets for a checked form; problems are added to the form, never raised.
    `attachments`: the archive indexes attachment text (archive.attachment_search)."""
    sql = search_sql.results_sql(form.active_filters, form.values["sort"], attachments)
    try:
        results, counts = await asyncio.gather(
            db.execute(sql, form.params()), count_matches(db, form, attachments)
        )
    except QueryInterrupted:
        form.problems.append(
            "Поиск выполнялся слишком долго и был остановлен. Уточните запрос или добавьте фильтр."
        )
        return {"rows": [], "facet_rows": None, "total": None}
    return {
        "rows": [with_attachment_hit(dict(row)) for row in results.rows],
        "facet_rows": counts.facet_rows,
        "facets_partial": counts.facets_partial,
        "total": counts.total,
        "in_attachments": counts.in_attachments,
    }


def with_attachment_hit(row: dict[str, Any]) -> dict[str, Any]:
    """The row's `attachment_hit` JSON (archive.attachment_hits) as `attachment`: the file's name,
    its page label («с. 3», «лист 2»), the snippet, the page's anchor on the release page, and how
    many other files of the release match."""
    raw = row.get("attachment_hit")
    row["attachment"] = None
    if not raw:
        return row
    try:
        hit = json.loads(raw)
        name = hit.get("title") or file_name(hit.get("url") or "") or "файл"
        row["attachment"] = {
            "name": name,
            "page": page_label(hit.get("kind"), int(hit["page"])) if int(hit.get("pages") or 1) > 1 else "",
            "snippet_html": str(hit.get("snippet_html") or ""),
            "anchor": f"attachment-{int(hit['id'])}-page-{int(hit['page'])}",
        }
        more = int(hit.get("more") or 0)
        if more:
            row["attachment"]["more"] = f"и ещё в {more} {plural(more, 'файле', 'файлах', 'файлах')}"
    except (ValueError, TypeError, KeyError):
        logger.warning("unreadable attachment hit for %s", row.get("release_id"))
    return row


async def run_browse(db: Any, form: SearchForm) -> dict[str, Any]:
    """A page of releases without words, newest first, with its count and facets (the keys only)."""
    active, params = form.active_filters, form.params() | {"q": ""}
    try:
        results, total, facets = await asyncio.gather(
            db.execute(search_sql.browse_sql(active), params),
            db.execute(search_sql.browse_count_sql(active), params),
            db.execute(search_sql.browse_facets_sql(active), params),
        )
    except QueryInterrupted:
        form.problems.append("Выборка выполнялась слишком долго и была остановлена. Добавьте фильтр.")
        return {"rows": [], "facet_rows": None, "total": None}
    matches = int(total.rows[0][0])
    return {
        "rows": [dict(row) for row in results.rows],
        "facet_rows": [tuple(row) for row in facets.rows],
        "facets_partial": matches > search_sql.FACET_WINDOW,
        "total": matches,
    }


HISTORY_COLUMNS = ("version_count", "changed_at", "removed_at")


async def add_badges(db: Any, rows: list[dict[str, Any]]) -> None:
    """Each row gets `badges`: («изменён …», «удалён с сайта …») as (css class, text). An archive
    written before release history has no such columns: no badges then."""
    for row in rows:
        row["badges"] = []
    if not rows or not set(HISTORY_COLUMNS) <= set(await db.table_columns("releases")):
        return
    ids = [row["release_id"] for row in rows]
    marks = ", ".join("?" for _ in ids)
    result = await db.execute(
        f"SELECT release_id, {', '.join(HISTORY_COLUMNS)} FROM releases WHERE release_id IN ({marks})", ids
    )
    history = {row["release_id"]: row for row in result.rows}
    for row in rows:
        found = history.get(row["release_id"])
        if found is None:
            continue
        if (found["version_count"] or 1) > 1:
            row["badges"].append(("pa-badge-edited", f"изменён {ru_date(found['changed_at'] or '')}".strip()))
        if found["removed_at"]:
            row["badges"].append(("pa-badge-removed", f"удалён с сайта {ru_date(found['removed_at'])}"))


def _ranked_window(form: SearchForm, total: int | None) -> str | None:
    """The number of matches ranked, as the page prints it, when relevance ranked only the newest
    RANK_WINDOW of them; None when every match was ranked (or the sort is by date)."""
    if form.values["sort"] == "date" or total is None or total <= search_sql.RANK_WINDOW:
        return None
    return ru_number(search_sql.RANK_WINDOW)


async def search_page(datasette: Any, request: Any) -> Response:
    db = datasette.get_database()
    form = read_form(request.args)
    base = datasette.urls.path("/-/search")
    context: dict[str, Any] = {
        "form": form,
        "values": form.values,
        "base": base,
        "database": db.name,
        "districts": FEDERAL_DISTRICTS,
        "facet_window": ru_number(search_sql.FACET_WINDOW),
        "full_form": True,
    }
    q = form.values["q"]
    try:
        searchable_files = ATTACHMENT_STEMS_TABLE in (await read_schema(db)).tables
        if not searchable_files:
            form.values["found"] = ""  # an archive from before attachment text (migration 0170)
        # no file has text yet: no facet to count, no file to look into for the rows shown
        attachments = searchable_files and await has_attachment_text(db)
        names = await _source_names(db)
        context["source_titles"] = names.titles
        context["chips"] = _chips(form, base, names)
        found = None
        if form.browsing:
            found = await run_browse(db, form)
        elif not parse_query(q).is_empty:
            found = await run_search(db, form, attachments)
            context["ranked_window"] = _ranked_window(form, found["total"])
        if found is not None:
            await add_badges(db, found["rows"])
            context.update(found)
            if found["facet_rows"] is not None:
                context["facets"] = build_facets(found["facet_rows"], form, base, names)
                context["facets"]["found"] = found_facet(form, base, found.get("in_attachments"))
    except (sqlite3.Error, QueryInterrupted) as exc:
        logger.exception("search failed for %r", q)
        form.problems.append(f"Поиск не удался: {exc}. Попробуйте изменить запрос.")
    context.update(_links(datasette, db.name, form, context.get("total")))
    html = await datasette.render_template("search.html", context, request=request, view_name="search")
    return Response.html(html)


@dataclass(frozen=True)
class Chip:
    """A filter in use, shown above the results with a link that drops it."""

    label: str
    value: str
    remove_url: str


def _chips(form: SearchForm, base: str, names: SourceNames) -> list[Chip]:
    values = form.values
    chips = []
    for name, label in CHIPS:
        value = values.get(name)
        if not value:
            continue
        if name == "source":
            value = names.titles.get(value, value)
        elif name == "kind":
            value = kind_label(value)
        elif name == "found":
            value = FOUND_LABELS[value]
        chips.append(Chip(label, value, form.url(base, **{name: None})))
    if values["date_from"] or values["date_to"]:
        if values["date_from"] == values["date_to"]:
            dates = ru_date(values["date_from"])
        else:
            dates = f"{ru_date(values['date_from']) or '…'} — {ru_date(values['date_to']) or '…'}"
        chips.append(Chip("даты", dates, form.url(base, date_from=None, date_to=None)))
    return chips


def _links(datasette: Any, database: str, form: SearchForm, total: int | None) -> dict[str, Any]:
    page_base = datasette.urls.path("/-/search")
    query = {k: v for k, v in form.values.items() if v and k not in ("page", "time")}
    pages = 0 if not total else min(search_sql.MAX_PAGE, -(-total // search_sql.PAGE_SIZE))
    canned = "search_by_date" if form.values["sort"] == "date" else "search"
    query.pop("sort", None)
    json_url = (
        datasette.urls.path(f"/{database}/{canned}.json") + "?" + urlencode({**query, "_shape": "objects"})
    )
    return {
        "total_label": None if total is None else f"{total} {plural(total, 'релиз', 'релиза', 'релизов')}",
        "pages": pages,
        "page": form.page,
        "page_url": lambda n: form.url(datasette.urls.path("/-/search"), page=str(n) if n > 1 else None),
        "time_url": form.url(page_base, time=None if form.moscow_time else MOSCOW_TIME),
        "excel_url": form.url(datasette.urls.path("/-/search/excel")),
        "sort_url": lambda s: form.url(
            datasette.urls.path("/-/search"), sort=s if s != "relevance" else None
        ),
        "json_url": json_url,
        "csv_url": datasette.urls.path(f"/{database}/{canned}.csv") + "?" + urlencode(query),
        "atom_url": datasette.urls.path(f"/{database}/feed_search.atom")
        + "?"
        + urlencode(
            {"q": form.values["q"], **{k: form.values[k] for k in FEED_FILTERS if form.values.get(k)}}
        ),
    }
