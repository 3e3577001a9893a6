"""Attachments' text (issue 16): real files as ministries publish them, read by the chosen
libraries in a bounded worker process; hostile files classified with a reason, never a crash or a
stall, and the reader goes on with the next file.
"""

from __future__ import annotations

import os
import random
import signal

import pytest
from attachment_files import (
    DECREE,
    SECOND_PAGE,
    Made,
    cp1251_pdf,
    docx,
    docx_bomb,
    docx_heavy,
    encrypted_pdf,
    looping_pdf,
    odt,
    readable,
    rtf_cp1251,
    scanned_pdf,
    scanned_text_pdf,
    truncated_pdf,
    unicode_pdf,
    xlsx,
)

from crawler.attachments import model
from crawler.attachments.kinds import sniff
from crawler.attachments.ocr import ocr_available
from crawler.attachments.readers import read
from crawler.attachments.sandbox import AttachmentReader

STATUSES = {value for name, value in vars(model).items() if name.isupper() and isinstance(value, str)}


def _norm(text: str) -> str:
    return "".join(text.split())


def _missing(made: Made, text: str) -> list[str]:
    found = _norm(text)
    return [line for line in made.text.splitlines() if _norm(line) not in found]


@pytest.fixture(scope="module")
def reader() -> AttachmentReader:
    with AttachmentReader(timeout=60) as shared:
        yield shared  # type: ignore[misc]


@pytest.mark.parametrize("made", readable(), ids=lambda m: m.name)
def test_every_kind_gives_its_whole_text_through_the_worker(made: Made, reader: AttachmentReader) -> None:
    result = reader.read(made.data, sniff(made.data, made.name))
    assert result.status == model.OK, result.detail
    assert _missing(made, result.text) == []
    assert result.reason_ru is None and result.method


def test_a_pdf_is_read_page_by_page() -> None:
    result = read(unicode_pdf().data, "pdf")
    assert len(result.pages) == 2 and result.meta["pages"] == "2"
    assert _norm(DECREE[1]) in _norm(result.pages[0]) and _norm(SECOND_PAGE[1]) not in _norm(result.pages[0])
    assert _norm(SECOND_PAGE[1]) in _norm(result.pages[1])


def test_a_pdf_of_the_cp1251_era_reads_as_russian() -> None:
    """A simple font whose Differences name the Cyrillic glyphs and no ToUnicode map."""
    made = cp1251_pdf()
    result = read(made.data, "pdf")
    assert result.status == model.OK
    assert result.text.splitlines()[:3] == list(made.pages[0])


def test_rtf_in_cp1251_keeps_its_letters_and_guillemets() -> None:
    made = rtf_cp1251()
    text = read(made.data, "rtf").text
    assert text.splitlines() == list(made.pages[0])


def test_tables_of_documents_and_sheets_are_read_row_by_row() -> None:
    assert "ООО «Подольский завод» | 112,4" in read(docx().data, "docx").text
    sheet = read(xlsx().data, "xlsx")
    assert sheet.pages[0].splitlines()[0] == "Получатели"
    assert "АО «Химпром» 5001098765 133300000" in sheet.text


def test_kind_comes_from_the_bytes_not_from_the_name_or_the_server() -> None:
    pdf = unicode_pdf().data
    assert sniff(pdf, "http://mii.mosreg.ru/download/file.doc", "application/octet-stream") == "pdf"
    assert sniff(docx().data, "http://x/file", "application/zip") == "docx"
    assert sniff(xlsx().data, "http://x/file.bin") == "xlsx"
    assert sniff(odt().data, "http://x/f") == "odt"
    assert sniff(rtf_cp1251().data, "http://x/f.doc") == "rtf"
    error_page = "<html><body>Файл не найден</body></html>".encode()
    assert sniff(error_page, "http://x/postanovlenie.pdf", "application/pdf") == "other"
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert sniff(ole2, "http://x/tablica.xls") == "xls"
    assert sniff(ole2, "http://x/prikaz.doc") == "doc"


