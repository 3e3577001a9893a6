"""The registry of page objects by platform name (imported lazily by crawler.pages)."""

from __future__ import annotations

from crawler.pages.base import PageObject
from crawler.pages.bitrix import BitrixPage
from crawler.pages.drupal import DrupalPage
from crawler.pages.generic import GenericPage
from crawler.pages.gosweb import GoswebPage
from crawler.pages.mosreg_ministry import MosregMinistryPage
from crawler.pages.wordpress import WordpressPage

PLATFORMS: dict[str, PageObject] = {
    page.name: page
    for page in (
        MosregMinistryPage(),
        GenericPage(),
        BitrixPage(),
        DrupalPage(),
        WordpressPage(),
        GoswebPage(),
    )
}
