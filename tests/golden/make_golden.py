# ruff: noqa: E501  (HTML templates and hand-transcribed data read better unwrapped)
"""Write the golden corpus: article and listing pages in seven layouts, with what each page states.

    .venv/bin/python tests/golden/make_golden.py       # rewrites tests/golden/pages/ and expected.json

The texts are the demo mirror's fiction (demo/content/*.toml); the markup follows the real
platforms as far as shared/knowledge/sites.md shows them (sites.py, sites2.py). The expected values
are written from the same content that renders each page, never by running the extractor. The
three real 2018 listing fragments (tests/fixtures/real-html/) join the corpus with expectations
transcribed by hand from their HTML.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

from layouts import Item, Layout  # noqa: E402
from sites import Bitrix, Mosreg  # noqa: E402
from sites2 import Air, Drupal, Gosweb, Legacy, Wordpress  # noqa: E402

from demo.content import load_sites  # noqa: E402
from demo.translit import slugify  # noqa: E402

PER_LAYOUT = 10
LAYOUTS: list[Layout] = [Mosreg(), Bitrix(), Drupal(), Wordpress(), Gosweb(), Air(), Legacy()]
REAL = "../../fixtures/real-html"  # relative to tests/golden/pages/


def corpus_items() -> list[Item]:
    releases = [release for site in load_sites().values() for release in site.releases]
    releases.sort(key=lambda r: (r.published, r.title))
    return [
        Item(
            key=slugify(release.title)[:70].rstrip("-"),
            title=release.title,
            published=release.published.replace(tzinfo=None),
            paragraphs=release.paragraphs,
            tags=release.tags,
            image=release.image,
            attachment=index % 3 == 0,
        )
        for index, release in enumerate(releases)
    ]


def layout_items(items: list[Item], position: int) -> list[Item]:
    chosen = [items[(position * 7 + k) % len(items)] for k in range(PER_LAYOUT)]
    return sorted(chosen, key=lambda item: item.published, reverse=True)


def encode(layout: Layout, html: str, item: Item | None, listing: bool = False) -> bytes:
    if isinstance(layout, Legacy):
        codec = "koi8-r" if listing else layout.page_encoding(item)[0]
        return html.encode(codec, errors="xmlcharrefreplace")  # what old CMSs do with «», —
    return html.encode(layout.encoding, errors="xmlcharrefreplace")


def write_layout(
    layout: Layout, position: int, items: list[Item], out: Path
) -> tuple[list[dict], list[dict]]:
    chosen = layout_items(items, position)
    others = [items[(position * 7 + PER_LAYOUT + k) % len(items)] for k in range(4)]
    folder = out / layout.key
    folder.mkdir(parents=True, exist_ok=True)
    common: dict[str, Any] = {"layout": layout.key, "platform": layout.platform, "selectors": layout.selectors,
                              "timezone": layout.timezone}  # fmt: skip
    articles = []
    for number, item in enumerate(chosen, start=1):
        name = f"{layout.key}/article_{number:02d}.html"
        (out / name).write_bytes(encode(layout, layout.article(item, others), item))
        articles.append({"file": name, "url": layout.article_url(item), **common, **layout.expected(item)})
    listings = []
    pages = [chosen[: layout.per_page], chosen[layout.per_page :]]
    for page, page_items in enumerate(pages, start=1):
        name = f"{layout.key}/listing_{page}.html"
        (out / name).write_bytes(
            encode(layout, layout.listing(page_items, page, len(pages), others), None, True)
        )
        links = [
            {"url": layout.article_url(i), "title": i.title, "date_text": layout.list_date(i)}
            for i in page_items
        ]
        following = layout.listing_url(page + 1) if page < len(pages) else None
        listings.append({"file": name, "url": layout.listing_url(page), **common, "links": links,
                         "next_page": following})  # fmt: skip
    return articles, listings


def real_listings() -> list[dict[str, Any]]:
    """The 2018 fragments; URLs, dates and titles transcribed by hand from the HTML."""
    kurgan_paths = [
        "aleksey-kokorin-ya-vyrazhayu-ogromnuyu-blagodarnost-vsem-kto-vypolnil-svoy-grazhdanskiy-dolg",
        "aleksey-kokorin-segodnya-my-sobralis-dlya-togo-chtoby-v-ocherednoy-raz-pokazat-i-dokazat",
        "po-dannym-na-1800-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-sostavila-5701",
        "po-dannym-na-1500-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-sostavila-4839",
        "po-dannym-na-1200-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-3019",
        "po-dannym-na-1000-chasov-obshchaya-yavka-na-izbiratelnye-uchastki-v-zaurale-1059",
        "gubernator-aleksey-kokorin-progolosoval-na-izbiratelnom-uchastke-v-shadrinske",
        "vse-986-izbiratelnyh-uchastkov-zauralya-otkryli-svoi-dveri-dlya-golosuyushchih",
        "v-zaurale-proshla-xxxvi-otkrytaya-vserossiyskaya-massovaya-lyzhnaya-gonka-lyzhnya-rossii",
        "gorodu-dalmatovo-i-vargashinskomu-possovetu-prisvoen-status-territoriy-operezhayushchego",
        "17-marta-v-kurgane-proydet-xxxvi-otkrytaya-vserossiyskaya-massovaya-lyzhnaya-gonka-lyzhnya",
        "aleksey-kokorin-mne-imponiruet-chto-zauralskuyu-molodezh-volnuyut-ne-tolko-voprosy",
        "v-zaurale-snizilsya-uroven-proizvodstvennogo-travmatizma",
        "aleksey-kokorin-ocenil-provedennyy-v-kurganskom-oblastnom-hudozhestvennom-muzee-kapitalnyy",
        "v-zaurale-proydet-oblastnoy-etap-zimnego-festivalya-vserossiyskogo-fizkulturno-sportivnogo",
    ]
    kurgan_dates = ["18 марта 2018 21:22", "18 марта 2018 20:57", "18 марта 2018 19:07", "18 марта 2018 15:55",
                    "18 марта 2018 13:06", "18 марта 2018 11:09", "18 марта 2018 9:07", "18 марта 2018 8:30",
                    "17 марта 2018 14:04", "16 марта 2018 17:43", "16 марта 2018 16:44", "16 марта 2018 14:38",
                    "16 марта 2018 14:12", "16 марта 2018 13:23", "15 марта 2018 14:30"]  # fmt: skip
    lenobl_paths = (
        [f"news{n}.html" for n in range(25236, 25230, -1)]
        + [f"news/announce{n}.html" for n in (44312, 44324, 44327, 44302, 44328)]
        + [f"news/comments{n}.html" for n in (44323, 44316, 44298, 44276, 44235, 44224)]
    )
    lenobl_dates = ["17-03-2018", "17-03-2018", "16-03-2018", "16-03-2018", "16-03-2018", "16-03-2018",
                    "18-03-2018", "18-03-2018", "19-03-2018", "21-03-2018", "25-03-2018", "15-03-2018",
                    "12-03-2018", "01-03-2018", "16-02-2018", "11-02-2018", "06-02-2018"]  # fmt: skip
    tatar_ids = ["1151266", "1151250", "1151247", "1151189", "1151171"]
    return [
        real_listing("kurganobl.ru__home-news-block-2018-03-18.html", "http://kurganobl.ru/", "real_kurganobl",
                     "drupal", "Asia/Yekaterinburg",
                     {"item": "li.views-row", "link": ".views-field-title", "list_date": ".views-field-created"},
                     [(f"http://kurganobl.ru/content/{p}", d) for p, d in zip(kurgan_paths, kurgan_dates, strict=True)]),
        real_listing("lenobl.ru__home-news-tabs-2018-03-18.html", "http://lenobl.ru/", "real_lenobl",
                     "generic", "Europe/Moscow",
                     {"item": ".intpanels .leftnews, .intpanels .rightnews li", "link": "a", "list_date": "i"},
                     [(f"http://lenobl.ru/{p}", d) for p, d in zip(lenobl_paths, lenobl_dates, strict=True)]),
        real_listing("tatarstan.ru__home-events-2018-03-17.html", "http://tatarstan.ru/", "real_tatarstan",
                     "generic", "Europe/Moscow",
                     {"item": "div.events tr", "link": "h2 a", "list_date": "td.dt"},
                     [(f"http://tatarstan.ru/rus/index.htm/news/{i}.htm", "17/03") for i in tatar_ids]),
    ]  # fmt: skip


def real_listing(
    name: str,
    url: str,
    layout: str,
    platform: str,
    timezone: str,
    selectors: dict[str, str],
    links: list[tuple[str, str]],
) -> dict[str, Any]:
    """One real fragment's expectations: its links (URL, date as printed; no titles), no next page."""
    return {
        "file": f"{REAL}/{name}",
        "url": url,
        "layout": layout,
        "platform": platform,
        "timezone": timezone,
        "selectors": selectors,
        "links": [{"url": link, "title": None, "date_text": date_text} for link, date_text in links],
        "next_page": None,
    }


def main() -> None:
    articles, listings = build(HERE)
    print(f"{articles} articles, {listings} listings, {len(LAYOUTS)} layouts -> {HERE / 'pages'}")


def build(root: Path) -> tuple[int, int]:
    """Write root/pages/ and root/expected.json; the counts of articles and listings."""
    out = root / "pages"
    items = corpus_items()
    articles: list[dict] = []
    listings: list[dict] = []
    for position, layout in enumerate(LAYOUTS):
        new_articles, new_listings = write_layout(layout, position, items, out)
        articles += new_articles
        listings += new_listings
    listings += real_listings()
    expected = {"fetched_at": "2026-11-26T06:15:00Z", "articles": articles, "listings": listings}
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (root / "expected.json").write_text(text, encoding="utf-8")
    return len(articles), len(listings)


if __name__ == "__main__":
    main()
