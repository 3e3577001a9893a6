"""The blind corpus (tests/blind/): what the generic path gets right on layouts nobody here tuned on.

tests/blind/ was written from descriptions of real CMS families by someone who did not read the
extractor; its README says so. Read the scores, never the pages, when you change the extractor.

Per layout, as a first crawl of an unknown site (platform "generic", no selectors) would:
  found    the listing pages walked from the first one by our detected pagination; the share of the
           layout's releases among the links found; `wrong`: links that lead to no release at all
           (category, tag, author, section links); `side`: links a page's sidebar or «other news»
           block gives to releases listed elsewhere (harmless to a crawl, fetched once, but not the
           page's list)
  profile  the articles in the order the listings gave them, through a ProfileSession (the first
           pages held until the site's profile is learned from them), extracted with the profile
           and normalised: title exact %, date exact % (local calendar date), body word F1
  none     the same pages with no profile (the page judged alone)
  trafil.  trafilatura.bare_extraction(with_metadata=True) on the same pages
The listing links' texts and dates are our own listing extraction, never the ground truth.

    .venv/bin/python bench/bench_blind.py [--layout NAME] [--details]
Goals (issue 10): found >= 98%, title >= 98%, date >= 98%, body F1 >= 0.95 on every layout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "golden"))

import trafilatura  # noqa: E402
from corpus import f1  # noqa: E402  (the golden corpus's word-bag F1: one definition)

from crawler.normalise.encoding import decode_html  # noqa: E402
from crawler.normalise.release import NotARelease, build_release  # noqa: E402
from crawler.normalise.urls import canonicalize_url  # noqa: E402
from crawler.pages import get_page_object  # noqa: E402
from crawler.pages.base import ListingLink  # noqa: E402
from crawler.profiles.model import SiteProfile  # noqa: E402
from crawler.profiles.sample import SamplePage  # noqa: E402
from crawler.profiles.session import ProfileSession  # noqa: E402
from crawler.registry.sources import Source  # noqa: E402

BLIND = ROOT / "tests" / "blind"
HELD_OUT = ROOT / "tests" / "blind2"  # a second blind corpus, scored but never used while developing
MAX_LISTING_PAGES = 40
GOALS = {"found": 0.98, "title": 0.98, "date": 0.98, "f1": 0.95}


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass
class Scores:
    titles: int = 0
    dates: int = 0
    f1_sum: float = 0.0
    pages: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, article: dict[str, Any], title: str | None, date: str | None, body: str | None) -> None:
        self.pages += 1
        good_title = clean(title) == clean(article["title"])
        good_date = date == article["published_date"]
        score = f1(body, "\n\n".join(article["body"]))
        self.titles += good_title
        self.dates += good_date
        self.f1_sum += score
        if not good_title:
            self.misses.append(f"title {article['url']}: {clean(title)[:90]!r}")
        if not good_date:
            self.misses.append(f"date {article['url']}: {date!r} != {article['published_date']}")
        if score < 0.95:
            self.misses.append(f"body {article['url']}: F1 {score:.3f}")

    def ratio(self, name: str) -> float:
        n = max(self.pages, 1)
        return {"title": self.titles / n, "date": self.dates / n, "f1": self.f1_sum / n}[name]


@dataclass
class Layout:
    name: str
    data: dict[str, Any]
    root: Path = BLIND

    def fetch(self, url: str) -> str | None:
        page = self.data["pages"].get(url)
        if page is None:
            return None
        body = (self.root / page["file"]).read_bytes()
        return decode_html(body, page.get("content_type")).text

    def source(self) -> Source:
        start = self.data["listing_start"]
        host = urlsplit(start).hostname or ""
        bare = host.removeprefix("www.")
        return Source(
            name=self.name,
            title=self.name,
            region="",
            publisher_kind="other",
            timezone=self.data.get("timezone") or "Europe/Moscow",
            start_urls=(start,),
            platform="generic",
            allowed_domains=tuple(dict.fromkeys((host, bare, f"www.{bare}"))),
        )

    def fetched_at(self) -> dt.datetime:
        """The corpus' capture time if it says one, else the end of its newest release's day."""
        stated = self.data.get("fetched_at")
        if stated:
            return dt.datetime.fromisoformat(stated.replace("Z", "+00:00"))
        newest = max(article["published_date"] for article in self.data["articles"])
        zone = ZoneInfo(self.data.get("timezone") or "Europe/Moscow")
        local = dt.datetime.combine(dt.date.fromisoformat(newest), dt.time(23, 30), zone)
        return local.astimezone(dt.UTC)


def side_links(layout: Layout, source: Source) -> int:
    """Links returned from a listing page that its ground truth names as not its releases but that
    lead to a release (a sidebar's, an «other news» block's)."""
    page_object = get_page_object("generic")
    wanted = {canonicalize_url(article["url"]) for article in layout.data["articles"]}
    count = 0
    for listing in layout.data.get("listings", ()):
        html = layout.fetch(listing["url"])
        if html is None:
            continue
        own = {canonicalize_url(url) for url in listing.get("release_urls", ())}
        # a sidebar may repeat the page's own releases («Свежие записи» on page 1): those are its list
        not_its = ({canonicalize_url(url) for url in listing.get("not_release_urls", ())} & wanted) - own
        got = {canonicalize_url(link.url) for link in page_object.listing(listing["url"], html, source).links}
        count += len(got & not_its)
    return count


def walk_listings(layout: Layout, source: Source) -> tuple[list[ListingLink], int]:
    """Every link of the listing pages reached from the first by our pagination; pages walked."""
    page_object = get_page_object("generic")
    url: str | None = layout.data["listing_start"]
    seen: set[str] = set()
    links: list[ListingLink] = []
    while url and url not in seen and len(seen) < MAX_LISTING_PAGES:
        seen.add(url)
        html = layout.fetch(url)
        if html is None:
            break
        listing = page_object.listing(url, html, source)
        links.extend(listing.links)
        url = listing.next_page
    return links, len(seen)


def score_found(layout: Layout, links: list[ListingLink]) -> tuple[int, int, int]:
    """(releases found, releases in the layout, links that lead to no release: category, tag,
    author and section links). A sidebar's link to a release listed on another page is no harm
    to a crawl (the same article, fetched once) and is not counted."""
    wanted = {canonicalize_url(article["url"]) for article in layout.data["articles"]}
    got = {canonicalize_url(link.url) for link in links}
    return len(wanted & got), len(wanted), len(got - wanted)


def run_ours(
    layout: Layout, source: Source, order: list[dict[str, Any]], hints: dict[str, ListingLink], profiled: bool
) -> tuple[Scores, SiteProfile | None]:
    page_object = get_page_object("generic")
    fetched_at = layout.fetched_at()
    scores = Scores()
    started = time.perf_counter()
    session: ProfileSession[dict[str, Any]] = ProfileSession(source.name, now=fetched_at)
    ready: list[tuple[dict[str, Any], str]] = []
    for article in order:
        html = layout.fetch(article["url"]) or ""
        if not profiled:  # each page judged alone
            ready.append((article, html))
            continue
        hint = hints.get(canonicalize_url(article["url"]))
        sample = SamplePage(
            article["url"], html, hint.title if hint else None, hint.date_text if hint else None
        )
        ready.extend((held.payload, held.sample.html) for held in session.offer(sample, article))
    if profiled:
        ready.extend((held.payload, held.sample.html) for held in session.finish())
    profile = session.profile if profiled else None
    for article, html in ready:
        hint = hints.get(canonicalize_url(article["url"]))
        raw = page_object.extract(
            article["url"], html, source, profile=profile, title_hint=hint.title if hint else None
        )
        try:
            release = build_release(
                raw, source, fetched_at=fetched_at, listing_date_text=hint.date_text if hint else None
            )
        except NotARelease as exc:
            scores.add(article, f"<{exc.reason}>", None, None)
            continue
        scores.add(article, release.title, release.published_date, release.body_text)
    scores.seconds = time.perf_counter() - started
    return scores, profile


def run_trafilatura(layout: Layout, order: list[dict[str, Any]]) -> Scores:
    scores = Scores()
    started = time.perf_counter()
    for article in order:
        html = layout.fetch(article["url"]) or ""
        document = trafilatura.bare_extraction(html, url=article["url"], with_metadata=True)
        data = (document if isinstance(document, dict) else document.as_dict()) if document else {}
        scores.add(article, data.get("title"), data.get("date"), data.get("text"))
    scores.seconds = time.perf_counter() - started
    return scores


def crawl_order(layout: Layout, links: list[ListingLink]) -> list[dict[str, Any]]:
    """The articles in the order our listings gave them; those not found last (a sitemap would)."""
    by_url = {canonicalize_url(article["url"]): article for article in layout.data["articles"]}
    order = [by_url.pop(key) for link in links if (key := canonicalize_url(link.url)) in by_url]
    return order + list(by_url.values())


def _cells(scores: Scores, width: int) -> str:
    title, date = 100 * scores.ratio("title"), 100 * scores.ratio("date")
    return f"{title:{width}.1f}% {date:5.1f}% {scores.ratio('f1'):6.3f}"


def main() -> int:
    args = _arguments()
    default = [path for path in (BLIND, HELD_OUT) if path.exists()]
    corpora = [Path(args.corpus).resolve()] if args.corpus else default
    for corpus in corpora:
        score_corpus(corpus, args)
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layout", action="append", help="only these layouts")
    parser.add_argument("--details", action="store_true", help="every miss (URLs and what came out)")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--corpus", help="a corpus folder (default: tests/blind, then tests/blind2)")
    return parser.parse_args()


def score_corpus(root: Path, args: argparse.Namespace) -> None:
    logging.disable(logging.WARNING)
    expected = root / "expected.json"
    if not expected.exists():
        print(f"no blind corpus at {expected}")
        return
    corpus = json.loads(expected.read_text(encoding="utf-8"))
    names = sorted(corpus["layouts"])
    if args.layout:
        names = [name for name in names if name in args.layout]
    header = (
        f"{'layout':24} {'found':>6} {'wrong':>5} {'side':>4} | {'profile: title':>14} {'date':>6} "
        f"{'F1':>6} | {'none: title':>11} {'date':>6} {'F1':>6} | "
        f"{'trafil.: title':>14} {'date':>6} {'F1':>6}"
    )
    articles = sum(len(corpus["layouts"][name]["articles"]) for name in names)
    print(f"blind corpus {root}: {len(names)} layouts, {articles} articles")
    print(header)
    totals: dict[str, list[float]] = {key: [] for key in ("found", "title", "date", "f1")}
    seconds = {"profile": 0.0, "none": 0.0, "trafilatura": 0.0}
    failing: list[str] = []
    for name in names:
        layout = Layout(name, corpus["layouts"][name], root)
        source = layout.source()
        links, _ = walk_listings(layout, source)
        found, wanted, wrong = score_found(layout, links)
        side = side_links(layout, source)
        hints = {canonicalize_url(link.url): link for link in links}
        order = crawl_order(layout, links)
        profiled, profile = run_ours(layout, source, order, hints, True)
        bare, _ = run_ours(layout, source, order, hints, False)
        baseline = Scores() if args.no_trafilatura else run_trafilatura(layout, order)
        seconds["profile"] += profiled.seconds
        seconds["none"] += bare.seconds
        seconds["trafilatura"] += baseline.seconds
        share = found / max(wanted, 1)
        row = {"found": share, **{key: profiled.ratio(key) for key in ("title", "date", "f1")}}
        for key, value in row.items():
            totals[key].append(value)
        short = [key for key, value in row.items() if value < GOALS[key]]
        extra = ([f"{wrong} wrong links"] if wrong else []) + ([f"{side} sidebar links"] if side else [])
        if short or extra:
            failing.append(f"{name}: " + ", ".join(short + extra))
        cells = " | ".join(
            _cells(scores, width) for scores, width in ((profiled, 13), (bare, 10), (baseline, 13))
        )
        print(f"{name:24} {100 * share:5.1f}% {wrong:5d} {side:4d} | {cells}")
        if args.details:
            for miss in profiled.misses:
                print(f"    {miss}")
            if profile is not None:
                print("    profile: " + json.dumps(profile.summary(), ensure_ascii=False)[:400])
    if not names:
        return
    print(
        "mean over layouts: "
        + ", ".join(f"{key} {sum(values) / len(values):.3f}" for key, values in totals.items())
        + "; worst layout: "
        + ", ".join(f"{key} {min(values):.3f}" for key, values in totals.items())
    )
    pages = sum(len(corpus["layouts"][n]["articles"]) for n in names)
    print(
        "pages/s (extraction + normalisation): "
        + ", ".join(f"{key} {pages / value:.1f}" for key, value in seconds.items() if value)
    )
    print("below the goals: " + ("; ".join(failing) if failing else "none"))


if __name__ == "__main__":
    sys.exit(main())
