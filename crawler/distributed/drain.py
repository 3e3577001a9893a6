"""The one writer of a distributed run: the workers' messages into the archive, in batches.

Messages are read from the run's stream through a consumer group, applied in the order they were
sent, and acknowledged only after the archive has committed them: a writer killed mid-batch is
handed the same messages again when it restarts. Applying one twice changes nothing: a capture's
key is stored with its row (migration 0180), a release saved again is unchanged, a removal already
noted is not noted again.

What the one-machine ArchivePipeline and CaptureMiddleware do per crawler is done here per source:
releases are saved 50 at a time per source (or when a message that depends on them comes), each
capture is written to the source's WARC files and indexed, and a source's run is recorded when its
worker says it is done, with the Scrapy stats of every worker that crawled it added together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import pickle
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from archive.attachments import save_attachment
from archive.captures import insert_capture, last_response
from archive.cluster_signatures import Signatures
from archive.records import CrawlRun, Release
from archive.sections import retire_section, save_section
from archive.store import Archive
from archive.validators import mark_checked, store_validators
from archive.warc import WarcRotator
from crawler.distributed import messages
from crawler.distributed.keys import RunKeys
from crawler.profiles.keep import keep_profile
from crawler.runs.capture_jobs import encode_capture
from crawler.scrapy_glue.capture import capture_row
from crawler.scrapy_glue.pipelines import attachment_record, fill_run, skipped_record, utc_now_iso

logger = logging.getLogger(__name__)

GROUP = "writer"
CONSUMER = "writer"
BATCH_SIZE = 50


@dataclass
class SourceRun:
    """The writer's running figures of one source's run (kept in Redis too, for a restart)."""

    run: CrawlRun
    run_id: int
    body_lengths: list[int] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)  # every worker's Scrapy stats, added up

    def add_stats(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.stats[key] = self.stats.get(key, 0) + value
            else:
                self.stats[key] = value

    def inc(self, key: str, by: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + by


def ensure_group(server: redis.Redis, keys: RunKeys) -> None:
    """The writer's consumer group on the run's stream, from its first message."""
    try:
        server.xgroup_create(keys.stream, GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


class Drain:
    """Applies the run's messages to the archive: see the module docstring."""

    def __init__(
        self,
        archive: Archive,
        server: redis.Redis,
        keys: RunKeys,
        runs: dict[str, SourceRun],
        *,
        data_dir: Path,
        operator: str = "",
        warc_max_bytes: int = 100 * 1024 * 1024,
        signed: Signatures | None = None,
        on_source_done: Callable[[str], None] | None = None,
    ) -> None:
        self.archive = archive
        self.server = server
        self.keys = keys
        self.runs = runs
        self.data_dir = data_dir
        self.operator = operator
        self.warc_max_bytes = warc_max_bytes
        self.signed = signed
        self.on_source_done = on_source_done
        self.pending: dict[str, list[tuple[Release, bytes | None, str | None]]] = {}
        self.rotators: dict[str, WarcRotator] = {}
        self.capture_ids: dict[str, int] = {}  # capture key -> row, as stored by this writer
        self.recovering = True  # first the messages handed out before a restart
        self.applied = 0

    @property
    def db(self) -> Any:
        return self.archive.db

    def finished(self) -> bool:
        return int(self.server.scard(self.keys.stored)) >= len(self.runs)

    def step(self, count: int = 200, block_ms: int = 500) -> int:
        """Read, apply and acknowledge up to `count` messages; how many."""
        start = "0" if self.recovering else ">"
        found = self.server.xreadgroup(
            GROUP,
            CONSUMER,
            {self.keys.stream: start},
            count=count,
            block=None if self.recovering else block_ms,
        )
        entries = found[0][1] if found else []
        if self.recovering and not entries:  # nothing was left from before: the new ones
            self.recovering = False
            return self.step(count, block_ms)
        done: list[str] = []
        ids = []
        with self.db.atomic():  # one transaction for the step's messages: one commit, not hundreds
            for entry_id, values in entries:
                ids.append(entry_id)
                if not values:  # deleted meanwhile
                    continue
                message = self._decoded(entry_id, values)
                if message is None:
                    continue
                self._apply_alone(message)
                if message.kind == messages.DONE:
                    done.append(message.source)
                elif len(self.pending.get(message.source, ())) >= BATCH_SIZE:
                    self._flush_alone(message.source)
            for source in list(self.pending):
                self._flush_alone(source)
        self._remember()
        for source in done:  # recorded in the archive: now said in Redis too
            self.server.sadd(self.keys.stored, source)
        if ids:
            self.server.xack(self.keys.stream, GROUP, *ids)
            self.server.xdel(self.keys.stream, *ids)
        self.applied += len(entries)
        for source in done:
            if self.on_source_done is not None:
                try:
                    self.on_source_done(source)
                except Exception:
                    logger.exception("progress report for %s failed", source)
        return len(entries)

    def _decoded(self, entry_id: Any, values: dict[bytes, bytes]) -> messages.Message | None:
        try:
            return messages.decode(entry_id, values)
        except Exception:  # a message this code cannot read (another version's worker?): said, counted
            source = values.get(b"source", b"?").decode(errors="replace")
            logger.exception("message %s of %s cannot be read: not stored", entry_id, source)
            if source in self.runs:
                self.runs[source].inc("distributed/unreadable")
            return None

    def _apply_alone(self, message: messages.Message) -> None:
        """One message in its own savepoint: one that cannot be stored leaves nothing half-written,
        is logged and counted in its source's run (`distributed/unstorable/<kind>`), and does not
        hold the others back. A full disk or a database error stops the writer instead: the step is
        rolled back whole and handed out again."""
        source = message.source
        if message.kind not in (messages.RELEASE, messages.CAPTURE) and source in self.runs:
            self._flush_alone(source)  # what follows may point at the releases waiting
        try:
            if message.kind in (messages.RELEASE, messages.CAPTURE):  # a list append; its own savepoint
                self.apply(message)
            else:
                with self.db.atomic():
                    self.apply(message)
        except (OSError, sqlite3.OperationalError):
            raise
        except Exception:
            logger.exception("%s message of %s cannot be stored", message.kind, message.source)
            if message.source in self.runs:
                self.runs[message.source].inc(f"distributed/unstorable/{message.kind}")

    def _flush_alone(self, source: str) -> None:
        """The source's waiting releases; when the batch cannot be stored, each release alone."""
        batch = list(self.pending.get(source, []))
        try:
            with self.db.atomic():
                self.flush(source)
            return
        except (OSError, sqlite3.OperationalError):
            raise
        except Exception:
            logger.exception(
                "a batch of %d releases of %s cannot be stored: one at a time", len(batch), source
            )
        for one in batch:
            self.pending[source] = [one]
            try:
                with self.db.atomic():
                    self.flush(source)
            except (OSError, sqlite3.OperationalError):
                raise
            except Exception:
                what = getattr(one[0], "url", None) or repr(one)[:200]
                logger.exception("release %s of %s cannot be stored", what, source)
                self.runs[source].inc("distributed/unstorable/release")
        self.pending.pop(source, None)

    def _remember(self) -> None:
        if self.runs:
            self.server.hset(
                self.keys.counters, mapping={name: pickle.dumps(run) for name, run in self.runs.items()}
            )

    def apply(self, message: messages.Message) -> None:
        kind, source, body = message.kind, message.source, message.body
        if source not in self.runs:
            logger.error("message %s for %s, which is not in this run: ignored", kind, source)
            return
        if kind == messages.RELEASE:
            self.pending.setdefault(source, []).append(body)
            return
        if kind == messages.CAPTURE:
            self._capture(source, *body)
            return
        handler = getattr(self, f"_{kind}")
        handler(source, body)

    # captures
    def capture_id(self, key: Any) -> int | None:
        if not isinstance(key, str):
            return None
        if key in self.capture_ids:
            return self.capture_ids[key]
        # stored by a writer before a restart (or not at all)
        row = self.db.execute("SELECT capture_id FROM distributed_captures WHERE key = ?", [key]).fetchone()
        return int(row[0]) if row else None

    def _rotator(self, source: str) -> WarcRotator:
        rotator = self.rotators.get(source)
        if rotator is None:
            info = {"operator": self.operator, "source": source}
            rotator = WarcRotator(self.data_dir, source, max_bytes=self.warc_max_bytes, info=info)
            self.rotators[source] = rotator
        return rotator

    def _capture(self, source: str, key: str, exchange: Any, encoded: Any = None) -> None:
        """A response: its record as the worker encoded it, or a revisit when the archive's last
        capture of the URL has the same payload (the exchange comes without its body then)."""
        if self.capture_id(key) is not None:
            return  # stored before a restart
        previous = last_response(self.db, exchange.url)
        if encoded is None or (previous is not None and previous.capture.payload_digest == exchange.digest):
            encoded = encode_capture((exchange, previous))
        written = self._rotator(source).append_encoded(encoded)
        capture = capture_row(exchange, written)
        with self.db.atomic():
            capture_id = insert_capture(self.db, capture)
            self.db.execute(
                "INSERT INTO distributed_captures (key, capture_id) VALUES (?, ?)", [key, capture_id]
            )
        self.capture_ids[key] = capture_id
        self.runs[source].inc("capture/" + written.record_type)

    # releases
    def flush(self, source: str) -> None:
        batch = self.pending.pop(source, [])
        if not batch:
            return
        releases: dict[str, Release] = {}
        captures: dict[str, int] = {}
        signatures: dict[str, bytes | None] = {}
        for release, signature, key in batch:
            releases[release.release_id] = release
            signatures[release.release_id] = signature
            capture_id = self.capture_id(key)
            if capture_id is not None:
                captures[release.release_id] = capture_id
        result = self.archive.save_releases(list(releases.values()), seen_at=utc_now_iso(), captures=captures)
        state = self.runs[source]
        if result.reappeared:
            state.inc("releases/reappeared", result.reappeared)
        if self.signed is not None:
            for release in releases.values():
                self.signed.add(release.release_id, release.content_hash, signatures.get(release.release_id))
        run = state.run
        run.items += len(releases)
        run.dated += sum(1 for r in releases.values() if r.published_date)
        state.body_lengths.extend(len(r.body_text) for r in releases.values())
        run.new += result.new
        run.updated += result.updated
        run.unchanged += result.unchanged

    def _gone(self, source: str, gone: Any) -> None:
        detail: dict[str, Any] = {"http_status": gone.http_status, "url": gone.url}
        if gone.redirect_to:
            detail["redirect_to"] = gone.redirect_to
        capture_id = self.capture_id(gone.capture_id)
        if capture_id is not None:
            detail["capture_id"] = capture_id
        at = gone.checked_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.archive.mark_removed(gone.release_id, at=at, detail=detail):
            self.runs[source].inc("releases/removed")

    # attachments
    def _save_attachment(self, source: str, record: Any) -> None:
        try:
            outcome = save_attachment(self.db, record)
        except sqlite3.IntegrityError:  # its release was not stored
            outcome = "orphan"
        self.runs[source].inc(f"attachments/{outcome}")

    def _attachment(self, source: str, body: Any) -> None:
        item, text, digest, waiting, size = body
        item = dataclasses.replace(item, capture_id=self.capture_id(item.capture_id))
        for release_id, title in waiting:
            record = attachment_record(item, text, release_id, source, title, digest)
            if record.size is not None or (item.http_status == 200 and text is not None):
                record = dataclasses.replace(record, size=size)
            self._save_attachment(source, record)

    def _skipped(self, source: str, skipped: list[Any]) -> None:
        at = utc_now_iso()
        for skip in skipped:
            self.runs[source].inc(f"attachments/skipped/{skip.status}")
            exists = self.db.execute(
                "SELECT 1 FROM attachments WHERE release_id = ? AND url = ?", [skip.release_id, skip.url]
            ).fetchone()
            if exists is None:
                self._save_attachment(source, skipped_record(skip, source, at))

    # what the crawl learnt
    def _profile(self, source: str, body: Any) -> None:
        profile, reason = body
        keep_profile(self.db, profile, reason)

    def _section(self, source: str, stored: Any) -> None:
        if stored is None:
            retire_section(self.db, source)
        else:
            save_section(self.db, stored)

    def _validators(self, source: str, body: Any) -> None:
        store_validators(self.db, *body)

    def _checked(self, source: str, body: Any) -> None:
        release_ids, at = body
        mark_checked(self.db, release_ids, at)

    # the run
    def _stats(self, source: str, values: dict[str, Any]) -> None:
        self.runs[source].add_stats(values)

    def _done(self, source: str, reason: str) -> None:
        state = self.runs[source]
        values = dict(state.stats)
        fill_run(state.run, values, state.body_lengths, reason)
        self.archive.finish_run(state.run_id, state.run)
        rotator = self.rotators.pop(source, None)
        if rotator is not None:
            rotator.close()
        logger.info(
            "%s: %d pages, %d releases (%d new, %d updated)",
            source,
            state.run.pages,
            state.run.items,
            state.run.new,
            state.run.updated,
        )

    def close(self) -> None:
        for rotator in self.rotators.values():
            rotator.close()
        self.rotators.clear()
