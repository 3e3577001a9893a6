"""Redirects and <meta refresh> stay on the source's host and port.

The real crawl is tests/test_hostile_crawl.py's: the hostile site answers on one port, a stranger's
server on another port of the same host. A redirect to the stranger is not followed (counted,
`redirect/offsite_port`, and kept with the run's HTTP errors as a 302), an article whose <meta
refresh> points there is archived as itself (`redirect/refresh_ignored`), the stranger is never
asked, and a redirect within the site still works. Here: which targets count as the site's.
"""

from __future__ import annotations

from crawler.scrapy_glue.offsite_redirects import origin, stays_on_site


def test_which_targets_stay_on_site() -> None:
    domains = ("minek.example.ru",)
    known = frozenset({origin("https://minek.example.ru:8443/news")} - {None})  # type: ignore[arg-type]
    here = "http://minek.example.ru/news/1"
    assert stays_on_site(here, "http://minek.example.ru/news/2", domains, known)
    assert stays_on_site(here, "https://minek.example.ru/news/1", domains, known)  # upgrade to https
    assert stays_on_site(here, "https://www.minek.example.ru/news/1", ("minek.example.ru",), known)
    assert stays_on_site(
        here, "https://minek.example.ru:8443/news/1", domains, known
    )  # a port the registry names
    assert not stays_on_site(here, "http://minek.example.ru:9090/news/1", domains, known)
    assert not stays_on_site("http://minek.example.ru:8080/a", "http://minek.example.ru/a", domains, known)
    assert not stays_on_site(here, "https://other.example.ru/news/1", domains, known)
    assert not stays_on_site(here, "http://minek.example.ru:99999/", domains, known)  # no such port
    assert not stays_on_site(here, "javascript:alert(1)", domains, known)
