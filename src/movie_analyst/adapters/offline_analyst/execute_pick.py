"""Superlatives over a set of films: "which of them is the longest?", "the best rated by critics".

The set is the previous answer's query re-run ranked by the metric asked (so the best of the
whole set is found, not only of the films shown), else the films the previous answer listed.
"""

import msgspec

from movie_analyst.adapters.offline_analyst.entities import Outcome
from movie_analyst.adapters.offline_analyst.execute_lists import LOCAL, Item, titles
from movie_analyst.adapters.offline_analyst.phrasing import film
from movie_analyst.adapters.offline_analyst.query import Query
from movie_analyst.adapters.offline_analyst.tape import Tape


def pick(tape: Tape, q: Query, earlier_query: Query | None, earlier: Outcome | None,
         genres: list[str]) -> Outcome:  # fmt: skip
    """The best of the previous answer's set by the metric asked ("which of them is longest")."""
    if earlier_query is not None and earlier_query.want in ("titles", "count"):
        ranked = msgspec.structs.replace(
            earlier_query,
            metric=q.metric,
            ascending=q.ascending,
            exclude_previous=False,
            limit=1,
            want="titles",
        )
        outcome = titles(tape, ranked, None, genres)
        if not outcome.films:
            return outcome
        among = outcome.text.split("\n", 1)[0].rstrip(":").split(" (", 1)[0]
        best = outcome.films[0]
        text = f"{_superlative(q)} {film(best)}{_value(best, q.metric)}.\n\nAmong: {among}."
        return Outcome(text=text, films=outcome.films, people=outcome.people)
    films = earlier.films if earlier else []
    key = {"box_office": "revenue"}.get(q.metric, LOCAL.get(q.metric, "vote_average"))
    known = [f for f in films if isinstance(f.get(key), int | float)]
    if not known:
        return Outcome(text="I have no earlier list to choose from; what should I rank?")
    best = sorted(known, key=lambda f: f[key], reverse=not q.ascending)[0]
    return Outcome(text=f"{_superlative(q)} {film(best)}{_value(best, q.metric)}.", films=[best])


def _value(item: Item, metric: str) -> str:
    if metric == "runtime" and item.get("runtime"):
        return f", {item['runtime']} minutes"
    if metric == "critics" and isinstance(item.get("vote_average"), int | float):
        return f", critics {item['vote_average']}/10"
    return ""


def _superlative(q: Query) -> str:
    words = {"runtime": ("the longest", "the shortest"), "year": ("the newest", "the oldest"),
             "box_office": ("the biggest earner", "the smallest earner"),
             "critics": ("the best rated by critics", "the worst rated by critics"),
             "popularity": ("the best-known", "the least known")}  # fmt: skip
    word = words.get(q.metric, ("the first", "the first"))[1 if q.ascending else 0]
    return f"Of those, {word} is"
