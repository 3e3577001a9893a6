# ruff: noqa: E501  (pages written inline)
"""Site profiles (crawler.profiles): learned from a site's own pages, applied by the page objects."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
import sqlite_utils
from profile_site import SITE, new_article, old_article, releases

from archive.db import open_db
from crawler.normalise.release import build_release
from crawler.pages import get_page_object
from crawler.pages.tree import PageTree
from crawler.profiles.affixes import strip_affixes, title_affixes
from crawler.profiles.chrome import clean_body, is_chrome_text, is_meta_line, junk_plan
from crawler.profiles.keep import keep_profile, load_profile
from crawler.profiles.learn import learn_profile
from crawler.profiles.model import ProfileError, SiteProfile
from crawler.profiles.sample import SamplePage
from crawler.profiles.session import ProfileSession
from crawler.registry.sources import Source

BASE = "http://fond.example"
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
SOURCE = Source(
    name="fond",
    title=SITE,
    region="Энская область",
    publisher_kind="agency",
    timezone="Europe/Moscow",
    start_urls=(f"{BASE}/news/",),
    platform="generic",
    allowed_domains=("fond.example",),
)
RELEASES = releases()


def samples(render=old_article, hints: bool = True) -> list[SamplePage]:  # type: ignore[no-untyped-def]
    return [
        SamplePage(BASE + release.path, render(release), release.title if hints else None)
        for release in RELEASES
    ]


def extracted(release, profile: SiteProfile | None, render=old_article):  # type: ignore[no-untyped-def]
    raw = get_page_object("generic").extract(BASE + release.path, render(release), SOURCE, profile=profile)
    return raw, build_release(raw, SOURCE, fetched_at=NOW)


def test_a_page_judged_alone_keeps_the_template() -> None:
    """The failure profiles exist for: the site's name in the title, chrome in the body."""
    _, release = extracted(RELEASES[3], None)
    assert release.title != RELEASES[3].title
    assert SITE in release.title
    assert (
        "Поделиться" in release.body_text or "Источник" in release.body_text or "Главная" in release.body_text
    )


@pytest.mark.parametrize("hints", [True, False], ids=["listing titles", "no hints"])
def test_profile_learned_from_the_sites_pages(hints: bool) -> None:
    profile = learn_profile("fond", samples(hints=hints)[:8], now=NOW)
    assert profile is not None
    assert profile.pages == 8
    assert profile.title_prefix == f"{SITE} :: "
    assert profile.title is not None and profile.title.css.endswith("b")
    assert profile.body is not None and "td" in profile.body.css
    # the date is a line of the cell's text, no element of its own: the body's date line gives it
    assert profile.date is None and any(note.startswith("date:") for note in profile.notes)
    assert profile.boilerplate  # the menu, banner, footer at least


def test_date_element_learned_where_the_site_has_one() -> None:
    profile = learn_profile("fond", samples(new_article)[:8], now=NOW)
    assert profile is not None and profile.date is not None
    assert "date" in profile.date.css
    assert profile.date.agreed == 8


def test_every_page_extracted_right_with_the_profile() -> None:
    profile = learn_profile("fond", samples()[:8], now=NOW)
    for item in RELEASES:  # the two pages it did not learn from too
        raw, release = extracted(item, profile)
        assert release.title == item.title
        assert release.body_text == "\n\n".join(item.paragraphs)
        assert release.published_date == item.published.date().isoformat()
        assert release.published_time == item.published.strftime("%H:%M")
        assert raw.methods["title"] == "profile" and raw.methods["body"] == "profile"


def test_too_few_pages_learn_nothing() -> None:
    assert learn_profile("fond", samples()[:2], now=NOW) is None


