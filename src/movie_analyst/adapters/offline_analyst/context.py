"""Conversation state as data: the queries of the earlier questions, each read in its own context.

A follow-up that names only a new subject ("and Aliens?", "what about the 80s?") repeats the
previous query with that subject; everything else stands on its own, with pronouns and ordinals
left as references that the executor resolves from the previous query's outcome.
"""

import re

import msgspec

from movie_analyst.adapters.offline_analyst.lexicon import Lexicon
from movie_analyst.adapters.offline_analyst.parse import parse
from movie_analyst.adapters.offline_analyst.query import Query

KEPT = 3  # earlier questions read back; a reference reaches at most this far
_FOLLOW_ON = re.compile(r"^(?:and|also|ok,? and|what about|how about|same for|same with|now)\b",
                        re.IGNORECASE)  # fmt: skip
_OPEN = ("lookup", "profile")


def queries(questions: list[str], lexicon: Lexicon) -> list[Query]:
    """One query per question, in order; the last one is the current question's."""
    parsed: list[Query] = []
    for text in questions[-(KEPT + 1) :]:
        query = parse(text, lexicon)
        parsed.append(carry(query, text, parsed[-1]) if parsed else query)
    return parsed


def carry(q: Query, text: str, previous: Query) -> Query:
    r = msgspec.structs.replace
    if previous.want in ("help", "thanks", "injection", "live"):
        return q
    bare = q.want in _OPEN or (q.want == "facts" and q.fields == ("summary",))
    if _FOLLOW_ON.match(text.strip()) and bare:
        if q.titles and previous.titles and not q.titles[0].from_context:
            return r(previous, titles=q.titles)
        if q.people and previous.people and previous.want != "membership":
            return r(previous, people=q.people)
    only_period = q.period and not (q.titles or q.people or q.genres or q.metric)
    if only_period and previous.want in ("titles", "count", "similar"):
        return r(previous, year_from=q.year_from, year_to=q.year_to)
    return q
