"""The anchor of the crawl benchmark: a bare Scrapy spider as anyone would write it for one site.

    python bench/bare_spider.py START_URL ITEM_CSS NEXT_CSS --stats-file stats.json

It follows the listing's release links (ITEM_CSS) and its next-page link (NEXT_CSS) and yields each
article as {"url", "html"} (the decoded page), with no pipeline: the cost of fetching and decoding
a page in Scrapy, which is the floor under pressarchive's cost per page.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

# The same fast settings bench_crawl gives pressarchive: no delay, no AutoThrottle, no robots.txt.
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
}


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start: str, item_css: str, next_css: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.item_css = item_css
        self.next_css = next_css

    def parse(self, response: Response) -> Iterator[Any]:
        for href in response.css(self.item_css).getall():
            yield response.follow(href, self.parse_article)
        if next_page := response.css(self.next_css).get():
            yield response.follow(next_page, self.parse)

    def parse_article(self, response: Response) -> Iterator[dict[str, str]]:
        yield {"url": response.url, "html": response.text}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("start")
    parser.add_argument("item_css")
    parser.add_argument("next_css")
    parser.add_argument("--stats-file", type=Path, required=True)
    args = parser.parse_args(argv)
    process = CrawlerProcess(FAST)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start=args.start, item_css=args.item_css, next_css=args.next_css)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    args.stats_file.write_text(json.dumps({k: v for k, v in stats.items() if isinstance(v, int)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
