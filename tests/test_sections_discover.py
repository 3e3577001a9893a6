"""`pressarchive discover HOMEPAGE`: the press section the crawl would choose, and `--write`.

Also the pure parts of the search: what a link says (crawler.discovery.section_links).
"""

from __future__ import annotations

import json
from pathlib import Path

import homepage_sites as hs
import pytest
from cli_run import run_cli as cli

from crawler.discovery.section_links import label_score, normalise_label, section_links
from crawler.pages.tree import parse_html


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("Новости", 1),
        ("ПРЕСС-ЦЕНТР", 1),
        ("Пресс-релизы →", 1),
        ("Новости министерства", 1),
        ("Медиацентр", 1),
        ("Все новости »", 1),
        ("Документы", -1),
        ("Нормативные правовые акты", -1),
        ("Вакансии", -1),
        ("Государственные закупки", -1),
        ("Конкурсы и отборы", -1),
        ("Фотогалерея", -1),
        ("Новости отрасли", -1),
        ("СМИ о нас", -1),
        ("Контакты", -1),
        ("Инвесторам", 0),
    ],
)
def test_what_a_link_says(text: str, sign: int) -> None:
    score, _ = label_score(normalise_label(text))
    assert (score > 0) - (score < 0) == sign


def test_links_off_the_site_files_and_headlines_are_not_candidates() -> None:
    html = """<nav><a href="https://minek.gov.ru/news/">Новости</a><a href="/files/news.pdf">Новости</a>
    <a href="/press/">Пресс-центр</a><a href="/news/123/">Завод по выпуску кабеля построят в области до конца
    следующего года, сообщили в министерстве новости</a><a href="/docs/">Медиа</a></nav>"""
    links = section_links("http://example.ru/", parse_html(html, "http://example.ru/"))
    assert [link.url for link in links] == ["http://example.ru/press/"]


def test_section_paths_narrow_a_portal_to_one_ministry() -> None:
    html = (
        '<nav><a href="/news/">Новости</a><a href="/ministries/economy/news/">Новости министерства</a></nav>'
    )
    links = section_links(
        "http://portal.ru/", parse_html(html, "http://portal.ru/"), section_paths=("/ministries/economy/",)
    )
    assert [link.url for link in links] == ["http://portal.ru/ministries/economy/news/"]


def test_discover_a_home_page_shows_the_choice_and_why(tmp_path: Path) -> None:
    with hs.serving(hs.menu_site()) as server:
        result = cli(
            "discover", server.base + "/", "--no-probe", "--articles", "0", "--region", "Тверская область"
        )
        data = json.loads(
            cli("discover", server.base + "/", "--no-probe", "--articles", "0", "--json").stdout
        )
    assert result.returncode == 0, result.stderr
    assert (
        f"press section: {server.base}/press/news/ (link «новости» in the menu, 6 of 6 links dated"
        in result.stdout
    )
    assert "dated_list" in result.stdout and f'start_urls = ["{server.base}/press/news/"]' in result.stdout
    assert data["home"]["section"] == {
        "listing_url": f"{server.base}/press/news/",
        "feed_url": None,
        "method": "home_link",
    }
    assert data["url"] == f"{server.base}/press/news/"


def test_discover_says_when_no_section_is_found() -> None:
    with hs.serving(hs.no_section_site()) as server:
        result = cli("discover", server.base + "/", "--no-probe")
    assert result.returncode == 1 and "press section: NOT FOUND" in result.stdout


def test_write_appends_a_valid_entry_once(tmp_path: Path) -> None:
    target = tmp_path / "tver-oblast.toml"
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "other.toml").write_text(
        '[[source]]\nname = "other"\ntitle = "Другой"\nregion = "Тверская область"\n'
        'publisher_kind = "portal"\ntimezone = "Europe/Moscow"\nplatform = "generic"\nhomepage = "https://other.example.ru/"\n',
        encoding="utf-8",
    )
    args = ("--no-probe", "--articles", "0", "--sources", registry, "--write", target)
    with hs.serving(hs.footer_site()) as server:
        no_region = cli("discover", server.base + "/", *args)
        assert no_region.returncode == 1 and "region" in no_region.stderr and not target.exists()
        first = cli(
            "discover",
            server.base + "/",
            *args,
            "--region",
            "Тверская область",
            "--kind",
            "export_centre",
            "--name",
            "tver_export",
        )
        assert first.returncode == 0, first.stderr
        again = cli(
            "discover", server.base + "/", *args, "--region", "Тверская область", "--name", "tver_export2"
        )
    assert again.returncode == 1 and "already crawled by 'tver_export'" in again.stderr
    listed = cli("sources", "--sources", target)
    assert listed.returncode == 0 and "tver_export" in listed.stdout
    text = target.read_text(encoding="utf-8")
    assert text.count("[[source]]") == 1 and 'inferred = ["platform", "start_urls", "title"]' in text
    assert "Press section found from the home page" in text and 'timezone = "Europe/Moscow"' in text


def test_write_refuses_a_name_the_registry_has(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    with hs.serving(hs.menu_site()) as server:
        result = cli(
            "discover",
            server.base + "/",
            "--no-probe",
            "--articles",
            "0",
            "--region",
            "Пермский край",
            "--name",
            "mosreg_mii",
            "--write",
            target,
        )
    assert result.returncode == 1 and "a source named 'mosreg_mii' exists" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("maker", [hs.sitemap_site, hs.robots_sitemap_site])
def test_discover_falls_back_to_the_sitemap_when_no_link_says_press(maker) -> None:  # type: ignore[no-untyped-def]
    with hs.serving(maker()) as server:
        result = cli("discover", server.base + "/", "--no-probe", "--articles", "0")
    assert result.returncode == 0, result.stderr
    assert (
        f"press section: {server.base}/novosti/ (parent of 6 sitemap URLs, 6 of 6 links dated"
        in result.stdout
    )


def test_write_to_a_broken_registry_file_is_refused_with_a_message(tmp_path: Path) -> None:
    target = tmp_path / "broken.toml"
    target.write_text("this is [not toml", encoding="utf-8")
    with hs.serving(hs.menu_site()) as server:
        result = cli(
            "discover",
            server.base + "/",
            "--no-probe",
            "--articles",
            "0",
            "--region",
            "Тверская область",
            "--write",
            target,
        )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "the registry does not load, fix it first" in result.stderr and "TOML syntax error" in result.stderr
    )
    assert target.read_text(encoding="utf-8") == "this is [not toml"


def test_two_appends_at_once_both_land(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from crawler.discovery.entry import append_entry
    from crawler.registry.sources import load_registry

    registry = tmp_path / "registry.toml"
    registry.write_text(
        '[[source]]\nname = "base"\ntitle = "База"\nregion = "Тверская область"\npublisher_kind = "portal"\n'
        'timezone = "Europe/Moscow"\nplatform = "generic"\nhomepage = "https://base.example.ru/"\n',
        encoding="utf-8",
    )
    entries = [
        f'[[source]]\nname = "s{n}"\ntitle = "Источник {n}"\nregion = "Тверская область"\n'
        f'publisher_kind = "agency"\n'
        f'timezone = "Europe/Moscow"\nplatform = "generic"\nhomepage = "https://s{n}.example.ru/"\n'
        for n in range(8)
    ]
    target = tmp_path / "new.toml"
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda text: append_entry(text, target, registry), entries))
    assert sorted(source.name for source in load_registry(target)) == [f"s{n}" for n in range(8)]
