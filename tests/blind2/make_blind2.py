"""Generate the held-out blind corpus tests/blind2 (pages + expected.json).

Deterministic and stdlib-only: a fixed seed drives every choice, and the ground truth is taken
from the same article records the pages are rendered from. Run from anywhere:

    python tests/blind2/make_blind2.py          # (re)write sites/ and expected.json
    python tests/blind2/make_blind2.py --check  # regenerate in memory and validate
"""

import datetime as dt
import html
import json
import random
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import b2_layouts_a
import b2_layouts_b
import b2_sites
from b2_common import translit
from b2_text import Composer

SEED = 20250317
HERE = Path(__file__).resolve().parent
SIZES = ["tiny", "short", "short", "mid", "mid", "mid", "long", "long"]


def make_dates(rng, newest, n, with_time, distinct_days=False):
    """Newest first, local naive datetimes, working hours, gaps of hours to days."""
    out, cur = [], newest
    for _ in range(n):
        out.append(cur)
        gap = dt.timedelta(hours=rng.choice([3, 5, 20, 26, 30, 49, 70, 96]), minutes=rng.randint(0, 59))
        nxt = (cur - gap).replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59) if with_time else 0)
        if distinct_days and nxt.date() >= cur.date():
            nxt = nxt.replace(year=cur.year, month=cur.month, day=cur.day) - dt.timedelta(days=1)
        if nxt >= cur:
            nxt = cur - dt.timedelta(minutes=rng.randint(25, 95))
        cur = nxt
    return out


def extras(rng, a, others):
    a["photo"] = rng.random() < 0.6
    a["views"] = rng.randint(14, 2900)
    a["updated"] = a["dt"] + dt.timedelta(hours=rng.randint(1, 30)) if rng.random() < 0.3 else None
    a["tags"] = rng.sample(
        [
            "инвестиции",
            "экспорт",
            "промышленность",
            "МСП",
            "поддержка бизнеса",
            "индустриальные парки",
            "фонд развития промышленности",
            "статистика",
            "обучение",
            "соглашения",
        ],
        rng.randint(0, 3),
    )
    a["attach"] = (
        (
            rng.choice(
                ["Презентация проекта", "Положение об отборе", "Программа семинара", "Итоги (таблица)"]
            ),
            rng.choice(["PDF", "DOCX", "XLSX"]),
            rng.randint(40, 2400),
        )
        if rng.random() < 0.25
        else None
    )
    a["source"] = (
        rng.choice(["пресс-служба правительства региона", "Центр «Мой бизнес»", "РЭЦ"])
        if rng.random() < 0.2
        else None
    )
    a["related"] = rng.sample(others, min(3, len(others)))
    a["credit"] = rng.choice(
        ["Фото: пресс-служба", "Фото: Иван Орлов", "Фото из открытых источников", "© Фото компании"]
    )


def build_layout(spec, comp, rng):
    n = sum(spec["per_page"])
    if isinstance(spec["newest"], list):
        dates = []
        for newest, c in zip(spec["newest"], spec["per_page"], strict=True):
            dates += make_dates(rng, newest, c, spec["with_time"], spec.get("distinct_days", False))
    else:
        dates = make_dates(rng, spec["newest"], n, spec["with_time"], spec.get("distinct_days", False))
    arts, cur_id = [], spec["id0"]
    for i, when in enumerate(dates):
        size = "long" if i == 0 else "tiny" if i == 1 else rng.choice(SIZES)
        title, blocks = comp.article(spec["region"], size)
        a = {"i": i, "title": title, "blocks": blocks, "dt": when, "id": cur_id}
        cur_id -= rng.randint(1, 7)
        a["slug"] = translit(title, 80)
        k = 2
        while any(b["slug"] == a["slug"] for b in arts):
            a["slug"] = f"{translit(title, 80)}-{k}"
            k += 1
        a["url"] = spec["art_url"](a)
        a["file"] = f"sites/{spec['key']}/article_{i + 1:02d}.html"
        arts.append(a)
    for a in arts:
        extras(rng, a, [b for b in arts if b is not a])
    return arts


def visible_text(page):
    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.skip, self.out = 0, []

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "noscript", "template", "title"):
                self.skip += 1
            self.out.append(" ")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "noscript", "template", "title"):
                self.skip -= 1
            self.out.append(" ")

        def handle_data(self, data):
            if not self.skip:
                self.out.append(data)

    p = P()
    p.feed(page)
    return " ".join("".join(p.out).split())


