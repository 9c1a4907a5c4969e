"""What a question asks for, as data: what to return, about which entities, under which filters.

The parser fills it from free text (`parse`), earlier questions fill in references (`context`),
and one executor turns it into tool calls (`execute`). Nothing here decides a fact: titles and
people are kept as written and resolved by the search tools.
"""

from typing import Literal

import msgspec

Want = Literal[
    "help", "thanks", "injection", "live", "facts", "membership", "compare", "titles", "count",
    "pick", "similar", "profile", "lookup", "most_oscars", "genre_list", "popular",
    "where_to_watch", "videos", "reviews", "release_dates", "next_episode",
]  # fmt: skip
Role = Literal["any", "director", "writer", "cast"]
Metric = Literal["", "critics", "popularity", "box_office", "runtime", "year", "oscars"]
# Facts of one title an answer can hold; "summary" is the short profile.
Field = Literal["summary", "director", "writers", "cast", "runtime", "certification",
                "box_office", "awards", "released", "genres", "scores", "plot"]  # fmt: skip


class PersonRef(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # as the catalog spells it when the lexicon knew it, else as written
    role: Role = "any"
    from_context: bool = False  # "he", "she", "they" taken from the previous exchange


class TitleRef(msgspec.Struct, frozen=True, kw_only=True):
    text: str  # a title as written, or an IMDb id
    year: int | None = None
    from_context: bool = False  # "it", "that film", "the first one"


class Query(msgspec.Struct, frozen=True, kw_only=True):
    want: Want
    fields: tuple[Field, ...] = ()
    titles: tuple[TitleRef, ...] = ()
    people: tuple[PersonRef, ...] = ()
    genres: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    min_rating: float | None = None
    min_reviews: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    certification: str = ""  # the catalog's tools cannot filter by it: named in the answer
    language: str = ""  # ISO 639-1 ("fr" for "French films")
    unused: str = ""  # a topic or place asked for ("about dogs"): no tool filters by it
    metric: Metric = ""
    ascending: bool = False
    limit: int | None = None
    previous: bool = False  # about the previous answer's result set ("which of them")
    exclude_previous: bool = False  # "what else", "other films"
    era: str = ""  # "older" | "newer", relative to a title's own year
    live: str = ""  # the live tool asked about
    kind: str = "movie"
    words: str = ""  # the words no rule explained: a lookup's last resort, or named as unused

    @property
    def has_filters(self) -> bool:
        return bool(self.people or self.genres or self.period or self.min_reviews or self.language
                    or self.min_rating or self.runtime_min or self.runtime_max)  # fmt: skip

    @property
    def period(self) -> bool:
        return self.year_from is not None or self.year_to is not None
