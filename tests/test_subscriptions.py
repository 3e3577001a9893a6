"""Saved searches: the operator's CLI (add, list, remove) and the secret-token Atom feed of one."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from serve_fixtures import AGENCY, build_archive, served_datasette

from archive.db import open_db
from archive.subscriptions import Subscription, add_subscription, list_subscriptions
from crawler.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    build_archive(path)
    return path


def _cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def test_cli_adds_lists_and_removes(archive_path: Path) -> None:
    code, out = _cli(
        "subscriptions", "add", "--db", archive_path, "--email", "reporter@example.org", "--q", "инвестиции",
        "--region", AGENCY.region, "--district", "ЦФО", "--base-url", "https://archive.example.org",
    )  # fmt: skip
    assert code == 0, out
    with closing(open_db(archive_path)) as db:
        (saved,) = list_subscriptions(db.conn)
        newest_event = db.conn.execute("SELECT max(id) FROM events").fetchone()[0]
    assert (saved.email, saved.q, saved.region, saved.district) == (
        "reporter@example.org", "инвестиции", AGENCY.region, "Центральный",
    )  # fmt: skip
    assert saved.last_event_id == newest_event  # the first letter starts from now, not the whole archive
    assert f"https://archive.example.org/-/subscription/{saved.token}.atom" in out
    code, out = _cli("subscriptions", "list", "--db", archive_path)
    assert code == 0 and "reporter@example.org" in out and "«инвестиции»" in out and saved.token in out
    code, out = _cli("subscriptions", "remove", "--db", archive_path, str(saved.id))
    assert code == 0, out
    with closing(open_db(archive_path)) as db:
        assert list_subscriptions(db.conn) == []


def test_cli_refuses_bad_input_in_russian(archive_path: Path) -> None:
    code, out = _cli("subscriptions", "add", "--db", archive_path, "--email", "нет-адреса", "--q", "экспорт")
    assert code != 0 and "не похож на адрес" in out
    code, out = _cli("subscriptions", "add", "--db", archive_path, "--email", "a@example.org", "--q", '""')
    assert code != 0 and "нет слов" in out
    code, out = _cli("subscriptions", "remove", "--db", archive_path, "12345")
    assert code != 0 and "подписки «12345» нет" in out
    code, out = _cli(  # a subscription that could never match is refused, with the near names
        "subscriptions", "add", "--db", archive_path, "--email", "a@example.org", "--q", "экспорт",
        "--source", "minek",
    )  # fmt: skip
    assert code == 2 and "Источник «minek» в архиве не найден. Возможно: minec" in out
    with closing(open_db(archive_path)) as db:
        assert list_subscriptions(db.conn) == []
    code, out = _cli("subscriptions", "add", "--help")
    assert code == 0 and "Подписать адрес на запрос" in out


def _subscribe(path: Path, q: str, **filters: str) -> Subscription:
    with closing(open_db(path)) as db:
        return add_subscription(db, email="r@example.org", q=q, filters=filters, now=dt.datetime.now(dt.UTC))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ds(archive_path: Path) -> Iterator[Datasette]:
    yield from served_datasette(archive_path)


def _get(ds: Datasette, path: str) -> tuple[int, str, str]:
    response = asyncio.run(ds.client.get(path))
    return response.status_code, response.headers.get("content-type", ""), response.text


def test_the_feed_of_a_token_lists_only_its_matches(ds: Datasette, archive_path: Path) -> None:
    everywhere = _subscribe(archive_path, "инвестиции")
    kaluga = _subscribe(archive_path, "инвестиции", region=AGENCY.region)
    with sqlite3.connect(archive_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(archive_path)
    status, content_type, body = _get(ds, f"/-/subscription/{kaluga.token}.atom")
    assert status == 200 and "atom" in content_type
    feed = ET.fromstring(body)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == ["Агентство привлекло новыми инвестициями завод"]  # r2: Калуга; r1 is Подмосковье
    assert "«инвестиции»" in (feed.findtext(f"{ATOM}title") or "")
    link = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith("/-/release/r2")
    status, _, body = _get(ds, f"/-/subscription/{everywhere.token}.atom")
    titles = sorted(e.findtext(f"{ATOM}title") or "" for e in ET.fromstring(body).iter(f"{ATOM}entry"))
    assert titles == ["Агентство привлекло новыми инвестициями завод", "Новые инвестиции в Подмосковье"]
    assert _digest(archive_path) == before  # the server only reads


def test_a_wrong_token_is_a_russian_404(ds: Datasette, archive_path: Path) -> None:
    _subscribe(archive_path, "инвестиции")
    status, _, body = _get(ds, "/-/subscription/not-a-real-token.atom")
    assert status == 404 and "Подписка не найдена" in body
