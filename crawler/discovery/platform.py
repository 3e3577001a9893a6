"""Which platform adapter fits a site, guessed from the markup of one of its pages.

Traces, strongest first: *.mosreg.ru ministry markup; 1C-Bitrix paths (/bitrix/, /upload/iblock/,
PAGEN_); Drupal (misc/drupal.js, generator "Drupal", views-row); WordPress (wp-content,
generator "WordPress"); ГосВеб/NetCat (gosweb, /netcat_files/). Otherwise "generic".
"""

from __future__ import annotations

import re

from crawler.normalise.urls import url_host

_TRACES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "bitrix",
        re.compile(r"/bitrix/(?:js|templates|cache|components|rss\.php)|/upload/iblock/|PAGEN_\d", re.I),
    ),
    (
        "drupal",
        re.compile(r"misc/drupal\.js|content=\"Drupal|Drupal\.settings|/sites/(?:all|default)/", re.I),
    ),
    ("wordpress", re.compile(r"/wp-content/|/wp-includes/|content=\"WordPress", re.I)),
    ("gosweb", re.compile(r"gosweb\.gosuslugi\.ru|/netcat_files/|netcat", re.I)),
)
_MOSREG = re.compile(r"news-list-page__|article__pubdate|/sobytiya/novosti", re.I)


def guess_platform(url: str, html: str) -> tuple[str, str]:
    """(platform, the trace that decided it)."""
    if url_host(url).endswith("mosreg.ru") and (match := _MOSREG.search(html)):
        return "mosreg_ministry", match.group(0)
    for platform, pattern in _TRACES:
        if match := pattern.search(html):
            return platform, match.group(0)
    return "generic", "no CMS trace"
