"""The archived copy of a page (/-/capture/<id>): the response as the crawler received it.

The record is read from its WARC file (captures.warc_file is relative to the data directory,
the database's folder). A revisit record has no payload: the earlier response with the same
payload digest is shown instead. The page's HTML is shown only after nh3 (no scripts, no
handlers, no javascript: links) under a strict Content-Security-Policy; `?raw=1` gives the
payload as plain text.

A captured file (a release's PDF, DOCX, XLSX ...: archive.attachments) is not a page: it is sent
as itself, for download (Content-Disposition: attachment, its own type only when that type cannot
run in a browser, else application/octet-stream, nosniff, a sandboxing CSP), never decoded into a
page nor rendered as HTML.

An archived copy never makes the reader's browser ask the live site for anything: an image the
crawl captured is served from the archive (`/-/capture/<its id>?body=1`), any other becomes a
placeholder drawn inline (a data: URL), and the CSP allows no other origin (img-src 'self' data:,
no scripts), so whatever slipped through is blocked. Links stay links to the original site.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import nh3
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from archive.serve.html import SAFE_SCHEMES

if TYPE_CHECKING:
    from archive.warc import Record

logger = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'none';"
    " object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
)
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger number is no capture, not an overflow
PLACEHOLDER = "data:image/svg+xml," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">'
    '<rect width="240" height="60" fill="#eee" stroke="#bbb"/>'
    '<text x="120" y="35" font-family="sans-serif" font-size="13" text-anchor="middle" fill="#555">'
    "Изображение не сохранено</text></svg>",
    safe="",
)
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
FILE_CSP = "default-src 'none'; sandbox"
# the first bytes of the documents a release links to: PDF, ZIP (DOCX, XLSX, ODT ...), OLE (DOC, XLS), RTF
_FILE_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")
_MEDIA_TYPE = re.compile(r"(application|image|audio|video|font)/[\w.+-]+")
_ACTIVE_TYPE = re.compile(r"html|script|svg|xml$|json", re.IGNORECASE)  # what a browser might run
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def decode_payload(body: bytes, content_type: str | None) -> str:
    """Bytes -> text by the HTTP charset, else the page's <meta charset>, else UTF-8 (with care)."""
    candidates = []
    for source in (content_type.encode("latin-1", "replace") if content_type else b"", body[:4096]):
        found = _CHARSET.search(source)
        if found:
            candidates.append(found.group(1).decode("ascii", "replace"))
    for encoding in [*candidates, "utf-8"]:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1251", errors="replace")


def resolve_warc(data_dir: Path, warc_file: str) -> Path:
    """The WARC file's path, refusing anything outside the data directory."""
    root = data_dir.resolve()
    path = (root / warc_file).resolve()
    if not path.is_relative_to(root):
        raise NotFound("Архивная копия хранится вне каталога архива и не показывается.")
    return path


async def _capture(db: Any, capture_id: int) -> dict[str, Any]:
    result = await db.execute("SELECT * FROM captures WHERE id = ?", [capture_id])
    if not result.rows:
        raise NotFound(f"В архиве нет копии страницы с номером {capture_id}.")
    capture = dict(result.rows[0])
    if capture["record_type"] != "revisit":
        return capture
    original = await db.execute(
        "SELECT * FROM captures WHERE payload_digest = ? AND record_type = 'response' AND id < ?"
        " ORDER BY url = ? DESC, id DESC LIMIT 1",
        [capture["payload_digest"], capture_id, capture["url"]],
    )
    if not original.rows:
        raise NotFound("Копия записана как повтор более ранней, но ранняя копия не найдена.")
    return {**dict(original.rows[0]), "revisit": capture}


async def _record(db: Any, capture_id: int) -> tuple[dict[str, Any], Record]:
    """The capture row and its WARC record (the earlier response for a revisit)."""
    from archive.warc import read_record  # warcio is only needed when someone opens a copy

    capture = await _capture(db, capture_id)
    path = resolve_warc(Path(db.path).parent, capture["warc_file"])
    try:
        record = await asyncio.to_thread(read_record, path, capture["warc_offset"])
    except (OSError, ValueError) as exc:
        logger.warning("capture %s unreadable: %s", capture_id, exc)
        raise NotFound(f"Файл архивной копии не читается ({capture['warc_file']}).") from exc
    return capture, record


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def is_file(body: bytes, content_type: str | None) -> bool:
    """A captured file rather than a page: a document's bytes (whatever the server called them),
    or a type that is neither text nor markup. No type at all stays a page (older captures)."""
    if body[:1024].lstrip()[:8].startswith(_FILE_MAGIC):
        return True
    media_type = _media_type(content_type)
    if not media_type or media_type.startswith("text/"):
        return False
    return not _ACTIVE_TYPE.search(media_type)


