"""Serving a replica directory (archive.replica): its published snapshot, and each newer one as
soon as it is published, without a restart.

The server reads the snapshot the directory's pointer names, through `immutable=1` connections
(a snapshot never changes once published, so nothing is written or locked beside it). Every
POLL_SECONDS a background task reads the pointer; when it names another snapshot, that one is
checked (an archive, a schema this program serves without writing) and put in the place of the
current one under the same database name (Datasette's `remove_database` and `add_database`, in one
step of the event loop). Requests already running keep the snapshot they started with: its
connections stay open, and the file stays readable while open even after `replicate` removes it,
until they are closed CLOSE_AFTER_SECONDS later. A snapshot that cannot be served is logged and
skipped; the current one goes on being served.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import connections as thread_connections

from archive.db import ArchiveFileError, check_archive_file, check_is_archive, describe_sqlite_error
from archive.migrations_runner import ArchiveError
from archive.replica import ReplicaError, published
from archive.serve import limits, ranking, readonly
from archive.serve.app import ArchiveDatabase, make_datasette

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
CLOSE_AFTER_SECONDS = 120.0  # far beyond a request's SQL time limits

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Snapshot:
    name: str  # the database's name in URLs: the pointer's stem ("archive")
    path: Path  # the snapshot file


def current(replica_dir: Path) -> Snapshot:
    """The published snapshot of `replica_dir`; ArchiveNotServable (Russian) when there is none."""
    try:
        found = published(replica_dir)
    except ReplicaError as exc:
        raise readonly.ArchiveNotServable(str(exc)) from None
    if found is None:
        if not replica_dir.is_dir():
            raise readonly.ArchiveNotServable(f"каталога копий {replica_dir} нет")
        raise readonly.ArchiveNotServable(
            f"в каталоге {replica_dir} нет опубликованной копии архива: сначала выполните"
            f" pressarchive replicate --db АРХИВ --to {replica_dir}"
        )
    pointer, snapshot = found
    return Snapshot(name=pointer.stem, path=snapshot.absolute())


def check_snapshot(path: Path) -> None:
    """The snapshot can be served as it is, through `immutable=1`: an archive whose schema this
    program has. ArchiveFileError / SchemaError / ArchiveNotServable otherwise."""
    check_archive_file(path)
    try:
        conn = sqlite3.connect(readonly.immutable_uri(path), uri=True)
        try:
            pending = check_is_archive(conn, path).pending
            conn.execute("SELECT 1 FROM releases LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ArchiveFileError(describe_sqlite_error(exc, path)) from exc
    if pending:
        raise readonly.ArchiveNotServable(
            f"копия {path} сделана из архива со схемой старше этой версии pressarchive (не применено"
            f" миграций: {len(pending)}, первая — {pending[0]}): обновите схему самого архива"
            " (pressarchive migrate) и опубликуйте копию снова"
        )


class SnapshotDatabase(ArchiveDatabase):
    """One snapshot, served under the database name of the one before it. Datasette keeps each SQL
    thread's connection under the database's name, so a new snapshot under the same name would be
    read through its predecessor's connections: here each thread's connection is kept with the
    snapshot it belongs to, and one opened anew when the name's snapshot has changed."""

    _generations = itertools.count(1)

    def __init__(self, datasette: Datasette, path: Path) -> None:
        super().__init__(datasette, path, mode=readonly.IMMUTABLE)
        self.generation = next(self._generations)

    async def execute_fn(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        if self.ds.executor is None:  # num_sql_threads = 0: one connection per database object
            return await super().execute_fn(fn)
        key = f"pressarchive_snapshot_{self.name}"

        def in_thread() -> Any:
            held = getattr(thread_connections, key, None)
            if held is None or held[0] != self.generation:
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                held = (self.generation, conn)
                setattr(thread_connections, key, held)  # the previous one is closed with its snapshot
            return fn(held[1])

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)


class ReplicaWatch:
    """Switches a Datasette made by `make_replica_datasette` to each newer published snapshot."""

    def __init__(self, datasette: Datasette, replica_dir: Path, snapshot: Snapshot) -> None:
        self.datasette = datasette
        self.replica_dir = replica_dir
        self.snapshot = snapshot
        self.poll_seconds = POLL_SECONDS
        self._refused: set[Path] = set()
        self._task: asyncio.Task[None] | None = None

    async def check(self) -> bool:
        """Switch to the published snapshot when it is another; whether it switched."""
        try:
            found = published(self.replica_dir)
        except ReplicaError as exc:
            logger.warning("replica %s: %s", self.replica_dir, exc)
            return False
        if found is None:
            return False
        path = found[1].absolute()
        if path == self.snapshot.path or path in self._refused:
            return False
        try:
            await asyncio.to_thread(check_snapshot, path)
        except (ArchiveError, OSError) as exc:
            logger.warning("replica snapshot %s not served: %s", path, exc)
            self._refused.add(path)
            return False
        self.switch(path)
        return True

    def switch(self, path: Path) -> None:
        """Serve `path` in place of the current snapshot, under the same name (no await: requests
        see the old database or the new one, never none)."""
        name = self.snapshot.name
        old = self.datasette.databases[name]
        new = SnapshotDatabase(self.datasette, path)
        moved = ranking.forget(str(self.snapshot.path))  # the frequent stems carry over
        if moved is not None:
            holder = ranking.frequent_stems(str(path))
            holder.stems, holder.checked_at = moved.stems, moved.checked_at
        self.datasette.remove_database(name)
        self.datasette.add_database(new, name=name)
        logger.info("serving replica snapshot %s (was %s)", path.name, self.snapshot.path.name)
        self.snapshot = Snapshot(name=name, path=path)
        asyncio.get_running_loop().call_later(CLOSE_AFTER_SECONDS, old.close)

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                await self.check()
            except Exception:  # the server goes on with the snapshot it has
                logger.exception("replica %s: checking for a newer snapshot failed", self.replica_dir)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        """The ASGI app, starting the watch with the server (at its first event: the lifespan)."""

        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if self._task is None:
                self._task = asyncio.get_running_loop().create_task(self.watch())
            await app(scope, receive, send)

        return wrapped


def make_replica_datasette(replica_dir: Path, *, allow_sql: bool = False) -> tuple[Datasette, ReplicaWatch]:
    """A Datasette over the published snapshot of `replica_dir`, and the watch that moves it on."""
    snapshot = current(replica_dir)
    check_snapshot(snapshot.path)
    datasette = make_datasette(
        snapshot.path, allow_sql=allow_sql, mode=readonly.IMMUTABLE, name=snapshot.name
    )
    logger.info("serving replica %s: snapshot %s", replica_dir, snapshot.path.name)
    return datasette, ReplicaWatch(datasette, replica_dir, snapshot)


def run_replica(datasette: Datasette, watch: ReplicaWatch, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve with uvicorn until interrupted, switching snapshots as they are published (as
    archive.serve.app.run, with the watch)."""
    import uvicorn

    limits.set_heap_limits()
    logger.info("serving replica %s on http://%s:%d/", watch.replica_dir, host, port)
    uvicorn.run(watch.wrap(datasette.app()), host=host, port=port, log_level="info")