def test_title_affixes() -> None:
    assert title_affixes(["Сайт :: Один", "Сайт :: Два два", "Сайт :: Три"]) == ("Сайт :: ", "", False)
    assert title_affixes(["Один | Сайт", "Два | Сайт"]) == ("", " | Сайт", False)
    assert title_affixes(["АИР Якутии", "АИР Якутии"]) == ("", "", True)
    assert title_affixes(["Новости фонда", "Новости региона"]) == ("", "", False)  # no separator
    assert strip_affixes("Сайт :: Один", "Сайт :: ", "") == "Один"
    assert strip_affixes("Сайт :: ", "Сайт :: ", "") == "Сайт :: "  # never empties a title


def test_constant_title_tag_is_not_a_title() -> None:
    pages = [
        SamplePage(
            f"{BASE}/n/{i}",
            f"<html><head><title>Фонд</title></head><body><div class='m'>Меню</div><div class='t'>Заголовок номер {i} "
            f"о заводе</div><div class='x'><p>Текст новости {i} о заводе и льготах.</p><p>Второй абзац {i}.</p></div>"
            "<div class='f'>Подвал</div></body></html>",
        )
        for i in range(4)
    ]
    profile = learn_profile("fond", pages, now=NOW)
    assert profile is not None and profile.title_tag_constant
    raw = get_page_object("generic").extract(pages[0].url, pages[0].html, SOURCE, profile=profile)
    assert raw.title != "Фонд"


def test_profile_json_round_trip_and_damage() -> None:
    profile = learn_profile("fond", samples()[:8], now=NOW)
    assert profile is not None
    assert SiteProfile.from_json(profile.to_json()) == profile
    with pytest.raises(ProfileError):
        SiteProfile.from_json("{not json")
    with pytest.raises(ProfileError):
        SiteProfile.from_json('{"version": 999}')
    with pytest.raises(ProfileError):
        SiteProfile.from_json('{"version": 1, "source": "x"}')


def test_profiles_kept_in_the_archive_with_history(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    db = open_db(tmp_path / "archive.db")
    assert load_profile(db, "fond") is None
    first = learn_profile("fond", samples()[:8], now=NOW)
    second = learn_profile("fond", samples(new_article)[:8], now=NOW + dt.timedelta(days=1))
    assert first is not None and second is not None
    keep_profile(db, first, "first")
    keep_profile(db, second, "relearned")
    assert load_profile(db, "fond") == second
    rows = list(db["site_profiles"].rows_where(order_by="id"))
    assert [(row["reason"], row["current"]) for row in rows] == [("first", 0), ("relearned", 1)]
    db.execute("UPDATE site_profiles SET profile = '{broken' WHERE current = 1")
    with caplog.at_level(logging.WARNING):
        assert load_profile(db, "fond") is None
    assert "learned again" in caplog.text


def test_profiles_read_from_an_archive_made_before_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_utils.Database(tmp_path / "old.db")
    db["releases"].insert({"release_id": "x"})
    assert load_profile(db, "fond") is None


def test_session_holds_the_first_pages_then_releases_them() -> None:
    session: ProfileSession[int] = ProfileSession("fond", sample_size=4, now=NOW)
    pages = samples()
    assert session.offer(pages[0], 0) == []
    assert session.offer(pages[1], 1) == []
    assert session.offer(pages[2], 2) == []
    released = session.offer(pages[3], 3)
    assert [held.payload for held in released] == [0, 1, 2, 3]
    assert session.profile is not None and session.to_store is session.profile
    assert [held.payload for held in session.offer(pages[4], 4)] == [4]  # no waiting any more


def test_session_with_few_pages_keeps_the_stored_profile() -> None:
    stored = learn_profile("fond", samples()[:8], now=NOW)
    session: ProfileSession[int] = ProfileSession("fond", stored, now=NOW)
    session.offer(samples()[8], 8)
    assert [held.payload for held in session.finish()] == [8]
    assert session.profile is stored and session.to_store is None and not session.relearned


def test_session_relearns_when_the_layout_changed() -> None:
    stored = learn_profile("fond", samples()[:8], now=NOW)
    session: ProfileSession[int] = ProfileSession("fond", stored, sample_size=5, now=NOW)
    for index, page in enumerate(samples(new_article)[:5]):
        session.offer(page, index)
    assert session.relearned and session.profile is session.to_store
    assert session.profile is not None and session.profile.title is not None
    _, release = extracted(RELEASES[9], session.profile, new_article)
    assert release.title == RELEASES[9].title
    assert release.body_text == "\n\n".join(RELEASES[9].paragraphs)


def test_session_keeps_a_stored_profile_that_still_fits() -> None:
    stored = learn_profile("fond", samples()[:8], now=NOW)
    session: ProfileSession[int] = ProfileSession("fond", stored, sample_size=4, now=NOW)
    for index, page in enumerate(samples()[4:8]):
        session.offer(page, index)
    assert session.profile is stored and not session.relearned and session.to_store is None


@pytest.mark.parametrize(
    "text",
    [
        "Фото: пресс-служба министерства",
        "Фото — Иван Петров",
        "Источник: пресс-служба правительства области",
        "<< Все новости",
        "Поделиться",
        "Просмотров: 1 245",
        "👁 345",
        "Опубликовано: 12.03.2025",
        "17 марта 2018, 14:30",
        "12 мая 2025, 10:15 · Экономика · 345 просмотров",
        "Теги: экспорт, промышленность",
    ],
)
def test_chrome_lines(text: str) -> None:
    assert is_chrome_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Заявки принимаются до 15 мая 2025 года.",
        "Фонд выдал 12 займов на 340 млн рублей.",
        "Источником финансирования станет областной бюджет, сообщили в министерстве экономики региона, "
        "и средства поступят предприятиям до конца года, как и было запланировано в программе.",
        "В 2025 году экспорт вырос на 12%",
    ],
)
def test_release_text_is_not_chrome(text: str) -> None:
    assert not is_chrome_text(text)


