#!/usr/bin/env python3
"""Write the blind evaluation corpus: sites/<layout>/*.html and expected.json.

Deterministic and stdlib-only: ``python3 tests/blind/make_blind.py`` rewrites the same bytes every time.
The ground truth is taken from the content objects the pages are rendered from, never from an extractor.
After writing, the corpus is checked against itself (every URL mapped, every title and paragraph present).
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from blindgen.site import Layout  # noqa: E402

LAYOUT_MODULES = (
    "bitrix_stock",
    "bitrix_aspro",
    "bitrix_rubric_portal",
    "gosweb",
    "drupal7",
    "drupal10",
    "wp_classic",
    "wp_magazine",
    "joomla",
    "legacy_cp1251",
    "tilda",
    "sidebar_portal",
    "sitename_title",
    "mosreg_platform",
)


def load_layouts() -> list[Layout]:
    return [importlib.import_module(f"blindgen.layouts.{m}").LAYOUT for m in LAYOUT_MODULES]


def build_layout(layout: Layout, out_dir: Path) -> dict:
    layout.build_content()
    site_dir = out_dir / "sites" / layout.name
    site_dir.mkdir(parents=True, exist_ok=True)
    pages: dict[str, dict] = {}
    listings = []

    def write(url: str, fname: str, text: str, kind: str) -> None:
        if url in pages:
            raise ValueError(f"duplicate URL {url}")
        (site_dir / fname).write_bytes(layout.encode(text))
        pages[url] = {"file": f"sites/{layout.name}/{fname}", "content_type": layout.content_type(kind)}

    npages = len(layout.pages)
    for n in range(1, npages + 1):
        out = layout.render_listing(n)
        url = layout.listing_url(n)
        write(url, f"listing_{n}.html", out.html, "listing")
        rels = layout.pages[n - 1]
        listings.append(
            {
                "url": url,
                "next_url": layout.listing_url(n + 1) if n < npages else None,
                "release_urls": [r.url for r in rels],
                "titles": {r.url: out.titles.get(r.url, layout.shown_title(r)) for r in rels},
                "not_release_urls": sorted(set(out.not_release) - {r.url for r in rels}),
            }
        )
    articles = []
    for i, rel in enumerate(layout.releases, 1):
        fname = f"article_{i:02d}.html"
        write(rel.url, fname, layout.render_article(rel), "article")
        articles.append(
            {
                "url": rel.url,
                "file": f"sites/{layout.name}/{fname}",
                "title": rel.title,
                "published_date": rel.dt.strftime("%Y-%m-%d"),
                "published_time": layout.published_time(rel),
                "body": [" ".join(t.split()) for t in rel.body],
            }
        )
    return {
        "family": layout.family,
        "description": layout.description,
        "timezone": layout.timezone,
        "charset": layout.charset,
        "listing_start": layout.listing_url(1),
        "pages": pages,
        "listings": listings,
        "articles": articles,
    }


# --- self-check ---------------------------------------------------------------------------------
class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]
        if tag in ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "td", "tr", "blockquote", "span", "b"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def _parse(path: Path, charset: str) -> _Text:
    p = _Text()
    p.feed(path.read_bytes().decode(charset))
    return p


def check(out_dir: Path, data: dict) -> list[str]:
    errors = []
    for name, lay in data["layouts"].items():
        pages = lay["pages"]
        for page in pages.values():
            if not (out_dir / page["file"]).exists():
                errors.append(f"{name}: missing file {page['file']}")
        seen: dict[str, int] = {}
        for lst in lay["listings"]:
            if lst["url"] not in pages or (lst["next_url"] and lst["next_url"] not in pages):
                errors.append(f"{name}: listing URL not in pages: {lst['url']}")
            p = _parse(out_dir / pages[lst["url"]]["file"], lay["charset"])
            hrefs = {urljoin(lst["url"], h) for h in p.hrefs}
            text = p.text()
            for u in lst["release_urls"] + ([lst["next_url"]] if lst["next_url"] else []):
                if u not in hrefs:
                    errors.append(f"{name}: {lst['url']} has no link to {u}")
            for u in lst["not_release_urls"]:
                if u not in hrefs:
                    errors.append(f"{name}: {lst['url']} has no link to not-release {u}")
            for t in lst["titles"].values():
                if " ".join(t.split()) not in text:
                    errors.append(f"{name}: listing title not in text: {t}")
            for u in lst["release_urls"]:
                seen[u] = seen.get(u, 0) + 1
        for art in lay["articles"]:
            if art["url"] not in pages or seen.get(art["url"]) != 1:
                errors.append(f"{name}: article not linked from exactly one listing: {art['url']}")
            text = _parse(out_dir / art["file"], lay["charset"]).text()
            if art["title"] not in text:
                errors.append(f"{name}: title not in page: {art['title']}")
            for para in art["body"]:
                if para not in text:
                    errors.append(f"{name}: paragraph not in {art['file']}: {para[:60]}")
    return errors


def main() -> int:
    sites = HERE / "sites"
    if sites.exists():
        shutil.rmtree(sites)
    data = {"generated_by": "tests/blind/make_blind.py", "layouts": {}}
    for layout in load_layouts():
        data["layouts"][layout.name] = build_layout(layout, HERE)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (HERE / "expected.json").write_text(text, encoding="utf-8")
    errors = check(HERE, data)
    for e in errors:
        print(e, file=sys.stderr)
    n_pages = sum(len(v["pages"]) for v in data["layouts"].values())
    size = sum(p.stat().st_size for p in sites.rglob("*.html"))
    print(f"{len(data['layouts'])} layouts, {n_pages} pages, {size / 1024:.0f} KB; {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
