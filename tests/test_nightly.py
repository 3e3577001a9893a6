"""`pressarchive nightly` on the local mirror: cheap quiet nights, changes caught, breakage loud."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller
from cli_run import FAST as CLI_FAST
from cli_run import run_cli

from crawler.nightly.lock import RunLock
from demo.mirror import Mirror, write_demo_registry
from demo.routes import Response

FAST = (*CLI_FAST, "--set", "RETRY_TIMES=0")


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        type(self).received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Night:
    mirror: Mirror
    registry: Path
    db: Path
    hook_url: str
    alerts: list[dict[str, Any]]

    def run(self, *extra: str) -> subprocess.CompletedProcess[str]:
        args = ["nightly", "--sources", self.registry, "--db", self.db, "--alert-webhook", self.hook_url]
        return run_cli(*args, *FAST, *extra)

    def requests_per_site(self) -> dict[str, int]:
        return {
            site: len([p for p in self.mirror.request_log(site) if p != "/robots.txt"])
            for site in self.mirror.sites
        }

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(query, params).fetchall()

    def age_archive(self, days: int) -> None:
        """Pretend everything in the archive happened `days` ago (re-checks fall due)."""
        shift = f"-{days} days"
        with sqlite3.connect(self.db) as conn:
            for column in ("first_seen", "last_seen", "last_checked_at", "fetched_at"):
                conn.execute(
                    f"UPDATE releases SET {column} = strftime('%Y-%m-%dT%H:%M:%SZ', {column}, ?)"
                    f" WHERE {column} IS NOT NULL",
                    [shift],
                )
            conn.execute(
                "UPDATE sources SET last_deep_at = strftime('%Y-%m-%dT%H:%M:%SZ', last_deep_at, '-1 day')"
            )


@pytest.fixture
def night(tmp_path: Path) -> Iterator[Night]:
    received: list[dict[str, Any]] = []
    server = HTTPServer(("127.0.0.1", 0), type("Hook", (_Hook,), {"received": received}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        yield Night(
            mirror, registry, tmp_path / "archive.db", f"http://127.0.0.1:{server.server_port}/", received
        )
    server.shutdown()
    server.server_close()


def first_night(night: Night) -> None:
    result = night.run()
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "[deep]" in result.stdout  # an empty archive starts with a deep pass
    night.mirror.clear_request_log()


def test_quiet_nights_cost_at_most_two_requests_per_source(night: Night) -> None:
    first_night(night)
    total = night.sql("SELECT COUNT(*) FROM releases")[0][0]
    for _ in range(2):
        result = night.run()
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        assert "[incremental]" in result.stdout and "[deep]" not in result.stdout
        per_site = night.requests_per_site()
        assert per_site and all(count <= 2 for count in per_site.values()), per_site
        night.mirror.clear_request_log()
    assert night.sql("SELECT COUNT(*) FROM releases")[0][0] == total
    assert night.sql("SELECT DISTINCT status FROM sources") == [("ok",)]
    assert night.alerts == []  # a first "ok" is not news
    modes = night.sql("SELECT mode, COUNT(*) FROM crawl_runs GROUP BY mode ORDER BY mode")
    assert modes == [("deep", 4), ("incremental", 8)]


def test_a_night_with_new_edited_and_deleted_releases_catches_all(night: Night) -> None:
    first_night(night)
    night.age_archive(3)  # the 1- and 2-day re-check points have passed
    mii = night.mirror.releases("mosreg_mii")
    edited, deleted = mii[3], night.mirror.releases("kurgan_gov")[2]
    night.mirror.edit_release(
        "mosreg_mii", edited.slug, body="Министерство уточнило данные.\n\nВторой абзац."
    )
    night.mirror.remove_release("kurgan_gov", deleted.slug)
    added = [
        night.mirror.add_release(site, {"title": title, "published": "2026-11-26T09:30:00", "body": body})
        for site, title, body in (
            (
                "mosreg_mii",
                "Новый индустриальный парк открыт в Ступине",
                "Инвестиции составили 3 млрд рублей.\n\nАбзац.",
            ),
            (
                "kurgan_gov",
                "В Кургане подписано инвестиционное соглашение",
                "Инвестор построит завод.\n\nАбзац.",
            ),
        )
    ]
    result = night.run()
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    titles = {row[0] for row in night.sql("SELECT title FROM releases")}
    assert {a.title for a in added} <= titles
    events = night.sql(
        "SELECT kind, r.title FROM events e JOIN releases r USING (release_id) WHERE kind != 'new'"
    )
    assert ("edited", edited.title) in events
    assert ("removed", deleted.title) in events
    assert night.sql("SELECT removed_at IS NOT NULL FROM releases WHERE title = ?", deleted.title) == [(1,)]
    body = night.sql("SELECT body_text FROM releases WHERE title = ?", edited.title)[0][0]
    assert "Министерство уточнило данные." in body


def test_a_redesigned_site_is_broken_alerted_and_fails_the_run(night: Night) -> None:
    first_night(night)
    app = night.mirror.app("kurgan_gov")
    original = app.handle

    def redesigned(target: str) -> Response:
        if target.startswith("/news"):  # the new listing: cards the old selectors do not know
            html = (
                "<html><body><div class='cards'><div class='card'>Новости переехали</div></div></body></html>"
            )
            return Response(200, html.encode(), "text/html; charset=utf-8")
        return original(target)

    app.handle = redesigned  # type: ignore[method-assign]
    letters: list[Any] = []

    class Mailbox:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            letters.append(envelope)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(Mailbox(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:  # the e-mail channel too, configured through the CLI's options
        result = night.run(
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
            "--mail-from", "archive@example.org", "--mail-to", "editor@example.org",
        )  # fmt: skip
    finally:
        smtp.stop()
    assert result.returncode == 1, result.stdout
    assert "demo_kurgan_gov: ОБХОД НЕ УДАЁТСЯ:" in result.stdout
    (letter,) = letters
    assert letter.mail_from == "archive@example.org" and letter.rcpt_tos == ["editor@example.org"]
    assert "demo_kurgan_gov" in letter.content.decode("utf-8", "replace")
    status = night.sql("SELECT status, status_reason FROM sources WHERE name = 'demo_kurgan_gov'")[0]
    assert status[0] == "broken" and "нет ссылок" in status[1]
    assert [(a["source"], a["new_status"]) for a in night.alerts] == [("demo_kurgan_gov", "broken")]
    assert night.sql("SELECT status FROM sources WHERE name = 'demo_mosreg_mii'") == [("ok",)]


def test_an_overlapping_start_is_refused(night: Night) -> None:
    with RunLock(night.db.parent / "nightly.lock"):
        result = night.run()
    assert result.returncode == 75
    assert "another run holds" in result.stderr
    assert not night.db.exists()  # the refused run touched nothing


def test_an_unreachable_source_is_classified_and_the_others_still_crawled(night: Night) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    with night.registry.open("a", encoding="utf-8") as registry:
        registry.write(
            "\n[[source]]\n"
            'name = "demo_unreachable"\ntitle = "Недоступный сайт"\nregion = "Тверская область"\n'
            'publisher_kind = "ministry"\ntimezone = "Europe/Moscow"\nplatform = "generic"\n'
            f'start_urls = ["http://127.0.0.1:{closed_port}/news"]\nallowed_domains = ["127.0.0.1"]\n'
        )
    result = night.run()
    assert result.returncode == 1, result.stdout
    broken = night.sql("SELECT name, status_reason FROM sources WHERE status = 'broken'")
    assert [name for name, _ in broken] == ["demo_unreachable"]
    assert "сайт не отвечает (соединение отклонено)" in broken[0][1]
    crawled = night.sql("SELECT source, COUNT(*) FROM releases GROUP BY source")
    assert len(crawled) == 4 and all(count > 0 for _, count in crawled)
