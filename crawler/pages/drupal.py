"""Drupal 7 sites (kurganobl.ru, nso.ru, pskov.ru; sites.md §6) and the real kurganobl.ru fragment.

Views lists (`.views-row` with `.views-field-created` / `.views-field-title`), nodes with
`h1#page-title`, `.submitted` (RDFa dc:date) and `.field-name-body`; taxonomy tags and file
fields. The pager is ?page=N, 0-based, labelled from 1 (detected from `li.pager-next` and the
numbers); the feed is /rss.xml. A site whose markup differs falls back to the generic cascade.
"""

from __future__ import annotations

import logging

from crawler.pages.generic import GenericPage
from crawler.registry.sources import Selectors

logger = logging.getLogger(__name__)


class DrupalPage(GenericPage):
    name = "drupal"
    selectors = Selectors(
        item=".region-content .views-row, #content .views-row, .view-display-id-page .views-row",
        link=".views-field-title",  # its <a> inside, or the <a> around it (kurganobl.ru's home block)
        list_date=".views-field-created, .views-field-field-date, .date-display-single",
        next_page="li.pager-next a, li.pager__item--next a",
        title="h1#page-title, h1.page-title, h1.page-header",
        date=".node .submitted, .node .field-name-post-date, .node .date-display-single",
        body=".node .field-name-body, .node-content .field--name-body, .field-name-body",
    )
    tags_selector = ".node .field-name-field-tags a, .node .field-type-taxonomy-term-reference a"
    attachments_selector = ".node .field-type-file, .node .field-name-field-files, .node .file"
