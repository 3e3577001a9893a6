"""Bodies, URLs and build_release (the date cascade, refusals, the stored shape)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.normalise.bodies import content_hash, html_to_text, remove_boilerplate, sanitise_html
from crawler.normalise.release import NotARelease, build_release
from crawler.normalise.urls import canonicalize_url, host_in_domains, release_id, url_host
from crawler.pages import get_page_object
from crawler.pages.base import RawRelease
from crawler.registry.sources import Source

PAGES = Path(__file__).parent / "fixtures" / "pages"
LISTING = "https://mii.mosreg.ru/sobytiya/novosti-ministerstva"
ARTICLE_1 = f"{LISTING}/21-11-2025-12-41-17-v-podmoskove-otkrylsya-novyy-industrialnyy-park-kholmogory"
ARTICLE_2 = f"{LISTING}/19-11-2025-18-05-00-rezidentami-oez-dubna-stali-eshche-tri-kompanii"
FETCHED = dt.datetime(2025, 11, 26, 9, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=3)))


def make_source(platform: str = "mosreg_ministry", url: str = LISTING, tz: str = "Europe/Moscow") -> Source:
    return Source(
        name="mii_mosreg",
        title="Министерство инвестиций, промышленности и науки Московской области",
        region="Московская область",
        publisher_kind="ministry",
        timezone=tz,
        start_urls=(url,),
        platform=platform,
    )


def extract(fixture: str, url: str, source: Source) -> RawRelease:
    html = (PAGES / fixture).read_text(encoding="utf-8")
    return get_page_object(source.platform).extract(url, html, source)


# --- bodies ----------------------------------------------------------------------------------------


def test_sanitise_drops_scripts_handlers_and_javascript_links() -> None:
    dirty = (
        '<p onclick="steal()">Текст <b>важный</b></p><script>alert("xss")</script>'
        '<img src="/a.jpg" alt="фото" onerror="alert(1)"><a href="javascript:alert(1)">ссылка</a>'
        '<a href="JaVaScRiPt:alert(2)">вторая</a><iframe src="https://evil.example/"></iframe>'
        '<style>p{}</style><a href="/doc.pdf" target="_blank" style="color:red">документ</a>'
    )
    clean = sanitise_html(dirty, base_url="https://mii.mosreg.ru/sobytiya/x")
    lowered = clean.lower()
    for forbidden in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe", "<style", "style="):
        assert forbidden not in lowered
    assert "<b>важный</b>" in clean
    assert '<img src="https://mii.mosreg.ru/a.jpg" alt="фото">' in clean
    assert 'href="https://mii.mosreg.ru/doc.pdf"' in clean


def test_sanitise_keeps_the_allowed_structure() -> None:
    html = (
        "<h2>Итоги</h2><ul><li>один</li></ul><ol><li>два</li></ol><blockquote>цитата</blockquote>"
        "<table><tr><th>А</th><td>1</td></tr></table><p>a<br>b <em>c</em> <strong>d</strong></p>"
    )
    assert sanitise_html(html) == html.replace("<table><tr>", "<table><tbody><tr>").replace(
        "</tr></table>", "</tr></tbody></table>"
    )


def test_boilerplate_share_and_print_blocks_are_removed() -> None:
    html = (
        '<p>Абзац.</p><div class="share">Поделиться</div><div class="ya-share2">VK OK TG</div>'
        '<p><a href="/print/1">Версия для печати</a></p><span>Распечатать</span><p>Конец.</p>'
    )
    assert html_to_text(remove_boilerplate(html)) == "Абзац.\n\nКонец."


def test_html_to_text_paragraphs_and_spaces() -> None:
    html = (
        "<p>Первый&nbsp;абзац,\n   с   пробелами.</p><p>Второй<br>со строкой</p><ul><li>пункт</li></ul>текст"
    )
    assert html_to_text(html) == "Первый абзац, с пробелами.\n\nВторой\nсо строкой\n\nпункт\n\nтекст"
    assert html_to_text("") == "" and html_to_text("   ") == ""


def test_content_hash_ignores_layout_whitespace_only() -> None:
    base = content_hash("Заголовок", "Первый абзац.\n\nВторой абзац.")
    assert base == content_hash(" Заголовок\u00a0", "Первый  абзац. Второй\nабзац.")
    assert base != content_hash("Заголовок", "Первый абзац.\n\nВторой абзац!")
    assert base != content_hash("Заголовок 2", "Первый абзац.\n\nВторой абзац.")
    assert len(base) == 64 and int(base, 16) >= 0


# --- urls ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "https://Mii.Mosreg.ru/sobytiya/x?utm_source=rss&utm_medium=feed#top",
            "https://mii.mosreg.ru/sobytiya/x",
        ),
        ("https://x.ru/news?page=2&fbclid=abc&id=7", "https://x.ru/news?id=7&page=2"),
        ("https://x.ru/news/?PAGEN_1=3&yclid=1", "https://x.ru/news/?PAGEN_1=3"),
        ("https://x.ru", "https://x.ru/"),
        ("https://x.ru/новости/", "https://x.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/"),
    ],
)
def test_canonicalize_url(url: str, canonical: str) -> None:
    assert canonicalize_url(url) == canonical
    assert canonicalize_url(canonical) == canonical


def test_release_id_is_stable() -> None:
    url = "https://mii.mosreg.ru/sobytiya/novosti-ministerstva/x"
    assert release_id(url) == hashlib.sha256(url.encode()).hexdigest()[:16]
    assert release_id(url) == "dc8ea802764c384a"  # pinned: changing the scheme would orphan stored rows
    assert release_id(url + "y") != release_id(url)


def test_hosts_and_domains() -> None:
    assert url_host("https://MII.mosreg.ru:443/a") == "mii.mosreg.ru"
    assert url_host("not a url") == ""
    assert host_in_domains("mii.mosreg.ru", ("mosreg.ru",))
    assert not host_in_domains("evilmosreg.ru", ("mosreg.ru",))


# --- build_release ---------------------------------------------------------------------------------


def test_mosreg_article_takes_the_time_from_the_url_slug() -> None:
    release = build_release(
        extract("mosreg_article_1.html", ARTICLE_1, make_source()), make_source(), fetched_at=FETCHED
    )
    assert release.title == "В Подмосковье открылся новый индустриальный парк «Холмогоры»"
    assert (release.published_date, release.published_time) == ("2025-11-21", "12:41")
    assert release.published_utc == "2025-11-21T09:41:17Z"  # the slug gives seconds too
    assert (release.date_precision, release.date_method, release.date_raw) == (
        "minute",
        "selector+url",
        "21 ноября 2025",
    )
    assert release.methods == {
        "title": "selector",
        "date": "selector+url",
        "body": "selector",
        "lead": "selector",
        "images": "body",
        "language": "html_lang",
    }
    assert release.canonical_url == ARTICLE_1  # utm_* dropped from the canonical link
    assert release.release_id == release_id(ARTICLE_1)
    assert release.fetched_at == "2025-11-26T06:30:05Z"
    assert release.body_text.startswith("В городском округе Чехов открылся")
    assert release.body_text.count("\n\n") == 3 and "Поделиться" not in release.body_text
    assert '<img src="https://mii.mosreg.ru/upload/files/ab/cd/abcd1234.jpg"' in release.body_html
    assert release.lead is not None and release.lead.startswith("В городском округе Чехов")
    assert (release.region, release.publisher_kind, release.timezone) == (
        "Московская область",
        "ministry",
        "Europe/Moscow",
    )
    assert release.content_hash == content_hash(release.title, release.body_text)


def test_slug_time_of_another_day_is_not_used() -> None:
    source = make_source()
    raw = extract("mosreg_article_2.html", ARTICLE_2, source)
    release = build_release(raw, source, fetched_at=FETCHED)
    assert (release.published_date, release.published_time, release.published_utc) == (
        "2025-11-20",
        None,
        None,
    )
    assert (release.date_precision, release.date_method) == ("day", "selector")
    assert release.title == "Резидентами ОЭЗ «Дубна» стали ещё три компании"
    assert release.canonical_url == ARTICLE_2  # the canonical link points to another host
    for forbidden in ("<script", "onerror", "javascript:", "Версия для печати"):
        assert forbidden not in release.body_html
    assert "выпуск печатных плат для промышленной электроники;" in release.body_text.split("\n\n")
    # the listing's stamp names the same day, so it lends the time
    listed = build_release(raw, source, fetched_at=FETCHED, listing_date_text="20 ноября 2025 г., 09:30")
    assert (listed.published_time, listed.published_utc) == ("09:30", "2025-11-20T06:30:00Z")
    assert listed.date_method == "selector+listing"


@pytest.mark.parametrize(
    ("fixture", "url", "date", "time", "method"),
    [
        ("generic_jsonld.html", "https://invest.mosreg.ru/press/news/6439", "2025-12-17", "18:18", "jsonld"),
        (
            "generic_meta_time.html",
            "https://mert.tatarstan.ru/rus/index.htm/news/2412345.htm",
            "2025-12-04",
            "21:40",
            "time_element",
        ),
    ],
)
def test_generic_pages_build(fixture: str, url: str, date: str, time: str, method: str) -> None:
    source = make_source("generic", url)
    fetched = FETCHED + dt.timedelta(days=30)  # after the fixture's date: before it, the date is "future"
    release = build_release(extract(fixture, url, source), source, fetched_at=fetched)
    assert (release.published_date, release.published_time, release.date_method) == (date, time, method)
    assert release.methods["body"] == "trafilatura"
    assert release.body_text.count("\n\n") >= 2


def test_date_cascade_url_then_listing_then_nothing() -> None:
    source = make_source()
    body = "<p>Текст релиза.</p>"
    from_url = build_release(RawRelease(url=ARTICLE_1, title="T", body_html=body), source, fetched_at=FETCHED)
    assert (from_url.published_date, from_url.published_time, from_url.date_method) == (
        "2025-11-21",
        "12:41",
        "url",
    )
    unparsed = RawRelease(
        url=ARTICLE_1, title="T", body_html=body, date_text="без даты", date_method="selector"
    )
    assert build_release(unparsed, source, fetched_at=FETCHED).date_method == "url"
    plain = RawRelease(url="https://mii.mosreg.ru/news/plain", title="T", body_html=body)
    listed = build_release(plain, source, fetched_at=FETCHED, listing_date_text="24 ноября 2025 г., 8:05")
    assert (listed.published_date, listed.published_time, listed.date_method) == (
        "2025-11-24",
        "08:05",
        "listing",
    )
    bare = build_release(plain, source, fetched_at=FETCHED)
    assert (bare.published_date, bare.published_time, bare.published_utc, bare.date_method) == (None,) * 4


def test_local_zone_of_the_source_is_used() -> None:
    source = make_source(tz="Asia/Vladivostok")
    raw = RawRelease(url="https://x.ru/a", title="T", body_html="<p>b</p>", date_text="1 декабря 2025, 10:00")
    release = build_release(raw, source, fetched_at=FETCHED + dt.timedelta(days=10))
    assert (release.published_utc, release.timezone) == ("2025-12-01T00:00:00Z", "Asia/Vladivostok")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (RawRelease(url=ARTICLE_1, title="  ", body_html="<p>Текст</p>"), "no_title"),
        (
            RawRelease(url=ARTICLE_1, title="Заголовок", body_html='<div class="share">Поделиться</div>'),
            "empty_body",
        ),
        (RawRelease(url=ARTICLE_1, title="Заголовок", body_html=None), "empty_body"),
        (
            RawRelease(
                url=ARTICLE_1,
                title="403 Forbidden",
                body_html="<p>Ваш запрос показался нам подозрительным и был заблокирован!</p>",
            ),
            "block_page",
        ),
        (
            RawRelease(url=ARTICLE_1, title="Проверка", body_html="<p>Подтвердите, что вы не робот</p>"),
            "block_page",
        ),
    ],
)
def test_not_a_release(raw: RawRelease, reason: str) -> None:
    with pytest.raises(NotARelease) as caught:
        build_release(raw, make_source(), fetched_at=FETCHED)
    assert caught.value.reason == reason


def test_naive_fetched_at_is_refused() -> None:
    raw = RawRelease(url=ARTICLE_1, title="T", body_html="<p>b</p>")
    with pytest.raises(ValueError, match="timezone-aware"):
        build_release(raw, make_source(), fetched_at=dt.datetime(2025, 11, 26, 9, 30))


@settings(max_examples=150, deadline=None)
@given(html=st.text(alphabet=st.sampled_from(list("<>/=\"' abcpirtsx&;:-\u00a0явП")), max_size=200))
def test_body_functions_never_raise_and_never_emit_scripts(html: str) -> None:
    clean = sanitise_html(html, base_url="https://x.ru/a")
    assert "<script" not in clean.lower()
    assert isinstance(html_to_text(clean), str)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>один <!-- c --> два</p>", "один два"),
        ("<p>один <!-- скрыто --> два</p>", "один два"),
        ("<p>один<!-- c -->два</p>", "одиндва"),
        ("<p><!-- c -->два</p>", "два"),
        ("<p>один <!-- a --><!-- b --> два <b>три</b><!-- c --> четыре</p>", "один два три четыре"),
        ("<div>один<br><!-- c -->два</div>", "один\nдва"),
        ("<p>один <?php echo 1 ?> два</p>", "один два"),
    ],
)
def test_html_to_text_keeps_text_after_comments(html: str, text: str) -> None:
    assert html_to_text(html) == text
