"""The release page's archived attachments (the `attachments` table, archive.attachments).

Each file of a release as the journalist needs it: its name linking to the original, kind, size
and pages in Russian, the archived copy, why there is no text, whether the file changed or left
the site, and its text page by page (pages are separated by a form feed, crawler.attachments.model
PAGE_BREAK). What one page load renders is bounded: a 2,000-page PDF shows its first
TEXT_LIMIT characters and points to the row's JSON for the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from archive.attachment_hits import PAGE_BREAK, SHEET_KINDS
from archive.serve.html import is_web_url
from archive.serve.labels import plural

logger = logging.getLogger(__name__)

TEXT_LIMIT = 200_000  # characters of one file's text rendered per page load
PAGE_LIMIT = 500  # page sections of one file rendered per page load (2,000 empty pages are still 2,000)
PAGED_KINDS = frozenset({"pdf"})  # kinds whose text is really split into pages
FLOWING_KINDS = frozenset({"docx", "rtf", "odt", "doc"})  # read as one flowing text (pages = 1)
_UNITS = ("КБ", "МБ", "ГБ")

_SQL = (
    "SELECT id, url, title, kind, size, capture_id, http_status, status, reason, pages,"
    " version_count, changed_at, removed_at, substr(text, 1, ?) AS text, length(text) AS text_length"
    " FROM attachments WHERE release_id = ? ORDER BY id"
)


@dataclass(frozen=True)
class TextPage:
    """One page (or sheet) of a file's text, with the anchor the search page links to."""

    number: int
    text: str
    anchor: str


@dataclass(frozen=True)
class AttachmentView:
    """One archived file of a release, ready for the template (every label in Russian)."""

    id: int
    url: str
    name: str
    is_link: bool
    facts: tuple[str, ...]  # kind, size, pages
    capture_url: str | None
    problem: str | None  # why the file or its text is missing
    history: tuple[str, ...]  # changed, removed
    pages: tuple[TextPage, ...]
    page_word: str  # "Страница" or "Лист"
    numbered: bool  # whether the pages get a heading each
    truncated: bool
    json_url: str


def human_size(size: int | None) -> str | None:
    """Bytes in Russian units: 512 -> '512 байт', 348160 -> '340 КБ', 1258291 -> '1,2 МБ'."""
    if size is None or size < 0:
        return None
    if size < 1024:
        return f"{size} {plural(size, 'байт', 'байта', 'байт')}"
    value = size / 1024
    power = 0
    while round(value) >= 1024 and power < len(_UNITS) - 1:
        value /= 1024
        power += 1
    shown = f"{value:.1f}".rstrip("0").rstrip(".") if value < 9.95 else f"{value:.0f}"
    return f"{shown.replace('.', ',')} {_UNITS[power]}"


def pages_label(kind: str | None, pages: int | None) -> str | None:
    """'12 с.' for documents, '3 листа' for spreadsheets. A flowing document (DOCX, RTF, ODT) is
    stored as one page whatever its length, so its count is shown only when it says more."""
    if not pages or pages < 1:
        return None
    if kind in SHEET_KINDS:
        return f"{pages} {plural(pages, 'лист', 'листа', 'листов')}"
    if kind in PAGED_KINDS or (kind in FLOWING_KINDS and pages > 1):
        return f"{pages} с."
    return None


def kind_label(kind: str | None) -> str | None:
    """'PDF', 'XLSX' ...; nothing for an unknown kind."""
    if not kind or kind == "other":
        return None
    return kind.upper()


def file_name(url: str) -> str:
    """The file's name from its address ('Постановление.pdf'), else the address itself."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return url
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1]).strip()
    return name or url


def problem_label(row: dict[str, Any]) -> str | None:
    """Why the file or its text is missing: never got (HTTP code or reason), or got but unread."""
    status = row.get("status") or ""
    reason = row.get("reason")
    if not row.get("version_count"):
        if status.startswith("http_"):
            return f"файл не удалось получить: HTTP {status[5:]}"
        return f"файл не удалось получить: {reason}" if reason else "файл не удалось получить"
    if reason:
        return f"текст не извлечён: {reason}"
    if status and status != "ok" and not status.startswith("http_"):
        return "текст не извлечён"
    return None


def history_labels(row: dict[str, Any], when: Callable[[str | None], str]) -> tuple[str, ...]:
    """'файл менялся: …' and 'удалён с сайта …'; `when` labels an archive stamp."""
    labels = []
    versions = row.get("version_count") or 0
    if versions > 1:
        labels.append(f"файл менялся: версий {versions}, последнее изменение {when(row.get('changed_at'))}")
    if row.get("removed_at"):
        labels.append(f"удалён с сайта {when(row['removed_at'])}, архив хранит последнюю копию")
    return tuple(labels)


def text_pages(
    attachment_id: int, text: str | None, limit: int = TEXT_LIMIT
) -> tuple[tuple[TextPage, ...], bool]:
    """The first `limit` characters (and PAGE_LIMIT pages) of the text as pages; whether cut."""
    if not text:
        return (), False
    shown = text[:limit]
    truncated = len(text) > limit
    parts = shown.split(PAGE_BREAK)
    if len(parts) > PAGE_LIMIT:
        parts, truncated = parts[:PAGE_LIMIT], True
    pages = tuple(
        TextPage(number, part, f"attachment-{attachment_id}-page-{number}")
        for number, part in enumerate(parts, start=1)
    )
    return pages, truncated


def _numbered(kind: str | None, count: int | None, pages: tuple[TextPage, ...]) -> bool:
    """Whether each page gets a heading: when the text is split, or one page of a paged kind. A
    text stored before pages were separated (one part, yet `count` > 1) is not called page 1."""
    return len(pages) > 1 or (count == 1 and kind in SHEET_KINDS | PAGED_KINDS)


def attachment_view(
    row: dict[str, Any], when: Callable[[str | None], str], json_url: str, capture_url: str | None
) -> AttachmentView:
    """One row as shown; `when` labels an archive stamp, `capture_url` is the archived copy's page."""
    pages, truncated = text_pages(row["id"], row.get("text"))
    truncated = truncated or (row.get("text_length") or 0) > len(row.get("text") or "")
    kind = row.get("kind")
    facts = (kind_label(kind), human_size(row.get("size")), pages_label(kind, row.get("pages")))
    return AttachmentView(
        id=row["id"],
        url=row["url"],
        name=(row.get("title") or "").strip() or file_name(row["url"]),
        is_link=is_web_url(row["url"]),
        facts=tuple(fact for fact in facts if fact),
        capture_url=capture_url,
        problem=problem_label(row),
        history=history_labels(row, when),
        pages=pages,
        page_word="Лист" if kind in SHEET_KINDS else "Страница",
        numbered=_numbered(kind, row.get("pages"), pages),
        truncated=truncated,
        json_url=json_url,
    )


async def release_attachments(
    datasette: Any, db: Any, release_id: str, when: Callable[[str | None], str]
) -> list[AttachmentView]:
    """The archived files of a release, in the order the crawl stored them (only the first
    TEXT_LIMIT characters of each text leave SQLite)."""
    result = await db.execute(_SQL, [TEXT_LIMIT + 1, release_id])
    views = []
    for row in result.rows:
        json_url = datasette.urls.row(db.name, "attachments", str(row["id"]), format="json")
        capture = row["capture_id"]
        capture_url = datasette.urls.path(f"/-/capture/{capture}") if capture is not None else None
        views.append(attachment_view(dict(row), when, json_url, capture_url))
    return views
