"""1C-Bitrix sites (news.list / news.detail components), sites.md §6: permkrai.ru, invest.tatarstan.ru,
federal ministries (minvr.gov.ru, minobrnauki.gov.ru).

Defaults follow the components' stock templates and the classes other scrapers used
(`.news-item`, `.news-date-time`, `.news-detail`); pagination is ?PAGEN_1=N (detected from the
pager, `.modern-page-next` / `.bx-pag-next`); the feed is /bitrix/rss.php. Pages are often
windows-1251 (crawler.normalise.encoding decodes them). Registry selectors override any default.
"""

from __future__ import annotations

import logging

from crawler.pages.generic import GenericPage
from crawler.registry.sources import Selectors

logger = logging.getLogger(__name__)


class BitrixPage(GenericPage):
    name = "bitrix"
    selectors = Selectors(
        item=".news-list .news-item, .news-list__item, .article__header",
        link="a",
        list_date=".news-date-time, .news-item__date, .news-list__date",
        next_page=".modern-page-next, .bx-pag-next a, a.modern-page-next",
        title=".news-detail h1, h1.news-detail__title, .news-detail__title",
        date=".news-detail .news-date-time, .news-detail__date",
        body=".news-detail__text, .news-detail .detail-text, .news-detail-text",
    )
    lead_selector = ".news-detail__preview, .news-detail .preview-text"
    tags_selector = ".news-detail__tags a, .news-detail .tags a, .search-tags a"
    attachments_selector = ".news-detail__files, .news-detail-files, .docs-list, .document-list"
