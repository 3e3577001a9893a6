"""Runs: a crawl in-process, re-extraction from the WARC files, extraction of one saved file."""