def test_meta_line_needs_a_number() -> None:
    assert not is_meta_line("Экономика · Общество")
    assert is_meta_line("Вчера, 16:04 · Экономика")


def test_clean_body_drops_captions_credits_and_the_repeated_title() -> None:
    html = (
        "<div><p>Главная / Новости / Завод получил заём на модернизацию</p><p>12.03.2025</p>"
        "<figure><img src='a.jpg'><figcaption>Директор завода на площадке</figcaption></figure>"
        "<p>Завод получил заём фонда на 120 млн рублей.</p><p class='photo-caption'>Цех завода</p>"
        "<p>Источник: пресс-служба фонда</p><p><a href='/news/'>Все новости</a></p></div>"
    )
    cleaned = clean_body(html, title="Завод получил заём на модернизацию")
    assert "Завод получил заём фонда на 120 млн рублей." in cleaned
    for gone in ("Главная", "12.03.2025", "Директор завода", "Цех завода", "Источник", "Все новости"):
        assert gone not in cleaned
    assert "a.jpg" in cleaned  # the photo stays, its caption goes


def test_clean_body_splits_break_runs_and_keeps_their_text() -> None:
    html = (
        "<td><b>Заголовок новости о заводе</b><br>12.03.2025<br><br>Первый абзац.<br><br>Второй абзац.</td>"
    )
    cleaned = clean_body(html, title="Заголовок новости о заводе")
    assert "Первый абзац." in cleaned and "Второй абзац." in cleaned
    assert "12.03.2025" not in cleaned and "Заголовок" not in cleaned


def test_clean_body_leaves_a_clean_body_alone() -> None:
    html = "<div><p>Первый абзац новости.</p><p>Второй абзац новости.</p></div>"
    assert clean_body(html, title="Другое") == html


