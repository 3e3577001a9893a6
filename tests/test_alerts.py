"""Alert channels against real local receivers: a command, an HTTP server, an SMTP server."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller

from crawler.nightly.alerts import Alert, AlertConfig, send_alerts

ALERT = Alert(
    kind="source_state",
    subject="pressarchive: mosreg_mii — сломан",
    text="Источник mosreg_mii: ok → broken. Причина: в списке новостей нет ссылок на релизы.",
    source="mosreg_mii",
    old_status="ok",
    new_status="broken",
    reasons=("в списке новостей нет ссылок на релизы",),
)


class _Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Mailbox]]:
    mailbox = _Mailbox()
    with socket.socket() as probe:  # aiosmtpd's start-up check cannot use port 0: pick a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, mailbox
    controller.stop()


def test_command_hook_gets_the_alert_on_stdin_and_in_env(tmp_path: Path) -> None:
    out = tmp_path / "alert.json"
    script = tmp_path / "hook.py"
    script.write_text(
        "import json, os, sys\n"
        "data = json.load(sys.stdin)\n"
        "data['env_status'] = os.environ['PRESSARCHIVE_ALERT_STATUS']\n"
        f"open({str(out)!r}, 'w', encoding='utf-8').write(json.dumps(data, ensure_ascii=False))\n"
    )
    delivery = send_alerts([ALERT], AlertConfig(command=f"{sys.executable} {script}"))
    assert delivery.sent == ["command"] and not delivery.failed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (
        data["source"] == "mosreg_mii" and data["new_status"] == "broken" and data["env_status"] == "broken"
    )
    assert data["subject"] == ALERT.subject


def test_webhook_receives_json(webhook: tuple[str, list[dict[str, Any]]]) -> None:
    url, received = webhook
    delivery = send_alerts([ALERT, ALERT], AlertConfig(webhook_url=url))
    assert delivery.sent == ["webhook", "webhook"]
    assert [r["reasons"] for r in received] == [list(ALERT.reasons)] * 2


def test_email_is_delivered_in_one_message(smtp: tuple[int, _Mailbox]) -> None:
    port, mailbox = smtp
    config = AlertConfig(
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from="archive@example.org",
        mail_to=("editor@example.org",),
    )
    second = Alert(kind="run_failed", subject="pressarchive: обход не удался", text="База недоступна.")
    delivery = send_alerts([ALERT, second], config)
    assert delivery.sent == ["email"]
    assert len(mailbox.messages) == 1
    envelope = mailbox.messages[0]
    assert envelope.rcpt_tos == ["editor@example.org"]
    body = envelope.content.decode("utf-8")
    assert "Subject: pressarchive: 2" in body
    assert "=?utf-8?" in body  # Russian text is MIME-encoded, not mangled


def test_a_failing_channel_does_not_stop_the_others(tmp_path: Path, webhook: Any) -> None:
    url, received = webhook
    config = AlertConfig(command=f"{tmp_path}/no-such-program", webhook_url=url)
    delivery = send_alerts([ALERT], config)
    assert delivery.sent == ["webhook"]
    assert "command" in delivery.failed
    assert len(received) == 1


def test_no_alerts_no_traffic(webhook: Any) -> None:
    url, received = webhook
    assert send_alerts([], AlertConfig(webhook_url=url)).sent == []
    assert received == []
