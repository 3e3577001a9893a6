"""The schema of incremental clustering (archive.clusters), free of numpy: the migration that adds
it runs when an archive is created, by the crawl's process after its extraction worker is forked,
and numpy loaded there stayed for the whole crawl, unused (bench_crawl: 122 against 103 MiB at the
end of the crawl; docs/performance.md)."""

from __future__ import annotations

from sqlite_utils import Database

_QUEUE_TRIGGERS = (
    """CREATE TRIGGER [cluster_queue_ai] AFTER INSERT ON [releases] BEGIN
        INSERT INTO [cluster_queue] ([release_id]) VALUES (new.[release_id]);
    END""",
    """CREATE TRIGGER [cluster_queue_au]
        AFTER UPDATE OF [content_hash], [published_date], [published_utc], [first_seen] ON [releases]
        WHEN old.[content_hash] IS NOT new.[content_hash] OR old.[published_date] IS NOT new.[published_date]
            OR old.[published_utc] IS NOT new.[published_utc] OR old.[first_seen] IS NOT new.[first_seen]
    BEGIN
        INSERT INTO [cluster_queue] ([release_id]) VALUES (new.[release_id]);
    END""",
)


def create_cluster_index(db: Database) -> None:
    """The incremental state (run inside a migration): `release_bands`, the band hashes of every
    signature the clusters were made from; `cluster_queue`, the releases to look at again, filled
    by triggers (so every writer fills it); `release_signatures.order_key`. Every existing release
    is queued: the first run after the upgrade re-clusters the archive with the stored signatures
    (the same clusters and ids) and fills the band index, in short transactions."""
    db.execute(
        "CREATE TABLE [release_bands] ([band] INTEGER NOT NULL, [hash] INTEGER NOT NULL,"
        " [release_id] TEXT NOT NULL, PRIMARY KEY ([band], [hash], [release_id])) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE [cluster_queue] ([seq] INTEGER PRIMARY KEY, [release_id] TEXT NOT NULL)")
    db.execute("ALTER TABLE [release_signatures] ADD COLUMN [order_key] TEXT")
    for trigger in _QUEUE_TRIGGERS:
        db.execute(trigger)
    # release_id alone: read from the primary key's index, not from the rows (bodies and all)
    db.execute("INSERT INTO [cluster_queue] ([release_id]) SELECT [release_id] FROM [releases]")
