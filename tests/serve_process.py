"""`pressarchive serve` as a real process on a free port, for tests that need real HTTP."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(
    db_path: Path, timeout: float = 30.0, *, args: Sequence[str] = (), prefix: Sequence[str] = ()
) -> Iterator[str]:
    """Start the CLI's server, wait until it answers, yield its base URL, stop it.

    `args`: more options of `pressarchive serve`; `prefix`: what the command runs under (e.g.
    setpriv, to serve as another user)."""
    port = free_port()
    process = subprocess.Popen(
        [
            *prefix,
            sys.executable,
            "-m",
            "crawler.cli",
            "serve",
            "--db",
            str(db_path),
            "--port",
            str(port),
            *args,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
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
