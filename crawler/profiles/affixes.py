"""The constant text a site's <title>s put around every headline («Фонд … :: », « | Министерство …»)."""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"\s*(?:::|\||—|–|-|/|\\|»|«|:|•|·|>)\s*$")
_SEPARATOR_START = re.compile(r"^\s*(?:::|\||—|–|-|/|\\|»|«|:|•|·|<)\s*")


def title_affixes(titles: list[str]) -> tuple[str, str, bool]:
    """The constant text before and after the headline in the pages' <title>s, each cut at a
    separator («Министерство … :: », « | Сайт»); and whether <title> is the same on every page."""
    titles = [title for title in titles if title]
    if len(titles) < 2:
        return "", "", False
    if len(set(titles)) == 1:
        return "", "", True
    prefix = _common_prefix(titles)
    suffix = _common_prefix([title[::-1] for title in titles])[::-1]
    prefix = _cut_prefix(prefix)
    suffix = _cut_suffix(suffix)
    if any(len(title) <= len(prefix) + len(suffix) for title in titles):
        return "", "", False
    return prefix, suffix, False


def _common_prefix(texts: list[str]) -> str:
    first, last = min(texts), max(texts)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _cut_prefix(prefix: str) -> str:
    """The common prefix up to and including its last separator (nothing without one)."""
    best = ""
    for position in range(len(prefix), 0, -1):
        if _SEPARATOR.search(prefix[:position]):
            best = prefix[:position]
            break
    return best if best.strip() and len(best.strip()) > 1 else ""


def _cut_suffix(suffix: str) -> str:
    for position in range(len(suffix)):
        if _SEPARATOR_START.match(suffix[position:]):
            found = suffix[position:]
            return found if len(found.strip()) > 1 else ""
    return ""


def strip_affixes(title: str, prefix: str, suffix: str) -> str:
    """`title` without the profile's constant <title> prefix and suffix (never emptied)."""
    text = title
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text.strip() or title


def site_name(prefix: str, suffix: str) -> str | None:
    """The site's name as its <title>s frame every headline: an affix without its separator."""
    affix = prefix or suffix
    name = _SEPARATOR_START.sub("", _SEPARATOR.sub("", affix)).strip()
    return name or None
