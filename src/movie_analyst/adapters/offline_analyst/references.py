"""Follow-up questions: pronouns, "the second one", "and Vertigo?" resolved from the last exchange.

Only the stored conversation is used, never a hidden state: answers write films as
`**Title** (year)` and people as `**Name**` (see `phrasing`), which is what is read back here.
"""

import re

import msgspec

from movie_analyst.adapters.offline_analyst.intent import Intent, clean
from movie_analyst.adapters.offline_analyst.intents import recognise
from movie_analyst.adapters.offline_analyst.periods import find_period
from movie_analyst.adapters.offline_analyst.transcript import Exchange

_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*( \((\d{4})\))?")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4, "5th": 5, "last": -1}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(" + "|".join(_ORDINALS) + r")(?:\s+(?:one|film|movie|title|entry))?\b"
    r"|\b(?:number|no\.?|#)\s*(\d{1,2})\b",
    re.IGNORECASE,
)
_IT = re.compile(
    r"\b(?:it|that (?:film|movie|one)|this (?:film|movie|one)|the (?:film|movie))\b", re.I
)
_HE = re.compile(r"\b(?:he|she|him|her|they|them)\b", re.IGNORECASE)
_HIS = re.compile(r"\b(?:his|her|their)\b", re.IGNORECASE)
_FOLLOW_ON = re.compile(r"^(?:and|what about|how about|same for|and what about)\s+(.+)$", re.I)


def films_in(answer: str) -> list[str]:
    """Films named in an answer, in order (bold text followed by a year)."""
    return [f"{m.group(1)} ({m.group(3)})" for m in _BOLD.finditer(answer) if m.group(3)]


def people_in(answer: str) -> list[str]:
    """People named in an answer, in order (bold text with no year after it)."""
    return [m.group(1) for m in _BOLD.finditer(answer) if not m.group(3)]


def understand(question: str, history: list[Exchange]) -> Intent:
    """The intent of `question`, with references to the previous exchange made explicit."""
    previous = history[-1] if history else None
    if previous is None:
        return recognise(question)
    text = _substitute(question.strip(), previous)
    follow = _FOLLOW_ON.match(text.rstrip(" ?!."))
    intent = recognise(text)
    if follow and intent.name == "lookup":
        # "and who directed it?" is a question of its own; "and Vertigo?" repeats the last one.
        own = recognise(follow.group(1))
        carried = None if own.name != "lookup" else _carry_over(clean(follow.group(1)), previous)
        intent = own if own.name != "lookup" else carried or intent
    if intent.exclude == ["*"]:
        intent = msgspec.structs.replace(intent, exclude=films_in(previous.answer))
    return intent


def _substitute(text: str, previous: Exchange) -> str:
    films = films_in(previous.answer)
    people = people_in(previous.answer) or _people_asked(previous.question)
    if films:
        text = _ORDINAL.sub(lambda m: _nth(films, m) or m.group(0), text)
        if not _names_a_year(text):
            text = _IT.sub(films[0], text, count=1)
    if people:
        text = _HIS.sub(people[-1] + "'s", text)
        text = _HE.sub(people[-1], text)
    return text


def _names_a_year(text: str) -> bool:
    return bool(re.search(r"\(\d{4}\)", text))


def _nth(films: list[str], match: re.Match[str]) -> str | None:
    word, number = match.group(1), match.group(2)
    index = _ORDINALS[word.lower()] if word else int(number)
    if index == -1:
        return films[-1]
    return films[index - 1] if 0 < index <= len(films) else None


def _people_asked(question: str) -> list[str]:
    person = recognise(question).person
    return [person] if person else []


def _carry_over(subject: str, previous: Exchange) -> Intent | None:
    """ "and Vertigo?" after "who directed Psycho?" asks the same about Vertigo."""
    before = recognise(previous.question)
    start, end, rest = find_period(subject)
    if (start or end) and not rest.strip():
        return msgspec.structs.replace(before, year_from=start, year_to=end)
    if _names_a_year(subject) and not before.title:
        return Intent(name="lookup", title=subject)  # a film picked from a listed answer
    if before.person and before.name in ("filmography", "count", "person"):
        return msgspec.structs.replace(before, person=subject)
    if before.title and before.name not in ("lookup", "compare"):
        return msgspec.structs.replace(before, title=subject)
    return msgspec.structs.replace(before, name="lookup", title=subject) if before.title else None
