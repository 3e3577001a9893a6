"""Real attachment files made for the tests, as regional ministries publish them, with the text
each holds: a PDF exported with an embedded Unicode font, a PDF of the cp1251 era (a simple font
whose Differences name Cyrillic glyphs, no ToUnicode map), a scanned PDF (an image, no text
layer), DOCX, RTF in cp1251, XLSX, ODT; and hostile ones: encrypted and truncated PDFs, a PDF
whose page tree loops, a DOCX zip bomb.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)

DECREE = [
    "Министерство инвестиций, промышленности и науки Московской области",
    "ПОСТАНОВЛЕНИЕ от 14 ноября 2025 г. № 1205-ПП",
    "О предоставлении субсидий субъектам малого и среднего предпринимательства",
    "Утвердить перечень получателей субсидии: ООО «Подольский завод», АО «Химпром», ИП Смирнова Е. В.",
    "Объём финансирования составляет 245,7 млн рублей.",
]
SECOND_PAGE = [
    "Приложение № 2 к постановлению",
    "Контроль за исполнением возложить на заместителя министра Ковалёва А. Н.",
]


# A DOCX's [Content_Types].xml with only its main part: enough for python-docx to open it.
DOCX_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@dataclass(frozen=True)
class Made:
    """One file: its name, bytes, and the lines of text a reader must find (per page for PDFs)."""

    name: str
    data: bytes
    pages: tuple[tuple[str, ...], ...]

    @property
    def text(self) -> str:
        return "\n".join(line for page in self.pages for line in page)


def cyrillic_font() -> Path | None:
    return next((Path(p) for p in FONT_CANDIDATES if Path(p).exists()), None)


def unicode_pdf(pages: tuple[tuple[str, ...], ...] = (tuple(DECREE), tuple(SECOND_PAGE))) -> Made:
    """What Word or LibreOffice export: an embedded TrueType subset with a ToUnicode map (fpdf2)."""
    from fpdf import FPDF

    font = cyrillic_font()
    if font is None:
        raise RuntimeError("no Cyrillic TrueType font (apt-get install fonts-dejavu-core)")
    pdf = FPDF()
    pdf.add_font("Body", "", str(font))
    pdf.set_font("Body", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return Made("postanovlenie.pdf", bytes(pdf.output()), pages)


# cp1251 byte -> Adobe glyph name of the Cyrillic letter (AGL: afii10017 А ... afii10097 я, Ё, ё).
_CP1251_GLYPHS = {
    **{0xC0 + i: f"afii{10017 + i}" for i in range(6)},  # А Б В Г Д Е
    0xC6: "afii10024",  # Ж
    **{0xC7 + i: f"afii{10025 + i}" for i in range(25)},  # З ... Я
    **{0xE0 + i: f"afii{10065 + i}" for i in range(6)},  # а ... е
    0xE6: "afii10072",  # ж
    **{0xE7 + i: f"afii{10073 + i}" for i in range(25)},  # з ... я
    0xA8: "afii10023",  # Ё
    0xB8: "afii10071",  # ё
    0xAB: "guillemotleft",
    0xBB: "guillemotright",
    0xB9: "afii61352",  # №
}


def _pdf(objects: list[bytes], root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A PDF from its numbered objects (1-based), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, extra_trailer, xref)
    )
    return out.getvalue()


def _escape(raw: bytes) -> bytes:
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def cp1251_pdf(lines: tuple[str, ...] = tuple(DECREE[:3])) -> Made:
    """A PDF of the cp1251 era: Helvetica re-encoded by a Differences array naming the Cyrillic
    glyphs, the text written as cp1251 bytes, no ToUnicode map (readers must go by glyph names)."""
    differences = b" ".join(
        b"%d /%s" % (code, name.encode()) for code, name in sorted(_CP1251_GLYPHS.items())
    )
    stream = (
        b"BT /F1 11 Tf 50 780 Td 14 TL\n"
        + b"".join(b"(" + _escape(line.encode("cp1251")) + b") '\n" for line in lines)
        + b"ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 6 0 R"
        b" /FirstChar 32 /LastChar 255 /Widths [" + b" ".join([b"556"] * 224) + b"] >>",
        b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [" + differences + b"] >>",
    ]
    return Made("rasporyazhenie_2004.pdf", _pdf(objects), (lines,))


def scanned_pdf() -> Made:
    """A scan: one page that is only an image, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for row in range(40, 760, 24):
        draw.rectangle((40, row, 40 + (row * 7) % 500, row + 10), fill=30)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return Made("skan_prikaza.pdf", bytes(pdf.output()), ())


