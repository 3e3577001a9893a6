"""Scrapy settings for every pressarchive crawl: politeness first, pipelines in flow order.

`scrapy crawl NAME` reads this module through scrapy.cfg; `pressarchive crawl` loads it too and
adds the registry path, the database and the shared writer.
"""

from __future__ import annotations

import os

from scrapy.settings import default_settings

BOT_NAME = "pressarchive"
SPIDER_LOADER_CLASS = "spiders.loader.RegistrySpiderLoader"
NEWSPIDER_MODULE = "spiders"

# --- pressarchive's own settings -------------------------------------------------------------
# Registry files or directories (os.pathsep-separated); empty = spiders/sources/.
PRESSARCHIVE_SOURCES = os.environ.get("PRESSARCHIVE_SOURCES", "")
# The archive database; raw captures and other data live beside it.
PRESSARCHIVE_DB = os.environ.get("PRESSARCHIVE_DB", "var/archive.db")
# Releases written per transaction.
PRESSARCHIVE_BATCH_SIZE = 50
# The crawl's page cache of the archive (KiB; 0 = the archive's own, archive.db.CACHE_KIB): a crawl
# writes batches of 50 and gains nothing from more, while the cache fills up to its size and stays
# in the crawl's peak memory (16 MiB cost 14 MiB of peak PSS and no measurable CPU per page:
# docs/performance.md). SQLite's own default; the pages it misses are in the OS page cache. 512
# KiB saved 1.5 MiB of the peak and cost 2-3% of the rate (bench_crawl, five alternating rounds).
PRESSARCHIVE_DB_CACHE_KIB = 2048
# Article pages are parsed and normalised by this many worker processes beside the crawl
# (crawler.runs.extract_pool): -1 = one where the machine has a second core and the crawl is not
# throttled (no DOWNLOAD_DELAY, no AutoThrottle: a polite crawl waits for the sites, not the CPU),
# 0 = in the crawl's own process (as `scrapy crawl` always does).
PRESSARCHIVE_EXTRACT_WORKERS = -1
# Sitemaps (crawler.discovery.sitemaps): skip entries whose lastmod is older than this many days
# (0 = no cut-off, the whole press section), and follow at most this many URLs per sitemap file.
PRESSARCHIVE_SITEMAP_MAX_AGE_DAYS = 0
PRESSARCHIVE_SITEMAP_MAX_URLS = 5000
# Who to contact about the crawler: an e-mail or URL, shown in the User-Agent.
PRESSARCHIVE_CONTACT = os.environ.get("PRESSARCHIVE_CONTACT", "set PRESSARCHIVE_CONTACT")

USER_AGENT = f"pressarchive/0.1 (press-release archive; +{PRESSARCHIVE_CONTACT})"

