"""The one executor: a `Query` -> tool calls (the same tools the LLM uses) -> an `Outcome`.

References to the conversation are resolved by re-running the earlier question's query in this
turn (`recall`): its films and people come back as data from real tool observations, so a
follow-up's steps stay honest and nothing is re-read from the earlier answer's text.
"""

from movie_analyst.adapters.offline_analyst import (
    entities,
    plans_extra,
    plans_lookup,
    plans_similar,
)
from movie_analyst.adapters.offline_analyst import execute_lists as lists
from movie_analyst.adapters.offline_analyst import execute_titles as about
from movie_analyst.adapters.offline_analyst.entities import Outcome
from movie_analyst.adapters.offline_analyst.execute_pick import pick
from movie_analyst.adapters.offline_analyst.plans_awards import most_oscars
from movie_analyst.adapters.offline_analyst.plans_lists import live, profile_of
from movie_analyst.adapters.offline_analyst.query import PersonRef, Query
from movie_analyst.adapters.offline_analyst.tape import Finish, Tape

_FIXED = {"help": plans_lookup.HELP, "thanks": plans_lookup.THANKS,
          "injection": plans_lookup.INJECTION}  # fmt: skip


def needs_context(q: Query, previous: Query | None) -> bool:
    """Whether the previous outcome must be re-observed: not for a superlative over a list,
    which re-runs the list's own query ranked by the metric instead."""
    if q.want == "pick":
        return previous is None or previous.want not in ("titles", "count")
    refs = [t.from_context for t in q.titles] + [p.from_context for p in q.people]
    return any(refs) or q.previous or q.exclude_previous


def recall(tape: Tape, history: list[Query], genres: list[str]) -> Outcome | None:
    """The previous question's outcome, re-observed through its tool calls in this turn."""
    if not history:
        return None
    try:
        return answer(tape, history[-1], history[:-1], genres)
    except Finish as finish:
        return Outcome(text=finish.answer)


def answer(tape: Tape, q: Query, history: list[Query], genres: list[str]) -> Outcome:
    if q.want in _FIXED:
        return Outcome(text=_FIXED[q.want])
    previous = history[-1] if history else None
    earlier = recall(tape, history, genres) if needs_context(q, previous) else None
    match q.want:
        case "facts":
            return _and_what_else(tape, q, about.details(tape, q, earlier), genres)
        case "membership":
            return about.membership(tape, q, earlier)
        case "compare":
            return about.compare(tape, q, earlier)
        case "titles":
            return lists.titles(tape, q, earlier, genres)
        case "count":
            return lists.count(tape, q, earlier, genres)
        case "pick":
            return pick(tape, q, previous, earlier, genres)
        case "profile":
            who = entities.person(tape, q.people[0], earlier)
            return Outcome(text=profile_of(tape, who), people=[who])
        case "similar":
            found = entities.title(tape, q.titles[0], earlier)
            return Outcome(text=plans_similar.similar(tape, found, q), films=[found.item])
    return Outcome(text=_other(tape, q))


def _and_what_else(tape: Tape, q: Query, said: Outcome, genres: list[str]) -> Outcome:
    """ "Who directed X and what else did they make?": the director's other films, after."""
    if not (q.exclude_previous and "director" in q.fields and said.people):
        return said
    who = said.people[0]
    more = Query(want="titles", people=(PersonRef(name=str(who["name"]), role="director"),),
                 exclude_previous=True)  # fmt: skip
    others = lists.titles(tape, more, said, genres, known=[who])
    return Outcome(text=f"{said.text}\n\n{others.text}", films=said.films + others.films,
                   people=said.people)  # fmt: skip


def _other(tape: Tape, q: Query) -> str:
    """The catalog's remaining tools, each a direct call."""
    match q.want:
        case "live":
            return live(tape, q.live)
        case "most_oscars":
            return most_oscars(tape, q.year_from, q.year_to)
        case "genre_list":
            return plans_extra.genre_list(tape, q.kind)
        case "popular":
            return plans_extra.popular(tape, q.kind)
        case "where_to_watch" | "videos" | "reviews" | "release_dates" | "next_episode":
            return plans_extra.about_title(tape, q.want, q.titles[0].text)
    return plans_lookup.lookup(tape, q.words)
