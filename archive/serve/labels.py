"""Russian words for what the archive stores: dates, publisher kinds, date precision, health.

Registered as Jinja filters (plugin.prepare_jinja2_environment) and used by the views.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

PUBLISHER_KINDS = {
    "ministry": "министерство",
    "agency": "агентство",
    "export_centre": "центр поддержки экспорта",
    "portal": "региональный портал",
    "other": "другое",
}
PRECISIONS = {
    "minute": "до минуты",
    "day": "до дня, время на сайте не указано",
    "month": "до месяца, день на сайте не указан",
}
DATE_METHODS = {
    "meta": "метаданные страницы",
    "jsonld": "разметка JSON-LD",
    "time_element": "элемент <time>",
    "selector": "дата на странице",
    "text": "текст страницы",
    "url": "адрес страницы",
    "feed": "RSS-лента",
    "listing": "список новостей",
}
DATE_FLAGS = {
    "missing": "дата на странице не найдена",
    "unparsed": "дату не удалось разобрать",
    "future": "дата в будущем (возможно, анонс)",
    "year_inferred": "год восстановлен по контексту: на сайте он не указан",
    "listing_disagrees": "в списке новостей у релиза другая дата",
    "feed_disagrees": "в RSS-ленте у релиза другая дата",
}
HEALTH = {
    "ok": ("работает", "ok"),
    "stale": ("давно нет новых релизов", "warn"),
    "broken": ("обход не удаётся", "bad"),
    "unknown": ("ещё не проверялся", "unknown"),
}
EVENT_KINDS = {
    "new": "Новый релиз",
    "edited": "Изменён",
    "removed": "Удалён с сайта",
    "reappeared": "Снова на сайте",
}


def ru_date(value: str | None) -> str:
    """'2026-11-25' -> '25 ноября 2026'; '2026-11' -> 'ноябрь 2026'; anything else as is."""
    if not value:
        return ""
    try:
        if len(value) == 7:
            year, month = value.split("-")
            return f"{MONTHS_NOMINATIVE[int(month) - 1]} {year}"
        day = dt.date.fromisoformat(value[:10])
    except (ValueError, IndexError):
        return value
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def parse_instant(value: str | None) -> dt.datetime | None:
    """An archive stamp ('2026-03-01T05:00:00Z', ISO with or without an offset; naive = UTC) -> aware."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def ru_instant(value: str | None) -> str:
    """A UTC ISO stamp -> '1 марта 2026, 05:00 UTC'."""
    moment = parse_instant(value)
    if moment is None:
        return value or ""
    moment = moment.astimezone(dt.UTC)
    return f"{ru_date(moment.date().isoformat())}, {moment:%H:%M} UTC"


def days_ago(value: str | None, now: dt.datetime | None = None) -> int | None:
    """Whole days between a UTC ISO stamp and now (None when there is no stamp)."""
    moment = parse_instant(value)
    if moment is None:
        return None
    return max(0, ((now or dt.datetime.now(dt.UTC)) - moment).days)


def ru_days(days: int | None) -> str:
    """7 -> '7 дней назад', 1 -> 'вчера', 0 -> 'сегодня'."""
    if days is None:
        return "никогда"
    if days == 0:
        return "сегодня"
    if days == 1:
        return "вчера"
    return f"{days} {plural(days, 'день', 'дня', 'дней')} назад"


def ru_number(value: int) -> str:
    """12345 -> '12 345' (thousands apart by a no-break space)."""
    return f"{value:,}".replace(",", "\N{NO-BREAK SPACE}")


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form for n: 1 релиз, 2 релиза, 5 релизов."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def kind_label(value: str | None) -> str:
    return PUBLISHER_KINDS.get(value or "", value or "")


def json_list(value: Any) -> list[Any]:
    """A JSON text column (attachments, tags, date_flags) -> list; bad or empty -> []."""
    if isinstance(value, list):
        return value
    if not value or not isinstance(value, str):
        return []
    try:
        loaded = json.loads(value)
    except ValueError:
        return []
    return loaded if isinstance(loaded, list) else []


def json_object(value: Any) -> dict[str, Any]:
    if not value or not isinstance(value, str):
        return {}
    try:
        loaded = json.loads(value)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


JINJA_FILTERS = {
    "ru_date": ru_date,
    "ru_instant": ru_instant,
    "kind_label": kind_label,
    "json_list": json_list,
}
