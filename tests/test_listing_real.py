"""Every real listing in tests/fixtures/real-html/ (copied from shared/knowledge/real-html, see its
SOURCES.md) yields its releases, with their titles and dates as shown, and nothing else: no
category, rubric, tag, calendar, menu or «Все новости» link.

The expectations were transcribed by hand from the HTML, as a journalist reads the page; they were
written before the listing heuristic was reworked and never generated from the extractor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crawler.normalise.dates import parse_date
from crawler.pages import get_page_object
from crawler.pages.base import Listing
from crawler.registry.sources import Selectors, Source

REAL = Path(__file__).parent / "fixtures" / "real-html"


@dataclass(frozen=True)
class Release:
    url: str
    title: str
    date: str | None  # as shown on the page (None: checked by `dates` of the case instead)


@dataclass(frozen=True)
class RealListing:
    file: str
    url: str
    platform: str  # the platform adapter a registry entry would name
    timezone: str
    releases: tuple[Release, ...]
    optional: tuple[str, ...] = ()  # links that may be returned too (a featured item, announcements)
    captured: dt.datetime | None = None
    dates: tuple[tuple[str, str], ...] = field(default=())  # (local date, local time) when parsed


KURGAN = "http://kurganobl.ru"
KURGAN_RELEASES = (
    ("aleksey-kokorin-ya-vyrazhayu-ogromnuyu-blagodarnost-vsem-kto-vypolnil-svoy-grazhdanskiy-dolg",
     "Алексей Кокорин: Я выражаю огромную благодарность всем, кто выполнил свой гражданский долг и "
     "проголосовал за нашего Президента", "18 марта 2018 21:22"),
    ("aleksey-kokorin-segodnya-my-sobralis-dlya-togo-chtoby-v-ocherednoy-raz-pokazat-i-dokazat",
     "Алексей Кокорин: Сегодня мы собрались для того, чтобы в очередной раз показать и доказать, что "
     "Россия – это единое государство. ФОТО", "18 марта 2018 20:57"),
    ("po-dannym-na-1800-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-sostavila-5701",
     "По данным на 18:00 часов, общая явка на избирательные участки в Зауралье составила 57,01%",
     "18 марта 2018 19:07"),
    ("po-dannym-na-1500-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-sostavila-4839",
     "По данным на 15:00 часов, общая явка на избирательные участки в Зауралье составила 48,39%",
     "18 марта 2018 15:55"),
    ("po-dannym-na-1200-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-3019",
     "По данным на 12:00 часов, общая явка на избирательные участки в Зауралье – 30,19%",
     "18 марта 2018 13:06"),
    ("po-dannym-na-1000-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-1059",
     "По данным на 10:00 часов, общая явка на избирательные участки в Зауралье – 10,59%",
     "18 марта 2018 11:09"),
    ("gubernator-aleksey-kokorin-progolosoval-na-izbiratelnom-uchastke-v-shadrinske",
     "Губернатор Алексей Кокорин проголосовал на избирательном участке в Шадринске. ФОТО",
     "18 марта 2018 9:07"),
    ("vse-986-izbiratelnyh-uchastkov-zauralya-otkryli-svoi-dveri-dlya-golosuyushchih",
     "Все 986 избирательных участков Зауралья открыли свои двери для голосующих", "18 марта 2018 8:30"),
    ("v-zaurale-proshla-xxxvi-otkrytaya-vserossiyskaya-massovaya-lyzhnaya-gonka-lyzhnya-rossii",
     "В Зауралье прошла XXXVI Открытая Всероссийская массовая лыжная гонка «Лыжня России - 2018». ФОТО",
     "17 марта 2018 14:04"),
    ("gorodu-dalmatovo-i-vargashinskomu-possovetu-prisvoen-status-territoriy-operezhayushchego",
     "Городу Далматово и Варгашинскому поссовету присвоен статус территорий опережающего "
     "социально-экономического развития", "16 марта 2018 17:43"),
    ("17-marta-v-kurgane-proydet-xxxvi-otkrytaya-vserossiyskaya-massovaya-lyzhnaya-gonka-lyzhnya",
     "17 марта в Кургане пройдет XXXVI Открытая Всероссийская массовая лыжная гонка «Лыжня России - "
     "2018». ФОТО", "16 марта 2018 16:44"),
    ("aleksey-kokorin-mne-imponiruet-chto-zauralskuyu-molodezh-volnuyut-ne-tolko-voprosy",
     "Алексей Кокорин: Мне импонирует, что зауральскую молодежь волнуют не только вопросы молодежной "
     "политики, но и общеобластные проблемы. ФОТО", "16 марта 2018 14:38"),
    ("v-zaurale-snizilsya-uroven-proizvodstvennogo-travmatizma",
     "В Зауралье снизился уровень производственного травматизма", "16 марта 2018 14:12"),
    ("aleksey-kokorin-ocenil-provedennyy-v-kurganskom-oblastnom-hudozhestvennom-muzee-kapitalnyy",
     "Алексей Кокорин оценил проведенный в Курганском областном художественном музее капитальный ремонт "
     "и посетил выставку Германа Травникова. ФОТО", "16 марта 2018 13:23"),
    ("v-zaurale-proydet-oblastnoy-etap-zimnego-festivalya-vserossiyskogo-fizkulturno-sportivnogo",
     "В Зауралье пройдет областной этап Зимнего фестиваля Всероссийского физкультурно-спортивного "
     "комплекса «Готов к труду и обороне»", "15 марта 2018 14:30"),
)  # fmt: skip

LENOBL = "http://lenobl.ru"
LENOBL_RELEASES = (
    # news tab: the first item's link is on its lead; its headline is the <h3> above it
    ("/news25236.html", "Ленинградская область зажигает «звезды»", "17-03-2018"),
    ("/news25235.html", "ЖКХ меняется", "17-03-2018"),
    ("/news25234.html", "Каждому проблемному дому — индивидуальный подход", "16-03-2018"),
    ("/news25233.html", "Наблюдателей ШОС встречает готовая к выборам область", "16-03-2018"),
    ("/news25232.html", "Видеомост дружбы", "16-03-2018"),
    ("/news25231.html", "Наблюдатели от СНГ оценят легитимность выборов в области", "16-03-2018"),
    # announcements tab (dates after the capture: announced events)
    ("/news/announce44312.html",
     "План мероприятий правительства и органов исполнительной власти Ленинградской области 12 – 18 марта "
     "2018 года", "18-03-2018"),
    ("/news/announce44324.html", "Выходные в Ленинградской области", "18-03-2018"),
    ("/news/announce44327.html", "Прямая телефонная линия губернатора с жителями региона", "19-03-2018"),
    ("/news/announce44302.html", "Совет новостроек обсудит ситуацию в ЖКХ новых районов области",
     "21-03-2018"),
    ("/news/announce44328.html",
     "План мероприятий правительства и органов исполнительной власти Ленинградской области 19 – 25 марта "
     "2018 года", "25-03-2018"),
    # comments tab
    ("/news/comments44323.html",
     "Комментарий губернатора Ленинградской области Александра Дрозденко о важных решениях", "15-03-2018"),
    ("/news/comments44316.html", "Соболезнования в связи с кончиной народного артиста СССР Олега Табакова",
     "12-03-2018"),
    ("/news/comments44298.html",
     "Комментарий губернатора Александра Дрозденко к посланию Президента России Владимира Путина",
     "01-03-2018"),
    ("/news/comments44276.html", "Комментарий комитета по природным ресурсам Ленинградской области",
     "16-02-2018"),
    ("/news/comments44235.html", "Соболезнования в связи с авиакатастрофой в Подмосковье", "11-02-2018"),
    ("/news/comments44224.html", "Соболезнования в связи с трагической гибелью жителей Вологодской области",
     "06-02-2018"),
)  # fmt: skip

TATAR = "http://tatarstan.ru/rus/index.htm/news/"
TATAR_RELEASES = (
    ("1151266.htm", "Рустам Нигматуллин провёл внеочередное заседание Комиссии по чрезвычайным ситуациям РТ"),
    ("1151250.htm", "Рустам Минниханов встретился с председателем координационного совета ВОО "
     "«Молодая гвардия Единой России» Денисом Давыдовым"),
    ("1151247.htm",
     "Рустам Минниханов: Необходимо развивать систему потребкооперации в каждом районе республики"),
    ("1151189.htm", "Минстрой РТ: В Татарстане введено 742,3 тыс. квадратных метров жилья"),
    ("1151171.htm", "Рустам Минниханов поручил проверить все объекты коммунального хозяйства республики"),
)  # fmt: skip

SPB = "https://www.gov.spb.ru"
SPB_RELEASES = (
    ("/gov/admin/kirillov-vladimir-vladimirovich/news/131549/",
     "Вице-губернатор Владимир Кириллов принял участие в открытии «Кубка побратимов» по киокусинкай",
     "18 марта 2018 г."),
    ("/gov/admin/albin-igor-nikolaevich/news/131527/",
     "Игорь Албин: в блоке жизнеобеспечения и энергоснабжения ни одного эксцесса не зафиксировано",
     "18 марта 2018 г."),
    ("/gov/admin/bondarenko-nl/news/131526/",
     "Поздравление с Днем работников бытового обслуживания населения и жилищно-коммунального хозяйства",
     "18 марта 2018 г."),
    ("/gov/otrasl/c_science/news/131492/",
     "Заканчивается прием заявок на XIII городской конкурс кураторов студенческих сообществ вузов "
     "Санкт-Петербурга", "16 марта 2018 г."),
    ("/gov/otrasl/c_business/news/131490/",
     "С 19 марта 2018 года Комитет по развитию предпринимательства и потребительского рынка Санкт-Петербурга "
     "начинает прием заявок на выдачу субсидий малому и среднему бизнесу.", "16 марта 2018 г."),
    ("/gov/otrasl/c_business/news/131489/",
     "В период с 18 по 19 апреля 2018 года в Санкт-Петербурге пройдет «Петербургский цифровой форум 2018»",
     "16 марта 2018 г."),
)  # fmt: skip

PERM = "https://permkrai.ru"
PERM_RELEASES = (
    # the «Главная новость» card: its label and date sit inside the link with the headline
    ("/news/letchik-kosmonavt-viktor-savinykh-vysoko-otsenil-sistemu-podgotovki-tekhnicheskikh-spetsialistov-v-k/",
     "Летчик-космонавт Виктор Савиных высоко оценил систему подготовки технических специалистов в крае",
     "16 Марта 2018"),
    ("/news/telefonnye-nomera-dlya-svyazi-s-operativnymi-sluzhbami/",
     "Телефонные номера для связи с оперативными службами", "17 МАРТА"),
    # a rubric («Здоровье») beside the headline
    ("/news/v-vereshchagino-otkrylsya-pervyy-v-prikame-mezhrayonnyy-kardiotsentr/",
     "В Верещагино открылся первый в Прикамье межрайонный кардиоцентр", "17 МАРТА"),
)  # fmt: skip

NSO = "https://www.nso.ru"
NSO_RELEASES = (
    ("/news/29647",
     "Врио Губернатора Андрей Травников ознакомился с работой НМИЦ имени академика Е. Н. Мешалкина",
     "23 марта 2018 16:50"),
    ("/news/29641",
     "Врио Губернатора Андрей Травников: Новосибирская область должна стать пилотной моделью...",
     "23 марта 2018 16:05"),
    ("/news/29645",
     "Глава региона поздравил работников культуры Новосибирской области с профессиональным...",
     "23 марта 2018 16:25"),
    ("/news/29639", "IT-специалисты со всей страны примут участие в новосибирском форуме «СИИС»",
     "23 марта 2018 15:25"),
)  # fmt: skip

TULA = "https://tularegion.ru/presscenter/press-release/?ELEMENT_ID="
TULA_RELEASES = (
    ("126022", "Алексей Дюмин обратился к жителям региона в связи с выборами Президента России",
     "13 Марта 2018"),
    ("126468", "На Алексинской бумажно-картонной фабрике модернизировали производственную линию",
     "16 Марта 2018"),
)  # fmt: skip

ULMERIA = "https://ulmeria.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/"
ULMERIA_RELEASES = (
    ("novosti-193_6946.html", "Концерты, фотоконкурс, экскурсии и футбол: афиша Ульяновска на эту неделю"),
    ("novosti-193_6945.html",
     "Почти 16 тысяч ульяновских подростков занимались летом благоустройством пришкольных участков"),
    ("novosti-193_6944.html",
     "В Ульяновске больше 10 тысяч детей стали участниками городского проекта «Лето во дворах»"),
)  # fmt: skip

CASES = (
    RealListing(
        "kurganobl.ru__home-news-block-2018-03-18.html", f"{KURGAN}/", "drupal", "Asia/Yekaterinburg",
        tuple(Release(f"{KURGAN}/content/{slug}", title, date) for slug, title, date in KURGAN_RELEASES),
    ),
    RealListing(
        "lenobl.ru__home-news-tabs-2018-03-18.html", f"{LENOBL}/", "generic", "Europe/Moscow",
        tuple(Release(f"{LENOBL}{path}", title, date) for path, title, date in LENOBL_RELEASES),
    ),
    RealListing(
        "tatarstan.ru__home-events-2018-03-17.html", "http://tatarstan.ru/", "generic", "Europe/Moscow",
        tuple(Release(f"{TATAR}{path}", title, "17/03") for path, title in TATAR_RELEASES),
        # the featured slide's «Информация» link leads to a release too
        optional=(f"{TATAR}1150218.htm",),
    ),
    RealListing(
        "gov.spb.ru__home-news-2018-03-18.html", f"{SPB}/", "generic", "Europe/Moscow",
        tuple(Release(f"{SPB}{path}", title, date) for path, title, date in SPB_RELEASES),
        # the announcements tab: event announcements, dated by a day header and «16 - 25 марта»
        optional=(
            f"{SPB}/gov/otrasl/c_physic/announces/24654/",
            f"{SPB}/gov/otrasl/c_culture/announces/24659/",
        ),
    ),
    RealListing(
        "permkrai.ru__home-news-2018-03-17.html", f"{PERM}/", "bitrix", "Asia/Yekaterinburg",
        tuple(Release(f"{PERM}{path}", title, date) for path, title, date in PERM_RELEASES),
    ),
    RealListing(
        "nso.ru__home-news-2018-03-23.html", f"{NSO}/", "drupal", "Asia/Novosibirsk",
        tuple(Release(f"{NSO}{path}", title, date) for path, title, date in NSO_RELEASES),
    ),
    RealListing(
        "tularegion.ru__press-releases-2018-03-16.html", "https://tularegion.ru/", "bitrix", "Europe/Moscow",
        tuple(Release(f"{TULA}{number}", title, date) for number, title, date in TULA_RELEASES),
    ),
    RealListing(
        "ulmeria.gosuslugi.ru__gosweb-news-list-2026-09-15.html", ULMERIA, "gosweb", "Europe/Ulyanovsk",
        tuple(Release(f"{ULMERIA}{path}", title, None) for path, title in ULMERIA_RELEASES),
        captured=dt.datetime(2026, 9, 15, 14, 0, tzinfo=dt.UTC),
        # datePublished 2026-09-15 16:04:27 etc. is local time (Ульяновск, UTC+4); shown «Сегодня, 16:04»
        dates=(("2026-09-15", "16:04"), ("2026-09-15", "15:49"), ("2026-09-15", "14:40")),
    ),
)  # fmt: skip


def source(case: RealListing, platform: str) -> Source:
    return Source(
        name="real_listing",
        title=case.file,
        region="Тестовая область",
        publisher_kind="ministry",
        timezone=case.timezone,
        start_urls=(case.url,),
        platform=platform,
        selectors=Selectors(),
    )


def listing(case: RealListing, platform: str) -> Listing:
    html = (REAL / case.file).read_text(encoding="utf-8")
    return get_page_object(platform).listing(case.url, html, source(case, platform))


def shown_title(title: str | None) -> str:
    """A title as a journalist copies it: a trailing decorative arrow is not part of it."""
    return (title or "").removesuffix("→").strip()


PATHS = [(case, platform) for case in CASES for platform in dict.fromkeys(("generic", case.platform))]


@pytest.mark.parametrize(
    ("case", "platform"), PATHS, ids=[f"{case.file.split('__')[0]}-{platform}" for case, platform in PATHS]
)
def test_real_listing_yields_its_releases_and_nothing_else(case: RealListing, platform: str) -> None:
    found = listing(case, platform)
    urls = [link.url for link in found.links]
    wanted = [release.url for release in case.releases]
    assert [url for url in urls if url in wanted] == wanted  # all of them, in page order
    extra = [url for url in urls if url not in wanted and url not in case.optional]
    assert extra == []  # no rubric, tag, calendar, menu or «Все новости» link
    by_url = {link.url: link for link in found.links}
    for release in case.releases:
        link = by_url[release.url]
        assert shown_title(link.title) == release.title
        if release.date is not None:
            assert link.date_text == release.date


def test_gosweb_dates_are_the_cards_local_times() -> None:
    """The ГосВеб cards' dates read as local time in the source's zone, whatever the fetch time."""
    case = CASES[-1]
    assert case.captured is not None
    for platform in ("generic", "gosweb"):
        found = listing(case, platform)
        for link, (day, time) in zip(found.links, case.dates, strict=True):
            for now in (case.captured, case.captured + dt.timedelta(days=3)):
                parsed = parse_date(link.date_text or "", case.timezone, now)
                assert parsed is not None, (platform, link.date_text)
                assert parsed.local_date.isoformat() == day
                assert parsed.local_time is not None and parsed.local_time.strftime("%H:%M") == time


def test_every_real_page_has_its_case() -> None:
    """Every real listing kept here is checked (the product never reads ../shared: the pages were
    copied byte for byte, see SOURCES.md)."""
    pages = {path.name for path in REAL.iterdir() if path.suffix == ".html"}
    assert {case.file for case in CASES} == pages