def encrypted_pdf() -> Made:
    """A PDF that opens only with a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(cp1251_pdf().data)))
    writer.encrypt(user_password="sekret", owner_password="vladelec", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return Made("zakrytyi.pdf", out.getvalue(), ())


def truncated_pdf() -> Made:
    """A download cut off halfway: no cross-reference table, no trailer."""
    data = unicode_pdf().data
    return Made("oborvan.pdf", data[: len(data) // 2], ())


def looping_pdf() -> Made:
    """A page tree whose Kids point back at themselves: a naive reader walks it forever."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
    ]
    return Made("petlya.pdf", _pdf(objects), ())


def docx() -> Made:
    from docx import Document

    document = Document()
    document.add_heading("Пресс-релиз", level=1)
    for line in DECREE:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Получатель"
    table.cell(0, 1).text = "Сумма, млн руб."
    table.cell(1, 0).text = "ООО «Подольский завод»"
    table.cell(1, 1).text = "112,4"
    out = io.BytesIO()
    document.save(out)
    lines = ("Пресс-релиз", *DECREE, "Получатель", "Сумма, млн руб.", "ООО «Подольский завод»", "112,4")
    return Made("press-reliz.docx", out.getvalue(), (lines,))


def docx_bomb(inflated_mib: int = 1024) -> Made:
    """A DOCX whose document.xml inflates to `inflated_mib` MiB of nothing (about 1 MiB zipped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            DOCX_CONTENT_TYPES,
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
            for _ in range(inflated_mib):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return Made("bomba.docx", out.getvalue(), ())


def rtf_cp1251() -> Made:
    """RTF as Word 2003 saved it: \\ansicpg1251, Cyrillic as \\'xx escapes."""

    def escaped(text: str) -> str:
        out = []
        for char in text:
            code = char.encode("cp1251")[0] if ord(char) > 127 else ord(char)
            out.append(f"\\'{code:02x}" if code > 127 else char.replace("\\", "\\\\").replace("{", "\\{"))
        return "".join(out)

    lines = tuple(DECREE[:4])
    body = "".join(f"{escaped(line)}\\par\n" for line in lines)
    data = (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset204 Arial;}}\n"
        f"\\f0\\fs22 {body}}}"
    ).encode("ascii")
    return Made("soobshchenie.rtf", data, (lines,))


def xlsx() -> Made:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Получатели"
    rows = [
        ("Получатель", "ИНН", "Сумма, руб."),
        ("ООО «Подольский завод»", "5036012345", 112400000),
        ("АО «Химпром»", "5001098765", 133300000),
    ]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    lines = ("Получатели", *(" ".join(str(v) for v in row) for row in rows))
    return Made("perechen.xlsx", out.getvalue(), (lines,))


def odt() -> Made:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for line in DECREE[:3]:
        document.text.addElement(P(text=line))
    out = io.BytesIO()
    document.write(out)
    return Made("informaciya.odt", out.getvalue(), (tuple(DECREE[:3]),))


def readable() -> list[Made]:
    """Every file with a text to find."""
    return [unicode_pdf(), cp1251_pdf(), docx(), rtf_cp1251(), xlsx(), odt()]


def docx_heavy(paragraphs: int = 400_000) -> Made:
    """A DOCX within the inflation bound whose text alone needs a few hundred MiB to parse: a
    report of many thousand paragraphs (the memory bound, not the ZIP check, must stop it)."""
    line = "<w:p><w:r><w:t>Отчёт о реализации государственной программы, строка {n}</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "[Content_Types].xml",
            DOCX_CONTENT_TYPES,
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        body = "".join(line.format(n=n) for n in range(paragraphs))
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return Made("otchet.docx", out.getvalue(), ())


def scanned_text_pdf(lines: tuple[str, ...] = tuple(DECREE[:3])) -> Made:
    """A scan of a printed page (an image of the text at 200 dpi, no text layer), for OCR."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    font_path = cyrillic_font()
    if font_path is None:
        raise RuntimeError("no Cyrillic TrueType font (apt-get install fonts-dejavu-core)")
    font = ImageFont.truetype(str(font_path), 34)
    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    top = 150
    kept: list[str] = []
    for line in lines:
        words, row = line.split(), ""
        for word in words:  # wrap at the page's width, as the printed page did
            trial = f"{row} {word}".strip()
            if draw.textlength(trial, font=font) > 1400 and row:
                draw.text((120, top), row, font=font, fill=0)
                kept.append(row)
                top, row = top + 60, word
            else:
                row = trial
        draw.text((120, top), row, font=font, fill=0)
        kept.append(row)
        top += 90
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210)
    return Made("skan_postanovleniya.pdf", bytes(pdf.output()), (tuple(kept),))
