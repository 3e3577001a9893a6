"""Scrapy glue: settings, items, pipelines and middlewares; the crawl's side of the archive."""
