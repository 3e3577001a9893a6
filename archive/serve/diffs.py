"""Word-level differences between two versions of a release, as safe HTML (<del>/<ins>)."""

from __future__ import annotations

import difflib
import html
import re

from markupsafe import Markup

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
MAX_TOKENS = 20_000  # beyond this, show the new text whole rather than spend seconds diffing


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str | None, new: str | None) -> Markup:
    """`new` with words removed since `old` in <del> and words added in <ins>."""
    a, b = _tokens(old or ""), _tokens(new or "")
    if len(a) + len(b) > MAX_TOKENS:
        return Markup("<ins>{}</ins>").format(new or "")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
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
