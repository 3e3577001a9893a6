"""The offline demo mirror: each demo site served by its own ThreadingHTTPServer on 127.0.0.1.

    with Mirror() as mirror:
        url = mirror.base_url("mosreg_mii")      # http://127.0.0.1:40123
        write_demo_registry(mirror, Path("var/demo/sources.toml"))

Site keys are the registry names without the "demo_" prefix; "demo_mosreg_mii" is accepted too.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from demo.content import Release, SiteSpec, load_sites
from demo.registry import write_registry
from demo.routes import Response, SiteApp

logger = logging.getLogger(__name__)

__all__ = ["Mirror", "write_demo_registry"]


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], app: SiteApp) -> None:
        self.app = app
        self.log: list[str] = []
        self.log_lock = threading.Lock()
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        with self.server.log_lock:
            self.server.log.append(self.path)
        try:
            response = self.server.app.handle(self.path)
        except Exception:
            logger.exception("%s: error serving %s", self.server.app.spec.key, self.path)
            response = Response(500, "Внутренняя ошибка сервера".encode(), "text/plain; charset=utf-8")
        etag = f'"{hashlib.sha1(response.body).hexdigest()[:16]}"' if response.status == 200 else None
        if etag and self.headers.get("If-None-Match") == etag:
            # Conditional GET, as nginx answers it: nothing changed, no body.
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(response.status)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.server.app.spec.key, format % args)


class Mirror:
    """Serves the demo sites on local ports; a context manager (start on enter, stop on exit)."""

    def __init__(
        self,
        sites: list[str] | None = None,
        host: str = "127.0.0.1",
        base_port: int = 0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        specs = load_sites()
        keys = [self._key(name) for name in sites] if sites is not None else list(specs)
        unknown = [k for k in keys if k not in specs]
        if unknown:
            raise KeyError(f"unknown demo site(s) {unknown}; known: {sorted(specs)}")
        self.host = host
        self.base_port = base_port
        self.apps: dict[str, SiteApp] = {k: SiteApp(specs[k], clock) for k in keys}
        self._servers: dict[str, _SiteServer] = {}
        self._threads: list[threading.Thread] = []

    @staticmethod
    def _key(site: str) -> str:
        return site.removeprefix("demo_")

    # ----- lifecycle -----

    def start(self) -> None:
        if self._servers:
            return
        for offset, (key, app) in enumerate(self.apps.items()):
            port = self.base_port + offset if self.base_port else 0
            try:
                server = _SiteServer((self.host, port), app)
            except OSError:
                self.stop()
                raise
            app.base_url = f"http://{self.host}:{server.server_address[1]}"
            self._servers[key] = server
            thread = threading.Thread(target=server.serve_forever, name=f"mirror-{key}", daemon=True)
            thread.start()
            self._threads.append(thread)
            logger.info("mirror %s (%s) at %s", key, app.spec.host, app.base_url)

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Mirror:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ----- inspection -----

    @property
    def sites(self) -> list[str]:
        return list(self.apps)

    def app(self, site: str) -> SiteApp:
        try:
            return self.apps[self._key(site)]
        except KeyError:
            raise KeyError(f"site {site!r} is not served; served: {self.sites}") from None

    def spec(self, site: str) -> SiteSpec:
        return self.app(site).spec

    def base_url(self, site: str) -> str:
        app = self.app(site)
        if not app.base_url:
            raise RuntimeError("the mirror is not started")
        return app.base_url

    def listing_url(self, site: str) -> str:
        return self.base_url(site) + self.app(site).layout.listing_path

    def article_url(self, site: str, slug: str) -> str:
        app = self.app(site)
        release = app.get(slug)
        if release is None:
            raise KeyError(f"{site}: no release {slug!r}")
        return app.article_url(release)

    def releases(self, site: str) -> list[Release]:
        """What the site currently publishes, newest first."""
        return self.app(site).releases()

    def request_log(self, site: str) -> list[str]:
        server = self._servers.get(self._key(site))
        if server is None:
            return []
        with server.log_lock:
            return list(server.log)

    def clear_request_log(self, site: str | None = None) -> None:
        for key, server in self._servers.items():
            if site is None or key == self._key(site):
                with server.log_lock:
                    server.log.clear()

    # ----- mutation hooks (for re-crawl tests) -----

    def edit_release(
        self, site: str, slug: str, title: str | None = None, body: str | None = None
    ) -> Release:
        """Change a release's title and/or body (paragraphs separated by blank lines)."""
        return self.app(site).edit_release(slug, title=title, body=body)

    def remove_release(self, site: str, slug: str, status: int = 404) -> None:
        """Unpublish: gone from listings and feeds, its URL answers 404 (or 410 with status=410)."""
        self.app(site).remove_release(slug, status=status)

    def add_release(self, site: str, release: dict[str, Any]) -> Release:
        """Publish a new release: {"title", "published" (local ISO), "body"; optional "slug", "tags"}."""
        return self.app(site).add_release(release)


def write_demo_registry(mirror: Mirror, path: Path) -> Path:
    """Write a registry TOML whose sources point at the running mirror (see demo.registry)."""
    return write_registry(mirror, path)
