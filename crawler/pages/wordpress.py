"""WordPress sites (strateg-prf.admin-smolensk.ru's /news/page/N, the export centre; sites.md §6, §4).

Stock theme markup: `article.post` in archives with `h2.entry-title a` and `time.entry-date`;
single posts with `h1.entry-title`, `time.entry-date.published` (its datetime attribute carries the
time), `.entry-content`, `rel="category tag"` rubrics and tags; /page/N/ pagination
(`a.next.page-numbers`); the feed is /feed/.
"""

from __future__ import annotations

import logging

from crawler.pages.generic import GenericPage
from crawler.registry.sources import Selectors

logger = logging.getLogger(__name__)


class WordpressPage(GenericPage):
    name = "wordpress"
    selectors = Selectors(
        item="main article.post, main article.type-post, #main article, .site-main article",
        link=".entry-title a",
        list_date="time.entry-date",
        next_page="a.next.page-numbers, .nav-previous a, .nav-links a.next",
        title="h1.entry-title, .entry-header h1",
        date="time.entry-date.published, .entry-meta time.entry-date, .posted-on time",
        body=".entry-content, .post-content",
    )
    updated_selector = "time.updated:not(.published)"
    tags_selector = ".entry-footer a[rel~=tag], .entry-meta a[rel~=tag], .tags-links a, .cat-links a"
    attachments_selector = ".entry-content .wp-block-file, .entry-content .attachment"