@pytest.mark.parametrize(
    ("made", "status"),
    [
        (scanned_pdf(), model.SCANNED),
        (encrypted_pdf(), model.ENCRYPTED),
        (truncated_pdf(), model.DAMAGED),
        (looping_pdf(), model.DAMAGED),
        (docx_bomb(1024), model.BOMB),  # 1 GiB of nothing in about 1 MiB
    ],
    ids=lambda value: value.name if isinstance(value, Made) else value,
)
def test_hostile_files_are_classified_with_a_reason(
    made: Made, status: str, reader: AttachmentReader
) -> None:
    result = reader.read(made.data, sniff(made.data, made.name))
    assert result.status == status, (result.status, result.detail)
    assert result.reason_ru and result.text == ""
    assert reader.read(docx().data, "docx").status == model.OK  # and the reader goes on


def test_a_file_that_needs_more_memory_than_allowed_fails_in_the_worker_only() -> None:
    heavy = docx_heavy()
    assert len(heavy.data) < 2 * 1024 * 1024  # small on the wire, under the ZIP bound inflated
    with AttachmentReader(memory_mib=256, timeout=120) as bounded:
        result = bounded.read(heavy.data, "docx")
        assert result.status == model.MEMORY, (result.status, result.detail)
        assert bounded.read(docx().data, "docx").status == model.OK  # a fresh worker for the next file
        assert bounded.started == 2


def test_a_reader_past_its_deadline_is_stopped_and_replaced() -> None:
    with AttachmentReader(timeout=0.001) as hurried:
        assert hurried.read(unicode_pdf().data, "pdf").status == model.TIMEOUT
        hurried.timeout = 60
        assert hurried.read(unicode_pdf().data, "pdf").status == model.OK
        assert hurried.started == 2


def test_a_worker_killed_from_outside_is_replaced(reader: AttachmentReader) -> None:
    assert reader.read(docx().data, "docx").status == model.OK
    worker = reader._worker
    assert worker is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    assert reader.read(docx().data, "docx").status == model.OK


def test_a_file_over_the_size_bound_is_not_read() -> None:
    with AttachmentReader(max_bytes=1000) as small:
        result = small.read(unicode_pdf().data, "pdf")
        assert result.status == model.TOO_LARGE and small.started == 0


def test_word_97_documents_are_recorded_as_unsupported() -> None:
    result = read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "doc")
    assert result.status == model.UNSUPPORTED and result.reason_ru == "формат не читается"


def test_mangled_files_of_every_kind_never_raise(reader: AttachmentReader) -> None:
    """Each real file cut, overwritten in places and padded with junk: 120 files, a status each."""
    rng = random.Random(16)
    originals = [*readable(), scanned_pdf(), encrypted_pdf()]
    seen = set()
    for case in range(120):
        made = rng.choice(originals)
        data = bytearray(made.data)
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        if rng.random() < 0.2:
            data += os.urandom(rng.randrange(1, 4000))
        kind = sniff(bytes(data), made.name)
        result = reader.read(bytes(data), kind if kind != "other" else made.name.rsplit(".", 1)[1])
        assert result.status in STATUSES, (case, result)
        seen.add(result.status)
    assert model.OK in seen and len(seen) >= 2  # some survive, some do not


needs_tesseract = pytest.mark.skipif(
    not ocr_available(), reason="Tesseract with Russian (tesseract-ocr-rus) is not installed: make chromium"
)


def test_without_ocr_a_scan_is_flagged_scanned_with_its_reason(reader: AttachmentReader) -> None:
    result = reader.read(scanned_text_pdf().data, "pdf")
    assert result.status == model.SCANNED and result.reason_ru == "скан без текстового слоя"


@needs_tesseract
def test_ocr_reads_a_scanned_decree_when_asked() -> None:
    made = scanned_text_pdf()
    with AttachmentReader(ocr=True) as reading:
        result = reading.read(made.data, "pdf")
    assert result.status == model.OK and "tesseract" in result.method and result.meta["ocr_pages"] == "1"
    words = [word for line in made.text.splitlines() for word in line.split()]
    recognised = sum(1 for word in words if word in result.text) / len(words)
    assert recognised >= 0.9, (recognised, result.text)


@needs_tesseract
def test_ocr_leaves_pages_with_a_text_layer_as_the_publisher_wrote_them() -> None:
    made = unicode_pdf()
    with AttachmentReader(ocr=True) as reading:
        result = reading.read(made.data, "pdf")
    assert result.method == "pypdfium2" and "ocr_pages" not in result.meta