def download_type(content_type: str | None) -> str:
    """The file's own type when a browser cannot run it (PDF, DOCX ...), else application/octet-stream."""
    media_type = _media_type(content_type)
    if _MEDIA_TYPE.fullmatch(media_type) and not _ACTIVE_TYPE.search(media_type):
        return media_type
    return "application/octet-stream"


def content_disposition(url: str, capture_id: int) -> str:
    """`attachment` with the file's name from its address (RFC 6266: an ASCII name for old
    browsers, 'capture-<id>.pdf' when the name has no Latin letters, and the UTF-8 name)."""
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]).strip() or f"capture-{capture_id}"
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    ascii_stem = _FILENAME_UNSAFE.sub("_", stem).strip("._") or f"capture-{capture_id}"
    ascii_extension = _FILENAME_UNSAFE.sub("", extension)
    fallback = f"{ascii_stem}.{ascii_extension}" if dot and ascii_extension else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(capture: dict[str, Any], capture_id: int, record: Record) -> Response:
    """The captured file as itself, to download; never shown as a page."""
    headers = {
        "Content-Disposition": content_disposition(capture["url"], capture_id),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": FILE_CSP,
    }
    return Response(record.body, content_type=download_type(record.header("Content-Type")), headers=headers)


def parse_capture_id(value: str) -> int:
    """The number in /-/capture/<number>; anything else (letters, a sign, a number no row can have)
    is a Russian 404, never a server error."""
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise NotFound(f"Архивной копии с номером «{value[:40]}» нет: номер копии — целое число из архива.")
    return int(value)


def _image_sources(html: str, base_url: str | None) -> set[str]:
    """The absolute addresses of the page's images (after the same cleaning the page gets)."""
    found: set[str] = set()

    def collect(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            found.add(urljoin(base_url or "", value.strip()))
        return value

    nh3.clean(html, attribute_filter=collect, url_schemes=set(SAFE_SCHEMES))
    return found


async def captured_images(db: Any, urls: set[str]) -> dict[str, int]:
    """Of these addresses, those the crawl captured (HTTP 200): address -> latest capture id."""
    found: dict[str, int] = {}
    ordered = sorted(urls)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        result = await db.execute(
            f"SELECT url, max(id) FROM captures WHERE url IN ({marks}) AND http_status = 200 GROUP BY url",
            chunk,
        )
        found.update({row[0]: row[1] for row in result.rows})
    return found


def archived_markup(html: str, base_url: str | None, images: dict[str, str]) -> Markup:
    """The page cleaned by nh3, every image from the archive (`images`: address -> archive path) or
    the placeholder, links absolute to the original site."""

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in ("href", "src"):
            return value
        resolved = urljoin(base_url or "", value.strip())
        if tag == "img" and attribute == "src":
            return images.get(resolved, PLACEHOLDER)
        scheme = urlsplit(resolved).scheme.lower()
        return resolved if scheme in SAFE_SCHEMES or not scheme else None

    return Markup(nh3.clean(html, attribute_filter=rewrite, url_schemes=set(SAFE_SCHEMES)))


async def _captured_body(db: Any, capture_id: int, headers: dict[str, str]) -> Response:
    """A captured image's bytes, for an archived page's <img>; nothing else is served this way."""
    _, record = await _record(db, capture_id)
    content_type = _media_type(record.header("Content-Type"))
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise NotFound("Эта архивная копия — не изображение.")
    return Response(record.body, content_type=content_type, headers=headers)


async def capture_page(datasette: Any, request: Any) -> Response:
    db = datasette.get_database()
    capture_id = parse_capture_id(request.url_vars["capture_id"])
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    if request.args.get("body"):
        return await _captured_body(db, capture_id, headers)
    capture, record = await _record(db, capture_id)
    content_type = record.header("Content-Type")
    if is_file(record.body, content_type):
        return file_response(capture, capture_id, record)
    text = decode_payload(record.body, content_type)
    if request.args.get("raw"):
        return Response.text(text, headers=headers)
    is_html = "html" in (content_type or "text/html").lower()
    page = None
    if is_html:
        body = _HEAD.sub("", text)
        captured = await captured_images(db, _image_sources(body, capture["url"]))
        images = {url: datasette.urls.path(f"/-/capture/{n}") + "?body=1" for url, n in captured.items()}
        page = archived_markup(body, capture["url"], images)
    release_id = capture.get("release_id") or (capture.get("revisit") or {}).get("release_id")
    release_url = datasette.urls.path(f"/-/release/{quote(release_id, safe='')}") if release_id else None
    context = {
        "capture": capture,
        "content_type": content_type,
        "page": page,
        "text": None if is_html else text,
        "raw_url": datasette.urls.path(f"/-/capture/{capture_id}") + "?raw=1",
        "release_url": release_url,
    }
    html = await datasette.render_template("capture.html", context, request=request, view_name="capture")
    return Response.html(html, headers=headers)
