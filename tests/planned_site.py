"""A loopback HTTP server that answers as a test's plan says and records every request.

`plan(path, seen)` returns (status, headers, body) for the `seen`-th request of `path`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cli_run import run_cli

Plan = Callable[[str, int], tuple[int, dict[str, str], str | bytes]]


class _Site(BaseHTTPRequestHandler):
    """Answers as `self.server.plan` says; records (path, monotonic time) of every request."""

    def do_GET(self) -> None:
        server = self.server
        with server.lock:  # type: ignore[attr-defined]
            server.hits.append((self.path, time.monotonic()))  # type: ignore[attr-defined]
            seen = sum(1 for path, _ in server.hits if path == self.path)  # type: ignore[attr-defined]
        status, headers, body = server.plan(self.path, seen)  # type: ignore[attr-defined]
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class Site:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server

    def answer(self, plan: Plan) -> None:
        """From now on, answer as `plan` says."""
        self.server.plan = plan  # type: ignore[attr-defined]

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def hits(self, path: str | None = None) -> list[float]:
        return [at for p, at in self.server.hits if path is None or p == path]  # type: ignore[attr-defined]

    def paths(self) -> list[str]:
        return [p for p, _ in self.server.hits if p != "/robots.txt"]  # type: ignore[attr-defined]


@contextmanager
def planned_site() -> Iterator[Site]:
    """A running server on 127.0.0.1 (set `site.server.plan` before use)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.hits = []  # type: ignore[attr-defined]
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Site(server)
    finally:
        server.shutdown()
        server.server_close()


def crawl_site(
    tmp_path: Path, site: Site, *paths: str, settings: Sequence[str] = (), name: str = "planned_site"
) -> Path:
    """`pressarchive crawl` of one generic source starting at `paths` of `site`, fast settings plus
    `settings` ("KEY=VALUE"); the archive's path."""
    registry = tmp_path / "sources.toml"
    starts = ", ".join(f'"http://127.0.0.1:{site.port}{path}"' for path in paths)
    registry.write_text(
        f'[[source]]\nname = "{name}"\ntitle = "Министерство на проверочном сервере"\n'
        'region = "Тверская область"\npublisher_kind = "ministry"\ntimezone = "Europe/Moscow"\n'
        f'platform = "generic"\nstart_urls = [{starts}]\n',
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"
    fast = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", *settings)
    run_cli("crawl", "--sources", registry, "--db", db, *(a for s in fast for a in ("--set", s)), timeout=180)
    return db
