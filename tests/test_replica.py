"""Read replicas (archive.replica, `pressarchive replicate`, `pressarchive serve --replica`): real
files, real SQLite, a real writer process and the real server over HTTP."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_fixtures import MINISTRY, SEEN, release
from serve_process import free_port

from archive.records import Capture, Release
from archive.replica import BACKUP, VACUUM, Publication, publish, published, sync_warc
from archive.store import Archive
from archive.warc import Exchange, WarcFile

ROOT = Path(__file__).resolve().parent.parent
BATCH = 10  # releases per committed batch of the writer
BODY = " ".join(f"слово{n % 97} инвестиции экспорт" for n in range(120))


def batch_release(batch: int, i: int) -> Release:
    n = batch * BATCH + i
    return release(
        n, MINISTRY, f"Пакет {batch}, релиз {i}", f"{BODY} {n}", release_id=f"b{batch:05d}-{i}",
        url=f"https://minec.example/press/b{n}", canonical_url=f"https://minec.example/press/b{n}",
        content_hash=f"hb{n}", published_date="2026-02-11",
    )  # fmt: skip


def add_page(archive: Archive, data_dir: Path, warc_name: str, release_id: str, text: str) -> int:
    """A captured page in a WARC file beside the archive, indexed in `captures`."""
    url = f"https://minec.example/press/{release_id}"
    warc = WarcFile(data_dir / "warc" / warc_name)
    exchange = Exchange(
        url=url,
        fetched_at=dt.datetime(2026, 3, 1, 5, 0, tzinfo=dt.UTC),
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=f"<html><body><h1>{text}</h1></body></html>".encode(),
    )
    offset, length, record_type = warc.append(exchange)
    warc.close()
    return archive.add_capture(
        Capture(url, SEEN, f"warc/{warc_name}", offset, length, record_type, exchange.digest, 200, release_id)
    )


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "archive.db"
    path.parent.mkdir()
    with Archive.open(path) as archive:
        archive.sync_sources([MINISTRY])
        for batch in range(5):
            archive.save_releases([batch_release(batch, i) for i in range(BATCH)], seen_at=SEEN)
        add_page(archive, path.parent, "first-00001.warc.gz", "b00000-0", "Первая копия страницы")
    return path


def snapshot_batches(path: Path) -> dict[int, int]:
    """Batch -> releases of that batch in the snapshot; the snapshot must pass integrity_check."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute("SELECT release_id FROM releases WHERE release_id LIKE 'b%'").fetchall()
    finally:
        conn.close()
    batches: dict[int, int] = {}
    for (release_id,) in rows:
        batch = int(release_id[1:6])
        batches[batch] = batches.get(batch, 0) + 1
    return batches


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from test_replica import BATCH, batch_release
    from archive.store import Archive
    db, log, stop, first = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    with Archive.open(db) as archive, open(log, "a", buffering=1) as out:
        batch = first
        while not stop.exists():
            started = time.time()
            releases = [batch_release(batch, i) for i in range(BATCH)]
            archive.save_releases(releases, seen_at="2026-03-01T05:00:00Z")
            out.write(f"{batch} {started} {time.time()}\\n")
            batch += 1
            time.sleep(0.005)
    """
)


@contextlib.contextmanager
def writer(tmp_path: Path, db_path: Path, first_batch: int) -> Iterator[Path]:
    """A process saving batches of BATCH releases, one transaction each, until the block ends;
    yields its log: a line `batch started committed` (time.time()) per commit."""
    script, log, stop = tmp_path / "writer.py", tmp_path / "writer.log", tmp_path / "writer.stop"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    args = [str(db_path), str(log), str(stop), str(first_batch)]
    process = subprocess.Popen([sys.executable, str(script), *args], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while not (log.exists() and log.read_text().count("\n") >= 3):
            assert process.poll() is None, "the writer died"
            assert time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        yield log
    finally:
        stop.touch()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, "the writer failed"


def commits(log: Path) -> list[tuple[int, float, float]]:
    return [
        (int(b), float(s), float(e)) for b, s, e in (line.split() for line in log.read_text().splitlines())
    ]


def test_every_snapshot_whole_batches_and_the_writer_commits_during_the_copy(
    tmp_path: Path, archive_path: Path
) -> None:
    """Publications with both methods beside a writer committing batches: each snapshot passes
    integrity_check and holds whole batches, exactly those committed before its read transaction
    began; the writer's commits go on while a copy holds its read transaction (0.3 s here)."""
    replica = tmp_path / "replica"
    done: list[Publication] = []
    with writer(tmp_path, archive_path, first_batch=5) as log:
        for n in range(8):
            done.append(
                publish(
                    archive_path, replica, method=(BACKUP, VACUUM)[n % 2], on_snapshot=lambda: time.sleep(0.3)
                )
            )
            time.sleep(0.05)
    written = commits(log)
    during = 0
    for publication in done:
        opened, closed = publication.snapshot_window
        committed_during = [b for b, start, end in written if start > opened and end < closed]
        during += len(committed_during)
        if publication.snapshot.exists():  # the last two are kept
            batches = snapshot_batches(publication.snapshot)
            assert set(batches.values()) == {BATCH}, "a snapshot shows half a batch"
            assert sorted(batches) == list(range(len(batches))), "a snapshot misses a committed batch"
            before = {b for b, _start, end in written if end < opened}
            assert before <= set(batches), "a batch committed before the copy is missing"
            assert not set(committed_during) & set(batches), "the copy is not one read transaction"
    assert during >= len(done), f"the writer was blocked: {during} commits during {len(done)} copies"
    pointer, snapshot = published(replica) or (None, None)
    assert pointer == replica / "archive.db" and snapshot == done[-1].snapshot
    assert sorted(p.name for p in replica.glob("archive-*.db")) == sorted(p.snapshot.name for p in done[-2:])


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_kill_9_mid_copy_leaves_the_published_replica_and_the_next_run_succeeds(
    tmp_path: Path, archive_path: Path
) -> None:
    replica = tmp_path / "replica"
    first = publish(archive_path, replica)
    with sqlite3.connect(archive_path) as conn:  # a copy long enough to be caught in the middle
        conn.execute("CREATE TABLE padding (x BLOB)")
        conn.executemany("INSERT INTO padding VALUES (randomblob(1048576))", [()] * 96)
    conn.close()
    killed = False
    for _attempt in range(6):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "crawler.cli",
                "replicate",
                "--db",
                str(archive_path),
                "--to",
                str(replica),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while process.poll() is None and not list(replica.glob(".*.tmp")):
            time.sleep(0.001)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed = True
        process.wait()
        if killed:
            break
        publish(archive_path, replica)  # it finished first: start again from a published state
    assert killed, "replicate was never caught in the middle of a copy"
    assert list(replica.glob(".*.tmp")), "the killed copy left no temporary file (killed too late?)"
    pointer, snapshot = published(replica) or (None, None)
    assert pointer is not None and snapshot is not None and snapshot.exists()
    assert snapshot_batches(snapshot) == {b: BATCH for b in range(5)}  # the published one, intact
    result = run_cli("replicate", "--db", str(archive_path), "--to", str(replica))
    assert result.returncode == 0, result.stderr
    assert "Копия опубликована" in result.stdout
    assert not list(replica.glob(".*.tmp")), "the next run did not clear the leftovers"
    _pointer, newest = published(replica) or (None, None)
    assert newest is not None and newest != snapshot and newest != first.snapshot
    with sqlite3.connect(f"{newest.as_uri()}?immutable=1", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM padding").fetchone() == (96,)
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()


def test_errors_exit_2_in_russian_and_keep_the_previous_replica(tmp_path: Path, archive_path: Path) -> None:
    replica = tmp_path / "replica"
    missing = run_cli("replicate", "--db", str(tmp_path / "none.db"), "--to", str(replica))
    assert missing.returncode == 2 and "ОШИБКА" in missing.stderr and "none.db" in missing.stderr
    assert not replica.exists() or not list(replica.iterdir())

    (tmp_path / "file").write_text("x")
    unwritable = run_cli("replicate", "--db", str(archive_path), "--to", str(tmp_path / "file" / "replica"))
    assert unwritable.returncode == 2 and "нельзя писать" in unwritable.stderr, unwritable.stderr

    first = publish(archive_path, replica)
    with Archive.open(archive_path) as archive:
        archive.save_releases([batch_release(5, i) for i in range(BATCH)], seen_at=SEEN)
    full = run_cli(
        "replicate",
        "--db",
        str(archive_path),
        "--to",
        str(replica),
        env={"PRESSARCHIVE_MIN_FREE_MB": "100000000"},
    )
    assert full.returncode == 2 and "нет места" in full.stderr and "Traceback" not in full.stderr, full.stderr
    assert published(replica) == (replica / "archive.db", first.snapshot)
    assert snapshot_batches(first.snapshot) == {b: BATCH for b in range(5)}
    assert not list(replica.glob(".*.tmp"))

    with open(replica / ".replicate.lock", "w") as held:  # another replicate at work in the directory
        fcntl.flock(held, fcntl.LOCK_EX)
        busy = run_cli("replicate", "--db", str(archive_path), "--to", str(replica))
    assert busy.returncode == 75 and "другой процесс" in busy.stderr, busy.stderr
    assert published(replica) == (replica / "archive.db", first.snapshot)

    empty = tmp_path / "empty"
    empty.mkdir()
    serve = run_cli("serve", "--replica", str(empty), "--port", str(free_port()))
    assert serve.returncode == 2 and "нет опубликованной копии" in serve.stderr, serve.stderr


def test_replicate_never_takes_the_writer_lock(tmp_path: Path, archive_path: Path) -> None:
    """A crawl holds the archive's writer lock all night: replicate publishes beside it."""
    from crawler.nightly.lock import RunLock, writer_lock_path

    with RunLock(writer_lock_path(archive_path), command="pressarchive nightly"):
        result = run_cli("replicate", "--db", str(archive_path), "--to", str(tmp_path / "replica"))
    assert result.returncode == 0, result.stderr
    assert published(tmp_path / "replica") is not None


def test_warc_copy_appends_what_grew_and_recopies_what_was_mended(tmp_path: Path) -> None:
    source, target = tmp_path / "src", tmp_path / "dst"
    source.mkdir()
    (source / "a.warc.gz").write_bytes(b"A" * 1000)
    (source / ".b.warc.gz.123.tmp").write_bytes(b"not yet a WARC file")
    assert sync_warc(source, target) == (1, 1000)
    with open(source / "a.warc.gz", "ab") as handle:
        handle.write(b"B" * 500)
    assert sync_warc(source, target) == (1, 500)  # only the tail
    assert sync_warc(source, target) == (0, 0)
    (source / "a.warc.gz").write_bytes(b"C" * 700)  # mended shorter (verify --repair)
    assert sync_warc(source, target) == (1, 700)
    assert (target / "a.warc.gz").read_bytes() == b"C" * 700
    assert [p.name for p in target.iterdir()] == ["a.warc.gz"]


@contextlib.contextmanager
def replica_server(replica: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--replica", str(replica), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/-/versions.json", timeout=1.0).status_code == 200:
                    break
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def wait_for(url: str, status: int, seconds: float = 15.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = httpx.get(url, timeout=10.0)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_serve_replica_moves_to_each_new_snapshot_without_a_restart(
    tmp_path: Path, archive_path: Path
) -> None:
    replica = tmp_path / "replica"
    assert run_cli("replicate", "--db", str(archive_path), "--to", str(replica)).returncode == 0
    with replica_server(replica) as base:
        assert httpx.get(f"{base}/-/release/b00004-9").status_code == 200
        assert httpx.get(f"{base}/-/release/b00005-0").status_code == 404
        page = httpx.get(f"{base}/-/capture/1")
        assert page.status_code == 200 and "Первая копия страницы" in page.text

        statuses: list[int] = []
        stop = threading.Event()

        def readers() -> None:  # requests in flight while snapshots change under them
            with httpx.Client(timeout=15.0) as client:
                while not stop.is_set():
                    statuses.append(client.get(f"{base}/-/search?q=инвестиции").status_code)
                    statuses.append(client.get(f"{base}/-/release/b00000-0").status_code)

        thread = threading.Thread(target=readers)
        thread.start()
        try:
            with Archive.open(archive_path) as archive:
                archive.save_releases([batch_release(5, i) for i in range(BATCH)], seen_at=SEEN)
                second = add_page(
                    archive, archive_path.parent, "second-00001.warc.gz", "b00005-0", "Новая копия"
                )
            result = run_cli("replicate", "--db", str(archive_path), "--to", str(replica))
            assert result.returncode == 0, result.stderr
            assert wait_for(f"{base}/-/release/b00005-0", 200).status_code == 200  # no restart
            page = httpx.get(f"{base}/-/capture/{second}")
            assert page.status_code == 200 and "Новая копия" in page.text  # its WARC file came too
            for batch in (6, 7):  # the first snapshots are removed while the server has them open
                with Archive.open(archive_path) as archive:
                    archive.save_releases([batch_release(batch, i) for i in range(BATCH)], seen_at=SEEN)
                assert run_cli("replicate", "--db", str(archive_path), "--to", str(replica)).returncode == 0
                assert wait_for(f"{base}/-/release/b{batch:05d}-9", 200).status_code == 200
            time.sleep(0.5)
        finally:
            stop.set()
            thread.join()
        assert statuses and set(statuses) == {200}, sorted(set(statuses))
        assert httpx.get(f"{base}/-/capture/1").status_code == 200
