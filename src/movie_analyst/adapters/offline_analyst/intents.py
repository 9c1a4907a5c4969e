"""Recognises what a question asks for. The first recogniser that matches wins, so the order in
`_RECOGNISERS` goes from the most specific shapes to the most general."""

import re
from collections.abc import Callable

from movie_analyst.adapters.offline_analyst.intent import _STRIP, Intent, clean
from movie_analyst.adapters.offline_analyst.periods import find_period
from movie_analyst.adapters.offline_analyst.recognisers import (
    cast_questions,
    count_questions,
    detail_questions,
    director_questions,
    filmography_questions,
    person_questions,
    similar_questions,
    top_rated_questions,
)
from movie_analyst.adapters.offline_analyst.recognisers_extra import extra_questions

_INJECTION = re.compile(
    r"ignore (all |any |the )?(of )?(your |the )?(previous|prior|above|earlier|your|these)"
    r" (instructions|prompts?|rules)"
    r"|disregard (all |the |your )?(previous |prior )?(instructions|rules)"
    r"|system prompt|you are now|jailbreak|developer mode|reveal your (instructions|prompt)",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|help"
    r"|what can you do|who are you|what are you|how do you work|what do you know)\b",
    re.IGNORECASE,
)
_LIVE = (
    (r"\btrending\b|\bright now\b|\bthis week\b|\btoday'?s? (most )?popular", "trending"),
    (r"\bupcoming\b|\bcoming soon\b|\bcoming out\b|\bto be released\b|\bnext month\b", "upcoming"),
    (r"\bnow playing\b|\bin (theaters|theatres|cinemas) (now|today|this week)\b"
     r"|\b(showing|playing) in (cinemas|theaters|theatres)\b", "now_playing"),
    (r"\bairing today\b|\bon tv (tonight|today)\b|\bairs? tonight\b", "airing_today"),
    (r"\bon the air\b|\bcurrently airing\b", "on_the_air"),
)  # fmt: skip


def recognise(question: str) -> Intent:
    """The intent of one question; `lookup` (search for the words) when nothing else fits."""
    text = " ".join(question.split()).strip()
    if _INJECTION.search(text):
        rest = _without_injection(text)
        inner = recognise(rest) if rest else Intent(name="injection")
        return inner if inner.name not in ("lookup", "help") else Intent(name="injection")
    if re.match(r"^(thanks|thank you|thx|cheers)\b", text, re.IGNORECASE):
        return Intent(name="help", title="thanks")
    if not text.strip(_STRIP) or _HELP.match(text):
        return Intent(name="help")
    for recogniser in _RECOGNISERS:
        intent = recogniser(text.rstrip(_STRIP))
        if intent is not None:
            return intent
    return Intent(name="lookup", title=clean(text))


def _without_injection(text: str) -> str:
    # Only the sentences that carry no instruction-override text are still a question to us.
    sentences = re.split(r"(?<=[.!?])\s+|\s*[;\n]\s*", text)
    return " ".join(s for s in sentences if s and not _INJECTION.search(s)).strip()


def _live(text: str) -> Intent | None:
    for pattern, tool in _LIVE:
        if re.search(pattern, text, re.I):
            return Intent(name="live", live=tool)
    match = re.search(
        r"\bwhere (?:can|could|do|to) (?:i |we |you )?(?:watch|stream|see) (.+)", text, re.I
    )
    return Intent(name="where_to_watch", title=clean(match.group(1))) if match else None


def _compare(text: str) -> Intent | None:
    patterns = (
        r"^(?:compare|comparison of|contrast)\s+(.+?)\s+(?:and|with|to|vs\.?|versus)\s+(.+)$",
        r"^(?:which is better|what'?s better|which (?:one )?(?:is|was) (?:better|rated higher))"
        r"[,:]?\s+(.+?)\s+or\s+(.+)$",
        r"^(?:is|was)\s+(.+?)\s+(?:better|rated higher|longer|more popular) than\s+(.+)$",
        r"^(.+?)\s+(?:vs\.?|versus)\s+(.+)$",
    )
    for pattern in patterns:
        match = re.match(pattern, text, re.I)
        if match:
            return Intent(name="compare", title=clean(match.group(1)), title2=clean(match.group(2)))
    return None


def _oscars(text: str) -> Intent | None:
    if not re.search(r"\boscars?\b|\bacademy awards?\b", text, re.I):
        return None
    match = re.search(
        r"how many (?:oscars|academy awards) (?:did|has|have) (.+?) (?:win|won|get|got)\b",
        text,
        re.I,
    ) or re.search(
        r"(?:did|has)\s+(.+?)\s+win (?:an |any )?(?:oscars?|academy awards?)", text, re.I
    )
    if match:
        return Intent(name="details", title=clean(match.group(1)), aspect="awards")
    if re.search(r"\bmost\b|\brecord\b|\bhighest number\b|\bwinningest\b", text, re.I):
        start, end, _ = find_period(text)
        return Intent(name="most_oscars", year_from=start, year_to=end)
    match = re.search(r"(?:oscars?|academy awards?) (?:for|of|won by)\s+(.+)$", text, re.I)
    return Intent(name="details", title=clean(match.group(1)), aspect="awards") if match else None


_RECOGNISERS: tuple[Callable[[str], Intent | None], ...] = (
    _live,
    extra_questions,
    _oscars,
    _compare,
    director_questions,
    cast_questions,
    count_questions,
    filmography_questions,
    similar_questions,
    top_rated_questions,
    detail_questions,
    person_questions,
)
