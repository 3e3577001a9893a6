"""What `pressarchive discover` says about paging that happens in the browser, and the site's name."""

from __future__ import annotations

from crawler.discovery.report import PageWalked, Report, render_text, site_name_from_affixes
from crawler.pages.gosweb import BROWSER_ONLY


def test_browser_only_paging_is_said() -> None:
    report = Report(url="https://ulmeria.gosuslugi.ru/dlya-zhiteley/novosti-i-reportazhi/", status=200)
    report.pages.append(PageWalked(report.url, 3, 3, None, BROWSER_ONLY))
    text = render_text(report)
    assert "paging may happen in the browser only" in text and "sitemap_url" in text
    report.pages[0] = PageWalked(report.url, 3, 3, None, None)
    assert "browser only" not in render_text(report)


def test_site_name_from_the_title_affixes() -> None:
    name = site_name_from_affixes
    assert name({"title_tag": {"prefix": "Фонд развития :: ", "suffix": ""}}) == "Фонд развития"
    assert name({"title_tag": {"prefix": "", "suffix": " | Минэкономики"}}) == "Минэкономики"
    assert site_name_from_affixes({"title_tag": "constant (the site's name only)"}) is None
    assert site_name_from_affixes(None) is None
