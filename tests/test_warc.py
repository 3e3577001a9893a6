"""Raw capture: WARC/1.1 writing and reading, revisits, verification of damaged files."""

from __future__ import annotations

import datetime as dt
import gzip
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive.warc import (
    LISTING_DATE_FIELD,
    PAGE_FIELD,
    SOURCE_FIELD,
    Exchange,
    Revisit,
    WarcRotator,
    payload_digest,
    read_record,
)
from archive.warc_check import check_file

NOW = dt.datetime(2026, 11, 26, 6, 30, 15, 123456, tzinfo=dt.UTC)
HTML = "<html><head><title>Релиз</title></head><body><p>Текст релиза о новых инвестициях.</p></body></html>"


def exchange(
    body: str | bytes = HTML, url: str = "http://127.0.0.1:8000/news/1", **changes: object
) -> Exchange:
    values: dict[str, object] = {
        "url": url,
        "fetched_at": NOW,
        "status": 200,
        "response_headers": [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
        "body": body.encode("utf-8") if isinstance(body, str) else body,
        "request_headers": [("User-Agent", "pressarchive/0.1"), ("Accept-Encoding", "gzip")],
        "fields": {
            SOURCE_FIELD: "demo_mosreg_mii",
            PAGE_FIELD: "article",
            LISTING_DATE_FIELD: "25 ноября 2026",
        },
    }
    values.update(changes)
    return Exchange(**values)  # type: ignore[arg-type]


@pytest.fixture
def warc_file(tmp_path: Path) -> Path:
    rotator = WarcRotator(tmp_path, "demo_mosreg_mii")
    first = rotator.append(exchange())
    rotator.append(exchange(), Revisit(first_url := "http://127.0.0.1:8000/news/1", NOW))
    for n in range(2, 8):
        rotator.append(exchange(HTML.replace("Текст", f"Текст {n}"), url=f"http://127.0.0.1:8000/news/{n}"))
    rotator.close()
    assert first_url
    return tmp_path / first.warc_file


def test_records_are_warc_1_1_pairs_with_digests(warc_file: Path) -> None:
    result = check_file(warc_file)
    assert result.ok, result.problems
    types = [m.warc_type for m in result.members]
    assert types[:5] == ["warcinfo", "response", "request", "revisit", "request"]
    assert types.count("response") == 7 and types.count("request") == 8
    assert gzip.decompress(warc_file.read_bytes()).startswith(b"WARC/1.1\r\n")
    response = result.members[1]
    assert response.payload_digest == payload_digest(HTML.encode("utf-8"))
    assert response.fields["WARC-Block-Digest"].startswith("sha1:")
    assert response.http_status == 200


def test_each_record_is_its_own_gzip_member(warc_file: Path) -> None:
    result = check_file(warc_file)
    for member in result.members:
        raw = warc_file.read_bytes()[member.offset : member.offset + member.length]
        assert gzip.decompress(raw).startswith(b"WARC/1.1\r\nWARC-")


def test_read_record_returns_the_page_and_the_crawl_context(warc_file: Path) -> None:
    members = check_file(warc_file).members
    record = read_record(warc_file, members[1].offset)
    assert record.warc_type == "response"
    assert record.body.decode("utf-8") == HTML
    assert record.date == NOW
    assert record.fields[LISTING_DATE_FIELD] == "25 ноября 2026"
    assert record.header("X-Archive-Orig-Transfer-Encoding") == "chunked"  # the body is stored de-chunked
    revisit = read_record(warc_file, members[3].offset)
    assert revisit.warc_type == "revisit" and revisit.body == b""
    assert revisit.fields["WARC-Payload-Digest"] == members[1].payload_digest
    assert revisit.fields["WARC-Refers-To-Target-URI"] == "http://127.0.0.1:8000/news/1"


def test_gzip_content_encoding_is_stored_as_sent_and_decoded_on_read(tmp_path: Path) -> None:
    compressed = gzip.compress(HTML.encode("utf-8"))
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    rotator = WarcRotator(tmp_path, "src")
    written = rotator.append(exchange(response_headers=headers, body=compressed))
    rotator.close()
    assert written.payload_digest == payload_digest(compressed)  # the digest is of the bytes as sent
    assert check_file(tmp_path / written.warc_file).ok
    assert read_record(tmp_path / written.warc_file, written.offset).body.decode("utf-8") == HTML


def test_rotation_starts_new_files(tmp_path: Path) -> None:
    rotator = WarcRotator(tmp_path, "src", max_bytes=1500)
    names = {rotator.append(exchange(url=f"http://127.0.0.1/{n}")).warc_file for n in range(6)}
    rotator.close()
    assert len(names) >= 3
    for name in names:
        assert check_file(tmp_path / name).ok


def _flipped(original: Path, tmp_path: Path, position: int) -> Path:
    copy = tmp_path / f"flip-{position}.warc.gz"
    data = bytearray(original.read_bytes())
    data[position] ^= 0x01
    copy.write_bytes(bytes(data))
    return copy


def test_verify_catches_a_flipped_byte_anywhere(warc_file: Path, tmp_path: Path) -> None:
    size = warc_file.stat().st_size
    rng = random.Random(5)
    positions = sorted({*rng.sample(range(size), 40), 0, 3, 5, size - 1})
    for position in positions:
        result = check_file(_flipped(warc_file, tmp_path, position))
        assert not result.ok, f"flip at byte {position} of {size} went unnoticed"


@pytest.mark.parametrize("cut", [1, 10, 200, "member"])
def test_verify_catches_truncation(warc_file: Path, tmp_path: Path, cut: int | str) -> None:
    data = warc_file.read_bytes()
    members = check_file(warc_file).members
    copy = tmp_path / "cut.warc.gz"
    if cut == "member":  # cut exactly at a record boundary: the file is whole, but a request is lost
        copy.write_bytes(data[: members[-1].offset])
    else:
        assert isinstance(cut, int)
        copy.write_bytes(data[:-cut])
    result = check_file(copy)
    assert not result.ok
    if cut != "member":
        assert any("truncated" in p or "corrupt" in p for p in result.problems), result.problems


def test_verify_counts_records_against_the_captures_table(tmp_path: Path) -> None:
    """A whole record removed from a crawled archive's WARC (at a record boundary) is caught."""
    from archive.store import Archive
    from archive.verify import verify_archive

    db_path = tmp_path / "archive.db"
    with Archive.open(db_path) as archive:
        rotator = WarcRotator(tmp_path, "src")
        for n in range(3):
            ex = exchange(url=f"http://127.0.0.1/{n}")
            written = rotator.append(ex)
            from archive.records import Capture

            archive.add_capture(
                Capture(ex.url, "2026-11-26T06:30:15Z", written.warc_file, written.offset, written.length,
                        written.record_type, written.payload_digest, 200)
            )  # fmt: skip
        rotator.close()
    assert verify_archive(db_path).ok
    path = tmp_path / written.warc_file
    backup = path.read_bytes()
    path.write_bytes(backup[: written.offset])  # the last exchange is gone
    report = verify_archive(db_path)
    assert any(f"no record at {written.warc_file}:{written.offset}" in p for p in report.problems)
    path.write_bytes(backup)
    shutil.move(path, tmp_path / "elsewhere.warc.gz")
    report = verify_archive(db_path)
    assert any("is missing" in p for p in report.problems)


def test_verify_checks_the_database(tmp_path: Path) -> None:
    from archive.store import Archive
    from archive.verify import verify_archive

    db_path = tmp_path / "archive.db"
    Archive.open(db_path).close()
    assert verify_archive(db_path).ok
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO release_versions (release_id, version, title, body_text, body_html, content_hash)"
        " VALUES ('ghost', 1, 't', 'b', 'b', 'h')"
    )
    conn.commit()
    conn.close()
    report = verify_archive(db_path)
    assert any("foreign key: release_versions" in p for p in report.problems)
