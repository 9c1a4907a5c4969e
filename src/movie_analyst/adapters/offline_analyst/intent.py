"""The recognised shape of a question: its kind and the words that must be looked up.

Recognition never decides facts: it names a title, a person, a genre or a period as written;
the plans resolve those through tool calls.
"""

import re
from typing import Literal

import msgspec

IntentName = Literal[
    "help", "injection", "director", "writers", "cast", "is_in", "directed_check",
    "filmography", "count", "top_rated", "details", "compare", "most_oscars", "similar",
    "person", "live", "where_to_watch", "lookup", "next_episode", "videos", "reviews",
    "popular", "genre_list", "release_dates", "director_and_more",
]  # fmt: skip
Aspect = Literal["all", "runtime", "certification", "box_office", "awards", "year", "genres",
                 "scores", "plot"]  # fmt: skip
Role = Literal["director", "actor", "any"]


class Intent(msgspec.Struct, frozen=True, kw_only=True):
    name: IntentName
    title: str = ""
    title2: str = ""
    person: str = ""
    role: Role = "any"
    genre: str = ""  # the word as written; mapped to a catalog genre by the plan
    year_from: int | None = None
    year_to: int | None = None
    aspect: Aspect = "all"
    live: str = ""  # the tool for a live-data question
    kind: str = "movie"  # movie | tv, for catalog-wide lists
    exclude: list[str] = []  # titles to leave out ("what else ...")
    era: str = ""  # "older" | "newer": relative to the title's own year ("like X but older")


_STRIP = " \t\"'“”‘’«»?!.,:;"


def clean(text: str) -> str:
    """A title or name as written, without quotes, end punctuation or a leading "the film"."""
    # A second question glued on ("Alien and who is in it?") is not part of the title.
    text = re.split(r"[?]|\s+and\s+(?=(?:who|what|when|where|how|is|was|did|does)\b)", text)[0]
    text = text.strip(_STRIP)
    text = re.sub(r"^(the (film|movie|picture|show|series)|film|movie)\s+", "", text, flags=re.I)
    text = re.sub(r"\s+(film|movie)$", "", text, flags=re.I)
    return text.strip(_STRIP)
