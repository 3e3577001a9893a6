"""Sources given by their home page only, crawled for real from local servers (tests/homepage_sites.py).

The crawl finds the press section, records the choice with its evidence, keeps it for the next
night, and looks again (saying so) when it stops working. Sites that cannot be crawled are sorted
by `pressarchive status --triage`: moved, unreachable, blocked, no section, no dated releases.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import homepage_sites as hs
import pytest
import sqlite_utils
from cli_run import FAST
from cli_run import run_cli as cli


def entry(name: str, homepage: str, kind: str = "ministry") -> str:
    return f"""[[source]]
name = "{name}"
title = "Тестовый источник {name}"
region = "Тверская область"
publisher_kind = "{kind}"
timezone = "Europe/Moscow"
platform = "generic"
homepage = "{homepage}"
"""


def crawl(tmp: Path, entries: list[str], *names: str) -> sqlite_utils.Database:
    registry = tmp / "sources.toml"
    registry.write_text("\n".join(entries), encoding="utf-8")
    result = cli("crawl", "--sources", registry, "--db", tmp / "archive.db", *FAST, *names)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return sqlite_utils.Database(tmp / "archive.db")


def stats(db: sqlite_utils.Database, source: str) -> dict[str, object]:
    row = db.execute(
        "SELECT stats FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 1", [source]
    ).fetchone()
    return dict(json.loads(row[0]))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("maker", "listing", "method"),
    [
        (hs.menu_site, "/press/news/", "home_link"),
        (hs.landing_site, "/press-center/news/", "landing_link"),
        (hs.footer_site, "/sobytiya/novosti-ministerstva", "home_link"),
        (hs.sitemap_site, "/novosti/", "sitemap"),
        (hs.robots_sitemap_site, "/novosti/", "sitemap"),
    ],
)
def test_the_press_section_is_found_from_the_home_page(
    maker, listing: str, method: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with hs.serving(maker()) as server:
        db = crawl(tmp_path, [entry("site", server.base + "/")])
    (row,) = db["press_sections"].rows
    assert (row["listing_url"], row["method"], row["current"], row["reason"]) == (
        server.base + listing,
        method,
        1,
        "first",
    )
    evidence = json.loads(row["evidence"])
    assert evidence["chosen"]["dated"] == 6 and evidence["probes"]
    assert len({r["title"] for r in db["releases"].rows}) == 6
    assert not any("/documents/" in r["url"] for r in db["releases"].rows)  # the dated decoy untouched
    assert stats(db, "site")["section/method"] == method


def test_a_portal_narrowed_to_one_ministry(tmp_path: Path) -> None:
    with hs.serving(hs.portal_site()) as server:
        narrowed = entry("economy", server.base + "/") + 'section_paths = ["/ministries/economy/"]\n'
        db = crawl(tmp_path, [narrowed])
    (row,) = db["press_sections"].rows
    assert row["listing_url"] == server.base + "/ministries/economy/news/"
    urls = [r["url"] for r in db["releases"].rows]
    assert len(urls) == 5 and all("/ministries/economy/news/" in url for url in urls)
    assert stats(db, "economy")["links/outside_section"] == 1  # the portal's own article, skipped


def test_the_choice_is_kept_and_searched_again_when_it_stops_working(tmp_path: Path) -> None:
    site = hs.menu_site()
    with hs.serving(site) as server:
        crawl(tmp_path, [entry("site", server.base + "/")])
        server.requests.clear()
        db = crawl(tmp_path, [entry("site", server.base + "/")])
        assert "/" not in server.requests  # the stored section was used: no search
        assert stats(db, "site")["section/stored"] == server.base + "/press/news/"
        # the site moves its news: the old list is gone
        site["/novosti/"] = site.pop("/press/news/")
        home = site["/"][2].decode().replace("/press/news/", "/novosti/")
        site["/"] = (200, site["/"][1], home.encode())
        db = crawl(tmp_path, [entry("site", server.base + "/")])
    history = [
        (r["listing_url"], r["current"], r["reason"]) for r in db["press_sections"].rows_where(order_by="id")
    ]
    assert history == [(server.base + "/press/news/", 0, "first"), (server.base + "/novosti/", 1, "stale")]
    run = stats(db, "site")
    assert run["section/stale"] == "http_404" and run["section/found"] == server.base + "/novosti/"
    (reason,) = db.execute("SELECT status_reason FROM sources WHERE name = 'site'").fetchone()
    assert "раздел новостей" in reason


def test_triage_sorts_the_first_night(tmp_path: Path) -> None:
    new_home: list[str] = []
    dead = f"http://127.0.0.1:{free_port()}/"
    with (
        hs.serving(hs.menu_site()) as working,
        hs.serving(hs.undated_site()) as undated,
        hs.serving(hs.no_section_site()) as nosection,
        hs.serving(hs.blocked_site()) as blocked,
        hs.serving(hs.moved_site(lambda: new_home[0])) as moved,
    ):
        new_home.append(working.base.replace("127.0.0.1", "localhost"))
        entries = [
            entry("working", working.base + "/"),
            entry("undated", undated.base + "/"),
            entry("nosection", nosection.base + "/"),
            entry("blocked", blocked.base + "/"),
            entry("moved", moved.base + "/"),
            entry("dead", dead),
        ]
        crawl(tmp_path, entries)
    result = cli("status", "--db", tmp_path / "archive.db", "--triage", "--json")
    assert result.returncode == 0, result.stderr[-3000:]
    verdicts = {row["source"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert {name: row["triage"] for name, row in verdicts.items()} == {
        "working": "working",
        "undated": "no_dated_releases",
        "nosection": "no_press_section",
        "blocked": "blocked",
        "moved": "moved",
        "dead": "unreachable",
    }
    assert verdicts["moved"]["fix"] == f'homepage = "{new_home[0]}/"'
    assert "connection" in verdicts["dead"]["detail"]
    text = cli("status", "--db", tmp_path / "archive.db", "--triage").stdout
    assert "переехал" in text and "недоступен" in text and f'homepage = "{new_home[0]}/"' in text


def test_a_section_emptied_in_place_is_searched_again_and_reported(tmp_path: Path) -> None:
    """The stored list's URL still answers, without releases: the search probes it again (it must
    not be dropped as already seen this run) and, finding nothing, says so."""
    site = hs.menu_site()
    with hs.serving(site) as server:
        crawl(tmp_path, [entry("site", server.base + "/")])
        site["/press/news/"] = (
            200,
            site["/"][1],
            "<html><body><h1>Новости</h1><p>Скоро</p></body></html>".encode(),
        )
        db = crawl(tmp_path, [entry("site", server.base + "/")])
        assert server.requests.count("/press/news/") == 3  # first night; the stored list; the probe
    run = stats(db, "site")
    assert run["section/stale"] == "no release links" and run["section/not_found"] == 1
    (status, reason) = db.execute("SELECT status, status_reason FROM sources WHERE name = 'site'").fetchone()
    assert status == "broken" and "раздел новостей не найден" in reason
    assert [r["current"] for r in db["press_sections"].rows] == [0]


def test_a_candidate_that_redirects_off_site_does_not_stall_the_search(tmp_path: Path) -> None:
    """«Новости» redirects to another host (dropped by the crawl); «Пресс-релизы» is still chosen."""
    site = hs.menu_site()
    site["/"] = (
        200,
        site["/"][1],
        site["/"][2].replace(b"</ul>", "<li><a href='/news/'>Новости</a></li></ul>".encode()),
    )
    site["/press-releases/"] = site.pop("/press/news/")
    site["/"] = (200, site["/"][1], site["/"][2].replace(b"/press/news/", b"/press-releases/"))
    with hs.serving(site) as server:
        site["/news/"] = (301, {"Location": server.base.replace("127.0.0.1", "localhost") + "/news/"}, b"")
        db = crawl(tmp_path, [entry("site", server.base + "/")])
    (row,) = db["press_sections"].rows
    assert row["listing_url"] == server.base + "/press-releases/"
    assert db["releases"].count == 6
