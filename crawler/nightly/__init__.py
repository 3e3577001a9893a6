"""The scheduled job: lock, incremental crawl, re-checks, health, alerts, summary."""
