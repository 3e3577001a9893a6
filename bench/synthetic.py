"""A synthetic archive of Russian press releases for the search benchmark.

The vocabulary is the real word forms of the demo releases (their frequencies give the top of the
ranking) followed by invented stems with real Russian endings (several forms per stem, so stemming
matters as in real text). Word frequencies follow Zipf's law; bodies have realistic lengths
(log-normal, median ~200 words, ~1,500 characters). The stemmed index is filled from the stems of
the vocabulary (one Snowball call per word form, not per token), which is what makes a million
releases buildable in minutes; `check_stems` proves on a sample that this equals `stem_text`.

The archive is built with the real migrations (`archive.migrations.apply`), in one transaction,
with the journal off, then switched to WAL as `pressarchive` expects.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import re
import sqlite3
import tomllib
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from sqlite_utils import Database

from archive import migrations
from archive.search import register_functions, stem_text, stem_word

logger = logging.getLogger(__name__)

GENERATOR_VERSION = 1
DEMO_CONTENT = Path(__file__).resolve().parent.parent / "demo" / "content"
SYLLABLES = [c + v for c in "бвгджзклмнпрстфхцчшщ" for v in "аеиоуыя"] + ["ст", "пр", "тр", "кр", "нт"]
PARADIGMS = (
    ("ация", "ации", "ацию", "ацией", "аций", "ациями"),
    ("", "а", "у", "ом", "ов", "ами", "е"),
    ("ый", "ого", "ому", "ым", "ые", "ых", "ая", "ой", "ую"),
    ("ость", "ости", "остью", "остей"),
    ("ает", "ают", "ал", "ала", "али", "ать"),
    ("ка", "ки", "ку", "кой", "ок", "ками"),
)
REGIONS = [f"Регион {i:02d}" for i in range(1, 86)]
KINDS = ("ministry", "agency", "export_centre", "portal")
DATE_START = dt.date(2014, 1, 1)
DATE_DAYS = (dt.date(2026, 11, 30) - DATE_START).days


@dataclass(frozen=True)
class Vocabulary:
    forms: list[str]
    stems: list[str]
    cum_weights: list[float]
    by_stem: dict[str, list[int]]  # stem -> indexes of its forms


def _demo_words() -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(DEMO_CONTENT.glob("*.toml")):
        with path.open("rb") as handle:
            for release in tomllib.load(handle).get("release", []):
                text = f"{release['title']} {release['body']}".lower()
                counts.update(re.findall(r"\w+", text))
    return counts


def vocabulary(seed: int = 6, invented_stems: int = 12_000) -> Vocabulary:
    """Real demo word forms by frequency, then invented stems' forms; Zipf weights (s = 1.05)."""
    rng = random.Random(seed)
    forms = [word for word, _ in _demo_words().most_common()]
    seen = set(forms)
    for _ in range(invented_stems):
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        for ending in rng.choice(PARADIGMS)[: rng.randint(3, 6)]:
            if stem + ending not in seen:
                seen.add(stem + ending)
                forms.append(stem + ending)
    stems = [stem_word(form) for form in forms]
    weights = [1.0 / (rank + 2.7) ** 1.05 for rank in range(len(forms))]
    by_stem: dict[str, list[int]] = {}
    for index, stem in enumerate(stems):
        by_stem.setdefault(stem, []).append(index)
    return Vocabulary(forms, stems, list(accumulate(weights)), by_stem)


class TextMaker:
    """Titles and bodies as (text, html, stemmed text) from one seeded generator."""

    def __init__(self, vocab: Vocabulary, seed: int) -> None:
        self.vocab = vocab
        self.rng = random.Random(seed)
        self.indexes = range(len(vocab.forms))

    def _words(self, count: int) -> list[int]:
        return self.rng.choices(self.indexes, cum_weights=self.vocab.cum_weights, k=count)

    def _sentence(self, ids: list[int]) -> str:
        forms = self.vocab.forms
        first = forms[ids[0]]
        return " ".join([first[:1].upper() + first[1:], *(forms[i] for i in ids[1:])]) + "."

    def title(self) -> tuple[str, str]:
        ids = self._words(self.rng.randint(6, 13))
        text = self._sentence(ids)[:-1]
        return text, " ".join(self.vocab.stems[i] for i in ids)

    def body(self) -> tuple[str, str, str]:
        count = max(40, min(1500, int(self.rng.lognormvariate(5.3, 0.45))))
        ids = self._words(count)
        paragraphs: list[str] = []
        start = 0
        while start < count:
            sentences = []
            for _ in range(self.rng.randint(2, 4)):
                length = self.rng.randint(8, 22)
                chunk = ids[start : start + length]
                if chunk:
                    sentences.append(self._sentence(chunk))
                start += length
            paragraphs.append(" ".join(sentences))
        text = "\n\n".join(paragraphs)
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        return text, html, " ".join(self.vocab.stems[i] for i in ids)


