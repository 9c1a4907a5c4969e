"""Constraints written in a question's own words: periods, genres, counts of reviews, runtimes,
limits, certifications, rankings. Each reader takes the question with its names blanked out."""

import re

from movie_analyst.adapters.offline_analyst.genres import GENRE_WORDS
from movie_analyst.adapters.offline_analyst.grammar import FIELDS, METRICS, NUMBER_WORDS
from movie_analyst.adapters.offline_analyst.periods import find_period
from movie_analyst.adapters.offline_analyst.query import Field, Metric

_SPELLED_DECADES = {
    word: 1920 + 10 * n
    for n, word in enumerate(
        (
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
        )
    )
}
_NUMBER = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_LIMIT = (
    re.compile(r"\b(?:top|best|first|greatest|highest[- ]rated)\s+" + _NUMBER + r"\b(?!\+)"),
    re.compile(
        r"\b" + _NUMBER + r"\s+(?:of the\s+)?(?:best|top|highest|greatest|most|good|great"
        r"|finest|best-reviewed|worst)\b"
    ),
    re.compile(r"\b(?:give me|list|name|show me|recommend)\s+" + _NUMBER + r"\b(?!\+)"),
)
_REVIEWS = re.compile(
    r"(?:at least|min(?:imum)?\.?|more than|over|with|having|no fewer than)\s*(?:of\s*)?(\d+)\+?"
    r"\s*(?:critics?'?\s*|critic\s*)?(?:reviews|votes|ratings)|(\d+)\s*\+\s*(?:critics?'?\s*)?"
    r"(?:reviews|votes)|(\d+)\s+or more (?:critics?'?\s*)?reviews"
)
_RATING = re.compile(r"\brated (?:above|over|at least|higher than)\s*(\d(?:\.\d)?)|\b(?:rating|"
                     r"score) (?:above|over|of at least)\s*(\d(?:\.\d)?)")  # fmt: skip
_RUNTIME = re.compile(
    r"\b(under|less than|shorter than|below|at most|over|more than|longer than|at least)\s+"
    r"(\d+(?:\.\d+)?|an?|one|two|three)\s*(hours?|hrs?|minutes?|mins?|h)\b"
)
_CERTIFICATE = re.compile(r"\b(pg-13|pg 13|nc-17|rated (?:pg|r|g)\b|pg(?=[- ]rated| films| movies"
                          r"| comedies))", re.IGNORECASE)  # fmt: skip


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)


def period(text: str) -> tuple[int | None, int | None]:
    for word, decade in _SPELLED_DECADES.items():
        if re.search(rf"\b{word}\b", text):
            return decade, decade + 9
    start, end, _ = find_period(re.sub(r"\b(\d+)\s*\+?\s*(?:critic\S*\s*)?reviews\b", "", text))
    return start, end


def genres(text: str) -> tuple[str, ...]:
    found: list[str] = []
    for pattern, name in GENRE_WORDS:
        if re.search(rf"\b(?:{pattern})\b", text) and name not in found:
            found.append(name)
    return tuple(found)


def fields(text: str) -> tuple[Field, ...]:
    found = [(m.start(), name) for pattern, name in FIELDS for m in [re.search(pattern, text)] if m]
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def metric(text: str) -> tuple[Metric, bool]:
    for pattern, name, ascending in METRICS:
        if re.search(pattern, text):
            return name, ascending
    return "", False


def limit(text: str) -> int | None:
    for pattern in _LIMIT:
        match = pattern.search(text)
        if match:
            return max(1, min(10, number(match.group(1))))
    if re.search(r"\b(?:a|one) (?:good|great|best)\b|\bthe (?:best|top) (?!\d)", text):
        return None
    return None


def min_reviews(text: str) -> int | None:
    match = _REVIEWS.search(text)
    return int(next(g for g in match.groups() if g)) if match else None


def min_rating(text: str) -> float | None:
    match = _RATING.search(text)
    return float(next(g for g in match.groups() if g)) if match else None


def runtime(text: str) -> tuple[int | None, int | None]:
    match = _RUNTIME.search(text)
    if not match:
        return None, None
    how, amount, unit = match.groups()
    value = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0}.get(amount)
    minutes = int((value if value is not None else float(amount)) * (60 if unit[0] == "h" else 1))
    below = how in ("under", "less than", "shorter than", "below", "at most")
    return (None, minutes) if below else (minutes, None)


def certification(text: str) -> str:
    match = _CERTIFICATE.search(text)
    if not match:
        return ""
    return match.group(1).upper().replace("RATED ", "").replace(" ", "-")


_LANGUAGES = {"french": "fr", "italian": "it", "japanese": "ja", "german": "de", "spanish": "es",
              "korean": "ko", "chinese": "zh", "mandarin": "zh", "cantonese": "cn", "hindi": "hi",
              "swedish": "sv", "danish": "da", "russian": "ru", "portuguese": "pt",
              "norwegian": "no", "polish": "pl", "dutch": "nl", "persian": "fa", "iranian": "fa",
              "turkish": "tr", "greek": "el", "hungarian": "hu", "czech": "cs"}  # fmt: skip


def language(text: str) -> str:
    match = re.search(r"\b(" + "|".join(_LANGUAGES) + r")\b", text)
    return _LANGUAGES[match.group(1)] if match else ""


_TOPIC = re.compile(r"\b((?:about|set in|involving|based on|featuring an?|with an?)\s+[a-z][a-z' -]"
                    r"{2,30}?)\s*(?=[,.?!]|$|\bfrom\b|\bin the\b|\bby\b|\bwith\b)")  # fmt: skip


def topic(text: str) -> str:
    """A topic or place the user asked for that no tool can filter by ("about dogs")."""
    match = _TOPIC.search(text)
    return match.group(1).strip() if match else ""
