"""A stray byte must not garble a release (crawler.normalise.encoding.decode_html).

Every Russian page of the test corpora (saved real pages, the golden, blind and held-out corpora)
is taken as text and written out again: as UTF-8 with one to three invalid bytes inserted, it must
come back as the same text with a U+FFFD where each byte was, whatever the page or the server
declares; as windows-1251 (or koi8-r) declared rightly, wrongly or not at all, it must come back
exactly. A crawl of a page with a bad byte stores its Russian text intact and counts the byte.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import sqlite_utils
from cli_run import FAST, ROOT, run_cli

from crawler.normalise.encoding import decode_html, replaced_bytes
from demo.mirror import Mirror, write_demo_registry
from demo.routes import Response

CORPORA = (
    "tests/fixtures",
    "tests/golden/pages",
    "tests/blind/sites",
    "tests/blind2/sites",
    "tests/blind_home/sites",
)
# Bytes that are never valid where they are put (between two characters): continuation bytes
# with no lead, lead bytes with no continuation, bytes UTF-8 never uses.
INVALID = (0x80, 0x9A, 0xBF, 0xC0, 0xC1, 0xC3, 0xD0, 0xD1, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFE, 0xFF)
CHARSET = re.compile(r"""(<meta[^>]+charset\s*=\s*["']?\s*)[a-zA-Z0-9_:.+-]+""", re.IGNORECASE)
RUSSIAN = re.compile("[а-яё]{3}")


@cache
def russian_pages() -> tuple[tuple[str, str], ...]:
    """(path, text) of every distinct page of the corpora that holds Russian words."""
    seen: dict[str, str] = {}
    for corpus in CORPORA:
        for path in sorted((ROOT / corpus).rglob("*")):
            if path.suffix in (".html", ".htm") and path.is_file():
                text = decode_html(path.read_bytes()).text
                if RUSSIAN.search(text):
                    seen.setdefault(text, str(path.relative_to(ROOT)))
    return tuple((path, text) for text, path in seen.items())


def test_the_corpora_are_there() -> None:
    assert len(russian_pages()) > 1500


def damaged(text: str, rng: random.Random) -> tuple[bytes, str, int]:
    """(UTF-8 bytes with 1-3 invalid bytes between characters, the text expected back, how many)."""
    count = rng.randint(1, 3)
    places = sorted(rng.sample(range(1, len(text)), count))
    body, expected, start = b"", "", 0
    for place in places:
        body += text[start:place].encode() + bytes([rng.choice(INVALID)])
        expected += text[start:place] + "\ufffd"
        start = place
    return body + text[start:].encode(), expected + text[start:], count


@pytest.mark.parametrize(
    "content_type",
    [None, "text/html; charset=utf-8", "text/html; charset=windows-1251", "text/html; charset=koi8-r"],
    ids=["page-declares", "header-utf8", "header-wrong-cp1251", "header-wrong-koi8"],
)
def test_utf8_with_a_few_invalid_bytes_stays_utf8(content_type: str | None) -> None:
    rng = random.Random(13)
    wrong = []
    for path, text in russian_pages():
        body, expected, count = damaged(text, rng)
        decoded = decode_html(body, content_type)
        if (decoded.text, decoded.encoding, decoded.replaced_bytes) != (expected, "utf-8", count):
            wrong.append(f"{path}: read as {decoded.encoding} ({decoded.method}), {decoded.text[:80]!r}")
    assert not wrong, f"{len(wrong)} of {len(russian_pages())} pages garbled:\n" + "\n".join(wrong[:10])


def undeclared(text: str) -> str:
    return CHARSET.sub(lambda m: m.group(1) + "x-none", text)


def declaring(codec: str) -> Callable[[str], str]:
    return lambda text: CHARSET.sub(lambda m: m.group(1) + codec, text)


@pytest.mark.parametrize(
    ("codec", "content_type", "rewrite"),
    [
        ("cp1251", None, undeclared),
        ("cp1251", None, lambda text: text),  # the page's own <meta>: mostly utf-8, so wrong
        ("cp1251", None, declaring("windows-1251")),
        ("cp1251", "text/html; charset=utf-8", undeclared),
        ("cp1251", "text/html; charset=koi8-r", undeclared),
        ("koi8-r", None, undeclared),
        ("koi8-r", "text/html; charset=windows-1251", undeclared),
    ],
    ids=[
        "cp1251-undeclared",
        "cp1251-meta-as-saved",
        "cp1251-meta-right",
        "cp1251-header-utf8",
        "cp1251-header-koi8",
        "koi8-undeclared",
        "koi8-header-cp1251",
    ],
)
def test_legacy_code_pages_decode_right(
    codec: str, content_type: str | None, rewrite: Callable[[str], str]
) -> None:
    wrong = []
    for path, text in russian_pages():
        body = rewrite(text).encode(codec, errors="xmlcharrefreplace")
        decoded = decode_html(body, content_type)
        if decoded.text != body.decode(codec) or decoded.replaced_bytes:
            wrong.append(f"{path}: read as {decoded.encoding} ({decoded.method}), {decoded.text[:80]!r}")
    assert not wrong, f"{len(wrong)} of {len(russian_pages())} pages garbled:\n" + "\n".join(wrong[:10])


def test_replaced_bytes_counts_what_decoding_replaces() -> None:
    text = "<html><head><meta charset=utf-8></head><body><p>Губернатор провёл совещание</p></body></html>"
    body = text.encode()
    cut = body.index("совещание".encode())
    assert replaced_bytes(body) == 0
    assert replaced_bytes(body[:cut] + b"\xff\xfe" + body[cut:]) == 2
    assert replaced_bytes(text.encode("cp1251")) == 0
    assert decode_html(body[:cut] + b"\xff" + body[cut:]).method == "utf8_repaired"


SITE = "mosreg_export"


def test_a_crawled_page_with_a_bad_byte_keeps_its_text_and_is_counted(tmp_path: Path) -> None:
    with Mirror(sites=[SITE]) as mirror:
        app = mirror.app(SITE)
        release = mirror.releases(SITE)[2]
        damaged_path = mirror.article_url(SITE, release.slug).split("://", 1)[1].split("/", 1)[1]
        words = release.paragraphs[-1].split()[:3]
        handle = app.handle

        def with_bad_byte(target: str) -> Response:
            response = handle(target)
            if target.lstrip("/") != damaged_path.lstrip("/"):
                return response
            first = " ".join(words).encode()
            # after the first word in the article's text (the last copy: a <meta> excerpt comes first)
            at = response.body.rindex(first) + len(words[0].encode())
            body = response.body[:at] + b"\xff" + response.body[at:]
            return Response(response.status, body, response.content_type, response.headers)

        app.handle = with_bad_byte  # type: ignore[method-assign]
        registry = write_demo_registry(mirror, tmp_path / "sources.toml")
        db_path = tmp_path / "archive.db"
        result = run_cli("crawl", "--sources", registry, "--db", db_path, *FAST)
        assert result.returncode == 0, result.stderr[-3000:]

    db = sqlite_utils.Database(db_path)
    [row] = [row for row in db["releases"].rows if row["title"] == release.title]
    assert " ".join([words[0] + "\ufffd", *words[1:]]) in row["body_text"]
    [run] = list(db["crawl_runs"].rows)
    stats = json.loads(run["stats"])
    assert stats.get("decode/repaired_pages") == 1
    assert stats.get("decode/replaced_bytes") == 1
