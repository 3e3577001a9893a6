"""Site profiles in real crawls: a site the generic path gets wrong, served on 127.0.0.1.

First crawl: the profile is learned from the run's own first articles and every release comes out
clean (exact titles and bodies). A redesign: the stored profile no longer fits, a new one is
learned, the old one kept as history, and no release gets a spurious new version. A night with one
new article: the stored profile is used, and the page held for it is released when the crawl runs
out of requests.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST
from cli_run import run_cli as cli
from profile_site import Release, listing, new_article, old_article, releases

RELEASES = releases()


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.render: Callable[[Release], str] = old_article
        self.listed: list[Release] = RELEASES

    def page(self, path: str) -> bytes | None:
        if path == "/news/":
            return listing(self.listed).encode()
        for release in RELEASES:
            if path == release.path:
                return self.render(release).encode()
        return None


class Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:
        body = self.server.page(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        body = body if body is not None else b"<html><body>404</body></html>"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def registry(tmp: Path, site: Site) -> Path:
    path = tmp / "sources.toml"
    path.write_text(
        f"""[[source]]
name = "fond"
title = "Фонд развития промышленности Энской области"
region = "Калужская область"
publisher_kind = "agency"
timezone = "Europe/Moscow"
platform = "generic"
start_urls = ["{site.base}/news/"]
allowed_domains = ["127.0.0.1"]
""",
        encoding="utf-8",
    )
    return path


def crawl(tmp: Path, site: Site, *extra: str) -> sqlite_utils.Database:
    result = cli("crawl", "--sources", registry(tmp, site), "--db", tmp / "archive.db", *FAST, *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_utils.Database(tmp / "archive.db")


def last_stats(db: sqlite_utils.Database) -> dict[str, int]:
    row = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    return {key: value for key, value in json.loads(row[0]).items() if key.startswith("profile/")}


def expected(release: Release) -> tuple[str, str]:
    return release.title, "\n\n".join(release.paragraphs)


@pytest.fixture(scope="module")
def archive(site: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, sqlite_utils.Database]:
    tmp = tmp_path_factory.mktemp("profiles")
    site.render, site.listed = old_article, RELEASES[1:]  # the newest comes on the third night
    return tmp, crawl(tmp, site)


def test_first_crawl_learns_the_profile_and_every_release_is_clean(archive) -> None:  # type: ignore[no-untyped-def]
    _, db = archive
    rows = {row["title"]: row["body_text"] for row in db["releases"].rows}
    assert sorted(rows.items()) == sorted(expected(release) for release in RELEASES[1:])
    assert last_stats(db).get("profile/learned") == 1
    stored = list(db["site_profiles"].rows)
    assert [(row["source"], row["reason"], row["current"]) for row in stored] == [("fond", "first", 1)]
    profile = json.loads(stored[0]["profile"])
    assert profile["title"]["css"] and profile["body"]["css"] and profile["pages"] == 8
    assert profile["listing"]["item"] and profile["listing_pages"] == 1  # the site's one listing page
    methods = {json.loads(row["methods"])["title"] for row in db["releases"].rows}
    assert methods == {"profile"}


def test_redesign_is_relearned_without_new_versions(archive, site: Site) -> None:  # type: ignore[no-untyped-def]
    tmp, _ = archive
    site.render = new_article
    try:
        db = crawl(tmp, site)
    finally:
        site.render = old_article
    assert last_stats(db).get("profile/relearned") == 1
    stats = json.loads(db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert stats.get("listing/links_by/profile") == 1  # the listing read with the stored profile
    history = [(row["reason"], row["current"]) for row in db["site_profiles"].rows_where(order_by="id")]
    assert history == [("first", 0), ("relearned", 1)]
    (reason,) = db.execute("SELECT status_reason FROM sources WHERE name = 'fond'").fetchone()
    assert "профиль сайта выучен заново" in reason
    status = cli("status", "--db", tmp / "archive.db")
    assert status.returncode == 0 and "(8 p.)" in status.stdout and "выучен заново" in status.stdout
    rows = {row["title"]: (row["body_text"], row["version_count"]) for row in db["releases"].rows}
    assert rows == {title: (body, 1) for title, body in map(expected, RELEASES[1:])}


def test_pages_held_to_the_end_of_the_crawl_are_released(archive, site: Site) -> None:  # type: ignore[no-untyped-def]
    tmp, _ = archive
    site.render, site.listed = new_article, RELEASES  # the site as the redesign left it, one release more
    try:
        # more pages wanted than the site has: all wait for the crawl to run out of requests
        db = crawl(tmp, site, "--set", "PRESSARCHIVE_PROFILE_PAGES=20")
    finally:
        site.render, site.listed = old_article, RELEASES[1:]
    newest = db.execute(
        "SELECT title, body_text FROM releases WHERE url LIKE ?", [f"%{RELEASES[0].path}"]
    ).fetchone()
    assert tuple(newest) == expected(RELEASES[0])
    stats = last_stats(db)
    assert stats.get("profile/kept") == 1 and "profile/learned" not in stats
    assert db.execute("SELECT count(*) FROM site_profiles").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM captures WHERE url NOT LIKE 'http%'").fetchone()[0] == 0


def test_reextract_cleans_history_crawled_without_profiles(site: Site, tmp_path: Path) -> None:
    """A crawl before profiles existed kept the template in its bodies; `reextract --relearn`
    learns the profile from the captures and rebuilds every release clean."""
    site.render, site.listed = old_article, RELEASES[1:]
    db = crawl(tmp_path, site, "--set", "PRESSARCHIVE_PROFILES=False")
    dirty = sorted((row["title"], row["body_text"]) for row in db["releases"].rows)
    assert dirty != sorted(expected(release) for release in RELEASES[1:])
    assert db.execute("SELECT count(*) FROM site_profiles").fetchone()[0] == 0
    result = cli(
        "reextract", "--db", tmp_path / "archive.db", "--sources", registry(tmp_path, site), "--relearn"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "site profiles learned anew: fond" in result.stdout
    db = sqlite_utils.Database(tmp_path / "archive.db")
    rows = {row["title"]: row["body_text"] for row in db["releases"].rows}
    assert sorted(rows.items()) == sorted(expected(release) for release in RELEASES[1:])
    assert [row["reason"] for row in db["site_profiles"].rows] == ["reextract"]


def test_discover_shows_the_profile(site: Site) -> None:
    site.render, site.listed = old_article, RELEASES
    result = cli("discover", f"{site.base}/news/", "--no-probe")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "site profile: learned from 8 article pages" in result.stdout
    assert f"{RELEASES[0].published:%Y-%m-%d %H:%M}  {RELEASES[0].title}" in result.stdout
    data = json.loads(cli("discover", f"{site.base}/news/", "--no-probe", "--json").stdout)
    assert data["profile"]["title"]["pages_agreed"] == "8/8"
    assert [article["title"] for article in data["articles"]] == [release.title for release in RELEASES[:3]]


def test_extract_with_the_stored_or_a_learned_profile(archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, _ = archive
    page = tmp_path / "page.html"
    page.write_text(new_article(RELEASES[0]), encoding="utf-8")
    url = f"http://127.0.0.1{RELEASES[0].path}"
    registry_file = store / "sources.toml"
    result = cli(
        "extract",
        page,
        "--url",
        url,
        "--db",
        store / "archive.db",
        "--source",
        "fond",
        "--sources",
        registry_file,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(result.stdout)
    assert data["profile"]["article_pages"] >= 8
    assert (data["release"]["title"], data["release"]["body_text"]) == expected(RELEASES[0])
    others = []
    for release in RELEASES[1:4]:
        other = tmp_path / f"{release.number}.html"
        other.write_text(old_article(release), encoding="utf-8")
        others += ["--learn-from", str(other)]
    page.write_text(old_article(RELEASES[0]), encoding="utf-8")
    data = json.loads(cli("extract", page, "--url", url, *others).stdout)
    assert data["methods"]["body"] == "profile"
    assert (data["release"]["title"], data["release"]["body_text"]) == expected(RELEASES[0])
    db = sqlite_utils.Database(store / "archive.db")
    db.execute("UPDATE site_profiles SET current = 0")
    db.conn.commit()
    missing = cli(
        "extract",
        page,
        "--url",
        url,
        "--db",
        store / "archive.db",
        "--source",
        "fond",
        "--sources",
        registry_file,
    )
    db.execute("UPDATE site_profiles SET current = 1 WHERE id = (SELECT max(id) FROM site_profiles)")
    db.conn.commit()
    assert missing.returncode != 0 and "no site profile of 'fond'" in missing.stderr
