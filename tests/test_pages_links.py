"""crawler.pages.links.resolver gives absolute_url's answer for every link, short cut or not."""

from __future__ import annotations

import itertools

import pytest

from crawler.normalise.urls import absolute_url
from crawler.pages.links import resolver

BASES = [
    "https://mii.mosreg.ru/sobytiya/novosti-ministerstva/16-10-2026-shkola",
    "http://old.example.ru/",
    "https://example.ru",
    "https://user:pw@example.ru:8080/a/b?c=1#d",
    "https://ёлка.рф/новости/",
    "http://[::1]/a",
    "ftp://example.ru/pub/",
    "https://example.ru/a;b/c?d",
    "",
]
PIECES = ["", "/", "//", ".", "..", "a", "file.pdf", "?q=1", "?", "#x", "#", ";p", "http://", "https://",
          "HTTPS://", "mailto:x", "javascript:", "h.ru", "[::1]", " ", "\t", "\n", "%2E", "ё", "/./", "/../",
          "x/", ":", "\\", "user@"]  # fmt: skip
REAL = [
    "/upload/iblock/abc/photo.jpg",
    "https://mii.mosreg.ru/sobytiya/novosti-ministerstva/16-10-2026-shkola",
    "https://cdn.example.ru/img/1.png",
    "http://other.ru/x",
    "/files/doc%2Epdf",
    "/news/?page=2",
    " /a b.jpg ",
    "../up.html",
    "img/x.jpg",
    "#top",
    "//cdn.example.ru/x.js",
    "/a//b",
    "/a/./b",
    "/a/..",
    "https://example.ru/a?",
    "https://example.ru/a;x",
    None,
]
HREFS = REAL + ["".join(parts) for parts in itertools.product(PIECES, repeat=2)]


@pytest.mark.parametrize("base", BASES)
def test_resolver_agrees_with_absolute_url(base: str) -> None:
    resolve = resolver(base)
    for href in HREFS:
        assert resolve(href) == absolute_url(base, href), (base, href)
