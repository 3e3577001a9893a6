"""Checks for one [[source]] entry of the registry: pure functions, no file handling.

`check_entry` turns the raw TOML table of one entry into keyword arguments for `Source`, or raises
`EntryError(key, problem)`. The loader in `crawler.registry.sources` adds the file and the source name, so
every message an operator sees says where, which source and which key.

Keys that are absent are left out of the result: the defaults live in one place, the `Source`
dataclass. `allowed_domains` is the exception, because its default is computed from the URLs.
"""

from __future__ import annotations

import difflib
import re
import reprlib
import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from cssselect import SelectorError
from parsel.csstranslator import css2xpath

from archive.records import PUBLISHER_KINDS
from crawler.normalise.date_formats import compile_format
from crawler.normalise.date_patterns import DATE_ORDERS
from crawler.registry.regions import close_region_names, region

REQUIRED_KEYS = ("name", "title", "region", "publisher_kind", "timezone", "platform")
OPTIONAL_KEYS = (
    "start_urls",
    "section_paths",
    "feed_url",
    "sitemap_url",
    "homepage",
    "allowed_domains",
    "max_pages",
    "verify_tls",
    "date_order",
    "date_formats",
    "enabled",
    "verified",
    "inferred",
    "notes",
    "selectors",
)
SOURCE_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
SINGLE_URL_KEYS = ("feed_url", "sitemap_url", "homepage")
PROVENANCE_KEYS = ("verified", "inferred")
# Keys that describe the entry itself and so cannot be "seen in material" or "guessed".
UNCLASSIFIABLE_KEYS = ("verified", "inferred", "notes")

_SLUG = re.compile(r"[a-z][a-z0-9_]*")
_DOMAIN = re.compile(r"(?!-)[\w-]+(?:\.(?!-)[\w-]+)*")
# Pages a start URL's pagination may follow at most: a safety limit, so far beyond any real pager.
MAX_PAGES = 10_000
# Values quoted in messages are cut short: a hostile file can hold huge or deeply nested ones.
_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother, _SHOWN.maxlong = 2, 80, 80, 30
_SHOWN.maxlist = _SHOWN.maxdict = 5
_TOML_TYPES: dict[type, str] = {
    bool: "boolean",
    int: "integer",
    float: "float",
    str: "string",
    list: "array",
    dict: "table",
    datetime: "datetime",
    date: "date",
    time: "time",
}


class EntryError(Exception):
    """One key of one entry is wrong; the loader adds the file and the source name."""

    def __init__(self, key: str | None, problem: str) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem


def check_entry(
    raw: Mapping[str, Any], *, platforms: Iterable[str], selector_keys: Iterable[str]
) -> dict[str, Any]:
    """Validate one entry; return `Source` keyword arguments (without `selectors` built)."""
    check_known_keys(raw, SOURCE_KEYS, prefix="")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise EntryError(key, "missing required key")
    if "start_urls" not in raw and "homepage" not in raw:
        raise EntryError(
            "start_urls", "missing: give start_urls, or only homepage and the crawl finds the press section"
        )
    out: dict[str, Any] = {
        "name": check_name(raw["name"]),
        "title": check_text(raw, "title"),
        "region": check_region(raw),
        "publisher_kind": check_choice(raw, "publisher_kind", PUBLISHER_KINDS),
        "timezone": check_timezone(raw["timezone"]),
        "platform": check_choice(raw, "platform", tuple(platforms)),
    }
    if "start_urls" in raw:
        out["start_urls"] = check_url_list(raw, "start_urls")
    for key in SINGLE_URL_KEYS:
        if key in raw:
            out[key] = check_url(key, raw[key])
    if "section_paths" in raw:
        out["section_paths"] = check_section_paths(raw)
    if "max_pages" in raw:
        out["max_pages"] = check_max_pages(raw["max_pages"])
    for key in ("verify_tls", "enabled"):
        if key in raw:
            out[key] = expect(key, raw[key], bool)
    if "notes" in raw:
        out["notes"] = expect("notes", raw["notes"], str).strip()
    if "date_order" in raw:
        out["date_order"] = check_choice(raw, "date_order", DATE_ORDERS)
    if "date_formats" in raw:
        out["date_formats"] = check_date_formats(raw)
    out["selectors"] = check_selectors(raw.get("selectors", {}), tuple(selector_keys))
    out["allowed_domains"] = check_allowed_domains(raw, out)
    out["verified"], out["inferred"] = check_provenance(raw)
    return out