def inline_text(page):
    """Text with inline tags joined (no space added at <a>, <strong>...)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def hrefs(page, base):
    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.links = []
            self.base = base

        def handle_starttag(self, tag, attrs):
            if tag == "base" and dict(attrs).get("href"):
                self.base = dict(attrs)["href"]
            if tag == "a":
                h = dict(attrs).get("href")
                if h and not h.startswith(("#", "javascript:", "mailto:", "tel:")):
                    self.links.append(urljoin(self.base, h).split("#")[0])

    p = P()
    p.feed(page)
    return p.links


def generate():
    rng = random.Random(SEED)
    comp = Composer(SEED + 1)
    files, layouts = {}, {}
    for spec in b2_sites.SPECS:
        render = getattr(b2_layouts_a, spec["key"], None) or getattr(b2_layouts_b, spec["key"], None)
        if render is None:
            continue
        arts = build_layout(spec, comp, rng)
        chunks, k = [], 0
        for c in spec["per_page"]:
            chunks.append(arts[k : k + c])
            k += c
        urls = spec["listing_urls"]
        ctype = f"text/html; charset={spec['charset']}"
        lay = {
            "family": spec["family"],
            "description": spec["description"],
            "timezone": spec["tz"],
            "charset": spec["charset"],
            "listing_start": urls[0],
            "pages": {},
            "listings": [],
            "articles": [],
        }
        site = dict(spec, rng=random.Random(f"{SEED}-{spec['key']}"), arts=arts, chunks=chunks)
        for idx, chunk in enumerate(chunks):
            page = render.listing(site, idx, chunk)
            fn = f"sites/{spec['key']}/listing_{idx + 1}.html"
            files[fn] = page.encode(spec["charset"])
            lay["pages"][urls[idx]] = {"file": fn, "content_type": ctype}
            rel = [a["url"] for a in chunk]
            links = hrefs(page, urls[idx])
            host = urlsplit(urls[idx]).netloc
            other = []
            for u in links:
                if u not in rel and u not in other and urlsplit(u).netloc == host:
                    other.append(u)
            lay["listings"].append(
                {
                    "url": urls[idx],
                    "next_url": urls[idx + 1] if idx + 1 < len(chunks) else None,
                    "release_urls": rel,
                    "titles": {a["url"]: a.get("anchor", a["title"]) for a in chunk},
                    "not_release_urls": other,
                }
            )
        for a in arts:
            files[a["file"]] = render.article(site, a).encode(spec["charset"])
            lay["pages"][a["url"]] = {"file": a["file"], "content_type": ctype}
            body = []
            for kind, val in a["blocks"]:
                body.extend(val if kind == "ul" else [val])
            lay["articles"].append(
                {
                    "url": a["url"],
                    "file": a["file"],
                    "title": a["title"],
                    "published_date": a["dt"].strftime("%Y-%m-%d"),
                    "published_time": a["dt"].strftime("%H:%M") if spec["time_known"] else None,
                    "body": body,
                }
            )
        layouts[spec["key"]] = lay
    expected = {"generated_by": "tests/blind2/make_blind2.py", "layouts": layouts}
    files["expected.json"] = (json.dumps(expected, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files, expected


def check(files, expected):
    errors = []
    for key, lay in expected["layouts"].items():
        for _url, pg in lay["pages"].items():
            if pg["file"] not in files:
                errors.append(f"{key}: missing file {pg['file']}")
        listed = []
        for lst in lay["listings"]:
            page = files[lay["pages"][lst["url"]]["file"]].decode(lay["charset"])
            links = hrefs(page, lst["url"])
            text = visible_text(page)
            for u in lst["release_urls"]:
                listed.append(u)
                if u not in links:
                    errors.append(f"{key}: {u} not linked from {lst['url']}")
                if " ".join(lst["titles"][u].split()) not in text:
                    errors.append(f"{key}: anchor text missing for {u}")
            if lst["next_url"] and lst["next_url"] not in links:
                errors.append(f"{key}: next link missing on {lst['url']}")
        arts = [a["url"] for a in lay["articles"]]
        if len(lay["pages"]) != len(arts) + len(lay["listings"]):
            errors.append(f"{key}: URL collision in pages")
        if sorted(listed) != sorted(arts) or len(set(listed)) != len(listed):
            errors.append(f"{key}: listing/article mismatch")
        if len(arts) < 14:
            errors.append(f"{key}: only {len(arts)} articles")
        for a in lay["articles"]:
            page = files[a["file"]].decode(lay["charset"])
            text = visible_text(page)
            flat = inline_text(page.split("<body", 1)[1]) if "<body" in page else text
            for s in [a["title"], *a["body"]]:
                if s not in text and s not in flat:
                    errors.append(f"{key}: {a['url']}: not visible: {s[:60]}")
            if not a["body"]:
                errors.append(f"{key}: empty body {a['url']}")
    seen = {}
    for key, lay in expected["layouts"].items():
        for a in lay["articles"]:
            for s in a["body"]:
                if s in seen:
                    errors.append(f"{key}: duplicate paragraph also in {seen[s]}: {s[:50]}")
                seen[s] = a["url"]
    return errors


def main(argv):
    files, expected = generate()
    again, _ = generate()
    errors = check(files, expected)
    if again != files:
        errors.append("generation is not deterministic")
    for e in errors:
        print(e)
    if "--check" not in argv:
        for rel, data in files.items():
            path = HERE / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    n_pages = sum(len(lay["pages"]) for lay in expected["layouts"].values())
    print(f"{len(expected['layouts'])} layouts, {n_pages} pages, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
