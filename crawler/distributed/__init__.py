"""Crawling beyond one machine: workers on Redis, one writer (see docs/distributed.md)."""
