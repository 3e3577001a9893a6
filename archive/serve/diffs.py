"""Differences between two versions of a release, as safe HTML (<del>/<ins>): word by word, and
paragraph by paragraph (archive.diff.paragraph_diff) with unchanged paragraphs collapsed."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from archive.diff import paragraph_diff

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
MAX_TOKENS = 20_000  # beyond this, show the new text whole rather than spend seconds diffing
REWRITE_RATIO = 0.5  # below this share of tokens in common, show the old text struck and the new whole


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str | None, new: str | None) -> Markup:
    """`new` with words removed since `old` in <del> and words added in <ins>."""
    a, b = _tokens(old or ""), _tokens(new or "")
    if len(a) + len(b) > MAX_TOKENS:
        return Markup("<ins>{}</ins>").format(new or "")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if a and b and matcher.ratio() < REWRITE_RATIO:  # rewritten: word by word would read as a jumble
        return Markup("<del>{}</del> <ins>{}</ins>").format(old, new)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = html.escape("".join(a[a1:a2])), html.escape("".join(b[b1:b2]))
        if op == "equal":
            out.append(added)
            continue
        if removed.strip():
            out.append(f"<del>{removed}</del>")
        elif removed:
            out.append(removed)
        if added.strip():
            out.append(f"<ins>{added}</ins>")
    return Markup("".join(out))


def changed(old: str | None, new: str | None) -> bool:
    return " ".join((old or "").split()) != " ".join((new or "").split())


def _paragraphs_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "абзац"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return "абзаца"
    return "абзацев"


@dataclass(frozen=True)
class ParagraphView:
    """One block of a release's paragraph diff, ready for the template.

    kind: same (collapsed unchanged paragraphs, `hidden` holds them), changed, deleted, inserted.
    """

    kind: str
    html: Markup = field(default_factory=Markup)
    hidden: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """'… 4 абзаца без изменений …' for a collapsed run."""
        count = len(self.hidden)
        return f"… {count} {_paragraphs_word(count)} без изменений …"


def paragraph_views(old: str | None, new: str | None) -> list[ParagraphView]:
    """The body's diff paragraph by paragraph: changed paragraphs with words in <del>/<ins>,
    removed and added paragraphs whole, unchanged runs collapsed."""
    views: list[ParagraphView] = []
    for block in paragraph_diff(old, new):
        if block.op == "equal":
            views.append(ParagraphView("same", hidden=block.new))
        elif block.op == "changed":
            views.append(ParagraphView("changed", word_diff(block.old[0], block.new[0])))
        elif block.op == "deleted":
            views.append(ParagraphView("deleted", Markup("<del>{}</del>").format(block.old[0])))
        else:
            views.append(ParagraphView("inserted", Markup("<ins>{}</ins>").format(block.new[0])))
    return views
