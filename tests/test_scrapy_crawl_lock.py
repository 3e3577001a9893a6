"""`scrapy crawl NAME` takes the archive's writer lock, as every pressarchive command that writes.

Real processes: a bare Scrapy crawl started while a pressarchive command holds the lock is refused
(exit 75, one line naming the holder, no traceback, nothing written); one that runs holds the lock
so a pressarchive crawl beside it is refused, naming it; the lock is free when it ends, its run
recorded. In one process the lock is counted per crawler (crawler.scrapy_glue.writer_lock).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_run import ROOT, run_cli
from planned_site import planned_site

from crawler.nightly.lock import LockHeld, RunLock, writer_lock_path
from crawler.scrapy_glue.writer_lock import acquire, release

SCRAPY = Path(sys.executable).with_name("scrapy")
LISTING = "<html><body><main><ul>{}</ul></main></body></html>".format(
    "".join(f"<li><a href='/news/{n}'>Релиз номер {n}</a> <span>2{n}.11.2026</span></li>" for n in (1, 2, 3))
)
ARTICLE = (
    "<html><head><title>Релиз {n}</title></head><body><main><h1>Завод номер {n} откроют в 2027 году</h1>"
    "<p class='date'>21.11.2026</p><div class='text'><p>Министерство инвестиций сообщает: в регионе "
    "построят завод номер {n}, на котором будут работать триста человек.</p></div></main></body></html>"
)


def _registry(tmp_path: Path, port: int) -> Path:
    registry = tmp_path / "sources.toml"
    registry.write_text(
        '[[source]]\nname = "lock_probe"\ntitle = "Министерство на проверочном сервере"\n'
        'region = "Тверская область"\npublisher_kind = "ministry"\ntimezone = "Europe/Moscow"\n'
        f'platform = "generic"\nstart_urls = ["http://127.0.0.1:{port}/news"]\n',
        encoding="utf-8",
    )
    return registry


def _scrapy_crawl(registry: Path, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PRESSARCHIVE_SOURCES": str(registry), "PRESSARCHIVE_DB": str(db)}
    args = [SCRAPY, "crawl", "lock_probe", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_scrapy_crawl_is_refused_while_another_command_writes(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    registry = _registry(tmp_path, 9)  # never asked
    with RunLock(writer_lock_path(db), command="pressarchive nightly"):
        process = _scrapy_crawl(registry, db)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 75, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    busy = f"Архив {db} занят: пишет pressarchive nightly (pid {os.getpid()}, с 20"
    assert [line for line in err.splitlines() if line.startswith(busy)], err[-3000:]
    assert "-s PRESSARCHIVE_WRITER_WAIT=" in err
    assert not db.exists(), "the refused crawl wrote the archive"


def test_a_running_scrapy_crawl_holds_the_lock_against_pressarchive(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with planned_site() as site:

        def plan(path: str, seen: int) -> tuple[int, dict[str, str], str]:
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
            if path == "/news":
                time.sleep(2)  # the crawl holds the lock meanwhile
                return 200, {}, LISTING
            return 200, {}, ARTICLE.format(n=path.rsplit("/", 1)[-1])

        site.answer(plan)
        registry = _registry(tmp_path, site.port)
        process = _scrapy_crawl(registry, db)
        lock = writer_lock_path(db)
        deadline = time.monotonic() + 60
        while not (lock.exists() and f"pid {process.pid} " in lock.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline and process.poll() is None, process.communicate()[1][-3000:]
            time.sleep(0.05)
        assert lock.read_text(encoding="utf-8").rstrip().endswith(": scrapy crawl lock_probe")
        second = run_cli("crawl", "--sources", registry, "--db", db)
        _, err = process.communicate(timeout=120)
    assert second.returncode == 75, second.stderr[-3000:]
    assert f"занят: пишет scrapy crawl lock_probe (pid {process.pid}, с 20" in second.stderr
    assert process.returncode == 0, err[-3000:]
    assert lock.read_text(encoding="utf-8") == "", "the lock outlived the crawl"
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT finish_reason, items FROM crawl_runs").fetchall()
    assert runs == [("finished", 3)], "the run was not recorded, or the refused crawl ran too"


def test_one_process_counts_its_crawlers_and_a_held_lock_is_not_taken_again(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    lock = writer_lock_path(db)
    first = acquire(db, "scrapy crawl a")
    second = acquire(db, "scrapy crawl b")
    assert first == second == lock.resolve()
    release(first)
    with pytest.raises(LockHeld):  # still held for the second crawler
        RunLock(lock).__enter__()
    release(second)
    with RunLock(lock, command="pressarchive crawl"):  # free; and held by this process now
        assert acquire(db, "scrapy crawl c") is None  # the pressarchive command's own lock
