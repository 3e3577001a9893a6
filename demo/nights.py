"""What changes on the demo mirror between the demo's two nights, and what the archive saw.

Between night 1 and night 2 the publishers quietly edit three releases (a figure, a dropped
paragraph, a title), delete two (one URL answers 404, the other 410 Gone) and publish one new
release. The changes are fixed here, so every demo run shows the same history.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from demo.mirror import Mirror

logger = logging.getLogger(__name__)

FIGURE_EDIT = ("kurgan_gov", "korporaciya-razvitiya-zauralya-podpisala-soglasheniya-s-investorami")
PARAGRAPH_EDIT = (
    "mosreg_mii",
    "granty-na-nauchnye-issledovaniya-poluchat-25-molodykh-uchenykh-moskovskoy-oblasti",
)
TITLE_EDIT = ("mosreg_export", "startoval-nabor-v-eksportnyy-akselerator-podmoskovya")
REMOVED_404 = ("mosreg_invest_air", "6819")
REMOVED_410 = ("kurgan_gov", "malyy-biznes-zauralya-poluchit-granty-na-modernizaciyu")
NEW_SITE = "kurgan_gov"
NEW_RELEASE = {
    "title": "В Кургане откроется центр поддержки предпринимательства нового формата",
    "published": "2026-11-27T10:40:00",
    "slug": "v-kurgane-otkroetsya-centr-podderzhki-predprinimatelstva",
    "body": (
        "В Кургане до конца года откроется центр «Мой бизнес» нового формата: консультации, "
        "коворкинг и приём заявок на меры поддержки будут доступны в одном здании.\n\n"
        "В центре начнут работать представители корпорации развития Зауралья, фонда микрозаймов "
        "и центра поддержки экспорта Курганской области."
    ),
}
FIGURE_OLD, FIGURE_NEW = "более 350 рабочих мест", "более 280 рабочих мест"
NEW_TITLE = "Центр поддержки экспорта Подмосковья открыл набор во второй поток экспортного акселератора"


@dataclass(frozen=True)
class NightSummary:
    """What the archive recorded in one night (its events)."""

    releases: int  # releases in the archive after the night
    edited: int
    removed: int
    new: int


def change_the_sites(mirror: Mirror) -> None:
    """The publishers' edits, removals and the new release between the two nights."""
    site, slug = FIGURE_EDIT
    release = mirror.app(site).get(slug)
    assert release is not None, slug
    body = "\n\n".join(release.paragraphs)
    if FIGURE_OLD not in body:
        raise ValueError(f"{site}/{slug}: the figure to change is not in the text")
    mirror.edit_release(site, slug, body=body.replace(FIGURE_OLD, FIGURE_NEW))

    site, slug = PARAGRAPH_EDIT
    release = mirror.app(site).get(slug)
    assert release is not None, slug
    kept = [p for index, p in enumerate(release.paragraphs) if index != 2]  # the minister's quote
    mirror.edit_release(site, slug, body="\n\n".join(kept))

    mirror.edit_release(*TITLE_EDIT, title=NEW_TITLE)
    mirror.remove_release(*REMOVED_404, status=404)
    mirror.remove_release(*REMOVED_410, status=410)
    mirror.add_release(NEW_SITE, dict(NEW_RELEASE))
    logger.info("demo: the mirror changed between the nights")


def last_event_id(db_path: Path) -> int:
    """The archive's newest event id (0 before the first night): where a night's events start."""
    if not db_path.exists():
        return 0
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    except sqlite3.OperationalError:  # no events table yet
        return 0
    finally:
        conn.close()


def summarise_night(db_path: Path, after_event: int) -> NightSummary:
    """What one night recorded: the releases it found, edited and removed (events after `after_event`)."""
    conn = sqlite3.connect(db_path)
    try:
        releases = conn.execute("SELECT count(*) FROM releases").fetchone()[0]
        counts = dict(
            conn.execute(
                "SELECT kind, count(DISTINCT release_id) FROM events WHERE id > ? GROUP BY kind",
                [after_event],
            )
        )
    finally:
        conn.close()
    return NightSummary(
        releases=releases,
        edited=counts.get("edited", 0),
        removed=counts.get("removed", 0),
        new=counts.get("new", 0),
    )
