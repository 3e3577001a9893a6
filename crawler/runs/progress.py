"""What a long crawl tells the operator: a line per source as it finishes (in a terminal only), one
Russian line per failed source, and Scrapy's log kept off the console unless asked for (-v).

The success of a run is archive.health.run_failure's: the same rule the health verdict, the
sources page and `pressarchive status` use.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from archive.health import RunMetrics, json_field, run_failure
from archive.serve.labels import plural

PROJECT_LOGGERS = ("archive", "crawler", "spiders", "demo")


@dataclass(frozen=True)
class SourceOutcome:
    """One source's run as the operator reads it."""

    name: str
    new: int
    updated: int
    failed_requests: int
    seconds: float
    failure: str | None  # None: the run is a success

    @classmethod
    def from_run(cls, name: str, run: Mapping[str, Any] | None, seconds: float = 0.0) -> SourceOutcome:
        if run is None:
            return cls(name, 0, 0, 0, seconds, "обход не записан в архив")
        metrics = RunMetrics.from_row(run)
        elapsed = json_field(run, "stats").get("elapsed_time_seconds")
        return cls(
            name=name,
            new=int(run.get("new") or 0),
            updated=int(run.get("updated") or 0),
            failed_requests=metrics.requests_failed,
            seconds=float(elapsed) if elapsed is not None else seconds,
            failure=run_failure(metrics),
        )

    @property
    def progress_text(self) -> str:
        """«mii: 41 новый, 3 изменено, 0 ошибок, 12 с»."""
        errors = self.failed_requests
        return (
            f"{self.name}: {self.new} {plural(self.new, 'новый', 'новых', 'новых')}, "
            f"{self.updated} изменено, {errors} {plural(errors, 'ошибка', 'ошибки', 'ошибок')}, "
            f"{self.seconds:.0f} с"
        )

    @property
    def failure_line(self) -> str | None:
        """«ОШИБКА mii: сайт не отвечает (DNS: адрес не найден)»; None for a success."""
        return f"ОШИБКА {self.name}: {self.failure}" if self.failure else None


def latest_run(db_path: Path, name: str, since: str) -> dict[str, Any] | None:
    """The source's latest run started at or after `since` (a read-only look beside the writer)."""
    import sqlite3

    if not db_path.exists():
        return None
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute(
            "SELECT * FROM crawl_runs WHERE source = ? AND started_at >= ? ORDER BY id DESC LIMIT 1",
            [name, since],
        ).fetchone()
    except sqlite3.OperationalError:  # no crawl_runs yet
        return None
    finally:
        conn.close()
    return dict(row) if row else None


def failure_lines(db_path: Path, since: str, names: list[str]) -> list[str]:
    """One «ОШИБКА name: why» line per source whose run since `since` is not a success."""
    outcomes = (SourceOutcome.from_run(name, latest_run(db_path, name, since)) for name in names)
    return [line for outcome in outcomes if (line := outcome.failure_line)]


class Progress:
    """«[3/12] mii: 41 новый, 3 изменено, 0 ошибок, 12 с» on the stream as each source finishes,
    only when the stream is a terminal (cron logs get the summary and the failures only)."""

    def __init__(self, db_path: Path, since: str, total: int, stream: TextIO | None = None) -> None:
        self.db_path = db_path
        self.since = since
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = is_terminal(self.stream)
        self.done = 0
        self.started = time.monotonic()

    def source_done(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        outcome = SourceOutcome.from_run(
            name, latest_run(self.db_path, name, self.since), time.monotonic() - self.started
        )
        print(f"[{self.done}/{self.total}] {outcome.progress_text}", file=self.stream, flush=True)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _OneLine(logging.Formatter):
    """A record as one line: no traceback, no stack, only the message's first line."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage().splitlines()[0] if record.getMessage() else ""
        return f"{record.levelname} {record.name}: {text}"


def quiet_console(level: int = logging.ERROR) -> logging.Handler:
    """The console at normal verbosity: the project's own errors, one line each; Scrapy's and
    Twisted's log (a traceback per failed request) stays off it. Returns the handler installed
    on the root logger (Scrapy's own handler is disabled with LOG_ENABLED=False)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(_OneLine())
    handler.addFilter(lambda record: record.name.split(".")[0] in PROJECT_LOGGERS)
    logging.getLogger().addHandler(handler)
    return handler
