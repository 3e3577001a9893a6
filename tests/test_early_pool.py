"""The extraction worker forked before Scrapy is imported (crawler.runs.extract_pool.start_early_pool):
the guess of how many workers a crawl wants agrees with its settings, the worker never imports
Scrapy, and the CLI's crawl and nightly fork it before Scrapy and use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST
from profile_site import releases
from test_extract_pool import process_state
from test_profiles_crawl import Site, registry, site  # noqa: F401  (the fixture)

from crawler.runs.crawl import build_settings
from crawler.runs.extract_pool import workers_before_settings, workers_for

ROOT = Path(__file__).resolve().parent.parent
UNTHROTTLED = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        UNTHROTTLED,
        {"DOWNLOAD_DELAY": "0.0", "AUTOTHROTTLE_ENABLED": "0"},
        {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "false"},
        {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "True"},
        {"DOWNLOAD_DELAY": "0.25", "AUTOTHROTTLE_ENABLED": "False"},
        {"AUTOTHROTTLE_ENABLED": "False"},
        {"DOWNLOAD_DELAY": "0"},
        {**UNTHROTTLED, "PRESSARCHIVE_EXTRACT_WORKERS": "0"},
        {**UNTHROTTLED, "PRESSARCHIVE_EXTRACT_WORKERS": "-1"},
        {"PRESSARCHIVE_EXTRACT_WORKERS": "2"},
        {"PRESSARCHIVE_EXTRACT_WORKERS": "-1"},
    ],
)
@pytest.mark.parametrize("cores", [{0}, {0, 1}])
def test_the_guess_before_scrapy_is_what_the_settings_say(
    overrides: dict[str, str], cores: set[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores, raising=False)
    settings = build_settings(tmp_path / "archive.db", overrides)
    assert workers_before_settings(overrides) == workers_for(settings)


EARLY_WORKER = """
import asyncio, datetime as dt, sys, zlib

def loaded(name):
    return name in sys.modules

from archive.warc import Exchange
from crawler.runs.capture_jobs import encode_capture
from crawler.runs.extract_file import adhoc_source
from crawler.runs.extract_pool import start_early_pool
from crawler.runs.page_jobs import ArticleJob, Context, Fetch, FetchedPage

source = adhoc_source("http://127.0.0.1:9/news/")
pool = start_early_pool({"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"})
assert pool.started and "scrapy" not in sys.modules
import scrapy.crawler  # the crawl's own imports come after the fork

html = (
    "<html><head><title>Итоги года</title></head><body><article><h1>Итоги года</h1>"
    "<time>3 марта 2026</time><p>" + "Министерство подвело итоги года. " * 20 + "</p></article></body></html>"
).encode()
key, packed = Context(source, None).packed()
now = dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)
job = ArticleJob(
    FetchedPage("http://127.0.0.1:9/news/1/", html, "text/html; charset=utf-8", key, packed),
    Fetch(fetched_at=now, http_status=200),
)
exchange = Exchange("http://127.0.0.1:9/news/1/", now, 200, [("Content-Type", "text/html")], html)

async def ask():
    outcome, by_worker = await pool.run(job)
    assert by_worker and outcome.release is not None, outcome
    encoded, by_worker = await pool.call(encode_capture, (exchange, None), urgent=True)
    here = encode_capture((exchange, None))
    assert by_worker and encoded.payload_digest == here.payload_digest
    assert encoded.record_type == here.record_type == "response"
    assert zlib.decompress(encoded.data, 31).startswith(b"WARC/1.")
    return [await pool.call(loaded, name) for name in ("scrapy", "twisted", "lxml")]

print(asyncio.run(ask()))
pool.close()
"""


def test_an_early_worker_extracts_and_encodes_without_ever_importing_scrapy() -> None:
    """What the worker is asked to run lives in modules free of Scrapy: unpickling a call imports
    its module, and a Scrapy import there would bring back the memory the early fork saves."""
    result = subprocess.run(
        [sys.executable, "-c", EARLY_WORKER], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "[(False, True), (False, True), (True, True)]"


SPY = """
import sys
import crawler.runs.extract_pool as pools

started, LOG = pools.ExtractPool.start, sys.argv[1]

def start(self):
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{self.workers} {'scrapy' in sys.modules}\\n")
    return started(self)

pools.ExtractPool.start = start
from crawler.cli import main
sys.argv = ["pressarchive", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("command", ["crawl", "nightly"])
def test_the_cli_forks_the_worker_before_scrapy_and_crawls_with_it(
    command: str,
    site: Site,  # noqa: F811
    tmp_path: Path,
) -> None:
    site.listed = releases()
    starts = tmp_path / "starts.log"
    db = tmp_path / "archive.db"
    args = [command, "--sources", str(registry(tmp_path, site)), "--db", str(db), *FAST]
    args += ["--set", "PRESSARCHIVE_EXTRACT_WORKERS=1", "--set", "PRESSARCHIVE_PROFILE_PAGES=3"]
    result = subprocess.run(
        [sys.executable, "-c", SPY, str(starts), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert starts.read_text(encoding="utf-8").splitlines() == ["1 False"]  # once, before Scrapy
    stats = json.loads(sqlite_utils.Database(db).execute("SELECT stats FROM crawl_runs").fetchone()[0])
    assert stats.get("extract/worker") == len(site.listed) - 3


RUN_CRAWL = """
import json, sys
from pathlib import Path
from crawler.registry.sources import load_registry
from crawler.runs.extract_pool import ExtractPool

sources = load_registry([Path(sys.argv[1])])
early = ExtractPool(int(sys.argv[3])).start()
pids = early.pids
from crawler.runs.crawl import run_crawl

run_crawl(sources, Path(sys.argv[2]), dict(a.split("=", 1) for a in sys.argv[4:]), pool=early)
print(json.dumps({"early": pids, "closed": not early.wires}))
"""


@pytest.mark.parametrize(("early", "wanted"), [(0, 1), (1, 0)])
def test_a_pool_the_settings_disagree_with_is_let_go(
    early: int,
    wanted: int,
    site: Site,  # noqa: F811
    tmp_path: Path,
) -> None:
    """run_crawl checks a pool forked before the settings were known against them: the wrong
    number of workers is closed (its worker ends) and the right one forked there."""
    site.listed = releases()
    db = tmp_path / "archive.db"
    overrides = [f"{name}={value}" for name, value in UNTHROTTLED.items()]
    overrides += [f"PRESSARCHIVE_EXTRACT_WORKERS={wanted}", "PRESSARCHIVE_PROFILE_PAGES=3"]
    result = subprocess.run(
        [sys.executable, "-c", RUN_CRAWL, str(registry(tmp_path, site)), str(db), str(early), *overrides],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    told = json.loads(result.stdout.strip().splitlines()[-1])
    assert told["closed"] and len(told["early"]) == early
    assert all(process_state(pid) in ("gone", "Z") for pid in told["early"])
    stats = json.loads(sqlite_utils.Database(db).execute("SELECT stats FROM crawl_runs").fetchone()[0])
    by_worker = len(site.listed) - 3 if wanted else None
    assert stats.get("extract/worker") == by_worker
    assert stats.get("extract/in_process") == (3 if wanted else len(site.listed))
