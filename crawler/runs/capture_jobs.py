"""The crawl's WARC work on a response, apart from writing it: the exchange -> its gzipped records.

Run in the extraction worker (crawler.runs.extract_pool), in the crawl's process or on its WARC
thread (crawler.scrapy_glue.capture), and by the distributed drain. Pure and free of Scrapy: the
worker is forked before Scrapy is imported and must never import it (tests/test_early_pool.py).
"""

from __future__ import annotations

import datetime as dt

from archive.captures import StoredCapture
from archive.warc import Encoded, Exchange, Revisit, encode


def encode_capture(job: tuple[Exchange, StoredCapture | None]) -> Encoded:
    """The exchange's WARC records: a revisit when the URL's last response had the same payload."""
    exchange, previous = job
    revisit_of = None
    if previous is not None and previous.capture.payload_digest == exchange.digest:
        fetched = dt.datetime.fromisoformat(previous.capture.fetched_at.replace("Z", "+00:00"))
        revisit_of = Revisit(previous.capture.url, fetched)
    return encode(exchange, revisit_of)
