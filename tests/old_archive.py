"""An archive as the first pressarchive wrote it (the tables of migration 0001 only), with releases."""

from __future__ import annotations

import random
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.search import register_functions

FIRST = "0002_releases_fts"  # an archive as written before it: the tables of 0001 only
WORDS = ("инвестиционный", "проект", "область", "министерство", "развитие", "экономики", "завод", "дорога")


def old_archive(path: Path, releases: int) -> Path:
    db = Database(path)
    register_functions(db.conn)
    db.enable_wal()
    migrations.migrations.apply(db, stop_before=FIRST)
    db.conn.execute(
        "INSERT INTO sources (name, title, region, publisher_kind, timezone, platform, start_urls)"
        " VALUES ('tver', 'Министерство', 'Тверская область', 'ministry', 'Europe/Moscow', 'generic', '[]')"
    )
    rng = random.Random(13)
    rows = []
    for n in range(releases):
        body = " ".join(rng.choice(WORDS) for _ in range(80))
        url = f"http://127.0.0.1:9/news/{n}"
        rows.append((f"r{n}", url, url, f"Заголовок {n}", body, f"<p>{body}</p>", f"h{n}"))
    db.conn.executemany(
        "INSERT INTO releases (release_id, source, region, publisher_kind, url, canonical_url, title,"
        " body_text, body_html, content_hash, fetched_at, timezone, published_date, first_seen, last_seen)"
        " VALUES (?, 'tver', 'Тверская область', 'ministry', ?, ?, ?, ?, ?, ?, '2025-01-01T09:00:00Z',"
        " 'Europe/Moscow', '2025-01-01', '2025-01-01T09:00:00Z', '2025-01-01T09:00:00Z')",
        rows,
    )
    db.conn.commit()
    db.close()
    return path
