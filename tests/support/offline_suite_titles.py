"""The main suite's questions about one or two titles, generated from well-known catalog films
with several phrasings each (typos, word orders, chatter). Facts come from SQL (`Facts`)."""

from itertools import cycle
from typing import Any

from tests.support.offline_facts import Case, Facts, money

Film = dict[str, Any]


def _say(templates: tuple[str, ...], films: list[Film], kind: str, expect: Any) -> list[Case]:
    """One case per film, phrasings taken in turn; `expect(film)` gives the facts."""
    return [
        Case(kind=kind, question=t.format(t=film["title"], i=film["title"]), expect=expect(film))
        for t, film in zip(cycle(templates), films, strict=False)
    ]


def title_cases(f: Facts) -> list[Case]:
    films = f.popular_films(60)
    return [
        *_say(("Who directed {t}?", "who's the director of {t}", "{t} - director?",
               "who made the film {t}", "tell me who directed {t} please", "director of {t}?",
               "{t} was directed by whom?", "whos the directer of {t}"), films[:30], "director",
              lambda x: (f.director(x["title"], x["year"]),)),
        *_say(("how long is {t}", "{t} runtime?", "what's the running time of {t}",
               "How many minutes is {t}?"), films[30:45], "runtime",
              lambda x: (f"{x['runtime']} minutes",)),
        *_say(("how much did {t} make at the box office", "{t} box office", "what did {t} "
               "gross?", "box office takings of {t}"), [x for x in films if x["box_office"]][:15],
              "box_office", lambda x: (money(x["box_office"]),)),
        *_say(("what is {t} rated", "age rating of {t}?", "is {t} rated R or PG-13?"),
              [x for x in films[10:] if x["certification"]][:9], "certification",
              lambda x: (f"rated {x['certification']}",)),
        *_details(f, films),
        *_cast(f, films),
        *_say(("{i}", "what is {i}?", "who directed {i}", "imdb {i} - what film is that"),
              [x | {"title": x["imdb_id"]} for x in films[5:17]], "imdb",
              lambda x: (f.film_by_imdb(x["title"])["title"],)),
        *_say(("how many oscars did {t} win", "did {t} win an oscar?", "{t} academy awards?",
               "How many Academy Awards did {t} get"),
              f.rows("SELECT title, year, oscars FROM films WHERE oscars > 0 AND vote_count > 150 "
                     "ORDER BY vote_count DESC, id LIMIT 12"), "oscars",
              lambda x: (f"{x['oscars']} oscar",)),
        *_say(("movies like {t}", "something similar to {t}?", "if I liked {t} what else would "
               "I like", "recommend films similar to {t}", "anything like {t}"), films[20:30],
              "similar", lambda x: (x["title"], "1.", "2.")),
        *_say(("who wrote {t}", "{t} screenplay - who wrote it?", "writers of {t}"),
              [x for x in films[40:] if f.people(x["id"], "writer")][:8], "writers",
              lambda x: (f.people(x["id"], "writer")[0],)),
        *_compare(f, films),
        *_remakes(f),
    ]  # fmt: skip


def _details(f: Facts, films: list[Film]) -> list[Case]:
    def facts(x: Film) -> tuple[str, ...]:
        found = [f"{x['runtime']} minutes", f.director(x["title"], x["year"])]
        return (*found, str(x["released"])) if x["released"] else tuple(found)

    return _say(("When was {t} released, how long is it and who directed it?",
                 "runtime, director and release date of {t}",
                 "{t}: who directed it, when did it come out and how long is it?",
                 "how long is {t}, when was it released, and who's the director"),
                [x for x in films[:40] if x["released"]][:20], "details", facts)  # fmt: skip


def _cast(f: Facts, films: list[Film]) -> list[Case]:
    cases = []
    for index, film in enumerate(films[:26]):
        cast = f.people(film["id"], "cast")
        other = f.people(films[index + 1]["id"], "cast")
        stranger = next((p for p in other if not f.credited(film["id"], p)), "")
        if index % 2 and cast:
            forms = ("Is {p} in {t}?", "was {p} in {t}", "does {p} star in {t}?")
            q = forms[index % 3].format(p=cast[min(1, len(cast) - 1)], t=film["title"])
            cases.append(Case(kind="cast", question=q, expect=("yes",)))
        elif stranger:
            forms = ("Is {p} in {t}?", "did {p} act in {t}", "{p} in {t}?")
            q = forms[index % 3].format(p=stranger, t=film["title"])
            cases.append(Case(kind="cast", question=q, expect=("no",), forbid=("yes:",)))
    return cases


def _compare(f: Facts, films: list[Film]) -> list[Case]:
    cases = []
    for a, b in zip(films[0:20:2], films[1:20:2], strict=True):
        if a["runtime"] == b["runtime"] or a["vote_average"] == b["vote_average"]:
            continue
        longer = a if a["runtime"] > b["runtime"] else b
        better = a if a["vote_average"] > b["vote_average"] else b
        won = f"**{longer['title']}** ({longer['year']}) is longer"
        ahead = f"**{better['title']}** ({better['year']}) comes out ahead"
        ta, tb = a["title"], b["title"]
        cases += [
            Case(kind="compare", question=f"which is longer, {ta} or {tb}?", expect=(won,)),
            Case(kind="compare", question=f"{ta} vs {tb} - which one is better?", expect=(ahead,)),
        ]
    return cases


def _remakes(f: Facts) -> list[Case]:
    titles = f.rows("SELECT title FROM films WHERE vote_count >= 25 GROUP BY title "
                    "HAVING count(*) >= 2 ORDER BY sum(vote_count) DESC LIMIT 6")  # fmt: skip
    cases = []
    for row in titles:
        versions = f.rows("SELECT id, title, year, runtime FROM films WHERE title = ? AND "
                          "vote_count >= 25 ORDER BY year", row["title"])  # fmt: skip
        old, new = versions[0], versions[-1]
        t = old["title"]
        cases += [
            Case(
                kind="remakes",
                question=f"Who directed {t} ({new['year']})?",
                expect=(f.people(new["id"], "director")[0],),
            ),
            Case(
                kind="remakes",
                question=f"how long is the {old['year']} {t}",
                expect=(f"{old['runtime']} minutes",),
            ),
        ]
    return cases
