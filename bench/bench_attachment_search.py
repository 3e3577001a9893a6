"""What attachment text costs the search, through the running `pressarchive serve` (real HTTP).

    python bench/bench_attachment_search.py                       # 50,000 releases, 10% with a file
    python bench/bench_attachment_search.py --releases 1000000 --share 0.05

On a copy of bench_search's synthetic archive (cached in var/bench/), in one run:

1. the search page and the stemmed JSON for the same 1-3 word queries, before any file (baseline);
2. files added through the archive's own API (archive.attachments.save_attachment, each in its
   transaction, with its text put in the stemmed index): `--share` of the releases get one file of
   `--pages` pages of about 300 words each, words from the same vocabulary as the releases; the
   rate of that indexing, files/s and MB of text/s;
3. the same requests again, now that files match too (each shown hit then says where in its file:
   archive.attachment_hits), and the page filtered to hits in files (?found=attachments).

Printed: p50/p95 of each, the ratio to the baseline of step 1, and the goal the search page keeps
(issue 14: p95 < 100 ms).
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import sys
import time
from pathlib import Path

import httpx

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH_DIR)]

from bench_search import Series, ensure_archive, measure, queries, warm_page_cache  # noqa: E402
from serve_process import running_server  # noqa: E402
from synthetic import TextMaker, vocabulary  # noqa: E402

from archive.attachments import FetchedAttachment, save_attachment  # noqa: E402
from archive.store import Archive  # noqa: E402

PAGE_GOAL_MS = 100.0
PAGE_BREAK = "\f"
FETCHED_AT = "2026-12-01T03:00:00Z"


def file_text(maker: TextMaker, pages: int) -> str:
    """A file of `pages` pages, each about 300 words (a page of a printed report)."""
    out = []
    for _ in range(pages):
        words: list[str] = []
        while len(words) < 300:
            words += maker.body()[0].split()
        out.append(" ".join(words[:300]))
    return PAGE_BREAK.join(out)


def add_files(path: Path, share: float, pages: int, seed: int = 17) -> tuple[int, float, float]:
    """One file for `share` of the releases; (files, seconds, MB of text)."""
    maker = TextMaker(vocabulary(), seed)
    rng = random.Random(seed)
    with Archive.open(path) as archive:
        rows = archive.db.execute("SELECT release_id, source FROM releases").fetchall()
        chosen = rng.sample(rows, int(len(rows) * share))
        texts = [file_text(maker, pages) for _ in chosen]
        started = time.perf_counter()
        for n, ((release_id, source), text) in enumerate(zip(chosen, texts, strict=True)):
            save_attachment(
                archive.db,
                FetchedAttachment(
                    release_id=release_id,
                    source=source,
                    url=f"https://example.invalid/upload/{n}.pdf",
                    title=f"Приложение {n}",
                    fetched_at=FETCHED_AT,
                    http_status=200,
                    kind="pdf",
                    size=len(text.encode()) // 2,
                    payload_digest=f"sha1:BENCH{n:08d}",
                    status="ok",
                    method="pypdfium2",
                    pages=pages,
                    text=text,
                ),
            )
        seconds = time.perf_counter() - started
    return len(chosen), seconds, sum(len(t.encode()) for t in texts) / 2**20


def run_requests(path: Path, qs: list[str], found: bool) -> list[Series]:
    database = path.stem
    warm_page_cache(path)
    with running_server(path, timeout=600) as base, httpx.Client(base_url=base, timeout=120) as client:
        measure(client, "warm-up", [("/-/search", {"q": q}) for q in qs[:: max(1, len(qs) // 20)]])
        out = [
            measure(client, "search page", [("/-/search", {"q": q}) for q in qs]),
            measure(client, "stemmed JSON", [(f"/{database}/search.json", {"q": q}) for q in qs]),
        ]
        if found:
            params = [("/-/search", {"q": q, "found": "attachments"}) for q in qs]
            out.append(measure(client, "page, in files", params))
            hits = Series("rows with a file hit")
            for q in qs[:: max(1, len(qs) // 20)]:
                rows = client.get(f"/{database}/search.json", params={"q": q, "_shape": "objects"}).json()[
                    "rows"
                ]
                hits.hits.append(sum(1 for row in rows if row.get("attachment_hit")))
            out.append(hits)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--releases", type=int, default=50_000)
    parser.add_argument("--share", type=float, default=0.1, help="share of releases with a file")
    parser.add_argument("--pages", type=int, default=20, help="pages per file")
    parser.add_argument("--queries", type=int, default=40, help="queries per length (1, 2, 3 words)")
    parser.add_argument("--keep", action="store_true", help="keep the archive with its files (to profile)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    source = ensure_archive(args.releases, rebuild=False)
    path = source.with_name(f"attachment-search-{args.releases}.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, path)
    qs = queries(vocabulary(), args.queries)
    before = run_requests(path, qs, found=False)
    files, seconds, megabytes = add_files(path, args.share, args.pages)
    print(
        f"files: {files:,} of {args.pages} pages ({megabytes:.0f} MB of text) indexed in {seconds:.1f} s:"
        f" {files / seconds:.0f} files/s, {megabytes / seconds:.1f} MB/s"
    )
    after = run_requests(path, qs, found=True)
    baseline = {series.name: series for series in before}
    print(f"{len(qs)} queries on {args.releases:,} releases, {files:,} with a file")
    print(f"{'':22} {'p50 ms':>8} {'p95 ms':>8} {'p95/before':>11}")
    for series in [*before, *after]:
        if not series.times_ms:
            continue
        was = baseline.get(series.name)
        ratio = (
            f"{series.percentile(95) / was.percentile(95):10.2f}x"
            if was and series in after
            else f"{'-':>11}"
        )
        label = f"{series.name} ({'after' if series in after else 'before'})"
        print(f"{label:22} {series.percentile(50):8.1f} {series.percentile(95):8.1f} {ratio}")
    counted = next(s for s in after if s.name == "rows with a file hit")
    print(
        f"rows of a first page that say where in their file: {sum(counted.hits)} in {len(counted.hits)} pages"
    )
    page = next(s for s in after if s.name == "search page")
    met = page.percentile(95) < PAGE_GOAL_MS and not page.failures
    print(f"goal: search page p95 < {PAGE_GOAL_MS:.0f} ms with files: {'met' if met else 'NOT met'}")
    if not args.keep:
        path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
