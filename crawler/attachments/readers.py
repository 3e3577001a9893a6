"""Reading the text of one attachment, in this process, by kind (see `sandbox` for the process
that runs these with bounded time and memory).

PDF: pypdfium2 (PDFium, the engine of Chromium's viewer). Chosen by `bench/bench_attachments.py`:
it reads both the Unicode-font PDFs of today's office suites and the cp1251-era PDFs whose fonts
name Cyrillic glyphs without a ToUnicode map, at several times pypdf's speed; pdfminer.six
garbles the latter. DOCX: python-docx; XLSX: openpyxl (read-only); XLS: xlrd; ODT/ODS: odfpy;
RTF: striprtf with the file's own code page (\\ansicpg1251). Word 97-2003 .doc has no maintained
reader here: it is recorded as unsupported.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from crawler.attachments.model import (
    BOMB,
    DAMAGED,
    EMPTY,
    ENCRYPTED,
    OK,
    SCANNED,
    UNSUPPORTED,
    AttachmentText,
    Unreadable,
)

MAX_PAGES = 2_000  # pages (or sheets) read per file
MAX_CHARS = 2_000_000  # characters kept per file
MAX_ROWS = 100_000  # spreadsheet rows read per sheet
MAX_INFLATED = 256 * 1024 * 1024  # bytes a DOCX/XLSX/ODT may inflate to, all parts together
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_DROPPED = dict.fromkeys(map(ord, "\x00\u00ad\ufeff"))


def clean(text: str) -> str:
    """NFC, no NULs or soft hyphens, spaces collapsed in each line, no blank runs of lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).translate(_DROPPED)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


class _Budget:
    """Characters left to keep for one file."""

    def __init__(self, chars: int = MAX_CHARS) -> None:
        self.left = chars
        self.cut = False

    def take(self, text: str) -> str:
        if len(text) > self.left:
            self.cut = True
            text = text[: max(0, self.left)]
        self.left -= len(text)
        return text


