"""What the spider hands to the pipelines besides article outcomes (crawler.runs.page_jobs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReleaseGone:
    """A known release's URL answered 404/410 or redirected to a listing or home page."""

    release_id: str
    url: str
    source: str
    checked_at: dt.datetime  # aware, UTC
    http_status: int
    redirect_to: str | None = None
    capture_id: int | None = None
