"""Jinja2 environment and Russian date formatting for the demo layouts."""

from __future__ import annotations

import email.utils
import hashlib
import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

LAYOUT_DIR = Path(__file__).resolve().parent / "layouts"

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")
NBSP = "\u00a0"


def ru_day_month(dt: datetime) -> str:
    """'21 ноября'."""
    return f"{dt.day} {MONTHS_GENITIVE[dt.month - 1]}"


def ru_date(dt: datetime) -> str:
    """'21 ноября 2026'."""
    return f"{ru_day_month(dt)} {dt.year}"


def ru_header_date(dt: datetime) -> str:
    """'Четверг, 26 ноября 2026' — the site header's "today" (a trap: not a publication date)."""
    return f"{WEEKDAYS[dt.weekday()]}, {ru_date(dt)}"


def mosreg_listing_date(dt: datetime, odd_space: bool = False) -> str:
    """'21 ноября 2026 г., 12:41'; odd_space puts a no-break space after the day, as real pages do."""
    sep = NBSP if odd_space else " "
    return f"{dt.day}{sep}{MONTHS_GENITIVE[dt.month - 1]} {dt.year} г., {dt:%H:%M}"


def dotted_date(dt: datetime) -> str:
    """'21.11.2026'."""
    return f"{dt:%d.%m.%Y}"


def short_time(dt: datetime) -> str:
    """'9:07' — the hour is not zero-padded, as on kurganobl.ru."""
    return f"{dt.hour}:{dt:%M}"


def iso_seconds(dt: datetime) -> str:
    """'2026-11-21T12:41:17+03:00'."""
    return dt.isoformat(timespec="seconds")


def rfc822(dt: datetime) -> str:
    """'Wed, 27 Jul 2022 11:01:01 +0300' (RSS pubDate)."""
    return email.utils.format_datetime(dt)


def post_id(slug: str) -> int:
    """A stable CMS-style numeric id for a slug (WordPress post id, Drupal node id)."""
    return 20000 + int(hashlib.md5(slug.encode()).hexdigest()[:6], 16) % 9000


def jsonld(data: object) -> markupsafe.Markup:
    """JSON for a <script type="application/ld+json"> block, Cyrillic kept readable."""
    return markupsafe.Markup(json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/"))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(LAYOUT_DIR),
        autoescape=jinja2.select_autoescape(("html", "xml")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        ru_day_month=ru_day_month,
        ru_date=ru_date,
        ru_header_date=ru_header_date,
        mosreg_listing_date=mosreg_listing_date,
        dotted_date=dotted_date,
        short_time=short_time,
        iso_seconds=iso_seconds,
        rfc822=rfc822,
        post_id=post_id,
        jsonld=jsonld,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
