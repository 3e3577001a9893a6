"""Page objects on saved pages: the mosreg layout, generic articles, real listings (2018 fragments)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crawler.normalise.dates import parse_date
from crawler.pages import PLATFORMS, get_page_object
from crawler.pages.generic import GenericPage
from crawler.pages.mosreg_ministry import MosregMinistryPage
from crawler.registry.sources import Selectors, Source

FIXTURES = Path(__file__).parent / "fixtures"
LISTING = "https://mii.mosreg.ru/sobytiya/novosti-ministerstva"
ARTICLE_1 = f"{LISTING}/21-11-2025-12-41-17-v-podmoskove-otkrylsya-novyy-industrialnyy-park-kholmogory"

MOSREG_SLUGS = [
    "21-11-2025-12-41-17-v-podmoskove-otkrylsya-novyy-industrialnyy-park-kholmogory",
    "20-11-2025-16-05-03-ekaterina-zinoveva-provela-vstrechu-s-investorami-iz-kitaya",
    "19-11-2025-18-05-00-rezidentami-oez-dubna-stali-eshche-tri-kompanii",
    "18-11-2025-10-15-42-v-regione-zapustili-programmu-lgotnykh-zaymov-dlya-promyshlennosti",
    "17-11-2025-14-30-00-eksportery-podmoskovya-uvelichili-postavki-v-strany-sng",
    "14-11-2025-11-00-21-v-naro-fominske-postroyat-logisticheskiy-kompleks",
    "13-11-2025-09-45-10-mininvest-podvel-itogi-konkursa-luchshiy-investor-goda",
    "12-11-2025-17-20-05-novye-mery-podderzhki-tekhnoparkov",
    "11-11-2025-13-10-33-v-klinu-otkroetsya-zavod-po-proizvodstvu-upakovki",
    "10-11-2025-08-55-00-investory-vlozhat-12-mlrd-rubley-v-promyshlennost-serpukhova",
]
MOSREG_DATES = [
    "21 ноября 2025 г., 12:41",
    "20 ноября 2025 г., 16:05",
    "20 ноября 2025 г., 09:30",
    "18 ноября 2025 г., 10:15",
    "17 ноября 2025 г., 14:30",
    "14 ноября 2025 г., 11:00",  # NBSPs on the page
    "13 ноября 2025 г., 09:45",
    "12 ноября 2025 г., 17:20",
    "11 ноября 2025 г., 13:10",
    "10 ноября 2025 г., 8:55",
]


def make_source(
    platform: str, url: str, selectors: Selectors | None = None, domains: tuple[str, ...] = ()
) -> Source:
    return Source(
        name="test_source",
        title="Тестовый источник",
        region="Московская область",
        publisher_kind="ministry",
        timezone="Europe/Moscow",
        start_urls=(url,),
        platform=platform,
        allowed_domains=domains,
        selectors=selectors or Selectors(),
    )


def read(relative: str) -> str:
    return (FIXTURES / relative).read_text(encoding="utf-8")


# --- registry ----------------------------------------------------------------------------------------


def test_platform_registry() -> None:
    assert isinstance(get_page_object("mosreg_ministry"), MosregMinistryPage)
    for name in ("generic", "bitrix", "drupal", "wordpress", "gosweb"):
        page = get_page_object(name)
        assert isinstance(page, GenericPage) and page.name == name
    # every adapter but generic brings its own defaults
    for name in ("mosreg_ministry", "bitrix", "drupal", "wordpress", "gosweb"):
        defaults = get_page_object(name).selectors
        assert defaults.item and defaults.title and defaults.date and defaults.body, name
    assert set(PLATFORMS) >= {"mosreg_ministry", "generic", "bitrix", "drupal", "wordpress", "gosweb"}
    with pytest.raises(ValueError, match=r"unknown platform 'joomla'.*generic.*mosreg_ministry"):
        get_page_object("joomla")


# --- mosreg listing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["mosreg_ministry", "generic"])  # selectors, then the heuristic
def test_mosreg_listing(platform: str) -> None:
    listing = get_page_object(platform).listing(
        LISTING, read("pages/mosreg_listing.html"), make_source(platform, LISTING)
    )
    assert [link.url for link in listing.links] == [f"{LISTING}/{slug}" for slug in MOSREG_SLUGS]
    assert [link.date_text for link in listing.links] == MOSREG_DATES
    assert listing.links[2].title == "Резидентами ОЭЗ «Дубна» стали ещё три компании"
    assert listing.next_page == f"{LISTING}?page=2"


def test_listing_keeps_only_allowed_hosts() -> None:
    page = get_page_object("mosreg_ministry")
    html = read("pages/mosreg_listing.html")
    elsewhere = page.listing(
        LISTING, html, make_source("mosreg_ministry", LISTING, domains=("mo.mosreg.ru",))
    )
    assert elsewhere.links == () and elsewhere.next_page is None
    parent = page.listing(LISTING, html, make_source("mosreg_ministry", LISTING, domains=("mosreg.ru",)))
    assert len(parent.links) == 10
    mixed = """<div class="event__content"><div class="event__title"><a href="https://evil.example/x">A</a></div></div>
      <div class="event__content"><div class="event__title"><a href="/b#c">B</a></div></div>
      <div class="event__content"><div class="event__title"><a href="/b">B again</a></div></div>"""
    links = page.listing(LISTING, mixed, make_source("mosreg_ministry", LISTING)).links
    assert [link.url for link in links] == ["https://mii.mosreg.ru/b"]


def test_registry_selectors_win_over_platform_defaults() -> None:
    source = make_source("mosreg_ministry", LISTING, Selectors(title=".article__lead", date=".header__date"))
    raw = get_page_object("mosreg_ministry").extract(ARTICLE_1, read("pages/mosreg_article_1.html"), source)
    assert raw.title is not None and raw.title.startswith("В городском округе Чехов")
    assert raw.date_text == "Четверг, 26 ноября 2026"
    assert raw.methods["title"] == "selector"


def test_invalid_selector_is_named() -> None:
    source = make_source("generic", LISTING, Selectors(item="div[[", link="a"))
    with pytest.raises(ValueError, match=r"invalid CSS selector 'div\[\['"):
        get_page_object("generic").listing(LISTING, "<div></div>", source)


# --- mosreg articles -----------------------------------------------------------------------------------


def test_mosreg_article_fields() -> None:
    source = make_source("mosreg_ministry", LISTING)
    raw = get_page_object("mosreg_ministry").extract(ARTICLE_1, read("pages/mosreg_article_1.html"), source)
    assert raw.title == "В Подмосковье открылся новый индустриальный парк «Холмогоры»"
    assert raw.date_text == "21 ноября 2025"  # not the header's today stamp, not the sidebar
    assert raw.date_method == "selector"
    assert raw.body_html is not None and raw.body_html.count("<p") == 4
    assert "Екатерина Зиновьева" in raw.body_html and "Другие новости" not in raw.body_html
    assert raw.lead is not None and raw.lead.startswith("В городском округе Чехов открылся")
    assert raw.images == ("https://mii.mosreg.ru/upload/files/ab/cd/abcd1234.jpg",)
    assert raw.canonical_url == f"{ARTICLE_1}?utm_source=rss&utm_medium=feed"
    assert raw.methods == {
        "title": "selector",
        "date": "selector",
        "body": "selector",
        "lead": "selector",
        "images": "body",
        "language": "html_lang",
    }
    assert (raw.language, raw.page_kind, raw.tags, raw.attachments) == ("ru", "article", (), ())


def test_mosreg_article_with_missing_elements_falls_back_without_touching_the_header() -> None:
    html = read("pages/mosreg_article_1.html")
    html = html.replace('<div class="page__header">', '<div class="page__top">').replace(
        "article__pubdate", "x"
    )
    raw = get_page_object("mosreg_ministry").extract(ARTICLE_1, html, make_source("mosreg_ministry", LISTING))
    assert raw.title == "В Подмосковье открылся новый индустриальный парк «Холмогоры»"
    assert raw.methods["title"] == "meta"
    # the text heuristic finds the article's own date next to the title, not the header's today stamp
    assert (raw.date_text, raw.methods["date"]) == ("21 ноября 2025", "text")


def test_empty_page_gives_empty_results() -> None:
    for platform in ("mosreg_ministry", "generic"):
        page = get_page_object(platform)
        raw = page.extract(ARTICLE_1, "", make_source(platform, LISTING))
        assert (raw.title, raw.date_text, raw.body_html, raw.images) == (None, None, None, ())
        assert page.listing(LISTING, "", make_source(platform, LISTING)).links == ()


# --- generic articles ----------------------------------------------------------------------------------


def test_generic_article_with_jsonld() -> None:
    url = "https://invest.mosreg.ru/press/news/6439"
    raw = get_page_object("generic").extract(
        url, read("pages/generic_jsonld.html"), make_source("generic", url)
    )
    assert raw.title == "Более 90 компаний стали резидентами индустриальных парков Подмосковья"
    assert (raw.date_text, raw.date_method) == ("2025-12-17T18:18:00+03:00", "jsonld")
    assert raw.updated_text == "2025-12-18T09:00:00+03:00"
    assert raw.methods == {
        "title": "jsonld",
        "date": "jsonld",
        "body": "trafilatura",
        "updated": "jsonld",
        "lead": "first_paragraph",
        "language": "html_lang",
    }
    assert raw.body_html is not None and raw.body_html.count("<p>") == 4
    for junk in ("Читайте также", "Политика конфиденциальности", "Карта площадок", "Пятница"):
        assert junk not in raw.body_html
    assert raw.canonical_url == url


def test_generic_article_with_meta_and_time_element() -> None:
    url = "https://mert.tatarstan.ru/rus/index.htm/news/2412345.htm"
    raw = get_page_object("generic").extract(
        url, read("pages/generic_meta_time.html"), make_source("generic", url)
    )
    assert raw.title == "Объём инвестиций в основной капитал вырос на 12%"
    assert (raw.date_text, raw.date_method) == ("2025-12-04T21:40", "time_element")  # not the header <time>
    assert raw.methods == {
        "title": "meta",
        "date": "time_element",
        "body": "trafilatura",
        "lead": "first_paragraph",
        "language": "html_lang",
    }
    assert raw.body_html is not None and "1,1 трлн рублей" in raw.body_html and "Новости" not in raw.body_html


def test_generic_article_with_configured_selectors() -> None:
    url = "https://invest.mosreg.ru/press/news/6439"
    selectors = Selectors(
        title="h1.news-detail__title", date=".news-detail__date", body=".news-detail__content"
    )
    raw = get_page_object("generic").extract(
        url, read("pages/generic_jsonld.html"), make_source("generic", url, selectors)
    )
    assert (raw.date_text, raw.date_method) == ("17.12.2025", "selector")
    assert {key: raw.methods[key] for key in ("title", "date", "body")} == dict.fromkeys(
        ("title", "date", "body"), "selector"
    )
    assert raw.body_html is not None and raw.body_html.startswith('<div class="news-detail__content">')


# --- real listings (2018 fragments of regional portals) ----------------------------------------------

KURGAN_URL = "http://kurganobl.ru/"
# The title span sits inside the link (a > span.views-field-title), so the link selector names the span
# and the page object takes its enclosing <a>; ".views-field-title a" matches nothing on this markup.
KURGAN = Selectors(item="li.views-row", link=".views-field-title", list_date=".views-field-created")
TATAR_URL = "http://tatarstan.ru/"
TATAR = Selectors(item="div.events tr", link="h2 a", list_date="td.dt")
LENOBL_URL = "http://lenobl.ru/"
LENOBL = Selectors(item=".intpanels .leftnews, .intpanels .rightnews li", link="a", list_date="i")


def kurgan_expected() -> tuple[list[str], list[str]]:
    return (
        [
            "http://kurganobl.ru/content/aleksey-kokorin-ya-vyrazhayu-ogromnuyu-blagodarnost-vsem-kto-vypolnil-svoy-grazhdanskiy-dolg",
            "http://kurganobl.ru/content/aleksey-kokorin-segodnya-my-sobralis-dlya-togo-chtoby-v-ocherednoy-raz-pokazat-i-dokazat",
            "http://kurganobl.ru/content/po-dannym-na-1800-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-sostavila-5701",
            "http://kurganobl.ru/content/po-dannym-na-1500-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-sostavila-4839",
            "http://kurganobl.ru/content/po-dannym-na-1200-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-3019",
            "http://kurganobl.ru/content/po-dannym-na-1000-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-1059",
            "http://kurganobl.ru/content/gubernator-aleksey-kokorin-progolosoval-na-izbiratelnom-uchastke-v-shadrinske",
            "http://kurganobl.ru/content/vse-986-izbiratelnyh-uchastkov-zauralya-otkryli-svoi-dveri-dlya-golosuyushchih",
            "http://kurganobl.ru/content/v-zaurale-proshla-xxxvi-otkrytaya-vserossiyskaya-massovaya-lyzhnaya-gonka-lyzhnya-rossii",
            "http://kurganobl.ru/content/gorodu-dalmatovo-i-vargashinskomu-possovetu-prisvoen-status-territoriy-operezhayushchego",
            "http://kurganobl.ru/content/17-marta-v-kurgane-proydet-xxxvi-otkrytaya-vserossiyskaya-massovaya-lyzhnaya-gonka-lyzhnya",
            "http://kurganobl.ru/content/aleksey-kokorin-mne-imponiruet-chto-zauralskuyu-molodezh-volnuyut-ne-tolko-voprosy",
            "http://kurganobl.ru/content/v-zaurale-snizilsya-uroven-proizvodstvennogo-travmatizma",
            "http://kurganobl.ru/content/aleksey-kokorin-ocenil-provedennyy-v-kurganskom-oblastnom-hudozhestvennom-muzee-kapitalnyy",
            "http://kurganobl.ru/content/v-zaurale-proydet-oblastnoy-etap-zimnego-festivalya-vserossiyskogo-fizkulturno-sportivnogo",
        ],
        [
            "18 марта 2018 21:22", "18 марта 2018 20:57", "18 марта 2018 19:07", "18 марта 2018 15:55",
            "18 марта 2018 13:06", "18 марта 2018 11:09", "18 марта 2018 9:07", "18 марта 2018 8:30",
            "17 марта 2018 14:04", "16 марта 2018 17:43", "16 марта 2018 16:44", "16 марта 2018 14:38",
            "16 марта 2018 14:12", "16 марта 2018 13:23", "15 марта 2018 14:30",
        ],
    )  # fmt: skip


@pytest.mark.parametrize("selectors", [KURGAN, Selectors()], ids=["selectors", "heuristic"])
def test_kurganobl_listing(selectors: Selectors) -> None:
    html = read("real-html/kurganobl.ru__home-news-block-2018-03-18.html")
    listing = get_page_object("drupal").listing(
        KURGAN_URL, html, make_source("drupal", KURGAN_URL, selectors)
    )
    urls, dates = kurgan_expected()
    assert [link.url for link in listing.links] == urls
    assert [link.date_text for link in listing.links] == dates
    assert (
        listing.links[6].title
        == "Губернатор Алексей Кокорин проголосовал на избирательном участке в Шадринске. ФОТО →"
    )
    assert listing.next_page is None
    now = dt.datetime(2018, 3, 18, 22, 0, tzinfo=dt.UTC)
    stamp = parse_date(dates[6], "Asia/Yekaterinburg", now)
    assert stamp is not None and stamp.utc == dt.datetime(2018, 3, 18, 4, 7, tzinfo=dt.UTC)


@pytest.mark.parametrize("selectors", [TATAR, Selectors()], ids=["selectors", "heuristic"])
def test_tatarstan_listing(selectors: Selectors) -> None:
    html = read("real-html/tatarstan.ru__home-events-2018-03-17.html")
    listing = get_page_object("generic").listing(
        TATAR_URL, html, make_source("generic", TATAR_URL, selectors)
    )
    ids = ["1151266", "1151250", "1151247", "1151189", "1151171"]
    assert [link.url for link in listing.links] == [
        f"http://tatarstan.ru/rus/index.htm/news/{i}.htm" for i in ids
    ]
    assert [link.date_text for link in listing.links] == ["17/03"] * 5
    assert listing.links[3].title == "Минстрой РТ: В Татарстане введено 742,3 тыс. квадратных метров жилья"
    now = dt.datetime(2018, 3, 17, 20, 0, tzinfo=dt.UTC)
    year_less = parse_date("17/03", "Europe/Moscow", now)
    assert year_less is not None and year_less.local_date == dt.date(2018, 3, 17)


@pytest.mark.parametrize("selectors", [LENOBL, Selectors()], ids=["selectors", "heuristic"])
def test_lenobl_listing(selectors: Selectors) -> None:
    html = read("real-html/lenobl.ru__home-news-tabs-2018-03-18.html")
    listing = get_page_object("generic").listing(
        LENOBL_URL, html, make_source("generic", LENOBL_URL, selectors)
    )
    paths = (
        [f"news{n}.html" for n in range(25236, 25230, -1)]
        + [f"news/announce{n}.html" for n in (44312, 44324, 44327, 44302, 44328)]
        + [f"news/comments{n}.html" for n in (44323, 44316, 44298, 44276, 44235, 44224)]
    )
    assert [link.url for link in listing.links] == [f"http://lenobl.ru/{path}" for path in paths]
    dates = [link.date_text for link in listing.links]
    assert dates[:6] == ["17-03-2018", "17-03-2018", "16-03-2018", "16-03-2018", "16-03-2018", "16-03-2018"]
    assert dates[10] == "25-03-2018"  # an announcement dated after the capture
    assert listing.links[1].title == "ЖКХ меняется"
