"""Where in a release's attachments a query was found: the file, the page, a snippet (issue 16).

The search page shows, under a release found by the words of its PDF, «в приложении
«Отчёт.pdf», с. 3: …snippet…». The index says only that the release matched; which file and
page is found here, for the twenty rows shown, from the stored text (pages separated by a form
feed, crawler.attachments.model.PAGE_BREAK).

A page is read word by word (stemmed) only when it holds one of the query's stems as a substring
of its lower-cased text: Russian Snowball only cuts endings, so a stem is a prefix of the folded
word it came from, and a page without any stem as a substring holds no match. A 300-page
report is thus read at the speed of `str.find`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict, dataclass

from archive.search import fold
from archive.snippets import query_matcher, snippet_of, words_and_terms

logger = logging.getLogger(__name__)

PAGE_BREAK = "\f"  # as crawler.attachments.model.PAGE_BREAK (archive does not import crawler)
SHEET_KINDS = frozenset({"xlsx", "xls", "ods"})


@dataclass(frozen=True)
class AttachmentHit:
    """The best page of one file for a query; `more`: how many other files of the release match."""

    id: int
    title: str | None
    url: str
    kind: str | None
    page: int  # 1-based page (or sheet) number
    pages: int
    snippet_html: str
    terms: int  # distinct query terms on that page
    more: int = 0


def find_hit(
    attachment_id: int, title: str | None, url: str, kind: str | None, text: str, query: str
) -> AttachmentHit | None:
    """The page of `text` with the most distinct terms of `query`, or None.

    Each page's terms are first bounded from above by the stems found in it as substrings; pages
    are then read word by word from the highest bound down, and no further once no page left can
    beat the best found: usually one page per file, whatever the file's length."""
    matcher = query_matcher(query)
    needles: dict[int, list[str]] = {}
    for stem, number in [*matcher.exact.items(), *matcher.prefixes]:
        needles.setdefault(number, []).append(stem)
    if not needles or not text:
        return None
    pages = text.split(PAGE_BREAK)
    bounds: list[tuple[int, int]] = []  # (-terms at most, page index)
    for index, page in enumerate(pages):
        folded = fold(page)
        present = sum(1 for stems in needles.values() if any(stem in folded for stem in stems))
        if present:
            bounds.append((-present, index))
    bounds.sort()
    best: tuple[int, int, str] | None = None  # (distinct terms, page index, snippet)
    for negative_bound, index in bounds:
        if best is not None and -negative_bound <= best[0]:
            break
        words, terms = words_and_terms(pages[index], matcher)
        distinct = len({term for term in terms if term is not None})
        if distinct and (best is None or distinct > best[0]):
            best = (distinct, index, snippet_of(pages[index], words, terms))
    if best is None:
        return None
    distinct, index, snippet_html = best
    return AttachmentHit(
        id=attachment_id,
        title=title,
        url=url,
        kind=kind,
        page=index + 1,
        pages=len(pages),
        snippet_html=snippet_html,
        terms=distinct,
    )


class _BestHit:
    """SQL aggregate `ru_attachment_hit(id, title, url, kind, text, q)` over a release's files:
    JSON of the file with the most distinct terms on one page (AttachmentHit), NULL if none."""

    def __init__(self) -> None:
        self.best: AttachmentHit | None = None
        self.found = 0

    def step(
        self, attachment_id: object, title: object, url: object, kind: object, text: object, query: object
    ) -> None:
        if not isinstance(text, str) or not isinstance(query, str) or not query.strip():
            return
        try:
            hit = find_hit(
                int(attachment_id) if isinstance(attachment_id, int) else 0,
                title if isinstance(title, str) else None,
                url if isinstance(url, str) else "",
                kind if isinstance(kind, str) else None,
                text,
                query,
            )
        except Exception:  # an SQL function must never fail a page
            logger.exception("attachment hit failed for %r", query)
            return
        if hit is None:
            return
        self.found += 1
        if self.best is None or hit.terms > self.best.terms:
            self.best = hit

    def finalize(self) -> str | None:
        if self.best is None:
            return None
        hit = asdict(self.best) | {"more": self.found - 1}
        return json.dumps(hit, ensure_ascii=False)


def register_hit_function(conn: sqlite3.Connection) -> None:
    conn.create_aggregate("ru_attachment_hit", 6, _BestHit)  # type: ignore[arg-type]


def page_label(kind: str | None, page: int) -> str:
    """«с. 3», or «лист 2» for a spreadsheet."""
    return f"лист {page}" if kind in SHEET_KINDS else f"с. {page}"
