"""`pressarchive digest` against a real SMTP server on 127.0.0.1 (aiosmtpd): one letter a day per
address, with the new matches and what happened to earlier ones; a failed send keeps them."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from contextlib import closing
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cli_run import run_cli
from serve_fixtures import AGENCY, MINISTRY, build_archive, release

from archive.db import open_db
from archive.store import Archive
from archive.subscriptions import add_subscription, list_subscriptions
from crawler.nightly.alerts import AlertConfig
from crawler.nightly.digest import DigestConfig, run_digest
from crawler.nightly.lock import RunLock

BASE_URL = "https://archive.example.org/"
NIGHT = dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.UTC)  # 05:30 in Moscow


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:  # aiosmtpd's start-up check cannot use port 0
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Mailbox]]:
    mailbox = _Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, mailbox
    controller.stop()


def _config(port: int) -> DigestConfig:
    mail = AlertConfig(smtp_host="127.0.0.1", smtp_port=port, mail_from="archive@example.org", timeout=5)
    return DigestConfig(mail=mail, base_url=BASE_URL)


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """The serving fixtures' archive, a subscription to «инвестиции», then a night's crawl: two new
    matches (one in another region than a second, filtered subscription wants), one release that
    does not match, and r1 (an earlier match) removed from its site."""
    path = tmp_path / "archive.db"
    build_archive(path)
    db = open_db(path)
    add_subscription(db, email="reporter@example.org", q="инвестиции", filters={}, now=NIGHT)
    add_subscription(
        db, email="kaluga@example.org", q="инвестиции", filters={"region": AGENCY.region}, now=NIGHT
    )
    db.close()
    _crawl(path, 10, MINISTRY, "Инвестиционный совет одобрил проекты", "Инвестициями займутся парки.")
    _crawl(path, 11, AGENCY, "Калуга: новый инвестор", "Инвестиции в завод по выпуску стекла.")
    _crawl(path, 12, MINISTRY, "Погода на выходные", "Синоптики обещают снег.")
    with Archive.open(path) as archive:
        archive.mark_removed("r1", at="2026-12-03T01:00:00Z", detail={"http_status": 404})
    return path


def _crawl(path: Path, n: int, src: Any, title: str, body: str) -> None:
    with Archive.open(path) as archive:
        archive.save_releases(
            [release(n, src, title, body, published_date="2026-12-02")], seen_at="2026-12-03T00:30:00Z"
        )


def _letters(mailbox: _Mailbox) -> dict[str, Message]:
    return {envelope.rcpt_tos[0]: email.message_from_bytes(envelope.content) for envelope in mailbox.messages}


def _parts(message: Message) -> dict[str, str]:
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            parts[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return parts


def test_the_letter_has_the_new_matches_and_the_removed_one(
    archive_path: Path, smtp: tuple[int, _Mailbox]
) -> None:
    port, mailbox = smtp
    with closing(open_db(archive_path)) as db:
        report = run_digest(db, _config(port), now=NIGHT)
    assert sorted(report.sent) == ["kaluga@example.org", "reporter@example.org"]
    letters = _letters(mailbox)
    assert len(mailbox.messages) == 2
    parts = _parts(letters["reporter@example.org"])
    text, html = parts["text/plain"], parts["text/html"]
    assert "Инвестиционный совет одобрил проекты" in text and "Калуга: новый инвестор" in text
    assert "Погода на выходные" not in text
    assert f"{BASE_URL}-/release/r10" in text and f'href="{BASE_URL}-/release/r11"' in html
    assert "Удалены с сайта" in text and "Новые инвестиции в Подмосковье" in text  # r1, matched earlier
    assert "«инвестиции»" in text
    kaluga = _parts(letters["kaluga@example.org"])["text/plain"]
    assert "Калуга: новый инвестор" in kaluga and "Инвестиционный совет" not in kaluga


def test_twice_in_a_day_sends_once(archive_path: Path, smtp: tuple[int, _Mailbox]) -> None:
    port, mailbox = smtp
    with closing(open_db(archive_path)) as db:
        run_digest(db, _config(port), now=NIGHT)
    assert len(mailbox.messages) == 2
    _crawl(archive_path, 13, MINISTRY, "Инвестиции в дороги", "Инвестиции в дороги выросли.")
    with closing(open_db(archive_path)) as db:
        again = run_digest(db, _config(port), now=NIGHT + dt.timedelta(hours=3))
    assert len(mailbox.messages) == 2 and not again.sent  # the same Moscow day: nothing more
    with closing(open_db(archive_path)) as db:
        run_digest(db, _config(port), now=NIGHT + dt.timedelta(days=1))
    assert len(mailbox.messages) == 3  # the next day: only the reporter's query matches r13
    text = _parts(_letters(mailbox)["reporter@example.org"])["text/plain"]
    assert "Инвестиции в дороги" in text and "Инвестиционный совет" not in text


def test_a_failed_send_keeps_the_matches_for_the_next_run(
    archive_path: Path, smtp: tuple[int, _Mailbox]
) -> None:
    port, mailbox = smtp
    with closing(open_db(archive_path)) as db:
        failed = run_digest(db, _config(_free_port()), now=NIGHT)  # nobody listens there
        assert sorted(failed.failed) == ["kaluga@example.org", "reporter@example.org"] and not failed.sent
        assert all(s.last_error and s.last_sent_on is None for s in list_subscriptions(db.conn))
        report = run_digest(db, _config(port), now=NIGHT + dt.timedelta(minutes=10))
    assert len(report.sent) == 2
    text = _parts(_letters(mailbox)["reporter@example.org"])["text/plain"]
    assert "Инвестиционный совет одобрил проекты" in text


def test_dry_run_prints_the_letters_and_sends_nothing(archive_path: Path, smtp: tuple[int, _Mailbox]) -> None:
    port, mailbox = smtp
    args = ["digest", "--db", archive_path, "--base-url", BASE_URL, "--smtp-host", "127.0.0.1"]
    dry = run_cli(*args, "--smtp-port", str(port), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Инвестиционный совет одобрил проекты" in dry.stdout and "reporter@example.org" in dry.stdout
    assert not mailbox.messages
    sent = run_cli(*args, "--smtp-port", str(port), "--mail-from", "archive@example.org")
    assert sent.returncode == 0, sent.stderr
    assert len(mailbox.messages) == 2


def test_a_second_digest_at_the_same_time_waits_its_turn(
    archive_path: Path, smtp: tuple[int, _Mailbox]
) -> None:
    port, mailbox = smtp
    args = ["digest", "--db", archive_path, "--base-url", BASE_URL, "--smtp-host", "127.0.0.1"]
    with RunLock(archive_path.parent / "digest.lock"):
        held = run_cli(*args, "--smtp-port", str(port))
    assert held.returncode == 75 and "digest.lock" in held.stderr
    assert not mailbox.messages
