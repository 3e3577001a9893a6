"""Republication clusters: near-duplicate bodies across sources, their first release, stable ids."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.clusters import MIN_WORDS, shingles, signature, similarity, update_clusters
from archive.store import Archive
from demo.content import load_sites
from tests.test_store import make_release, make_source

SEEN = "2026-11-26T05:00:00Z"


def demo_releases() -> list:
    """Every demo release as an archive Release (the texts include two republished pairs)."""
    releases = []
    for key, site in load_sites().items():
        for n, item in enumerate(site.releases):
            body = "\n\n".join(item.paragraphs)
            releases.append(
                make_release(
                    len(releases),
                    source=key,
                    release_id=f"{key}-{n}",
                    url=f"https://{site.host}/{item.slug}",
                    canonical_url=f"https://{site.host}/{item.slug}",
                    title=item.title,
                    body_text=body,
                    content_hash=f"{key}-{n}-v1",
                    published_date=item.published.date().isoformat(),
                    published_utc=item.published.astimezone(__import__("datetime").UTC).strftime(
                        "%Y-%m-%dT%H:%M:%SZ"
                    ),
                )
            )
    return releases


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive.open(tmp_path / "archive.db")
    store.sync_sources([make_source(key) for key in load_sites()])
    store.save_releases(demo_releases(), seen_at=SEEN)
    yield store
    store.close()


def members(archive: Archive) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for release_id, cluster_id in archive.db.execute(
        "SELECT release_id, cluster_id FROM releases WHERE cluster_id IS NOT NULL"
    ):
        out.setdefault(cluster_id, set()).add(release_id)
    return out


def test_the_two_republished_pairs_and_nothing_else(archive: Archive) -> None:
    summary = update_clusters(archive.db, now=SEEN)
    assert (summary.clusters, summary.clustered_releases) == (2, 4)
    groups = members(archive)
    titles = {frozenset(archive.db["releases"].get(r)["title"][:25] for r in g) for g in groups.values()}
    assert all(len(t) == 2 for t in titles)  # different titles, same text
    for cluster_id, group in groups.items():
        sources = {archive.db["releases"].get(r)["source"] for r in group}
        assert "mosreg_mii" in sources and len(sources) == 2
        row = archive.db["clusters"].get(cluster_id)
        assert row["size"] == 2 and row["updated_at"] == SEEN
        first = min(group, key=lambda r: archive.db["releases"].get(r)["published_utc"])
        assert row["first_release_id"] == first


def test_ids_are_stable_and_a_cluster_goes_when_its_text_changes(archive: Archive) -> None:
    update_clusters(archive.db, now=SEEN)
    before = members(archive)
    again = update_clusters(archive.db, now="2026-11-27T05:00:00Z")
    assert again.signatures == 0  # nothing recomputed
    assert members(archive) == before
    assert {r["updated_at"] for r in archive.db["clusters"].rows} == {SEEN}
    cluster_id, group = sorted(before.items())[0]
    victim = sorted(group)[0]
    row = archive.db["releases"].get(victim)
    changed = dataclasses.replace(
        make_release(0, source=row["source"]),
        **{k: row[k] for k in ("release_id", "url", "canonical_url", "title", "published_date")},
        body_text=" ".join(f"совсем другой текст номер {n}" for n in range(30)),
        content_hash="changed",
    )
    archive.save_releases([changed], seen_at="2026-11-28T05:00:00Z")
    update_clusters(archive.db, now="2026-11-28T05:00:00Z")
    after = members(archive)
    assert cluster_id not in after and len(after) == 1
    assert archive.db["releases"].get(victim)["cluster_id"] is None


def test_short_bodies_are_not_compared() -> None:
    text = " ".join(["слово"] * (MIN_WORDS - 1))
    assert shingles(text) == set() and signature(text) is None


def test_similarity_survives_a_changed_lead_but_not_a_different_text() -> None:
    base = " ".join(f"предложение {n} о развитии промышленности региона." for n in range(40))
    edited = "Сообщает пресс-служба агентства. " + base.replace("предложение 3 ", "фраза 3 ")
    other = " ".join(f"новость {n} о погоде и дорогах области сегодня" for n in range(40))
    a, b, c = signature(base), signature(edited), signature(other)
    assert a and b and c
    assert similarity(a, b) >= 0.7
    assert similarity(a, c) < 0.1
