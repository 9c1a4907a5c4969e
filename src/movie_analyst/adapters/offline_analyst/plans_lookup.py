"""Open questions ("tell me about X", a bare title or name): one search decides film or person."""

from movie_analyst.adapters.offline_analyst import facts
from movie_analyst.adapters.offline_analyst.phrasing import norm, norm_title
from movie_analyst.adapters.offline_analyst.plans_lists import profile_of
from movie_analyst.adapters.offline_analyst.plans_titles import details_of
from movie_analyst.adapters.offline_analyst.resolve import (
    Resolved,
    choose_title,
    resembles,
    resolve_title,
    split_year,
)
from movie_analyst.adapters.offline_analyst.tape import Tape

HELP = (
    "I'm the offline movie analyst: I answer from the film catalog, and only with what its "
    "tools return. I can tell you:\n"
    "- who directed, wrote or stars in a film, and whether someone is in it;\n"
    "- a film's year, runtime, certification, scores, box office and Oscars;\n"
    "- films by a director or actor, optionally in a decade (“Hitchcock films of the 1950s”), "
    "and how many there are;\n"
    "- the top-rated films of a genre or decade, films like one you enjoyed (“but older”, "
    "“from the 70s”), and comparisons of two films;\n"
    "- lookups by IMDb id (e.g. tt0111161), and follow-ups such as “what else did he make?”.\n"
    "Live data (trending, upcoming, airing today, where to watch) needs the online catalog."
)
THANKS = "You're welcome! Ask me anything else about films, the people who make them, or lists."
INJECTION = (
    "I can't change how I work or share my instructions, but I'm happy to help with movies. "
    "Ask me, for example, who directed a film, what else an actor was in, or the best films of a "
    "decade."
)


def lookup(tape: Tape, text: str) -> str:
    """An open question: one search decides whether the words name a film or a person."""
    if not text.strip():
        return HELP
    if "tt" in text.lower() and any(ch.isdigit() for ch in text):
        return facts.summary(details_of(tape, resolve_title(tape, text)))
    query, year = split_year(text)
    found = tape.call(
        "search_media", {"query": query, "kind": "multi"}, f"I search the catalog for “{query}”."
    )
    results = [r for r in found.get("results", []) if isinstance(r, dict) and "id" in r]
    people = [
        r for r in results if r.get("kind") == "person" and resembles(query, str(r.get("name", "")))
    ]
    titles = [
        r
        for r in results
        if r.get("kind") in ("movie", "tv") and resembles(query, str(r.get("title", "")))
    ]
    exact_person = [p for p in people if norm(str(p.get("name", ""))) == norm(query)]
    exact_title = [t for t in titles if norm_title(str(t.get("title", ""))) == norm_title(query)]
    if exact_person and not exact_title:
        return profile_of(tape, exact_person[0])
    if titles:
        chosen = choose_title(found, query, year)
        if not exact_title and not year:
            chosen = Resolved(item=titles[0], note=f"I took “{query}” to mean this title.")
        summary = facts.summary(details_of(tape, chosen))
        return f"{summary}\n\n{chosen.note}" if chosen.note else summary
    if people:
        return profile_of(tape, people[0])
    return f"I couldn't find anything called “{query}” in the catalog.\n\n{HELP}"
