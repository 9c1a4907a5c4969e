"""Turns a query's title and person references into catalog entries, through the search tools.

A reference to the conversation ("it", "the third one", "he") is resolved from the previous
answer's outcome: its films and people, kept as data (`Outcome`), never re-read from its text.
"""

import re
from typing import Any

import msgspec

from movie_analyst.adapters.offline_analyst.query import PersonRef, TitleRef
from movie_analyst.adapters.offline_analyst.resolve import Resolved, resolve_person, resolve_title
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape

Item = dict[str, Any]
_SEQUEL = re.compile(r"\s*(?::|\bpart\b|\bchapter\b|\b(?:ii|iii|iv|2|3|4)\b).*$", re.IGNORECASE)


class Outcome(msgspec.Struct, kw_only=True):
    """An answer and what it was about: the films and people it named, in order."""

    text: str
    films: list[Item] = []
    people: list[Item] = []
    total: int | None = None  # how many films the whole result set holds, when it is a list


def title(tape: Tape, ref: TitleRef, earlier: Outcome | None) -> Resolved:
    if ref.from_context:
        return _from_context(tape, ref, earlier)
    text = f"{ref.text} ({ref.year})" if ref.year else ref.text
    return resolve_title(tape, text)


def titles(tape: Tape, refs: tuple[TitleRef, ...], earlier: Outcome | None) -> list[Resolved]:
    found: list[Resolved] = []
    for ref in refs:
        if ref.text == "#original" and found:
            found.append(_original(tape, found[0]))
        else:
            found.append(title(tape, ref, earlier))
    return found


def _from_context(tape: Tape, ref: TitleRef, earlier: Outcome | None) -> Resolved:
    films = earlier.films if earlier else []
    if not films:
        raise Finish("Which film do you mean? I have no earlier answer to take it from; "
                     "please name the title.")  # fmt: skip
    index = 1 if ref.text in ("#it", "#original") else int(ref.text[1:])
    if index == -1 or index > len(films):
        index = len(films) if index == -1 else 0
    if index == 0:
        raise Finish(f"The previous answer listed only {len(films)} titles; which one do you mean?")
    return Resolved(item=films[index - 1])


def _original(tape: Tape, sequel: Resolved) -> Resolved:
    base = _SEQUEL.sub("", str(sequel.item.get("title", ""))).strip()
    if not base or base == sequel.item.get("title"):
        raise Finish(f"I couldn't tell which film “the first one” is before "
                     f"{sequel.item.get('title')}; please name it.")  # fmt: skip
    found = resolve_title(tape, base)
    return Resolved(item=found.item, note=f"(I took “the first one” to mean {base}.)")


def person(tape: Tape, ref: PersonRef, earlier: Outcome | None) -> Item:
    if not ref.from_context:
        return resolve_person(tape, ref.name)
    people = earlier.people if earlier else []
    if not people:
        raise Finish("Who do you mean? I have no earlier answer naming someone; please give "
                     "the name.")  # fmt: skip
    return people[0]


def people(tape: Tape, refs: tuple[PersonRef, ...], earlier: Outcome | None) -> list[Item]:
    return [person(tape, ref, earlier) for ref in refs]
