"""Bytes of a Russian web page -> text: windows-1251 and koi8-r, declared, undeclared or mis-declared.

Order of evidence: a byte-order mark; valid UTF-8 (legacy Cyrillic bytes are almost never valid
UTF-8); UTF-8 with a few invalid bytes, which stays UTF-8 with those bytes replaced (U+FFFD, counted
in `Decoded.replaced_bytes`): a page declared UTF-8 whose non-ASCII bytes are mostly valid UTF-8, or
an undeclared or mis-declared one whose non-ASCII bytes are nearly all valid (single-byte Cyrillic
text almost never forms valid UTF-8 sequences, so no code page can win over Cyrillic UTF-8 for a
stray byte); then the single-byte Cyrillic code pages scored by Russian letter statistics, where a
declared charset (HTTP header, <meta>, XML declaration) wins unless the statistics clearly refute
it. A page that is pure ASCII decodes the same in all of them.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

logger = logging.getLogger(__name__)

CYRILLIC_CODEPAGES = ("cp1251", "koi8-r", "cp866", "iso8859-5", "mac-cyrillic")  # codecs.lookup names
SNIFF_BYTES = 4096
# A declared single-byte charset is kept unless another code page reads this much better.
DECLARED_MARGIN = 1.5
# Share of a page's non-ASCII bytes that must be valid UTF-8 for it to be read as UTF-8 with the rest
# replaced: when the page declares UTF-8, and when it declares nothing or something else. (A
# single-byte Cyrillic page scores a few per cent at most: its letters seldom form UTF-8 sequences.)
MOSTLY_UTF8_DECLARED = 0.75
MOSTLY_UTF8 = 0.9

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
_ASCII_BYTES = bytes(range(0x80))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ESCAPED = re.compile("[\udc80-\udcff]")  # an invalid byte, as errors="surrogateescape" shows it


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. "utf-8", "cp1251", "koi8-r"
    declared: str | None  # what the page or the server claimed, normalised
    method: str  # bom | utf8 | utf8_repaired | declared | detected | ascii
    replaced_bytes: int = 0  # bytes that were not valid in `encoding`, shown as U+FFFD


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


def _char_weight(char: str) -> float:
    weight = _FREQUENCIES.get(char)
    if weight is not None:
        return weight
    lower = _FREQUENCIES.get(char.lower())
    return lower * _UPPER_WEIGHT if lower is not None else 0.0


def russian_score(text: str) -> float:
    """How much the non-ASCII characters of `text` read like Russian (0 = not at all, ~60 = Russian)."""
    counts = Counter(text)
    total = sum(count for char, count in counts.items() if char >= "\x80")
    score = sum(count * _char_weight(char) for char, count in counts.items() if char >= "\x80")
    return score / total if total else 0.0


@cache
def _byte_weights(codepage: str) -> tuple[float, ...]:
    """The Russian weight of each byte 0x80-0xFF read in a single-byte code page (ASCII below)."""
    return tuple(_char_weight(char) for char in _HIGH_BYTES.decode(codepage, errors="replace"))


def _best_codepage(body: bytes) -> tuple[str, dict[str, float]]:
    """The code page whose reading of the page is most Russian. Each byte is one character in all
    of them, so one count of the non-ASCII bytes scores every code page (as `russian_score` would
    score the decoded text)."""
    counts = Counter(body.translate(None, _ASCII_BYTES))
    total = sum(counts.values())
    scores = {}
    for name in CYRILLIC_CODEPAGES:
        weights = _byte_weights(name)
        score = sum(count * weights[byte - 0x80] for byte, count in counts.items())
        scores[name] = score / total if total else 0.0
    best = max(scores, key=lambda name: scores[name])
    return best, scores


def invalid_utf8_bytes(body: bytes) -> tuple[int, int]:
    """(non-ASCII bytes, how many of them are not part of a valid UTF-8 sequence)."""
    high = len(body) - len(body.translate(None, _HIGH_BYTES))
    return high, len(_ESCAPED.findall(body.decode("utf-8", errors="surrogateescape")))


def _mostly_utf8(body: bytes, declared: str | None) -> int | None:
    """The number of invalid bytes when the page is UTF-8 with a few of them, else None."""
    high, invalid = invalid_utf8_bytes(body)
    share = MOSTLY_UTF8_DECLARED if declared == "utf-8" else MOSTLY_UTF8
    return invalid if high and (high - invalid) >= share * high else None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page's bytes; never raises (undecodable bytes become U+FFFD, counted)."""
    declared = declared_charset(body, content_type)
    for bom, name in _BOMS:
        if body.startswith(bom):
            return _with_bom(body, name, declared)
    if body.isascii():
        return Decoded(body.decode("ascii"), declared or "ascii", declared, "ascii")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", declared, "utf8")
    except UnicodeDecodeError:
        pass
    invalid = _mostly_utf8(body, declared)
    if invalid is not None:
        logger.debug("UTF-8 with %d invalid bytes (declared %s): replaced", invalid, declared)
        return Decoded(body.decode("utf-8", errors="replace"), "utf-8", declared, "utf8_repaired", invalid)
    best, scores = _best_codepage(body)
    if declared in scores and scores[declared] * DECLARED_MARGIN >= scores[best]:
        return _decoded(body, declared, declared, "declared")
    if declared and declared not in scores and declared != "utf-8" and scores[best] < 20:
        # not Cyrillic by the statistics: a Western page, trust its declaration
        return _decoded(body, declared, declared, "declared")
    if declared and declared != best:
        logger.debug("charset declared %s but the bytes read as %s (%s)", declared, best, scores)
    return _decoded(body, best, declared, "detected")


def _decoded(body: bytes, name: str, declared: str | None, method: str) -> Decoded:
    text = body.decode(name, errors="replace")
    replaced = text.count("\ufffd") if "\ufffd" in text else 0
    return Decoded(text, name, declared, method, replaced)


def _with_bom(body: bytes, name: str, declared: str | None) -> Decoded:
    try:
        return Decoded(body.decode(name).lstrip("\ufeff"), name, declared, "bom")
    except UnicodeDecodeError:
        decoded = _decoded(body, name, declared, "bom")
        return Decoded(decoded.text.lstrip("\ufeff"), name, declared, "bom", decoded.replaced_bytes)


def replaced_bytes(body: bytes, content_type: str | None = None) -> int:
    """How many of the page's bytes `decode_html` replaces (cheap for the common valid page)."""
    if body.isascii():
        return 0
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return decode_html(body, content_type).replaced_bytes
    return 0
