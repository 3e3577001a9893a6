"""Saved searches: a query with the search page's filters, an e-mail address and a secret token.

A subscription is kept in the `subscriptions` table (migration 0110). The daily digest
(crawler.nightly.digest) reads the `events` after the subscription's watermark `last_event_id`
and keeps those whose release matches the query, by the same stemmed index and search keys as
the site (archive.search, archive.search_keys); the Atom feed (archive.serve.subscription_feed)
lists the newest matches. Only the digest writes here; the public server only reads.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from archive.fts_tables import STEM_FTS_TABLE
from archive.search_keys import SEARCH_KEYS_TABLE

logger = logging.getLogger(__name__)

TABLE = "subscriptions"
FILTER_NAMES = ("region", "source", "kind", "district")
# filter name -> SQL test on the search keys `k` (the same meaning as on the search page)
_FILTER_TESTS = {
    "region": "k.region = :region",
    "source": "k.source = :source",
    "kind": "k.publisher_kind = :kind",
    "district": "k.source IN (SELECT name FROM sources WHERE federal_district = :district)",
}
_FTS = f"[{STEM_FTS_TABLE}]"
_KEYS = f"[{SEARCH_KEYS_TABLE}]"
_COLUMNS = (
    "id, token, email, q, region, source, kind, district, created_at, last_event_id, last_sent_on,"
    " last_sent_at, last_error"
)
# what a letter or a feed shows of a release
RELEASE_COLUMNS = (
    "r.release_id, r.title, r.source, r.region, r.published_date, r.published_time, r.timezone,"
    " r.first_seen, coalesce(s.title, r.source) AS source_title,"
    " coalesce(r.lead, substr(r.body_text, 1, 500)) AS summary"
)


def create_subscriptions_table(db: Database) -> None:
    db.execute(
        f"""
        CREATE TABLE [{TABLE}] (
           [id] INTEGER PRIMARY KEY,
           [token] TEXT NOT NULL UNIQUE,  -- the secret of the feed URL
           [email] TEXT NOT NULL,
           [q] TEXT NOT NULL,
           [region] TEXT NOT NULL DEFAULT '',
           [source] TEXT NOT NULL DEFAULT '',
           [kind] TEXT NOT NULL DEFAULT '',
           [district] TEXT NOT NULL DEFAULT '',
           [created_at] TEXT NOT NULL,
           [last_event_id] INTEGER NOT NULL DEFAULT 0,  -- events up to this id are in a letter
           [last_sent_on] TEXT,  -- the (Moscow) day of the last letter: one letter a day
           [last_sent_at] TEXT,
           [last_error] TEXT  -- why the last letter failed, until one goes through
        )
        """
    )
    db.execute(f"CREATE INDEX [idx_{TABLE}_email] ON [{TABLE}] ([email])")


@dataclass(frozen=True)
class Subscription:
    id: int
    token: str
    email: str
    q: str
    region: str = ""
    source: str = ""
    kind: str = ""
    district: str = ""
    created_at: str = ""
    last_event_id: int = 0
    last_sent_on: str | None = None
    last_sent_at: str | None = None
    last_error: str | None = None

    @property
    def filters(self) -> dict[str, str]:
        """The filters in use, by name."""
        values = {"region": self.region, "source": self.source, "kind": self.kind, "district": self.district}
        return {name: value for name, value in values.items() if value}

    @property
    def params(self) -> dict[str, Any]:
        return {"q": self.q, **self.filters}


def _row(row: tuple[Any, ...]) -> Subscription:
    return Subscription(*row)


BY_TOKEN_SQL = f"SELECT {_COLUMNS} FROM [{TABLE}] WHERE token = ?"


def from_row(row: tuple[Any, ...]) -> Subscription:
    """A subscription from a row of BY_TOKEN_SQL (read through another connection, e.g. Datasette's)."""
    return _row(row)


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def last_event_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])


