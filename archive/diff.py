"""Word-level differences between two versions of a text, for people to read.

Rendered in the `wdiff` convention: [-removed words-] {+added words+}. Long unchanged stretches
are shortened to a few words of context on each side, so an edit in a long release stands out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Chunk:
    op: str  # equal | delete | insert
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Chunk]:
    """The edit from `old` to `new` as equal/delete/insert chunks (a replace is delete + insert).

    Unchanged stretches without a word (a space, a full stop) between two changes are folded
    into the change, so a rewritten sentence reads as one removal and one addition.
    """
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    groups: list[tuple[str, str, str]] = []  # (equal|change, old text, new text)
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        trivial = op == "equal" and not _WORD.search(old_text) and 0 < index < len(opcodes) - 1
        if op != "equal" or trivial:
            if groups and groups[-1][0] == "change":
                _, old_prev, new_prev = groups.pop()
                old_text, new_text = old_prev + old_text, new_prev + new_text
            groups.append(("change", old_text, new_text))
        else:
            groups.append(("equal", old_text, new_text))
    chunks: list[Chunk] = []
    for kind, old_text, new_text in groups:
        if kind == "equal":
            chunks.append(Chunk("equal", old_text))
            continue
        if old_text:
            chunks.append(Chunk("delete", old_text))
        if new_text:
            chunks.append(Chunk("insert", new_text))
    return chunks


def _shorten(text: str, context: int, *, head: bool, tail: bool) -> str:
    """Keep `context` words at the start (when something precedes) and end (when something follows)."""
    words = tokens(text)
    word_count = sum(1 for t in words if not t.isspace())
    if word_count <= 2 * context + 2:
        return text
    keep_start = _take_words(words, context) if head else 0
    keep_end = _take_words(list(reversed(words)), context) if tail else 0
    start = "".join(words[:keep_start])
    end = "".join(words[len(words) - keep_end :]) if keep_end else ""
    return f"{start.rstrip()} … {end.lstrip()}"


def _take_words(items: list[str], count: int) -> int:
    seen = taken = 0
    for token in items:
        if seen == count:
            break
        taken += 1
        if not token.isspace():
            seen += 1
    return taken


def render(
    chunks: list[Chunk],
    *,
    context: int | None = 8,
    deleted: Callable[[str], str] = lambda s: f"[-{s}-]",
    inserted: Callable[[str], str] = lambda s: f"{{+{s}+}}",
) -> str:
    """The diff as one string; `context=None` keeps every unchanged word."""
    out = []
    last = len(chunks) - 1
    for index, chunk in enumerate(chunks):
        if chunk.op == "delete":
            out.append(deleted(chunk.text))
        elif chunk.op == "insert":
            out.append(inserted(chunk.text))
        elif context is None:
            out.append(chunk.text)
        else:
            out.append(_shorten(chunk.text, context, head=index > 0, tail=index < last))
    return "".join(out)


def changed(chunks: list[Chunk]) -> bool:
    return any(chunk.op != "equal" for chunk in chunks)


# ----- paragraphs -----

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
PAIRING_RATIO = 0.4  # below this, two paragraphs are a removal and an addition, not an edit


@dataclass(frozen=True)
class ParagraphBlock:
    """One step of a paragraph diff.

    op: equal (a run of unchanged paragraphs, `old` holds them all), changed (one paragraph edited),
    deleted, inserted.
    """

    op: str
    old: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


def paragraphs(text: str | None) -> list[str]:
    """The text's paragraphs (separated by blank lines), whitespace-normalised, empty ones dropped."""
    return [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text or "") if part.strip()]


def _pair(old: list[str], new: list[str]) -> list[ParagraphBlock]:
    """A replaced stretch: each old paragraph paired, in order, with the next similar new one."""
    blocks: list[ParagraphBlock] = []
    start = 0
    for paragraph in old:
        match = next(
            (
                k
                for k in range(start, len(new))
                if difflib.SequenceMatcher(None, paragraph, new[k], autojunk=False).ratio() >= PAIRING_RATIO
            ),
            None,
        )
        if match is None:
            blocks.append(ParagraphBlock("deleted", old=(paragraph,)))
            continue
        blocks.extend(ParagraphBlock("inserted", new=(added,)) for added in new[start:match])
        blocks.append(ParagraphBlock("changed", old=(paragraph,), new=(new[match],)))
        start = match + 1
    blocks.extend(ParagraphBlock("inserted", new=(added,)) for added in new[start:])
    return blocks


def paragraph_diff(old: str | None, new: str | None) -> list[ParagraphBlock]:
    """The edit from `old` to `new` paragraph by paragraph; runs of unchanged paragraphs are one block."""
    a, b = paragraphs(old), paragraphs(new)
    blocks: list[ParagraphBlock] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks.append(ParagraphBlock("equal", old=tuple(a[i1:i2]), new=tuple(b[j1:j2])))
        elif op == "delete":
            blocks.extend(ParagraphBlock("deleted", old=(p,)) for p in a[i1:i2])
        elif op == "insert":
            blocks.extend(ParagraphBlock("inserted", new=(p,)) for p in b[j1:j2])
        else:
            blocks.extend(_pair(a[i1:i2], b[j1:j2]))
    return blocks
