"""What reading one attachment gives: its text page by page, or why there is none."""

from __future__ import annotations

from dataclasses import dataclass, field

# Between the pages (or sheets) of a file's stored text: the form feed, as pdftotext writes it. A
# page's own text never holds one (readers.clean), so "page N" is the text after the (N-1)th.
PAGE_BREAK = "\f"

# Statuses, stable names (stored, counted): ok, and the reasons a file gives no text.
OK = "ok"
SCANNED = "scanned"  # pages with images and no text layer (OCR is another step)
EMPTY = "empty"  # a readable file with no text in it
ENCRYPTED = "encrypted"  # opens only with a password
DAMAGED = "damaged"  # truncated, or not what it says it is
BOMB = "bomb"  # inflates to more than the bound (a zip bomb inside DOCX/XLSX/ODT)
TOO_LARGE = "too_large"  # the file itself is over the bound
UNSUPPORTED = "unsupported"  # a kind no maintained reader handles here (.doc)
TIMEOUT = "timeout"  # the reader did not finish in time (a parser looping)
MEMORY = "memory"  # the reader needed more memory than allowed
ERROR = "error"  # the reader failed otherwise

REASONS_RU = {
    SCANNED: "скан без текстового слоя",
    EMPTY: "в файле нет текста",
    ENCRYPTED: "файл защищён паролем",
    DAMAGED: "файл повреждён или обрезан",
    BOMB: "архив внутри файла распаковывается в слишком большой объём",
    TOO_LARGE: "файл больше допустимого размера",
    UNSUPPORTED: "формат не читается",
    TIMEOUT: "чтение файла не уложилось во время",
    MEMORY: "чтение файла потребовало слишком много памяти",
    ERROR: "файл не прочитан",
}


@dataclass(frozen=True)
class AttachmentText:
    """The text of one file (`pages`: one string per page or sheet; one for flowing documents)."""

    kind: str  # pdf, docx, xlsx, xls, odt, ods, rtf, doc, other
    status: str
    pages: tuple[str, ...] = ()
    method: str = ""  # the reader: "pypdfium2", "python-docx" ...
    detail: str = ""  # what the reader said, for the operator (English, as the library said it)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The pages joined by PAGE_BREAK (empty pages kept, so that numbers stay right); "" when
        no page has text."""
        return PAGE_BREAK.join(self.pages) if any(self.pages) else ""

    @property
    def reason_ru(self) -> str | None:
        """Why there is no text, for the journalist; None when there is."""
        return None if self.status == OK else REASONS_RU.get(self.status, REASONS_RU[ERROR])


class Unreadable(Exception):
    """A reader's verdict that a file gives no text, with its status."""

    def __init__(self, status: str, detail: str = "") -> None:
        super().__init__(detail or status)
        self.status = status
        self.detail = detail
