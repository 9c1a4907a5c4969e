"""Years, decades and ranges written in a question ("in the 1960s", "from the 50s", "1990-1995")."""

import re

_RANGE = re.compile(
    r"\b(?:between|from)\s+(1[89]\d\d|20\d\d)\s+(?:and|to|until)\s+(1[89]\d\d|20\d\d)\b"
)
_DASH = re.compile(r"\b(1[89]\d\d|20\d\d)\s*[-–]\s*(1[89]\d\d|20\d\d)\b")
_DECADE = re.compile(r"\b(?:the\s+)?(?:(1[89]|20)(\d)0|'?(\d)0)'?s\b")
_BEFORE = re.compile(r"\b(?:before|until|prior to)\s+(1[89]\d\d|20\d\d)\b")
_AFTER = re.compile(r"\b(?:after|since)\s+(1[89]\d\d|20\d\d)\b")
_YEAR = re.compile(r"\b(?:in|of|from|during)\s+(1[89]\d\d|20\d\d)\b")


def find_period(text: str) -> tuple[int | None, int | None, str]:
    """(year_from, year_to, the text with the period phrase removed). Both None when absent."""
    for pattern, build in (
        (_RANGE, lambda m: (int(m.group(1)), int(m.group(2)))),
        (_DASH, lambda m: (int(m.group(1)), int(m.group(2)))),
        (_DECADE, _decade),
        (_BEFORE, lambda m: (None, int(m.group(1)) - 1)),
        (_AFTER, lambda m: (int(m.group(1)) + (1 if "after" in m.group(0) else 0), None)),
        (_YEAR, lambda m: (int(m.group(1)), int(m.group(1)))),
    ):
        match = pattern.search(text)
        if match:
            start, end = build(match)
            rest = (text[: match.start()] + " " + text[match.end() :]).strip()
            rest = re.sub(r"(^|\s+)(in|of|from|during)\s*$", "", rest)
            return start, end, " ".join(rest.split())
    return None, None, text


def _decade(match: re.Match[str]) -> tuple[int, int]:
    if match.group(1):
        start = int(match.group(1)) * 100 + int(match.group(2)) * 10
    else:
        digit = int(match.group(3))
        start = (2000 if digit <= 2 else 1900) + digit * 10
    return start, start + 9


def describe_period(year_from: int | None, year_to: int | None) -> str:
    if year_from is not None and year_to is not None:
        if year_from == year_to:
            return f" in {year_from}"
        if year_from % 10 == 0 and year_to == year_from + 9:
            return f" in the {year_from}s"
        return f" between {year_from} and {year_to}"
    if year_from is not None:
        return f" from {year_from} on"
    if year_to is not None:
        return f" up to {year_to}"
    return ""


def within(year: object, year_from: int | None, year_to: int | None) -> bool:
    """Whether `year` lies in the period; anything goes when there is no period."""
    if year_from is None and year_to is None:
        return True
    if not isinstance(year, int):
        return False
    return (year_from is None or year >= year_from) and (year_to is None or year <= year_to)
