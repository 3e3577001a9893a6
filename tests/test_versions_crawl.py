"""The archive over time, end to end on the demo mirror: edits, removals, additions, reappearance.

Crawl; then change one release's body, another's title, only the whitespace of a third, delete
a fourth and publish two new ones; crawl again and check the exact versions, events and removals;
publish the deleted one again and check that its return is recorded.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST
from cli_run import run_cli as cli

from demo.mirror import Mirror, write_demo_registry

NEW_BODY = (
    "Министерство уточнило данные: резидентами стали 95 компаний, "
    "а объём инвестиций превысил 70 млрд рублей.\n\n"
    "Остальные сведения остаются в силе."
)
NEW_TITLE = "В Зауралье обсудили создание нового индустриального парка в Кургане"


@dataclass
class Story:
    mirror: Mirror
    db_path: Path
    registry: Path
    urls: dict[str, str]  # role -> article URL
    counts_after_first: dict[str, int]
    added: list[str]  # URLs of the two new releases
    reappeared_run: subprocess.CompletedProcess[str]


def _pick(mirror: Mirror, site: str, index: int) -> str:
    return mirror.releases(site)[index].slug


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    tmp = tmp_path_factory.mktemp("versions")
    with Mirror() as mirror:
        registry = write_demo_registry(mirror, tmp / "sources.toml")
        db_path = tmp / "archive.db"
        first = cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        assert first.returncode == 0, first.stderr[-3000:]
        db = sqlite_utils.Database(db_path)
        counts = {t: db[t].count for t in ("releases", "release_versions", "events", "captures")}
        db.close()

        # republished pairs (see demo/README.md) are left alone: index 0 of mii is one of them
        roles = {
            "body": (
                "mosreg_export",
                next(r.slug for r in mirror.releases("mosreg_export") if "Ташкент" not in r.title),
            ),
            "title": ("kurgan_gov", _pick(mirror, "kurgan_gov", 0)),
            "spaces": ("mosreg_mii", _pick(mirror, "mosreg_mii", 3)),
            "removed": ("mosreg_mii", _pick(mirror, "mosreg_mii", 4)),
        }
        urls = {role: mirror.article_url(site, slug) for role, (site, slug) in roles.items()}
        removed = mirror.app("mosreg_mii").get(roles["removed"][1])
        assert removed is not None
        spaced = mirror.app("mosreg_mii").get(roles["spaces"][1])
        assert spaced is not None

        mirror.edit_release(*roles["body"], body=NEW_BODY)
        mirror.edit_release(*roles["title"], title=NEW_TITLE)
        mirror.edit_release(
            *roles["spaces"],
            body="\n\n\n".join("  " + p.replace(" ", "  ") + "  " for p in spaced.paragraphs),
        )
        mirror.remove_release(*roles["removed"])
        technoparks = {
            "title": "Новый релиз министерства о технопарках",
            "published": "2026-11-26T09:00:00",
            "body": "Технопарки Подмосковья приняли 12 новых резидентов.\n\nЭто второй абзац.",
        }
        applications = {
            "title": "АИР открыл приём заявок",
            "published": "2026-11-26T11:30:00",
            "slug": "6900",
            "body": "Агентство открыло приём заявок на сопровождение проектов.",
        }
        added = [
            mirror.add_release("mosreg_mii", technoparks),
            mirror.add_release("mosreg_invest_air", applications),
        ]
        added_urls = [
            mirror.article_url("mosreg_mii", added[0].slug),
            mirror.article_url("mosreg_invest_air", "6900"),
        ]
        second = cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        assert second.returncode == 0, second.stderr[-3000:]

        mirror.add_release(
            "mosreg_mii",
            {
                "title": removed.title,
                "published": removed.published.strftime("%Y-%m-%dT%H:%M:%S"),
                "slug": removed.slug,
                "paragraphs": list(removed.paragraphs),
                "tags": list(removed.tags),
            },
        )
        third = cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        assert third.returncode == 0, third.stderr[-3000:]
        yield Story(mirror, db_path, registry, urls, counts, added_urls, third)


def _release(db: sqlite_utils.Database, url: str) -> dict:
    rows = list(db["releases"].rows_where("url = ?", [url]))
    assert len(rows) == 1, url
    return rows[0]


def _versions(db: sqlite_utils.Database, release_id: str) -> list[dict]:
    return list(db["release_versions"].rows_where("release_id = ?", [release_id], order_by="version"))


def test_body_edit_is_a_second_version_with_the_old_text_kept(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    release = _release(db, story.urls["body"])
    versions = _versions(db, release["release_id"])
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["title"] == versions[1]["title"] == release["title"]
    assert "95 компаний" not in versions[0]["body_text"]
    assert versions[1]["body_text"] == release["body_text"]
    assert "95 компаний" in release["body_text"] and "Остальные сведения" in release["body_text"]
    assert release["version_count"] == 2
    assert release["changed_at"] == versions[1]["first_seen"] > versions[0]["first_seen"]
    assert versions[0]["last_seen"] < versions[1]["first_seen"]


def test_title_edit_is_a_second_version(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    release = _release(db, story.urls["title"])
    versions = _versions(db, release["release_id"])
    assert [v["title"] == NEW_TITLE for v in versions] == [False, True]
    assert versions[0]["title"] == "В Зауралье обсудили создание индустриального парка в Кургане"
    assert versions[0]["body_text"] == versions[1]["body_text"]
    assert release["title"] == NEW_TITLE and release["version_count"] == 2


def test_whitespace_only_edit_is_not_a_version(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    release = _release(db, story.urls["spaces"])
    assert release["version_count"] == 1
    assert len(_versions(db, release["release_id"])) == 1


def test_exact_events(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    ids = {role: _release(db, url)["release_id"] for role, url in story.urls.items()}
    added = {_release(db, url)["release_id"] for url in story.added}
    events = list(db["events"].rows_where(order_by="id"))
    later = [
        (e["release_id"], e["kind"], json.loads(e["detail"]))
        for e in events[story.counts_after_first["events"] :]
    ]
    by_kind: dict[str, list] = {}
    for release_id, kind, detail in later:
        by_kind.setdefault(kind, []).append((release_id, detail))
    assert sorted(by_kind) == ["edited", "new", "reappeared", "removed"]
    assert {rid for rid, _ in by_kind["new"]} == added and len(by_kind["new"]) == 2
    edited = {rid: detail["fields"] for rid, detail in by_kind["edited"]}
    assert edited == {ids["body"]: ["body_text"], ids["title"]: ["title"]}
    assert [(rid, d["http_status"]) for rid, d in by_kind["removed"]] == [(ids["removed"], 404)]
    assert [rid for rid, _ in by_kind["reappeared"]] == [ids["removed"]]
    first_events = events[: story.counts_after_first["events"]]
    assert {e["kind"] for e in first_events} == {"new"}
    assert len(first_events) == story.counts_after_first["releases"]


def test_removed_release_keeps_its_content_and_its_return_is_recorded(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    release = _release(db, story.urls["removed"])
    assert release["removed_at"] is None  # it came back in the third crawl
    assert release["version_count"] == 1
    kinds = [
        e["kind"] for e in db["events"].rows_where("release_id = ?", [release["release_id"]], order_by="id")
    ]
    assert kinds == ["new", "removed", "reappeared"]
    others = list(db["releases"].rows_where("removed_at IS NOT NULL"))
    assert others == []


def test_no_release_other_than_the_edited_has_a_second_version(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    multi = {r["url"] for r in db["releases"].rows_where("version_count > 1")}
    assert multi == {story.urls["body"], story.urls["title"]}
    assert db["releases"].count == story.counts_after_first["releases"] + 2
    assert db["release_versions"].count == db["releases"].count + 2


def test_every_version_links_to_its_raw_capture(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    rows = db.execute(
        "SELECT v.release_id, v.content_hash, c.release_id, c.content_hash, c.record_type, c.http_status"
        " FROM release_versions v JOIN captures c ON c.id = v.capture_id"
    ).fetchall()
    assert len(rows) == db["release_versions"].count
    for release_id, content_hash, c_release, c_hash, record_type, status in rows:
        assert (c_release, c_hash, record_type, status) == (release_id, content_hash, "response", 200)


def test_history_prints_versions_with_a_word_diff(story: Story) -> None:
    result = cli("history", story.urls["title"], "--db", story.db_path, "--no-color")
    assert result.returncode == 0, result.stderr
    assert "Версия 1" in result.stdout and "Версия 2" in result.stdout
    assert "обсудили создание {+нового +}индустриального" in result.stdout
    assert "Текст: без изменений" in result.stdout
    assert "изменён (изменено: заголовок)" in result.stdout
    missing = cli("history", "http://example.invalid/none", "--db", story.db_path)
    assert missing.returncode != 0 and "нет релиза" in missing.stderr


def test_verify_passes_on_the_archive(story: Story) -> None:
    result = cli("verify", "--db", story.db_path)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def _copy_archive(story: Story, target: Path) -> Path:
    import shutil

    target.mkdir()
    source = sqlite3.connect(story.db_path)
    dest = sqlite3.connect(target / "archive.db")
    source.backup(dest)
    source.close()
    dest.close()
    shutil.copytree(story.db_path.parent / "warc", target / "warc")
    return target / "archive.db"


def _history(db_path: Path) -> dict[str, list[tuple[int, str, str]]]:
    db = sqlite_utils.Database(db_path)
    out: dict[str, list[tuple[int, str, str]]] = {}
    for row in db["release_versions"].rows_where(order_by="release_id, version"):
        out.setdefault(row["release_id"], []).append((row["version"], row["content_hash"], row["title"]))
    return out


def test_reextract_rebuilds_from_the_warc_files_consistently(story: Story, tmp_path: Path) -> None:
    db_path = _copy_archive(story, tmp_path / "copy")
    before = _history(db_path)
    title_release = _release(sqlite_utils.Database(db_path), story.urls["title"])["release_id"]
    conn = sqlite3.connect(db_path)  # damage the text the archive shows: the WARC files still hold it
    conn.execute("UPDATE releases SET title = 'испорчено' WHERE release_id = ?", [title_release])
    conn.execute("UPDATE release_versions SET title = 'испорчено' WHERE release_id = ?", [title_release])
    conn.commit()
    conn.close()

    first = cli("reextract", "--db", db_path, "--sources", story.registry)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "dropped: none" in first.stdout
    assert _history(db_path) == before
    assert _release(sqlite_utils.Database(db_path), story.urls["title"])["title"] == NEW_TITLE
    again = cli("reextract", "--db", db_path, "--sources", story.registry)
    assert again.returncode == 0 and "rebuilt" not in again.stdout and "new=" not in again.stdout, (
        again.stdout
    )
    assert _history(db_path) == before
    verify = cli("verify", "--db", db_path)
    assert verify.returncode == 0, verify.stderr


def test_reextract_one_source(story: Story, tmp_path: Path) -> None:
    db_path = _copy_archive(story, tmp_path / "one")
    result = cli("reextract", "--db", db_path, "--sources", story.registry, "--source", "demo_kurgan_gov")
    assert result.returncode == 0, result.stderr[-2000:]
    db = sqlite_utils.Database(db_path)
    (expected,) = db.execute(
        "SELECT count(*) FROM captures c JOIN releases r ON r.release_id = c.release_id"
        " WHERE r.source = 'demo_kurgan_gov' AND c.http_status = 200"
    ).fetchone()
    assert result.stdout.startswith(f"{expected} article capture(s) re-extracted")
    unknown = cli("reextract", "--db", db_path, "--sources", story.registry, "--source", "nope")
    assert unknown.returncode == 2 and 'Источник "nope" не найден.' in unknown.stderr


def test_republished_texts_form_clusters_after_the_crawl(story: Story) -> None:
    db = sqlite_utils.Database(story.db_path)
    clusters = db.execute(
        "SELECT c.id, c.size, f.source FROM clusters c JOIN releases f ON f.release_id = c.first_release_id"
    ).fetchall()
    assert len(clusters) == 2 and {size for _, size, _ in clusters} == {2}
    for cluster_id, _, first_source in clusters:
        members = list(db["releases"].rows_where("cluster_id = ?", [cluster_id]))
        sources = {m["source"] for m in members}
        assert len(sources) == 2 and "demo_mosreg_mii" in sources
        titles = {m["title"] for m in members}
        assert len(titles) == 2  # republished under another title
        earliest = min(members, key=lambda m: (m["published_date"], m["published_utc"] or ""))
        assert earliest["source"] == first_source
