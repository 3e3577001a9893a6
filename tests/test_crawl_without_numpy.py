"""A crawl on one machine loads numpy only to cluster, after its pages are read: neither the crawl's
process nor its extraction worker holds it while the crawl runs (docs/performance.md: 12-15 MiB of
the crawl's peak). The clustering makes the new bodies' MinHash itself, and the clusters come out
as they did when the worker made them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST
from profile_site import releases
from test_profiles_crawl import Site, registry, site  # noqa: F401  (the fixture)

from archive.clusters import signature

ROOT = Path(__file__).resolve().parent.parent

# Every page job (in whichever process runs it) and the clustering write whether numpy is loaded.
SPY = """
import os, sys
import crawler.runs.crawl as crawl
import crawler.runs.page_jobs as jobs

LOG = sys.argv[1]

def note(where):
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{where} {os.getpid()} {'numpy' in sys.modules}\\n")

run_job, cluster = jobs.run_job, crawl.update_clusters_after_crawl

def spied_job(job):
    note("page")
    return run_job(job)

def spied_cluster(*args, **kwargs):
    note("cluster")
    return cluster(*args, **kwargs)

jobs.run_job, crawl.update_clusters_after_crawl = spied_job, spied_cluster
import crawler.runs.extract_pool as pools
pools.run_job = spied_job
from crawler.cli import main
sys.argv = ["pressarchive", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("workers", [0, 1])
def test_numpy_is_loaded_only_to_cluster(workers: int, site: Site, tmp_path: Path) -> None:  # noqa: F811
    site.listed = releases()
    log = tmp_path / "numpy.log"
    db = tmp_path / "archive.db"
    args = ["crawl", "--sources", str(registry(tmp_path, site)), "--db", str(db), *FAST]
    args += ["--set", f"PRESSARCHIVE_EXTRACT_WORKERS={workers}", "--set", "PRESSARCHIVE_PROFILE_PAGES=3"]
    result = subprocess.run(
        [sys.executable, "-c", SPY, str(log), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    notes = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    pages = [note for note in notes if note[0] == "page"]
    assert pages and all(loaded == "False" for _, _, loaded in pages)
    assert [(where, loaded) for where, _, loaded in notes if where == "cluster"] == [("cluster", "False")]
    crawl_pid = next(pid for where, pid, _ in notes if where == "cluster")
    in_worker = [pid for _, pid, _ in pages if pid != crawl_pid]
    assert len(in_worker) == (len(site.listed) - 3 if workers else 0)
    # the clustering signed every body itself, as the worker would have
    archive = sqlite_utils.Database(db)
    signed = archive.execute(
        "SELECT r.body_text, s.minhash FROM releases r JOIN release_signatures s USING (release_id)"
    ).fetchall()
    assert len(signed) == archive.execute("SELECT count(*) FROM releases").fetchone()[0] == len(site.listed)
    assert all(minhash == signature(body) for body, minhash in signed)
    assert all(minhash is not None for _, minhash in signed)


def test_a_distributed_worker_still_signs_each_body_with_its_page() -> None:
    """PRESSARCHIVE_SIGN_BODIES (set by crawler.distributed.worker): the MinHash travels with the
    release to the writer, whose clustering takes it instead of hashing the body again."""
    import datetime as dt

    from crawler.distributed.keys import RunKeys
    from crawler.distributed.worker import worker_settings
    from crawler.runs.extract_file import adhoc_source
    from crawler.runs.page_jobs import ArticleJob, Context, Fetch, FetchedPage, run_job

    assert worker_settings(RunKeys("t", "1"), "redis://127.0.0.1:1", {}, Path("/nonexistent")).getbool(
        "PRESSARCHIVE_SIGN_BODIES"
    )
    url = "https://mii.mosreg.ru/press/news/1"
    text = " ".join(f"слово{n}" for n in range(200))
    page = f"<html><head><title>Релиз</title></head><body><article><h1>Релиз</h1><p>{text}</p></article>"
    fetch = Fetch(fetched_at=dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC), http_status=200)
    outcomes = []
    for sign in (False, True):
        key, packed = Context(adhoc_source(url), None, sign_bodies=sign).packed()
        outcomes.append(run_job(ArticleJob(FetchedPage(url, page.encode(), "text/html", key, packed), fetch)))
    unsigned, signed = outcomes
    assert unsigned.release is not None and signed.release is not None
    assert unsigned.signature is None
    assert signed.signature is not None and signed.signature == signature(signed.release.body_text)