def add_subscription(
    db: Database, *, email: str, q: str, filters: Mapping[str, str], now: dt.datetime
) -> Subscription:
    """A new subscription; its first letter reports what happens from now on, not the archive's past."""
    unknown = set(filters) - set(FILTER_NAMES)
    if unknown:
        raise ValueError(f"unknown filters: {sorted(unknown)}")
    values = {name: (filters.get(name) or "").strip() for name in FILTER_NAMES}
    with db.conn:
        cursor = db.conn.execute(
            f"INSERT INTO [{TABLE}] (token, email, q, region, source, kind, district, created_at,"
            " last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                secrets.token_urlsafe(24),
                email.strip(),
                q.strip(),
                *values.values(),
                utc_stamp(now),
                last_event_id(db.conn),
            ],
        )
    subscription = get_subscription(db.conn, int(cursor.lastrowid or 0))
    assert subscription is not None
    logger.info("subscription %d added for %s: %r", subscription.id, subscription.email, subscription.q)
    return subscription


def get_subscription(conn: sqlite3.Connection, subscription_id: int) -> Subscription | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM [{TABLE}] WHERE id = ?", [subscription_id]).fetchone()
    return _row(row) if row else None


def list_subscriptions(conn: sqlite3.Connection, email: str | None = None) -> list[Subscription]:
    where, params = ("WHERE email = ?", [email]) if email else ("", [])
    rows = conn.execute(f"SELECT {_COLUMNS} FROM [{TABLE}] {where} ORDER BY email, id", params).fetchall()
    return [_row(row) for row in rows]


def remove_subscription(db: Database, key: str) -> bool:
    """Remove by id or by token; False when there is no such subscription."""
    column = "id" if key.isdigit() else "token"
    with db.conn:
        cursor = db.conn.execute(f"DELETE FROM [{TABLE}] WHERE {column} = ?", [key])
    return cursor.rowcount > 0


def _filter_tests(subscription: Subscription) -> str:
    return "".join(f" AND {_FILTER_TESTS[name]}" for name in subscription.filters)


def matching_events_sql(subscription: Subscription) -> str:
    """The events with after_id < id <= upto_id whose release matches; params: the subscription's,
    after_id, upto_id. Needs ru_stem_query on the connection (archive.search.register_functions)."""
    return (
        f"SELECT e.id AS event_id, e.kind, e.at, r.removed_at, {RELEASE_COLUMNS}"
        # CROSS JOIN keeps the events outermost: a night's events, never every release of a region
        " FROM events e CROSS JOIN releases r ON r.release_id = e.release_id"
        f" CROSS JOIN {_KEYS} k ON k.release_rowid = r.rowid LEFT JOIN sources s ON s.name = r.source"
        " WHERE e.id > :after_id AND e.id <= :upto_id"
        # a rowid seek in the stemmed index per event: the cost follows the night's events, not the
        # number of releases in the archive that match the query
        f" AND EXISTS (SELECT 1 FROM {_FTS} WHERE {_FTS} MATCH ru_stem_query(:q) AND {_FTS}.rowid = r.rowid)"
        f"{_filter_tests(subscription)} ORDER BY e.id"
    )


def newest_matches_sql(subscription: Subscription, limit: int) -> str:
    """The newest `limit` matching releases (highest rowid first), as the search's feed orders them."""
    hits = (
        f"SELECT {_FTS}.rowid AS rid FROM {_FTS} JOIN {_KEYS} k ON k.release_rowid = {_FTS}.rowid"
        f" WHERE {_FTS} MATCH ru_stem_query(:q){_filter_tests(subscription)}"
        f" ORDER BY {_FTS}.rowid DESC LIMIT {int(limit)}"
    )
    return (
        f"SELECT r.removed_at, {RELEASE_COLUMNS} FROM ({hits}) h JOIN releases r ON r.rowid = h.rid"
        " LEFT JOIN sources s ON s.name = r.source ORDER BY h.rid DESC"
    )


def matching_events(
    conn: sqlite3.Connection, subscription: Subscription, upto_id: int
) -> list[dict[str, Any]]:
    """The subscription's matching events since its watermark, oldest first."""
    params = {**subscription.params, "after_id": subscription.last_event_id, "upto_id": upto_id}
    cursor = conn.execute(matching_events_sql(subscription), params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def describe(subscription: Subscription) -> str:
    """«инвестиции» (регион: Курганская область), for letters, feeds and the CLI."""
    labels = {"region": "регион", "source": "источник", "kind": "тип издателя", "district": "округ"}
    filters = ", ".join(f"{labels[name]}: {value}" for name, value in subscription.filters.items())
    return f"«{subscription.q}»" + (f" ({filters})" if filters else "")