# --- politeness ------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy runs this many workers over each callback's output; the pipeline is synchronous, so more
# only costs tasks (the default 100 made up a tenth of a crawl's CPU).
CONCURRENT_ITEMS = 4
# Scrapy stops downloading while its scraper holds responses of more than this many bytes. An
# unthrottled crawl downloads faster than its extraction worker reads: Scrapy's 5 MB of waiting pages
# (and their copies queued for the worker) added 14-19 MiB at the peak and no speed (bench_crawl's
# bitrix site, two runs each: 139 against 153-158 MiB, 309-310 against 286-300 pages/s). A larger
# response is still taken, alone.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
# Scrapy re-reads a callback's source to warn of `return value` in a generator, for every request
# whose bound method it has not cached (5% of a crawl's CPU); tests/test_spider_callbacks.py checks ours.
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# The 1 GiB default lets a gzip bomb unpack; releases are small.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A site that never ends (a calendar trap, a broken pager) must not hold the night hostage.
CLOSESPIDER_TIMEOUT = 2 * 60 * 60
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control runs Python code sent to a local HTTP port (its token written to a job
# file): a nightly service needs no such door, and it costs aiohttp at every start.
# Left out of the extension list altogether: Scrapy imports every listed extension, even one set to None.
REMOTE_CONTROL_ENABLED = False
EXTENSIONS_BASE = {
    name: order
    for name, order in default_settings.EXTENSIONS_BASE.items()
    if name != "scrapy.extensions.remote_control.RemoteControl"
}
SPIDER_MIDDLEWARES = {
    # A URL too long to ask for, and a callback that raises, end counted (crawler.scrapy_glue.failures).
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "crawler.scrapy_glue.failures.UrlLengthCounted": 800,
    "crawler.scrapy_glue.failures.CallbackErrors": 950,
}
# A cache serves stale pages by heuristic freshness: never in production.
HTTPCACHE_ENABLED = False
# A full disk (crawler.scrapy_glue.disk_guard): every spider stops with `disk_full` while this much
# room is left on the archive's file system, so the run is recorded and nothing is cut in half.
EXTENSIONS = {
    "crawler.scrapy_glue.disk_guard.DiskGuard": 100,
    # Requests the scheduler drops as duplicates end counted (crawler.scrapy_glue.failures).
    "crawler.scrapy_glue.failures.DroppedRequests": 0,
    # `scrapy crawl` takes the archive's writer lock like every pressarchive command that writes
    # (crawler.scrapy_glue.writer_lock); a pressarchive command holds it already.
    "crawler.scrapy_glue.writer_lock.WriterLock": 0,
}
PRESSARCHIVE_MIN_FREE_MB = 256
PRESSARCHIVE_DISK_CHECK_SECONDS = 1.0
# `scrapy crawl`: seconds to wait for another writer of the archive before refusing (0: refuse at once).
PRESSARCHIVE_WRITER_WAIT = 0

# --- flow ------------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "crawler.scrapy_glue.pipelines.ArchivePipeline": 500,
}
# Raw capture (crawler.scrapy_glue.capture): every response to WARC files under <db dir>/warc/, taken next to
# the downloader (950) so it is stored as received, before decompression and redirects.
PRESSARCHIVE_CAPTURE = True
PRESSARCHIVE_WARC_MAX_BYTES = 100 * 1024 * 1024
DOWNLOADER_MIDDLEWARES = {
    # Conditional GET (crawler.scrapy_glue.conditional) on feeds and first listing pages of incremental runs.
    "crawler.scrapy_glue.conditional.ConditionalGetMiddleware": 560,
    "crawler.scrapy_glue.capture.CaptureMiddleware": 950,
    # Failures by class (crawler.scrapy_glue.errors): tls, dns, timeout, connection; for source health.
    "crawler.scrapy_glue.errors.ErrorClassMiddleware": 960,
    # Redirects off the source's hosts (crawler.scrapy_glue.moves), seen before RedirectMiddleware (600).
    # Redirects to another port and <meta refresh> off the site not followed
    # (crawler.scrapy_glue.offsite_redirects): 3xx seen before RedirectMiddleware (600); a refresh
    # after HttpCompressionMiddleware (590) has unpacked the page, before MetaRefreshMiddleware (580).
    "crawler.scrapy_glue.offsite_redirects.OffsiteRedirectMiddleware": 650,
    "crawler.scrapy_glue.offsite_redirects.OffsiteRefreshMiddleware": 585,
    # Scrapy's MetaRefreshMiddleware, which decodes every page to look for a refresh; this one
    # first looks in the page's bytes (crawler.scrapy_glue.meta_refresh). Same place, same answers.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.scrapy_glue.meta_refresh.ByteScanMetaRefreshMiddleware": 580,
    # Retry-After (crawler.scrapy_glue.retry_after): read before RetryMiddleware (550) retries a 429/503.
    "crawler.scrapy_glue.retry_after.RetryAfterMiddleware": 555,
    "crawler.scrapy_glue.moves.MovedHostMiddleware": 700,
    # Invalid bytes replaced to read a page (crawler.scrapy_glue.decoding), counted as decoded: after
    # decompression (590) and redirects (600).
    "crawler.scrapy_glue.decoding.DecodingStatsMiddleware": 540,
}
PRESSARCHIVE_CONDITIONAL_GET = True
# Attachments (crawler.scrapy_glue.attachments): each stored release's document files (PDF, DOC(X),
# RTF, ODT, XLS(X), ODS) on the source's hosts are fetched (conditional GET), captured, read in a
# bounded process (crawler.attachments: memory, deadline) and stored in `attachments`.
PRESSARCHIVE_ATTACHMENTS = True
PRESSARCHIVE_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024
PRESSARCHIVE_ATTACHMENTS_PER_RUN = 300  # files asked for per source and run
# MB of files received by all sources of one run together (0: no bound); the rest is fetched next night.
PRESSARCHIVE_ATTACHMENTS_RUN_MAX_MB = 2048
PRESSARCHIVE_ATTACHMENT_TIMEOUT = 60.0  # seconds to read one file
PRESSARCHIVE_ATTACHMENT_MEMORY_MB = 1024  # the reader process's address space
PRESSARCHIVE_ATTACHMENT_OCR = False  # scanned PDF pages read by Tesseract, where installed
# Bounds on what one page may cost (crawler.normalise.html_cap, crawler.normalise.release): the HTML
# read per page (longer pages lose scripts, styles, SVG and data: URIs, then are cut; counted as
# extract/html_cut) and the body HTML kept per release (extract/body_cut). The capture keeps the page whole,
# up to DOWNLOAD_MAXSIZE. `reextract` reads with the defaults.
PRESSARCHIVE_HTML_MAX_CHARS = 2_000_000
PRESSARCHIVE_BODY_MAX_CHARS = 500_000
# Whether each body's MinHash (archive.clusters.signature) is made with its page. A crawl on one
# machine leaves them to the clustering after it, so that neither the crawl nor its extraction worker
# loads numpy while pages are read (bench_crawl's peak 120 -> 103-108 MiB, docs/performance.md); a
# distributed worker makes them (crawler.distributed.worker), spreading that work over its machines.
PRESSARCHIVE_SIGN_BODIES = False
# A listing page is read further (its links are its worth: an «all news» page of 10,000 items);
# one cut all the same is counted as extract/listing_cut as well.
PRESSARCHIVE_LISTING_MAX_CHARS = 8_000_000
# A host that answers 429/503 with Retry-After is paused that long, up to this many seconds; a longer
# wait leaves the host alone for the rest of the run (said in the source's health).
PRESSARCHIVE_RETRY_AFTER_MAX = 300
# Re-check (crawler.scrapy_glue.recheck): known releases first seen within this many days that this run's
# listings did not lead to are asked again whether they still exist (404/410, redirect home).
PRESSARCHIVE_RECHECK_DAYS = 60
PRESSARCHIVE_RECHECK_MAX = 500
LOG_LEVEL = os.environ.get("PRESSARCHIVE_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
