"""The daily digest of saved searches: one letter a day per address, sent after the nightly crawl.

Each subscription (archive.subscriptions) has a watermark, the last event already reported. A run
takes the events after it up to the newest one now, keeps those whose release matches the
subscription, and writes one letter per address: new releases, then earlier matches edited,
removed from their site or back on it. Only a letter the SMTP server accepted moves the
watermark; a failed one leaves everything for the next run. An address that had its letter
today (the Moscow day) gets nothing more until tomorrow, however often the digest runs.
Subscriptions with nothing new move their watermark without a letter.

The SMTP settings are the nightly alerts' (crawler.nightly.alerts.AlertConfig, PRESSARCHIVE_SMTP_*).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from archive.serve.labels import plural, ru_date
from archive.serve.time_labels import when_label
from archive.subscriptions import (
    Subscription,
    describe,
    last_event_id,
    list_subscriptions,
    matching_events,
    utc_stamp,
)
from crawler.nightly.alerts import AlertConfig, deliver

logger = logging.getLogger(__name__)

MOSCOW = ZoneInfo("Europe/Moscow")
MAX_ITEMS = 100  # releases listed per section of one subscription; the rest are counted
SECTIONS = (  # event kind -> heading
    ("new", "Новые релизы"),
    ("edited", "Изменены на сайте"),
    ("removed", "Удалены с сайта — копия осталась в архиве"),
    ("reappeared", "Снова на сайте"),
)


@dataclass(frozen=True)
class DigestConfig:
    mail: AlertConfig  # smtp_* and mail_from, as for the nightly alerts
    base_url: str  # the public address of the archive, e.g. https://archive.example.org/

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class Letter:
    email: str
    subject: str
    text: str
    html: str
    subscription_ids: tuple[int, ...]  # every subscription of the address, to mark once sent


@dataclass
class DigestReport:
    letters: list[Letter] = field(default_factory=list)  # planned (and, unless a dry run, attempted)
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # address -> error
    held: list[str] = field(default_factory=list)  # addresses that had their letter today
    quiet: int = 0  # subscriptions with nothing new


def moscow_day(now: dt.datetime) -> str:
    return now.astimezone(MOSCOW).date().isoformat()


def run_digest(
    db: Database, config: DigestConfig, *, now: dt.datetime, dry_run: bool = False
) -> DigestReport:
    """Plan every address's letter and (unless `dry_run`) send it, marking what went through."""
    conn = db.conn
    today = moscow_day(now)
    upto = last_event_id(conn)
    report = DigestReport()
    by_email: dict[str, list[Subscription]] = {}
    for subscription in list_subscriptions(conn):
        by_email.setdefault(subscription.email, []).append(subscription)
    for address, subscriptions in by_email.items():
        if any(s.last_sent_on == today for s in subscriptions):
            report.held.append(address)
            continue
        found = {s.id: matching_events(conn, s, upto) for s in subscriptions}
        with_news = [s for s in subscriptions if found[s.id]]
        report.quiet += len(subscriptions) - len(with_news)
        if not with_news:
            if not dry_run:
                _advance(db, [s.id for s in subscriptions], upto)
            continue
        letter = build_letter(address, [(s, found[s.id]) for s in with_news], config, today)
        letter = replace(letter, subscription_ids=tuple(s.id for s in subscriptions))
        report.letters.append(letter)
        if dry_run:
            continue
        try:
            send_letter(letter, config.mail, now)
        except (OSError, smtplib.SMTPException) as exc:
            logger.error("digest to %s not sent: %s", address, exc)
            report.failed[address] = str(exc) or type(exc).__name__
            _note_failure(db, letter.subscription_ids, report.failed[address])
        else:
            report.sent.append(address)
            _mark_sent(db, letter.subscription_ids, upto, today, now)
    return report


def _advance(db: Database, ids: Iterable[int], upto: int) -> None:
    with db.conn:
        db.conn.executemany(
            "UPDATE subscriptions SET last_event_id = max(last_event_id, ?) WHERE id = ?",
            [(upto, i) for i in ids],
        )


