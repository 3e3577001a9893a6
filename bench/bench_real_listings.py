"""The real listings (tests/fixtures/real-html/, pages of real regional sites): releases found,
titles as shown, and links that are no release, per page, for the generic path and the page's
platform adapter. The expectations are the hand-transcribed ones of tests/test_listing_real.py.

    .venv/bin/python bench/bench_real_listings.py
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_listing_real import CASES, listing, shown_title  # noqa: E402


def main() -> None:
    logging.disable(logging.WARNING)
    print(f"real listings: {len(CASES)} pages, {sum(len(case.releases) for case in CASES)} releases")
    print(f"{'page':40} {'path':9} {'found':>7} {'titles':>7} {'extra':>5}")
    totals = {"found": 0, "titles": 0, "releases": 0, "extra": 0}
    for case in CASES:
        for platform in dict.fromkeys(("generic", case.platform)):
            links = {link.url: link for link in listing(case, platform).links}
            wanted = [release.url for release in case.releases]
            found = [release for release in case.releases if release.url in links]
            titles = sum(shown_title(links[release.url].title) == release.title for release in found)
            extra = len([url for url in links if url not in wanted and url not in case.optional])
            n, page = len(wanted), case.file.split("__")[0]
            print(f"{page:40} {platform:9} {len(found):3}/{n:<3} {titles:3}/{n:<3} {extra:5}")
            totals["found"] += len(found)
            totals["titles"] += titles
            totals["releases"] += n
            totals["extra"] += extra
    share = totals["found"] / totals["releases"]
    print(
        f"all paths: found {share:.1%}, titles {totals['titles'] / totals['releases']:.1%}, "
        f"links that are no release {totals['extra']}"
    )


if __name__ == "__main__":
    main()
