"""archive.triage: one kind per source from its latest run, and the registry fix it suggests."""

from __future__ import annotations

import json

import pytest

from archive.triage import triage

HOME_ONLY = {"name": "s", "homepage": "https://old.example.ru/", "start_urls": "[]"}
LISTED = {
    "name": "s",
    "homepage": "https://old.example.ru/",
    "start_urls": '["https://old.example.ru/news/"]',
}


def run(pages: int = 10, items: int = 5, dated: int = 5, **parts: dict[str, object]) -> dict[str, object]:
    return {
        "pages": pages,
        "items": items,
        "dated": dated,
        **{key: json.dumps(value) for key, value in parts.items()},
    }


@pytest.mark.parametrize(
    ("source", "latest", "kind", "fix"),
    [
        (HOME_ONLY, None, "not_crawled", ""),
        (HOME_ONLY, run(), "working", ""),
        (
            HOME_ONLY,
            run(1, 0, 0, stats={"section/moved_to": "https://new.example.ru/home"}),
            "moved",
            'homepage = "https://new.example.ru/"',
        ),
        (
            LISTED,
            run(1, 0, 0, stats={"moved/to": "https://new.example.ru/news/", "moved/from": "x"}),
            "moved",
            "start_urls on the new host",
        ),
        (HOME_ONLY, run(0, 0, 0, error_classes={"tls": 3}), "unreachable", "verify_tls = false"),
        (HOME_ONLY, run(0, 0, 0, error_classes={"dns": 1}), "unreachable", "does not resolve"),
        (HOME_ONLY, run(2, 0, 0, drops={"block_page": 2}), "blocked", "Russian address"),
        (HOME_ONLY, run(2, 0, 0, http_errors={"403": 2}), "blocked", "Russian address"),
        (
            HOME_ONLY,
            run(3, 0, 0, stats={"section/not_found": 1, "section/probed": 4}),
            "no_press_section",
            "give start_urls",
        ),
        (LISTED, run(8, 6, 0), "no_dated_releases", "selectors.date"),
        (LISTED, run(8, 0, 0), "no_dated_releases", "discover https://old.example.ru/news/"),
    ],
)
def test_each_kind_and_its_fix(source, latest, kind: str, fix: str) -> None:  # type: ignore[no-untyped-def]
    result = triage(source, latest)
    assert result.kind == kind and fix in result.fix


def test_a_move_wins_over_the_failures_it_causes() -> None:
    latest = run(0, 0, 0, stats={"moved/to": "https://new.example.ru/"}, error_classes={"connection": 2})
    assert triage(HOME_ONLY, latest).kind == "moved"