def type_name(value: object) -> str:
    return _TOML_TYPES.get(type(value), type(value).__name__)


def shown(value: object) -> str:
    """`value` as a message quotes it: its repr, shortened."""
    return _SHOWN.repr(value)


def expect(key: str, value: Any, kind: type) -> Any:
    """`value` if it has TOML type `kind` (a bool is not an integer here), else EntryError."""
    if type(value) is not kind:
        wanted = _TOML_TYPES[kind]
        article = "an" if wanted[0] in "aeiou" else "a"
        raise EntryError(key, f"expected {article} {wanted}, got {type_name(value)} {shown(value)}")
    return value


def check_known_keys(table: Mapping[str, Any], known: tuple[str, ...], *, prefix: str) -> None:
    for key in table:
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise EntryError(f"{prefix}{key}", f"unknown key{suggestion}; allowed: {', '.join(known)}")


def check_name(value: Any) -> str:
    name: str = expect("name", value, str)
    if not _SLUG.fullmatch(name):
        raise EntryError(
            "name", f"{name!r} is not a slug: a-z, 0-9 and '_', starting with a letter (e.g. 'mosreg_mii')"
        )
    return name


def check_text(raw: Mapping[str, Any], key: str) -> str:
    text: str = expect(key, raw[key], str)
    if not text.strip():
        raise EntryError(key, "must not be empty")
    return text


