"""Soft hyphens and zero-width characters (U+00AD, U+200B, U+200C, U+200D, U+FEFF) an editor or a
CMS slips into a release make no new version, and texts without them hash as they always did."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from archive.store import Archive
from crawler.normalise import bodies
from crawler.normalise.bodies import content_hash, html_to_text
from crawler.normalise.release import build_release
from crawler.pages.base import RawRelease
from crawler.registry.sources import Source

URL = "https://mii.mosreg.ru/sobytiya/novosti-ministerstva/12-03-2025-10-00-00-investsovet"
SOURCE = Source(
    name="test_source",
    title="Тестовый источник",
    region="Московская область",
    publisher_kind="ministry",
    timezone="Europe/Moscow",
    start_urls=("https://mii.mosreg.ru/sobytiya/novosti-ministerstva",),
    platform="mosreg_ministry",
)


def raw(title: str, body_html: str) -> RawRelease:
    return RawRelease(
        url=URL, title=title, date_text="12.03.2025", date_method="selector", body_html=body_html
    )


def test_text_without_them_hashes_as_before() -> None:
    # the definition before these characters were ignored: sha256 of the whitespace-normalised
    # title, a newline, and the whitespace-normalised body
    expected = hashlib.sha256("Заголовок\nПервый абзац. Второй абзац.".encode()).hexdigest()
    assert content_hash("Заголовок ", "Первый абзац.\n\nВторой\u00a0 абзац.") == expected


def test_content_hash_ignores_them() -> None:
    plain = content_hash("Инвестсовет одобрил проекты", "Инвестиции в регион выросли.")
    assert (
        content_hash(
            "Инвест\u200bсовет одобрил проекты\ufeff", "Инве\u00adсти\u200dции в ре\u200cгион выросли."
        )
        == plain
    )
    assert content_hash("Инвестсовет одобрил проекты", "Инвестиции в регион выросли!") != plain


def test_body_text_drops_soft_hyphens_zero_width_spaces_and_boms() -> None:
    assert html_to_text("<p>\ufeffинве&shy;сти\u200bции</p><p>вто\u00adрой</p>") == "инвестиции\n\nвторой"
    # an invisible character between two <br> leaves them a paragraph break
    assert html_to_text("<div>первый<br>\u200b<br>второй</div>") == "первый\n\nвторой"
    # joiners shape emoji and scripts: the text keeps them (the hash ignores them)
    assert html_to_text("<p>a\u200db</p>") == "a\u200db"


def test_they_make_no_new_version(tmp_path: Path) -> None:
    fetched = dt.datetime(2025, 3, 12, 9, 0, tzinfo=dt.UTC)
    first = build_release(
        raw("Инвестсовет одобрил проекты", "<p>Инвестиции в регион выросли на треть.</p>"),
        SOURCE,
        fetched_at=fetched,
    )
    again = build_release(
        raw(
            "Инвест\u200bсовет одобрил проекты",
            "<p>Инве&shy;сти\u200dции в ре\u200cгион вы\u00adросли на\ufeff треть.</p>",
        ),
        SOURCE,
        fetched_at=fetched + dt.timedelta(days=1),
    )
    assert first.release_id == again.release_id and first.content_hash == again.content_hash
    with Archive.open(tmp_path / "archive.db") as archive:
        archive.sync_sources([SOURCE.to_record()])
        archive.save_releases([first], seen_at="2025-03-12T09:00:00Z")
        result = archive.save_releases([again], seen_at="2025-03-13T09:00:00Z")
        (versions,) = archive.db.execute("SELECT count(*) FROM release_versions").fetchone()
    assert (result.new, result.updated, result.unchanged) == (0, 0, 1)
    assert versions == 1


def test_docs_name_exactly_the_characters_the_hash_ignores() -> None:
    """docs/archive.md's paragraph on the content hash lists the same code points as the code."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "archive.md").read_text(encoding="utf-8")
    paragraph = next(p for p in docs.split("\n\n") if "`content_hash`" in p)
    named = {chr(int(code, 16)) for code in re.findall(r"U\+([0-9A-F]{4})", paragraph)}
    assert named == set(bodies._IGNORED_IN_HASH)
    assert content_hash("Заголовок", "Текст" + "".join(sorted(named))) == content_hash("Заголовок", "Текст")
