"""Registry date formats (`date_formats = ["%d.%m.%Y %H:%M"]`) compiled to fast-path patterns.

strptime-like directives, but forgiving where pages are: a month name in any Russian form or in
English for %B/%b, any spacing for a space, any case for letters (the text is lower-cased).
"""

from __future__ import annotations

import re

from crawler.normalise.date_patterns import ANY_MONTH, OFFSET, DatePattern, PatternSet, read_named

_DIRECTIVES = {
    "d": r"(?P<day>\d{1,2})",
    "m": r"(?P<month>\d{1,2})",
    "Y": r"(?P<year>\d{4})",
    "y": r"(?P<year>\d{2})",
    "H": r"(?P<hour>\d{1,2})",
    "I": r"(?P<hour>\d{1,2})",
    "M": r"(?P<minute>\d{2})",
    "S": r"(?P<second>\d{2})",
    "B": ANY_MONTH,
    "b": ANY_MONTH,
    "p": r"(?P<ampm>[ap]\.?\s?m\.?)",
    "z": OFFSET,
    "%": "%",
}


def compile_format(fmt: str) -> DatePattern:
    """A registry format such as '%d.%m.%Y %H:%M' or '%d %B %Y г.' as a DatePattern.

    Directives: %d %m %Y %y %H %I %M %S %B/%b (a month name in any Russian form or English) %p %z %%.
    Spaces match any run of spaces (or none); letters match in any case. Raises ValueError with the reason.
    """
    if not isinstance(fmt, str) or not fmt.strip():
        raise ValueError("a date format must be a non-empty string")
    parts: list[str] = []
    seen: set[str] = set()
    index = 0
    while index < len(fmt):
        char = fmt[index]
        if char == "%":
            if index + 1 >= len(fmt):
                raise ValueError(f"{fmt!r} ends with a lone '%'")
            code = fmt[index + 1]
            if code not in _DIRECTIVES:
                known = " ".join(f"%{key}" for key in _DIRECTIVES)
                raise ValueError(f"{fmt!r}: unknown directive %{code}; known: {known}")
            if code in seen and code != "%":
                raise ValueError(f"{fmt!r}: %{code} appears twice")
            seen.add(code)
            parts.append(_DIRECTIVES[code])
            index += 2
        elif char.isspace():
            while index < len(fmt) and fmt[index].isspace():
                index += 1
            parts.append(r"\s*")
        else:
            parts.append(re.escape(char.lower()))
            index += 1
    _check_directives(fmt, seen)
    source = r"(?<![\d\w])" + "".join(parts) + r"(?!\d)"
    return DatePattern(f"format:{fmt}", source, read_named)


def _check_directives(fmt: str, seen: set[str]) -> None:
    months = seen & {"m", "B", "b"}
    if len(months) != 1:
        raise ValueError(f"{fmt!r} needs exactly one month directive (%m, %B or %b)")
    if len(seen & {"Y", "y"}) > 1:
        raise ValueError(f"{fmt!r} has both %Y and %y")
    if len(seen & {"H", "I"}) > 1:
        raise ValueError(f"{fmt!r} has both %H and %I")
    if ("H" in seen or "I" in seen) != ("M" in seen):
        raise ValueError(f"{fmt!r}: an hour (%H or %I) and minutes (%M) go together")
    if ("I" in seen) != ("p" in seen):
        raise ValueError(f"{fmt!r}: %I (12-hour clock) needs %p, and %p needs %I")
    if "d" not in seen and "Y" not in seen and "y" not in seen:
        raise ValueError(f"{fmt!r} has neither a day (%d) nor a year (%Y or %y)")


def compile_formats(formats: tuple[str, ...]) -> PatternSet | None:
    """The registry's formats as one PatternSet (tried in the order given), or None when empty."""
    if not formats:
        return None
    return PatternSet.build(tuple(compile_format(fmt) for fmt in formats))
