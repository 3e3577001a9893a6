"""The *.mosreg.ru ministry layout (/sobytiya/novosti-ministerstva), sites.md section 2.

Same cascade as the generic page object, with the layout's selectors as defaults. The date comes
from the article's own `.article__pubdate` (day and year elements joined), never from the header
"today" stamp or the sidebar of other news; the time, when needed, comes from the URL slug
(crawler.normalise.release does that). Pagination ?page=N (1-based) is detected from the pager.
"""

from __future__ import annotations

import logging

from crawler.pages.generic import GenericPage
from crawler.registry.sources import Selectors

logger = logging.getLogger(__name__)


class MosregMinistryPage(GenericPage):
    name = "mosreg_ministry"
    selectors = Selectors(
        item=".news-list-page__item .event__content, div.event__content",
        link=".event__title a",
        list_date=".event__pub-date",
        next_page="a.pagination__next, a[rel=next]",
        title=".page__header h1",
        date=".article__pubdate",
        body=".article__inner",
    )
    lead_selector = ".article__lead"
    tags_selector = ".article__tags a, .tags a"
    attachments_selector = ".article__files, .article__docs"
