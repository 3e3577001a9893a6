"""The *.mosreg.ru ministry layout (/sobytiya/novosti-ministerstva), sites.md section 2.

Same cascade as the generic page object, with the layout's selectors as defaults. The date comes
from the article's own `.article__pubdate` (day and year elements joined), never from the header
"today" stamp or the sidebar of other news; the time, when needed, comes from the URL slug
(crawler.normalise.release does that).
"""

from __future__ import annotations

import logging

from crawler.pages.generic import DEFAULT_NEXT_PAGE, GenericPage
from crawler.sources import Selectors

logger = logging.getLogger(__name__)


class MosregMinistryPage(GenericPage):
    name = "mosreg_ministry"
    selectors = Selectors(
        item=".news-list-page__item .event__content, div.event__content",
        link=".event__title a",
        list_date=".event__pub-date",
        next_page=DEFAULT_NEXT_PAGE,  # starts with "a[rel=next], .pagination__next"
        title=".page__header h1",
        date=".article__pubdate",
        body=".article__inner",
    )
    lead_selector = ".article__lead"
