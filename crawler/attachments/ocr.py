"""Text of scanned pages by OCR: Tesseract (Debian's `tesseract-ocr` and `tesseract-ocr-rus`),
an option that is off unless the programs are installed and the reader is asked for it.

Pages that hold images and no text layer are rendered by PDFium at `dpi` and read by
`tesseract - - -l rus+eng`, one process per page with a deadline. The text is marked as OCR
(`method`), as it is a reading of the image, not the publisher's text.
"""

from __future__ import annotations

import functools
import io
import logging
import shutil
import subprocess

from crawler.attachments.model import OK, SCANNED, AttachmentText
from crawler.attachments.readers import MAX_PAGES, clean

logger = logging.getLogger(__name__)

DEFAULT_DPI = 200
PAGE_TIMEOUT_S = 60.0


@functools.cache
def ocr_languages() -> frozenset[str]:
    """The languages the installed Tesseract reads; empty when it is not installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        return frozenset()
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in listed.stdout.splitlines()[1:] if line.strip())


def ocr_available() -> bool:
    """Tesseract with its Russian data is installed."""
    return "rus" in ocr_languages()


def _page_text(png: bytes, timeout: float) -> str:
    languages = "rus+eng" if "eng" in ocr_languages() else "rus"
    done = subprocess.run(
        ["tesseract", "-", "-", "-l", languages],
        input=png,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[:300])
    return clean(done.stdout.decode("utf-8", "replace"))


def ocr_pdf(
    data: bytes, scanned: AttachmentText, *, dpi: int = DEFAULT_DPI, timeout: float = PAGE_TIMEOUT_S
) -> AttachmentText:
    """`scanned` (the text reader's result for `data`) with its empty pages read by OCR."""
    import pypdfium2 as pdfium

    if not ocr_available():
        return scanned
    document = pdfium.PdfDocument(data)
    pages = list(scanned.pages) or [""] * len(document)
    read = 0
    try:
        for index in range(min(len(document), MAX_PAGES, len(pages))):
            if pages[index]:
                continue
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            png = io.BytesIO()
            image.save(png, format="PNG")
            try:
                pages[index] = _page_text(png.getvalue(), timeout)
                read += 1
            except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
                logger.warning("OCR of page %d failed: %s", index + 1, exc)
    finally:
        document.close()
    meta = {**scanned.meta, "ocr_pages": str(read)}
    status = OK if any(pages) else SCANNED
    return AttachmentText("pdf", status, tuple(pages), "pypdfium2+tesseract (OCR)", scanned.detail, meta)
