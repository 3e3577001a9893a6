"""A busy port: `pressarchive serve` checks it before printing the archive's address, says so in
Russian and names a free one (a port the user chose), or takes the next free one and says so (the
default port). The real CLI in a subprocess, a real listening socket holding the port.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_process import ROOT, free_port

from archive.db import open_db
from crawler.cli import PortBusy, choose_serve_port, port_is_free

DEFAULT_PORT = 8001


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("port") / "archive.db"
    open_db(path).close()
    return path


@contextlib.contextmanager
def held(port: int) -> Iterator[None]:
    """Something listens on the port (or already did: then it stays busy without us)."""
    with socket.socket() as holder:
        with contextlib.suppress(OSError):
            holder.bind(("127.0.0.1", port))
            holder.listen()
        yield


def serve(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_chosen_busy_port_is_refused_in_russian_with_a_free_one(db_path: Path) -> None:
    port = free_port()
    with held(port):
        process = serve("--db", db_path, "--port", str(port))
        _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr  # no address printed before, no English bind error after
    free = int(lines[0].rsplit(" ", 1)[1])
    assert lines[0] == f"Порт {port} занят. Свободен, например, {free}: pressarchive serve --port {free}"
    assert free != port and port_is_free("127.0.0.1", free)


def test_the_default_port_busy_the_next_free_one_is_taken_and_said(db_path: Path) -> None:
    with held(DEFAULT_PORT):
        process = serve("--db", db_path)
        try:
            assert process.stderr is not None
            note = process.stderr.readline().strip()
            address = process.stderr.readline().strip()
            taken = int(note.rsplit(" ", 1)[1].rstrip("."))
            assert note == f"Порт {DEFAULT_PORT} занят; архив запущен на свободном порту {taken}."
            assert taken != DEFAULT_PORT
            assert address == f"Архив пресс-релизов: http://127.0.0.1:{taken}/"
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{taken}/-/versions.json", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stderr is not None:
                process.stderr.close()


def test_the_check_demo_can_call() -> None:
    port = free_port()
    assert choose_serve_port("127.0.0.1", port, explicit=True) == port
    with held(port):
        refusal = f"Порт {port} занят. Свободен, например, \\d+: python -m demo --port \\d+$"
        with pytest.raises(PortBusy, match=refusal):
            choose_serve_port("127.0.0.1", port, explicit=True, command="python -m demo")
        assert choose_serve_port("127.0.0.1", port, explicit=False) != port