def _mark_sent(db: Database, ids: Iterable[int], upto: int, today: str, now: dt.datetime) -> None:
    with db.conn:  # committed at once: a crash after this letter must not send it again
        db.conn.executemany(
            "UPDATE subscriptions SET last_event_id = max(last_event_id, ?), last_sent_on = ?,"
            " last_sent_at = ?, last_error = NULL WHERE id = ?",
            [(upto, today, utc_stamp(now), i) for i in ids],
        )
    logger.info("digest sent to subscriptions %s (events up to %d)", list(ids), upto)


def _note_failure(db: Database, ids: Iterable[int], error: str) -> None:
    with db.conn:
        db.conn.executemany("UPDATE subscriptions SET last_error = ? WHERE id = ?", [(error, i) for i in ids])


def send_letter(letter: Letter, mail: AlertConfig, now: dt.datetime) -> None:
    """One letter, plain text with an HTML alternative, through the alerts' SMTP server."""
    message = EmailMessage()
    message["From"] = mail.mail_from or "pressarchive@localhost"
    message["To"] = letter.email
    message["Subject"] = letter.subject
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain="pressarchive")
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    deliver(message, mail)


def _sections(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each release once per kind (its latest event); an edit of a release new tonight is not news."""
    new = {e["release_id"] for e in events if e["kind"] == "new"}
    sections: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind, _ in SECTIONS}
    for event in events:
        if event["kind"] == "edited" and event["release_id"] in new:
            continue
        sections[event["kind"]][event["release_id"]] = event
    return {kind: list(items.values()) for kind, items in sections.items() if items}


def _release_line(event: dict[str, Any]) -> str:
    when = when_label(event)
    return " · ".join(part for part in (event["source_title"], event["region"], when) if part)


def build_letter(
    address: str, found: list[tuple[Subscription, list[dict[str, Any]]]], config: DigestConfig, today: str
) -> Letter:
    new_count = sum(len(_sections(events).get("new", [])) for _, events in found)
    news = f"{new_count} {plural(new_count, 'новый релиз', 'новых релиза', 'новых релизов')}"
    subject = f"Архив пресс-релизов: {news if new_count else 'изменения'} по подпискам — {ru_date(today)}"
    text = [
        "Здравствуйте!",
        "",
        "Что нового в архиве пресс-релизов по вашим подпискам с прошлого письма.",
        "",
    ]
    html = [
        '<html lang="ru"><body>',
        "<p>Здравствуйте!</p><p>Что нового в архиве пресс-релизов по вашим подпискам с прошлого письма.</p>",
    ]
    for subscription, events in found:
        search = config.url("-/search?" + urlencode({**subscription.params, "sort": "date"}))
        feed = config.url(f"-/subscription/{quote(subscription.token)}.atom")
        text += [f"Подписка {describe(subscription)}", ""]
        html.append(f"<h2>Подписка {escape(describe(subscription))}</h2>")
        for kind, heading in SECTIONS:
            items = _sections(events).get(kind, [])
            if not items:
                continue
            text.append(f"{heading} ({len(items)}):")
            html.append(f"<h3>{escape(heading)} ({len(items)})</h3><ul>")
            for event in items[:MAX_ITEMS]:
                link = config.url(f"-/release/{quote(event['release_id'], safe='')}")
                text += [f"— {event['title']}", f"  {_release_line(event)}", f"  {link}"]
                html.append(
                    f'<li><a href="{escape(link)}">{escape(event["title"] or link)}</a><br>'
                    f"<small>{escape(_release_line(event))}</small></li>"
                )
            if len(items) > MAX_ITEMS:
                rest = len(items) - MAX_ITEMS
                text.append(f"  …и ещё {rest}: {search}")
                html.append(f'<li><a href="{escape(search)}">…и ещё {rest}</a></li>')
            text.append("")
            html.append("</ul>")
        text += [f"Все результаты поиска: {search}", f"Лента этой подписки (Atom): {feed}", ""]
        html.append(
            f'<p><a href="{escape(search)}">Все результаты поиска</a> · '
            f'<a href="{escape(feed)}">лента этой подписки (Atom)</a></p>'
        )
    footer = "Подписками управляет администратор архива: чтобы изменить или отменить подписку, напишите ему."
    text.append(footer)
    html += [f"<p><small>{escape(footer)}</small></p>", "</body></html>"]
    return Letter(address, subject, "\n".join(text), "\n".join(html), tuple(s.id for s, _ in found))
