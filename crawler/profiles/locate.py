"""Selectors induced from examples: the CSS that picks the same element on most of a site's pages.

Each page says which element it wants (the headline, the body's container) and how much it likes
the others; every page's wanted element proposes a few selectors (its tag, classes and id, with one
or two ancestors), each is tried on every page, and the one that picks a wanted element on the most
pages wins. Only the CSS subset crawler.pages.cssmatch compiles is written (tags, classes, ids,
child and descendant combinators), so applying a profile costs an index lookup per field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crawler.pages.cssmatch import split_tokens
from crawler.pages.tree import PageTree
from crawler.profiles.model import Locator

_IDENT = re.compile(r"^-?[_a-zA-Z][_a-zA-Z0-9-]*$")
_UNSTABLE = re.compile(
    r"\d{3,}|^(?:active|current|selected|open|opened|show|shown|hidden|hide|first|last|odd|even|clearfix|"
    r"row|col|fade|in|visible|loaded|lazy|js-.*|is-.*|has-.*)$|^(?:post|node|comment|item|news|article|"
    r"block|element|bx_\w+)[-_]?\d",
    re.IGNORECASE,
)
MAX_CLASSES = 2


def _stable(token: str) -> bool:
    return bool(_IDENT.match(token)) and not _UNSTABLE.search(token) and len(token) <= 60


def compounds(element: Any) -> list[str]:
    """The ways to name one element: its tag, with its first class (or two), with its id."""
    tag = element.tag if isinstance(element.tag, str) else "*"
    if not _IDENT.match(tag):
        tag = "*"
    classes = [token for token in split_tokens(element.get("class") or "") if _stable(token)]
    forms = [tag]
    if classes:
        forms.append(f"{tag}.{classes[0]}")
        if len(classes) > 1:
            forms.append(f"{tag}." + ".".join(classes[:MAX_CLASSES]))
    ident = element.get("id")
    if ident and _stable(ident):
        forms.append(f"{tag}#{ident}")
    return forms


def _best_compound(element: Any) -> str:
    forms = compounds(element)
    return forms[-1] if len(forms) > 1 else forms[0]


def proposals(element: Any) -> list[str]:
    """Selectors that pick `element`, from the loosest to the most specific (at most about a dozen)."""
    own = compounds(element)
    found = list(own)
    parent = element.getparent()
    if parent is not None and isinstance(parent.tag, str) and parent.tag not in ("html",):
        above = _best_compound(parent)
        found += [f"{above} > {form}" for form in own]
        grand = parent.getparent()
        if grand is not None and isinstance(grand.tag, str) and grand.tag not in ("html",):
            found.append(f"{_best_compound(grand)} > {above} > {own[-1]}")
    for ancestor in element.iterancestors():
        ident = ancestor.get("id")
        if ident and _stable(ident) and isinstance(ancestor.tag, str):
            found += [f"#{ident} {form}" for form in own[1:] or own]
            break
    return list(dict.fromkeys(found))


@dataclass
class Wanted:
    """One page's wish: the tree and a score for each acceptable element (higher is better)."""

    tree: PageTree
    scores: dict[Any, float]
    proposer: Any | None = None  # the element whose selectors are proposed (the best one)


def _nth(matches: list[Any], element: Any) -> int | None:
    try:
        index = matches.index(element)
    except ValueError:
        return None
    return index if index < 3 or index < len(matches) - 3 else index - len(matches)


def induce(wanted: list[Wanted], minimum: int) -> Locator | None:
    """The (css, nth) that picks an acceptable element on the most pages (at least `minimum`);
    ties go to the higher total score, then to fewer matches, then to the shorter selector."""
    candidates: dict[tuple[str, int], None] = {}
    for wish in wanted:
        if wish.proposer is None:
            continue
        for css in proposals(wish.proposer):
            nth = _nth(select(wish.tree, css), wish.proposer)
            if nth is not None:
                candidates[(css, nth)] = None
    best: tuple[tuple[int, float, float, int], Locator] | None = None
    for css, nth in candidates:
        locator = Locator(css=css, nth=nth)
        agreed, total, matches = 0, 0.0, 0
        for wish in wanted:
            found = select(wish.tree, css)
            matches += len(found)
            picked = locator.pick(found)
            if picked is not None and picked in wish.scores:
                agreed += 1
                total += wish.scores[picked]
        if agreed < minimum:
            continue
        rank = (agreed, round(total, 6), -matches / max(len(wanted), 1), -len(css))
        if best is None or rank > best[0]:
            best = (rank, Locator(css=css, nth=nth, agreed=agreed, seen=len(wanted)))
    return best[1] if best else None


def select(tree: PageTree, css: str) -> list[Any]:
    """tree.select(css), once per page and selector; nothing for CSS the page's matcher refuses
    (a stored profile is data, not code)."""
    key = ("profile-css", css)
    found = tree.memo.get(key)
    if found is None:
        try:
            found = tree.select(css)
        except ValueError:
            found = []
        tree.memo[key] = found
    return found  # type: ignore[no-any-return]


def pick(tree: PageTree, locator: Locator | None) -> Any | None:
    """The element a locator names on a page, or None."""
    if locator is None or not tree.is_tree:
        return None
    return locator.pick(select(tree, locator.css))