def check_choice(raw: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    value: str = expect(key, raw[key], str)
    if value not in choices:
        raise EntryError(key, f"{value!r} is not one of: {', '.join(choices)}")
    return value


def check_region(raw: Mapping[str, Any]) -> str:
    """The official name of a subject of the federation (short forms like «Чукотский АО» accepted)."""
    name = check_text(raw, "region")
    found = region(name)
    if found is None:
        hint = close_region_names(name)
        suggestion = (
            f"did you mean {hint[0]!r}?" if hint else "e.g. 'Московская область', 'Республика Татарстан'"
        )
        raise EntryError("region", f"{name!r} is not a subject of the Russian Federation ({suggestion})")
    return found.name


def check_section_paths(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """URL path prefixes that narrow a source to one part of a site (a ministry's news on a portal)."""
    paths = check_string_list(raw, "section_paths", allow_empty=False)
    for path in paths:
        if not path.startswith("/") or any(char.isspace() for char in path) or "?" in path or "#" in path:
            raise EntryError(
                "section_paths", f"{path!r} is not a URL path starting with '/' (e.g. '/ministries/economy/')"
            )
    return paths


def check_timezone(value: Any) -> str:
    zone: str = expect("timezone", value, str)
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        hint = difflib.get_close_matches(zone, sorted(zoneinfo.available_timezones()), n=1)
        example = f"did you mean {hint[0]!r}?" if hint else "e.g. 'Europe/Moscow', 'Asia/Yekaterinburg'"
        raise EntryError("timezone", f"{zone!r} is not an IANA time zone ({example})") from None
    return zone


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL with a host, or None if it is one."""
    if not url or any(char.isspace() for char in url):
        return "must be a non-empty URL without spaces"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "must be an absolute http:// or https:// URL"
    if not parts.hostname:
        return "has no host"
    return None


def check_url(key: str, value: Any) -> str:
    url: str = expect(key, value, str)
    problem = url_problem(url)
    if problem:
        raise EntryError(key, f"{url!r} {problem}")
    return url


def check_string_list(raw: Mapping[str, Any], key: str, *, allow_empty: bool) -> tuple[str, ...]:
    value = raw[key]
    if type(value) is not list or any(type(item) is not str for item in value):
        raise EntryError(key, f"expected an array of strings, got {type_name(value)} {shown(value)}")
    if not value and not allow_empty:
        raise EntryError(key, "must not be empty")
    duplicates = sorted({item for item in value if value.count(item) > 1})
    if duplicates:
        raise EntryError(key, f"lists {', '.join(map(repr, duplicates))} more than once")
    return tuple(value)


def check_url_list(raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
    urls = check_string_list(raw, key, allow_empty=False)
    for url in urls:
        check_url(key, url)
    return urls


def check_max_pages(value: Any) -> int:
    pages: int = expect("max_pages", value, int)
    if pages < 1:
        raise EntryError("max_pages", f"must be at least 1, got {pages}")
    if pages > MAX_PAGES:
        raise EntryError("max_pages", f"must be at most {MAX_PAGES} (a safety limit), got {shown(pages)}")
    return pages


def check_date_formats(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """Each format compiles (crawler.normalise.date_formats.compile_format says why not)."""
    formats = check_string_list(raw, "date_formats", allow_empty=False)
    for fmt in formats:
        try:
            compile_format(fmt)
        except ValueError as exc:
            raise EntryError("date_formats", str(exc)) from None
    return formats


def check_selectors(value: Any, selector_keys: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, Any] = expect("selectors", value, dict)
    check_known_keys(table, selector_keys, prefix="selectors.")
    for key, selector in table.items():
        css: str = expect(f"selectors.{key}", selector, str)
        try:
            css2xpath(css)
        except SelectorError as exc:
            raise EntryError(f"selectors.{key}", f"{css!r} is not a valid CSS selector: {exc}") from None
    return dict(table)


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def host_allowed(host: str, domains: Iterable[str]) -> bool:
    """Scrapy's rule: a host is allowed if it is a listed domain or a subdomain of one."""
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def check_allowed_domains(raw: Mapping[str, Any], checked: Mapping[str, Any]) -> tuple[str, ...]:
    url_keys = [("start_urls", url) for url in checked.get("start_urls", ())]
    # Homepage only: the press section is found on the home page's site (www.x.ru and x.ru are one
    # site, and press.x.ru belongs to it).
    home_only = not url_keys
    if home_only:
        url_keys = [("homepage", checked["homepage"])]
    url_keys += [(key, checked[key]) for key in ("feed_url", "sitemap_url") if key in checked]
    if "allowed_domains" not in raw:
        hosts = (
            host_of(url).removeprefix("www.") if home_only and key == "homepage" else host_of(url)
            for key, url in url_keys
        )
        return tuple(dict.fromkeys(hosts))
    domains = check_string_list(raw, "allowed_domains", allow_empty=False)
    for domain in domains:
        if not _DOMAIN.fullmatch(domain) or domain != domain.lower():
            raise EntryError(
                "allowed_domains", f"{domain!r} is not a bare lower-case host name (no scheme, port or path)"
            )
    for key, url in url_keys:
        host = host_of(url)
        if not host_allowed(host, domains):
            raise EntryError(key, f"host {host!r} of {url!r} is outside allowed_domains {list(domains)}")
    return domains


def present_keys(raw: Mapping[str, Any]) -> list[str]:
    """The keys an entry sets, with each selector as 'selectors.<field>'."""
    keys = [key for key in raw if key not in UNCLASSIFIABLE_KEYS]
    selectors = raw.get("selectors")
    if isinstance(selectors, dict):
        keys += [f"selectors.{field}" for field in selectors]
    return keys


def check_provenance(raw: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`verified` and `inferred`: each names keys this entry sets, and no key is in both."""
    present = present_keys(raw)
    lists: dict[str, tuple[str, ...]] = {}
    for key in PROVENANCE_KEYS:
        lists[key] = check_string_list(raw, key, allow_empty=True) if key in raw else ()
        for item in lists[key]:
            if item in present:
                continue
            if item in UNCLASSIFIABLE_KEYS:
                raise EntryError(key, f"{item!r} describes the entry itself and cannot be {key}")
            hint = difflib.get_close_matches(item, present, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise EntryError(key, f"names {item!r}, which is not a key set in this entry{suggestion}")
    both = sorted(set(lists["verified"]) & set(lists["inferred"]))
    if both:
        raise EntryError("inferred", f"{', '.join(map(repr, both))} listed as both verified and inferred")
    return lists["verified"], lists["inferred"]
