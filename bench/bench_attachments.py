"""Attachment text: the chosen readers against the alternatives, same files, one run.

The corpus is made here from the test generators (tests/attachment_files.py): PDFs as office
suites export them (an embedded Unicode TrueType subset; 1, 10 and 40 pages of a decree), PDFs of
the cp1251 era (a simple font whose Differences name the Cyrillic glyphs, no ToUnicode map), and
DOCX, XLSX, RTF (cp1251) and ODT. For PDFs, pypdfium2 (chosen) is measured beside pypdf and
pdfminer.six; for every kind, the reader in-process and through the bounded worker process
(crawler.attachments.sandbox), whose cost per file is what a crawl pays.

Quality: the share of the lines each file holds that the reader's text contains (whitespace
ignored). Speed: pages/s and MB/s over the whole corpus, best of --repeat runs.

Run: .venv/bin/python bench/bench_attachments.py [--repeat N]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from attachment_files import DECREE, SECOND_PAGE, Made, cp1251_pdf, docx, odt, rtf_cp1251, unicode_pdf, xlsx

from crawler.attachments.readers import read
from crawler.attachments.sandbox import AttachmentReader

QUALITY_GOAL = 0.99


def _norm(text: str) -> str:
    return "".join(text.split())


def quality(made: Made, text: str) -> float:
    lines = [line for line in made.text.splitlines() if line.strip()]
    found = _norm(text)
    return sum(1 for line in lines if _norm(line) in found) / len(lines) if lines else 1.0


def pdf_corpus() -> list[Made]:
    page = (*DECREE, *SECOND_PAGE)
    files = [unicode_pdf((tuple(page),) * count) for count in (1, 10, 40)]
    files += [cp1251_pdf(tuple(DECREE[:3])), cp1251_pdf((DECREE[0], DECREE[2], DECREE[4]))]
    return files


def other_corpus() -> list[Made]:
    return [docx(), xlsx(), rtf_cp1251(), odt()]


def pages_of(made: Made) -> int:
    return max(1, len(made.pages))


def _pypdfium2(data: bytes) -> str:
    return read(data, "pdf").text


def _pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


@dataclass
class Row:
    name: str
    seconds: float
    pages: int
    megabytes: float
    quality: float

    def line(self, baseline: Row | None) -> str:
        ratio = f"{baseline.seconds / self.seconds:5.2f}x" if baseline else "  -  "
        return (
            f"{self.name:34} {self.pages / self.seconds:9.1f} {self.megabytes / self.seconds:8.2f}"
            f" {self.quality:8.3f}   {ratio}"
        )


def measure(name: str, files: list[Made], reader: Callable[[Made], str], repeat: int) -> Row:
    best = float("inf")
    scores: list[float] = []
    for _ in range(repeat):
        scores = []
        started = time.perf_counter()
        for made in files:
            scores.append(quality(made, reader(made)))
        best = min(best, time.perf_counter() - started)
    return Row(
        name,
        best,
        sum(pages_of(m) for m in files),
        sum(len(m.data) for m in files) / 1e6,
        sum(scores) / len(scores),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    pdfs, others = pdf_corpus(), other_corpus()
    print(
        f"PDF corpus: {len(pdfs)} files, {sum(pages_of(m) for m in pdfs)} pages, "
        f"{sum(len(m.data) for m in pdfs) / 1e6:.2f} MB; other kinds: {len(others)} files"
    )
    print(f"{'reader':34} {'pages/s':>9} {'MB/s':>8} {'quality':>8}   speed vs pypdfium2")
    chosen = measure("PDF pypdfium2 (chosen), in-process", pdfs, lambda m: _pypdfium2(m.data), args.repeat)
    rows = [
        chosen,
        measure("PDF pypdf", pdfs, lambda m: _pypdf(m.data), args.repeat),
        measure("PDF pdfminer.six", pdfs, lambda m: _pdfminer(m.data), args.repeat),
    ]
    with AttachmentReader() as worker:
        worker.read(pdfs[0].data, "pdf")  # the worker's start-up and imports, paid once per crawl
        rows.append(
            measure(
                "PDF pypdfium2, bounded worker", pdfs, lambda m: worker.read(m.data, "pdf").text, args.repeat
            )
        )
        kinds = {
            "press-reliz.docx": "docx",
            "perechen.xlsx": "xlsx",
            "soobshchenie.rtf": "rtf",
            "informaciya.odt": "odt",
        }
        rows.append(
            measure(
                "DOCX/XLSX/RTF/ODT, in-process",
                others,
                lambda m: read(m.data, kinds[m.name]).text,
                args.repeat,
            )
        )
        rows.append(
            measure(
                "DOCX/XLSX/RTF/ODT, bounded worker",
                others,
                lambda m: worker.read(m.data, kinds[m.name]).text,
                args.repeat,
            )
        )
    for row in rows:
        print(row.line(chosen if row is not chosen and row.name.startswith("PDF") else None))
    by_name = {row.name: row for row in rows}
    verdicts = {
        f"pypdfium2 quality >= {QUALITY_GOAL}": chosen.quality >= QUALITY_GOAL,
        "pypdfium2 at least as good as each alternative": all(
            chosen.quality >= by_name[name].quality for name in ("PDF pypdf", "PDF pdfminer.six")
        ),
        "pypdfium2 faster than each alternative": all(
            chosen.seconds < by_name[name].seconds for name in ("PDF pypdf", "PDF pdfminer.six")
        ),
        f"other kinds quality >= {QUALITY_GOAL}": by_name["DOCX/XLSX/RTF/ODT, in-process"].quality
        >= QUALITY_GOAL,
    }
    for what, met in verdicts.items():
        print(f"target: {what}: {'met' if met else 'NOT MET'}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
