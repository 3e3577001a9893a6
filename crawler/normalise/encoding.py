"""Bytes of a Russian web page -> text: windows-1251 and koi8-r, declared, undeclared or mis-declared.

Order of evidence: a byte-order mark; valid UTF-8 (legacy Cyrillic bytes are almost never valid
UTF-8); then the single-byte Cyrillic code pages scored by Russian letter statistics, where a
declared charset (HTTP header, <meta>, XML declaration) wins unless the statistics clearly refute
it. A page that is pure ASCII decodes the same in all of them.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

CYRILLIC_CODEPAGES = ("cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic")  # codecs.lookup names
SNIFF_BYTES = 4096
# A declared single-byte charset is kept unless another code page reads this much better.
DECLARED_MARGIN = 1.5

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:+-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)

# Relative frequencies of Russian letters (per mille, from common corpus counts).
_FREQUENCIES = {
    "о": 110, "е": 85, "а": 80, "и": 74, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45, "л": 44,
    "к": 35, "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17, "г": 17, "з": 16,
    "б": 16, "ч": 14, "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3, "ф": 3,
    "ъ": 1, "ё": 2,
}  # fmt: skip
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_UPPER_WEIGHT = 0.25  # capitals are normal at word starts, rare elsewhere


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. "utf-8", "cp1251", "koi8-r"
    declared: str | None  # what the page or the server claimed, normalised
    method: str  # bom | utf8 | declared | detected | ascii


def codec_name(label: str | None) -> str | None:
    """A Python codec name for a charset label ("windows-1251" -> "cp1251"); None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-cp1251", "win-1251", "cp-1251"):
        label = "cp1251"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The charset the server header, the XML declaration or a <meta> tag claims (codec name)."""
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        name = codec_name(match.group(1))
        if name:
            return name
    head = body[:SNIFF_BYTES]
    for pattern in (_XML_DECL, _META_CHARSET):
        if found := pattern.search(head):
            name = codec_name(found.group(1).decode("ascii", "ignore"))
            if name:
                return name
    return None


def russian_score(text: str) -> float:
    """How much the non-ASCII characters of `text` read like Russian (0 = not at all, ~60 = Russian)."""
    total = 0
    score = 0.0
    for char in text:
        if char < "\x80":
            continue
        total += 1
        weight = _FREQUENCIES.get(char)
        if weight is not None:
            score += weight
        else:
            lower = _FREQUENCIES.get(char.lower())
            if lower is not None:
                score += lower * _UPPER_WEIGHT
    return score / total if total else 0.0


def _best_codepage(body: bytes) -> tuple[str, dict[str, float]]:
    sample = body if len(body) <= 200_000 else body[:100_000] + body[-100_000:]
    scores = {name: russian_score(sample.decode(name, errors="replace")) for name in CYRILLIC_CODEPAGES}
    best = max(scores, key=lambda name: scores[name])
    return best, scores


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page's bytes; never raises (undecodable bytes become U+FFFD)."""
    declared = declared_charset(body, content_type)
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(name, errors="replace").lstrip("\ufeff"), name, declared, "bom")
    if body.isascii():
        return Decoded(body.decode("ascii"), declared or "ascii", declared, "ascii")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", declared, "utf8")
    except UnicodeDecodeError:
        pass
    best, scores = _best_codepage(body)
    if declared in scores and scores[declared] * DECLARED_MARGIN >= scores[best]:
        return Decoded(body.decode(declared, errors="replace"), declared, declared, "declared")
    if declared and declared not in scores and declared != "utf-8" and scores[best] < 20:
        # not Cyrillic by the statistics: a Western page, trust its declaration
        return Decoded(body.decode(declared, errors="replace"), declared, declared, "declared")
    if declared and declared != best:
        logger.debug("charset declared %s but the bytes read as %s (%s)", declared, best, scores)
    return Decoded(body.decode(best, errors="replace"), best, declared, "detected")
