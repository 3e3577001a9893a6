"""The golden corpus generator (tests/golden/make_golden.py): it reproduces the committed corpus to
the byte, and the helpers its layouts share do what the layouts used to spell out each time."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

import make_golden
from layouts import AttachmentFile, Item, Layout, numbered_pager
from sites import Bitrix
from sites2 import Drupal, Gosweb, Wordpress

GOLDEN = make_golden.HERE


def test_generator_reproduces_the_committed_corpus(tmp_path: Path) -> None:
    make_golden.build(tmp_path)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(GOLDEN) for p in (GOLDEN / "pages").rglob("*") if p.is_file())
    assert written == [Path("expected.json"), *committed]
    assert [
        str(name) for name in written if (tmp_path / name).read_bytes() != (GOLDEN / name).read_bytes()
    ] == []


def test_numbered_pager() -> None:
    def link(n: int) -> str:
        return f"<a>{n}</a>"

    assert numbered_pager(1, 3, link) == "<a>1</a><a>2</a><a>3</a>"
    bold = lambda n: f"<b>{n}</b>"  # noqa: E731
    assert numbered_pager(2, 3, link, current=bold, sep=" ") == "<a>1</a> <b>2</b> <a>3</a>"
    following = lambda n: f"<next {n}>"  # noqa: E731
    assert numbered_pager(2, 3, link, following=following).endswith("<a>3</a><next 3>")
    assert numbered_pager(3, 3, link, following=following).endswith("<a>3</a>")


def test_listing_urls_page_suffixes_and_attachments() -> None:
    assert Bitrix().listing_url(1) == "https://minek.permkrai.ru/press-center/news/"
    assert Bitrix().listing_url(2) == "https://minek.permkrai.ru/press-center/news/?PAGEN_1=2"
    assert Drupal().listing_url(2) == "https://www.nso.ru/news?page=1"  # 0-based
    assert Gosweb().listing_url(3) == "https://econom-r71.gosweb.gosuslugi.ru/press-tsentr/novosti/?curPos=12"
    assert Wordpress().listing_url(2) == "https://strateg-prf.admin-smolensk.ru/news/page/2/"
    files = AttachmentFile("/docs/plan-{number}.pdf", "plan-{number}.pdf", "350,5 КБ", "pdf")
    assert files.note == "(PDF, 350,5 КБ)"
    item = Item("k", "Заголовок", make_golden.corpus_items()[0].published, ("Абзац.",), ("тег",), False, True)
    layout = Layout()
    assert layout.attachment(item) is None and layout.tags(item) == ()
    layout.base, layout.files, layout.tagged = "https://example.ru", files, True
    assert layout.attachment(item) == {
        "url": f"https://example.ru/docs/plan-{item.number}.pdf",
        "title": f"plan-{item.number}.pdf",
        "size": "350,5 КБ",
        "kind": "pdf",
    }
    assert layout.tags(item) == ("тег",)