def check_zip(data: bytes, bound: int = MAX_INFLATED) -> None:
    """Refuse a ZIP-based document whose parts would inflate past `bound` (a zip bomb) before any
    library inflates it; a ZIP that is not one is damaged. zipfile never inflates a part past the
    size its header states, so the headers bound what the readers can be made to inflate."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(DAMAGED, f"not a readable ZIP: {exc}") from exc
    if total > bound:
        raise Unreadable(BOMB, f"parts inflate to {total} bytes (bound {bound})")


def read_pdf(data: bytes) -> AttachmentText:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        status = ENCRYPTED if "password" in str(exc).lower() else DAMAGED
        raise Unreadable(status, str(exc)) from exc
    budget = _Budget()
    pages: list[str] = []
    image_only = 0
    try:
        for index in range(min(len(document), MAX_PAGES)):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:  # a page tree that loops or points at nothing
                raise Unreadable(DAMAGED, f"page {index + 1}: {exc}") from exc
            try:
                textpage = page.get_textpage()
                text = clean(textpage.get_text_range())
                textpage.close()
                if not text and any(
                    obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2)
                ):
                    image_only += 1
            finally:
                page.close()
            pages.append(budget.take(text))
    finally:
        document.close()
    meta = {"pages": str(len(pages))}
    if image_only:
        meta["scanned_pages"] = str(image_only)
    if budget.cut:
        meta["cut"] = "1"
    if not any(pages):
        return AttachmentText("pdf", SCANNED if image_only else EMPTY, tuple(pages), "pypdfium2", meta=meta)
    return AttachmentText("pdf", OK, tuple(pages), "pypdfium2", meta=meta)


def _docx_blocks(document: Any) -> Iterator[str]:
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # a merged cell repeats itself
                        cells.append(cell.text)
                yield " | ".join(cells)
        else:
            yield block.text


def read_docx(data: bytes) -> AttachmentText:
    import docx

    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ...
        raise Unreadable(DAMAGED, f"{type(exc).__name__}: {exc}") from exc
    return _flowing("docx", "python-docx", _docx_blocks(document))


def _flowing(kind: str, method: str, blocks: Iterable[str]) -> AttachmentText:
    budget = _Budget()
    kept: list[str] = []
    for block in blocks:
        kept.append(budget.take(block))
        if budget.left <= 0:
            break
    text = clean("\n".join(kept))
    meta = {"cut": "1"} if budget.cut else {}
    return AttachmentText(kind, OK if text else EMPTY, (text,) if text else (), method, meta=meta)


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheets(kind: str, method: str, sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> AttachmentText:
    budget = _Budget()
    pages: list[str] = []
    for number, (title, rows) in enumerate(sheets):
        if number >= MAX_PAGES or budget.left <= 0:
            break
        lines = [title]
        for count, row in enumerate(rows):
            if count >= MAX_ROWS:
                break
            line = " ".join(_cell(v) for v in row if v is not None and str(v).strip())
            if line:
                lines.append(line)
        pages.append(budget.take(clean("\n".join(lines))))
    has_cells = any("\n" in page for page in pages)
    meta = {"sheets": str(len(pages)), **({"cut": "1"} if budget.cut else {})}
    return AttachmentText(kind, OK if has_cells else EMPTY, tuple(pages), method, meta=meta)


def read_xlsx(data: bytes) -> AttachmentText:
    import openpyxl

    check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise Unreadable(DAMAGED, f"{type(exc).__name__}: {exc}") from exc
    try:
        return _sheets(
            "xlsx", "openpyxl", ((s.title, s.iter_rows(values_only=True)) for s in book.worksheets)
        )
    finally:
        book.close()


def read_xls(data: bytes) -> AttachmentText:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:
        raise Unreadable(DAMAGED, f"{type(exc).__name__}: {exc}") from exc

    def rows(sheet: Any) -> Iterator[list[Any]]:
        for index in range(sheet.nrows):
            yield sheet.row_values(index)

    try:
        return _sheets("xls", "xlrd", ((s.name, rows(s)) for s in book.sheets()))
    finally:
        book.release_resources()


def _odf_lines(node: Any) -> Iterator[str]:
    from odf import teletype

    name = getattr(node, "qname", (None, None))[1]
    if name in ("p", "h"):
        yield teletype.extractText(node)
        return
    if name == "table-row":
        yield " ".join(teletype.extractText(cell) for cell in node.childNodes if teletype.extractText(cell))
        return
    for child in getattr(node, "childNodes", ()):
        yield from _odf_lines(child)


def read_odf(data: bytes, kind: str) -> AttachmentText:
    from odf.opendocument import load

    check_zip(data)
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:
        raise Unreadable(DAMAGED, f"{type(exc).__name__}: {exc}") from exc
    if kind == "ods":
        from odf.table import Table

        tables = document.spreadsheet.getElementsByType(Table)
        return _sheets(
            "ods", "odfpy", ((t.getAttribute("name"), [[line] for line in _odf_lines(t)]) for t in tables)
        )
    return _flowing("odt", "odfpy", _odf_lines(document.text))


_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def read_rtf(data: bytes) -> AttachmentText:
    from striprtf.striprtf import rtf_to_text

    found = _CODEPAGE.search(data[:4096])
    encoding = f"cp{found.group(1).decode()}" if found else "cp1251"  # Russian Word wrote 1251
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1251"
    try:
        text = rtf_to_text(data.decode(encoding, "replace"), encoding=encoding, errors="replace")
    except Exception as exc:
        raise Unreadable(DAMAGED, f"{type(exc).__name__}: {exc}") from exc
    return _flowing("rtf", "striprtf", [text])


def read_doc(data: bytes) -> AttachmentText:
    raise Unreadable(UNSUPPORTED, "Word 97-2003 .doc: no maintained reader is installed")


READERS: dict[str, Callable[[bytes], AttachmentText]] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "xlsx": read_xlsx,
    "xls": read_xls,
    "odt": lambda data: read_odf(data, "odt"),
    "ods": lambda data: read_odf(data, "ods"),
    "rtf": read_rtf,
    "doc": read_doc,
}


def read(data: bytes, kind: str) -> AttachmentText:
    """The text of `data` read as `kind`; every failure becomes a status, never an exception."""
    reader = READERS.get(kind)
    if reader is None:
        return AttachmentText(kind, UNSUPPORTED, detail=f"no reader for kind {kind!r}")
    try:
        return reader(data)
    except Unreadable as verdict:
        return AttachmentText(kind, verdict.status, detail=verdict.detail)
    except MemoryError:
        from crawler.attachments.model import MEMORY

        return AttachmentText(kind, MEMORY, detail="MemoryError")
    except RecursionError as exc:
        return AttachmentText(kind, DAMAGED, detail=f"RecursionError: {exc}")
    except Exception as exc:  # a library's own bug on a strange file: counted, never raised
        from crawler.attachments.model import ERROR

        return AttachmentText(kind, ERROR, detail=f"{type(exc).__name__}: {exc}"[:500])