def _short_news(number: int) -> str:
    links = "".join(
        f'<li><span class="d">1{n}.11.2026</span> <a href="/news/show.php?id={900 + n + number}">'
        f"Другая новость номер {n} о работе фонда и предприятий</a></li>"
        for n in range(7)
    )
    return (
        f"<html><head><title>Фонд :: Новость {number}</title></head><body><div class='top'>Меню сайта</div>"
        f"<div class='content'><h1>Короткая новость номер {number} о заёме</h1><div class='text'>"
        f"<p>Фонд выдал заём номер {number} предприятию.</p></div><h3>Новости фонда</h3><ul class='more'>{links}"
        "</ul></div><div class='foot'>Подвал</div></body></html>"
    )


def test_a_short_release_beside_a_dated_list_is_no_listing_with_the_profile() -> None:
    """Judged alone, a one-paragraph release with seven dated links under it reads as a listing
    page and is dropped; the site's profile knows where its releases' text is."""
    pages = [SamplePage(f"{BASE}/news/show.php?id={n}", _short_news(n)) for n in range(8)]
    page_object = get_page_object("generic")
    assert {page_object.extract(p.url, p.html, SOURCE).page_kind for p in pages} == {"listing"}
    profile = learn_profile("fond", pages, now=NOW)
    assert profile is not None and profile.body is not None
    assert profile.body.css.startswith("div")  # the container, not its only paragraph
    for page in pages:
        raw = page_object.extract(page.url, page.html, SOURCE, profile=profile)
        assert raw.page_kind == "article"
        assert build_release(raw, SOURCE, fetched_at=NOW).body_text.startswith("Фонд выдал заём номер")


GARBAGE = [
    "",
    "   ",
    '{"a": 1}',
    "<html>",
    "\x00\x01binary",
    "<p>" * 10000,
    "<div>" * 3000 + "текст" + "</div>" * 3000,  # deeper than Python's recursion limit (found a crash)
    "<?xml version='1.0'?><rss><channel/></rss>",
]


def test_garbage_pages_learn_nothing_and_never_crash() -> None:
    pages = [SamplePage(f"{BASE}/g/{n}", html) for n, html in enumerate(GARBAGE)]
    assert learn_profile("fond", pages, now=NOW) is None
    profile = learn_profile("fond", samples()[:8], now=NOW)
    for page in pages:
        raw = get_page_object("generic").extract(page.url, page.html, SOURCE, profile=profile)
        assert raw.url == page.url
    # 1,500 levels: within what the parser keeps, beyond Python's recursion limit
    deep = "<html><body><div class='x'>" + "<div>" * 1500 + "<p>Текст релиза.</p><p>Фото: пресс-служба</p>"
    tree = PageTree(deep + "</div>" * 1501 + "</body></html>", BASE)
    doomed = junk_plan(tree.select("div.x")[0]).doomed
    assert [element.text for element in doomed] == ["Фото: пресс-служба"]


def test_a_tampered_profile_is_harmless() -> None:
    """A stored profile whose selectors are invalid CSS falls back to the generic cascade."""
    good = learn_profile("fond", samples()[:8], now=NOW)
    assert good is not None
    data = json.loads(good.to_json())
    data["body"] = {"css": "div[[", "nth": 0, "agreed": 1, "seen": 1}
    data["title"] = {"css": ":nth-child(", "nth": 99, "agreed": 1, "seen": 1}
    raw, release = extracted(RELEASES[0], SiteProfile.from_json(json.dumps(data)))
    assert raw.methods["body"] != "profile" and raw.methods["title"] != "profile"
    assert "Абзац 1" in release.body_text


def test_a_pinned_selector_always_wins() -> None:
    """The registry's selectors are the operator's word: used before the profile."""
    import dataclasses

    from crawler.registry.sources import Selectors

    profile = learn_profile("fond", samples()[:8], now=NOW)
    pinned = dataclasses.replace(SOURCE, selectors=Selectors(title="td.path", body="td.bottom"))
    html = old_article(RELEASES[0])
    raw = get_page_object("generic").extract(BASE + RELEASES[0].path, html, pinned, profile=profile)
    assert raw.methods["title"] == "selector" and raw.title.startswith("Главная")
    assert raw.methods["body"] == "selector" and "Адрес" in (raw.body_html or "")
