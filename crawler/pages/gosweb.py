"""ГосВеб (gosweb.gosuslugi.ru, NetCat underneath; sites.md §7).

No news page of a gosweb site is in the stored material: these defaults are a GUESS modelled on
the platform's BEM-style templates (`.news-list__item`, `.news-detail__*`) and NetCat file paths
(/netcat_files/...); every key can be overridden in the registry, and a page they do not fit
falls back to the generic cascade (metadata, trafilatura, text heuristics).
"""

from __future__ import annotations

import logging

from crawler.pages.generic import GenericPage
from crawler.registry.sources import Selectors

logger = logging.getLogger(__name__)


class GoswebPage(GenericPage):
    name = "gosweb"
    selectors = Selectors(
        item=".news-list__item, .gw-news-list__item, .news-card",
        link="a.news-list__link, .news-list__title a, a",
        list_date=".news-list__date, .gw-news-list__date, .news-card__date",
        next_page=".pagination__next, .gw-pagination__next a",
        title="h1.news-detail__title, .gw-news-detail h1, h1.page-title",
        date=".news-detail__date, .gw-news-detail__date",
        body=".news-detail__text, .gw-news-detail__content, .news-detail__content",
    )
    lead_selector = ".news-detail__lead, .gw-news-detail__lead"
    tags_selector = ".news-detail__tags a, .gw-tags a"
    attachments_selector = ".news-detail__files, .gw-documents, .document-list"
