"""What kind of document a file is: by its bytes first, then by what the server and the link said.

Servers of regional sites send PDFs as application/octet-stream and DOCX as application/zip, and
links end in .pdf for files that are HTML error pages; the bytes decide where they can.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BY_SUFFIX = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".ods": "ods",
}
_BY_TYPE = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/msword": "doc",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype.endswith("opendocument.text"):
                    return "odt"
                if mimetype.endswith("opendocument.spreadsheet"):
                    return "ods"
    except Exception:  # zipfile raises half a dozen kinds on a damaged archive; sniffing never fails
        return "other"
    return "other"


def _declared(url: str, content_type: str) -> str | None:
    by_type = _BY_TYPE.get(content_type.split(";")[0].strip().lower())
    if by_type:
        return by_type
    path = urlsplit(url).path.lower()
    return next((kind for suffix, kind in _BY_SUFFIX.items() if path.endswith(suffix)), None)


def sniff(data: bytes, url: str = "", content_type: str = "") -> str:
    """pdf, docx, xlsx, xls, doc, rtf, odt, ods or other."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(_OLE2):  # Word 97-2003 or Excel 97-2003: the name or type tells which
        declared = _declared(url, content_type)
        return declared if declared in ("doc", "xls") else "doc"
    return "other"