def check_stems(maker: TextMaker, samples: int = 200) -> None:
    """The fast stemmed text must equal what the store writes (`stem_text`)."""
    for _ in range(samples):
        text, _, stemmed = maker.body()
        if stem_text(text) != stemmed:
            raise AssertionError("synthetic stems differ from archive.search.stem_text")


def _source_rows(rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for region_index, region in enumerate(REGIONS):
        for kind_index in range(rng.randint(2, 5)):
            kind = KINDS[kind_index % len(KINDS)]
            name = f"r{region_index + 1:02d}_{kind}_{kind_index}"
            rows.append(
                {
                    "name": name,
                    "title": f"Издатель {name}",
                    "region": region,
                    "publisher_kind": kind,
                    "timezone": "Europe/Moscow",
                    "platform": "bitrix",
                    "start_urls": json.dumps([f"https://{name}.example.ru/press/"]),
                    "status": "ok",
                    "release_count": 0,
                }
            )
    return rows


def _release_rows(maker: TextMaker, sources: list[dict[str, object]], start: int, count: int) -> tuple:
    rng = maker.rng
    releases, stems = [], []
    for n in range(start, start + count):
        src = sources[rng.randrange(len(sources))]
        title, title_stems = maker.title()
        body, html, body_stems = maker.body()
        day = DATE_START + dt.timedelta(days=rng.randrange(DATE_DAYS))
        minute = rng.randrange(8 * 60, 20 * 60)
        local_time = f"{minute // 60:02d}:{minute % 60:02d}"
        url = f"https://{src['name']}.example.ru/press/news/{n}"
        seen = f"{day.isoformat()}T{(minute // 60 + 1) % 24:02d}:00:00Z"
        releases.append(
            (
                f"b{n:07d}", src["name"], src["region"], src["publisher_kind"], url, url, title, body,
                html, f"h{n}", seen, "Europe/Moscow", day.isoformat(), local_time,
                f"{day.isoformat()}T{(minute // 60 - 3) % 24:02d}:{minute % 60:02d}:00Z", "minute",
                f"{day.strftime('%d.%m.%Y')} {local_time}", "selector", body[:200], 200, "{}", seen, seen,
            )
        )  # fmt: skip
        stems.append((title_stems, body_stems))
    return releases, stems


_COLUMNS = (
    "release_id, source, region, publisher_kind, url, canonical_url, title, body_text, body_html,"
    " content_hash, fetched_at, timezone, published_date, published_time, published_utc, date_precision,"
    " date_raw, date_method, lead, http_status, methods, first_seen, last_seen"
)


def build_archive(path: Path, releases: int, seed: int = 6, batch: int = 20_000) -> None:
    """Create the synthetic archive at `path` (replacing any file there)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    register_functions(conn)
    db = Database(conn)
    migrations.apply(db)
    vocab = vocabulary(seed)
    maker = TextMaker(vocab, seed)
    check_stems(maker)
    sources = _source_rows(maker.rng)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO sources (name, title, region, publisher_kind, timezone, platform, start_urls, status,"
        " release_count) VALUES (:name, :title, :region, :publisher_kind, :timezone, :platform,"
        " :start_urls, :status, :release_count)",
        sources,
    )
    marks = ", ".join("?" * len(_COLUMNS.split(",")))
    for start in range(0, releases, batch):
        rows, stems = _release_rows(maker, sources, start, min(batch, releases - start))
        cursor = conn.execute("SELECT coalesce(max(rowid), 0) FROM releases")
        first_rowid = cursor.fetchone()[0] + 1
        conn.executemany(f"INSERT INTO releases ({_COLUMNS}) VALUES ({marks})", rows)
        conn.executemany(
            f"INSERT INTO [{migrations.STEM_FTS_TABLE}] (rowid, title, body_text) VALUES (?, ?, ?)",
            [(first_rowid + i, t, b) for i, (t, b) in enumerate(stems)],
        )
        logger.info("bench archive: %d / %d releases", start + len(rows), releases)
    conn.execute(
        "UPDATE sources SET release_count = (SELECT count(*) FROM releases WHERE source = sources.name),"
        " last_success_at = '2026-11-30T03:00:00Z', last_new_release_at = '2026-11-30T03:00:00Z'"
    )
    conn.execute("COMMIT")
    conn.execute(
        f"INSERT INTO [{migrations.STEM_FTS_TABLE}]([{migrations.STEM_FTS_TABLE}]) VALUES('optimize')"
    )
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
