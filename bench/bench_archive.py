"""Raw capture, verification and clustering costs, each next to a baseline measured in the same run.

- WARC capture per response (warcio records, digests, gzip per record, one write) vs writing the
  same body to a plain file;
- verify (per-member inflate + digest check) vs a plain gzip.decompress of the same file;
- MinHash signature of a release body vs its sha256 content hash; LSH clustering of N releases.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.clusters import signature
from archive.warc import Exchange, WarcRotator
from archive.warc_check import check_file
from demo.content import load_sites

PAGES = 400


def _bodies() -> list[str]:
    texts = []
    for site in load_sites().values():
        for release in site.releases:
            texts.append("\n\n".join(release.paragraphs))
    return texts


def _page(text: str, n: int) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    chrome = "<nav>" + "<a href='/x'>Раздел</a>" * 200 + "</nav>"  # real pages are mostly chrome
    return f"<html><head><title>Релиз {n}</title></head><body>{chrome}{paragraphs}</body></html>".encode()


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    bodies = _bodies()
    pages = [_page(bodies[n % len(bodies)], n) for n in range(PAGES)]
    now = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)

        def plain() -> None:
            with open(data / "plain.bin", "ab") as handle:
                for page in pages:
                    handle.write(page)
                    handle.flush()

        rotator = WarcRotator(data, "bench")

        def capture() -> None:
            for n, page in enumerate(pages):
                rotator.append(
                    Exchange(f"http://127.0.0.1/{n}", now, 200, [("Content-Type", "text/html")], page)
                )
            rotator.close()

        base, warc = timed(plain), timed(capture)
        mb = sum(len(p) for p in pages) / 1e6
        print(
            f"capture: {PAGES} pages ({mb:.1f} MB): plain write {base * 1e3:.1f} ms, WARC {warc * 1e3:.1f} ms"
        )
        print(f"capture: {warc / PAGES * 1e3:.3f} ms per response; ratio to plain write {warc / base:.1f}x")

        [path] = list((data / "warc").glob("*.warc.gz"))
        raw = path.read_bytes()
        base = timed(lambda: gzip.decompress(raw))
        check = timed(lambda: check_file(path))
        print(
            f"verify: {path.stat().st_size / 1e6:.2f} MB WARC: gzip.decompress {base * 1e3:.1f} ms, "
            f"check_file {check * 1e3:.1f} ms (ratio {check / base:.1f}x)"
        )

    texts = bodies * 10
    base = timed(lambda: [hashlib.sha256(t.encode()).hexdigest() for t in texts])
    minhash = timed(lambda: [signature(t) for t in texts])
    print(
        f"clusters: {len(texts)} bodies: sha256 {base * 1e3:.1f} ms, MinHash {minhash * 1e3:.1f} ms "
        f"({minhash / len(texts) * 1e3:.2f} ms per body, ratio {minhash / base:.0f}x)"
    )
    bench_clustering()


def bench_clustering() -> None:
    from archive.clusters import update_clusters
    from archive.store import Archive
    from tests.test_clusters import demo_releases
    from tests.test_store import make_source

    releases = demo_releases()
    copies = []
    for n in range(40):  # 40 x the demo set = ~1900 releases with republished pairs
        for r in releases:
            copies.append(
                r.__class__(**{**r.__dict__, "release_id": f"{r.release_id}-{n}", "url": f"{r.url}?c={n}",
                               "canonical_url": f"{r.url}?c={n}", "content_hash": f"{r.content_hash}-{n}",
                               "body_text": f"Копия {n}. " * 3 + r.body_text.replace("е", "e", n % 3)})
            )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Path(tmp) / "a.db")
        archive.sync_sources([make_source(s) for s in {r.source for r in copies}])
        archive.save_releases(copies, seen_at="2026-11-26T00:00:00Z")
        first = timed(lambda: update_clusters(archive.db))
        again = timed(lambda: update_clusters(archive.db))
        archive.close()
    print(
        f"clusters: {len(copies)} releases: first run (signatures + LSH) {first:.2f} s, "
        f"rerun (stored signatures) {again:.2f} s (ratio {first / again:.1f}x)"
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
