"""The main suite's questions about people, lists, counts and conversations, generated from the
catalog's prolific directors and actors with several phrasings each. Facts come from SQL."""

from tests.support.offline_facts import Case, Facts

NO_LIVE = "no live data"
GENRES = (("Horror", "horror films"), ("Comedy", "comedies"), ("Sci-Fi", "sci-fi movies"),
          ("Drama", "dramas"), ("Thriller", "thrillers"), ("Western", "westerns"),
          ("Crime", "crime films"), ("Animation", "animated films"))  # fmt: skip


def _titles(rows: list[dict[str, object]], n: int) -> tuple[str, ...]:
    return tuple(str(r["title"]) for r in rows[:n])


def list_cases(f: Facts) -> list[Case]:
    directors = [d["name"] for d in f.prolific("director", 16, minimum=6)]
    actors = [a["name"] for a in f.prolific("cast", 16, minimum=15)]
    return [*_director_decades(f, directors), *_counts(f, directors, actors),
            *_actor_films(f, actors, directors), *_top_critics(f), *_superlatives(f, directors),
            *_follow_ups(f), *_live(), *_rambling(f, directors)]  # fmt: skip


def _best_decade(f: Facts, name: str, role: str) -> int:
    films = f.films(people=((name, role),))
    decades = [int(r["year"]) // 10 * 10 for r in films if r["year"]]
    return max(set(decades), key=lambda d: (decades.count(d), d))


def _director_decades(f: Facts, directors: list[str]) -> list[Case]:
    forms = ("{p} films of the {d}s", "which movies did {p} direct in the {d}s?",
             "what did {p} direct in the '{s}0s", "list the films {p} directed in the {d}s",
             "movies directed by {p} during the {d}s")  # fmt: skip
    cases = []
    for index, name in enumerate(directors):
        decade = _best_decade(f, name, "director")
        inside = f.films(people=((name, "director"),), years=(decade, decade + 9))
        outside = [r for r in f.films(people=((name, "director"),)) if r not in inside]
        q = forms[index % len(forms)].format(p=name, d=decade, s=str(decade)[2])
        forbid = (f"**{outside[0]['title']}** ({outside[0]['year']})",) if outside else ()
        cases.append(Case(kind="director_decade", question=q, expect=_titles(inside, 2),
                          forbid=forbid))  # fmt: skip
    return cases


def _counts(f: Facts, directors: list[str], actors: list[str]) -> list[Case]:
    cases = []
    for index, name in enumerate(directors[:10]):
        n = len(f.films(people=((name, "director"),)))
        form = ("How many films did {p} direct?", "how many movies has {p} directed",
                "number of films directed by {p}?")[index % 3]  # fmt: skip
        cases.append(Case(kind="count", question=form.format(p=name), expect=(f"{n} films",)))
    for index, name in enumerate(actors[:8]):
        n = len(f.films(people=((name, "cast"),)))
        form = ("how many films has {p} been in?", "how many movies did {p} act in",
                "{p}: how many films as an actor?")[index % 3]  # fmt: skip
        cases.append(Case(kind="count", question=form.format(p=name), expect=(f"{n} films",)))
    for index, (genre, words) in enumerate(GENRES):
        decade = 1970 + 10 * (index % 5)
        n = len(f.films(genre=genre, years=(decade, decade + 9)))
        form = ("how many {g} from the {d}s are in the catalog?", "count the {g} of the {d}s",
                "how many {g} were made in the {d}s")[index % 3]  # fmt: skip
        cases.append(Case(kind="count", question=form.format(g=words, d=decade), expect=(str(n),)))
    return cases


def _actor_films(f: Facts, actors: list[str], directors: list[str]) -> list[Case]:
    cases = []
    for index, name in enumerate(actors[:10]):
        decade = _best_decade(f, name, "cast")
        rows = f.films(people=((name, "cast"),), years=(decade, decade + 9))
        form = ("{p} movies from the {d}s", "films starring {p} in the {d}s",
                "what was {p} in during the {d}s?")[index % 3]  # fmt: skip
        cases.append(
            Case(
                kind="actor_films", question=form.format(p=name, d=decade), expect=_titles(rows, 2)
            )
        )
    pairs = f.rows("SELECT a.name AS a, b.name AS b, count(*) AS n FROM credits x JOIN credits "
                   "y ON x.film_id = y.film_id AND x.person_id < y.person_id JOIN people a ON "
                   "a.id = x.person_id JOIN people b ON b.id = y.person_id WHERE x.role = 'cast' "
                   "AND y.role = 'cast' AND a.film_count > 25 AND b.film_count > 25 GROUP BY "
                   "x.person_id, y.person_id HAVING n >= 3 ORDER BY n DESC LIMIT 8")  # fmt: skip
    for index, pair in enumerate(pairs):
        rows = f.films(people=((pair["a"], "cast"), (pair["b"], "cast")))
        form = ("movies with {a} and {b}", "films where {a} and {b} both star",
                "what films have {a} together with {b}?")[index % 3]  # fmt: skip
        cases.append(
            Case(
                kind="actor_films",
                question=form.format(a=pair["a"], b=pair["b"]),
                expect=_titles(rows, 2),
            )
        )
    duos = f.rows("SELECT a.name AS a, d.name AS d, count(*) AS n FROM credits x JOIN credits y "
                  "ON x.film_id = y.film_id JOIN people a ON a.id = x.person_id JOIN people d ON "
                  "d.id = y.person_id WHERE x.role = 'cast' AND y.role = 'director' AND "
                  "a.id != d.id GROUP BY x.person_id, y.person_id HAVING n >= 4 "
                  "ORDER BY n DESC LIMIT 7")  # fmt: skip
    for index, duo in enumerate(duos):
        rows = f.films(people=((duo["a"], "cast"), (duo["d"], "director")))
        form = ("{a} films directed by {d}", "movies {d} directed with {a} in them",
                "which films did {a} make with director {d}?")[index % 3]  # fmt: skip
        cases.append(
            Case(
                kind="actor_films",
                question=form.format(a=duo["a"], d=duo["d"]),
                expect=_titles(rows, 2),
            )
        )
    return cases


def _top_critics(f: Facts) -> list[Case]:
    forms = (
        "top {n} {g} of the {d}s by critics with at least {m} reviews",
        "best {g} from the {d}s according to critics (min {m} reviews), top {n}",
        "{n} highest rated {g} of the {d}s, {m}+ reviews",
        "what are the {n} best-reviewed {g} from the {s}0s with at least {m} critic reviews",
    )
    cases = []
    for index in range(24):
        genre, words = GENRES[index % len(GENRES)]
        decade, n, m = 1970 + 10 * (index % 5), 3 + index % 5, (20, 40, 60)[index % 3]
        rows = f.top_by_critics(genre, (decade, decade + 9), m)
        if len(rows) <= n:
            continue
        q = forms[index % 4].format(n=n, g=words, d=decade, s=str(decade)[2], m=m)
        cases.append(Case(kind="top_critics", question=q, expect=_titles(rows, 2),
                          forbid=(f"\n{n + 1}. ",)))  # fmt: skip
    return cases


def _superlatives(f: Facts, directors: list[str]) -> list[Case]:
    asks = (("which of them is the longest?", "f.runtime DESC"),
            ("which one is the shortest", "f.runtime ASC"),
            ("which is the oldest?", "f.year ASC"),
            ("and the newest one?", "f.year DESC"),
            ("which of those made the most money?", "f.box_office DESC"),
            ("which one do critics rate highest?", "f.vote_average DESC"))  # fmt: skip
    cases = []
    for index, name in enumerate(directors[:15]):
        question, order = asks[index % len(asks)]
        ranked = f.films(people=((name, "director"),), order=order + " NULLS LAST")
        column = order.split()[0].removeprefix("f.")
        if len(ranked) > 1 and ranked[0][column] == ranked[1][column]:
            continue  # a tie: either film would be right
        best = ranked[0]
        cases.append(
            Case(
                kind="superlative",
                before=(f"films directed by {name}",),
                question=question,
                expect=(best["title"],),
            )
        )
    return cases


def _follow_ups(f: Facts) -> list[Case]:
    films = f.popular_films(15, offset=60)
    cases = []
    for index, film in enumerate(films):
        director = f.director(film["title"], film["year"])
        others = [r for r in f.films(people=((director, "director"),)) if r["id"] != film["id"]]
        before = (f"Who directed {film['title']}?",)
        if index % 3 == 0 and others:
            cases.append(Case(kind="follow-up", before=before, question="what else did he direct?",
                              expect=(others[0]["title"],)))  # fmt: skip
        elif index % 3 == 1:
            cases.append(
                Case(
                    kind="follow-up",
                    before=before,
                    question="how long is it?",
                    expect=(f"{film['runtime']} minutes",),
                )
            )
        else:
            cast = f.people(film["id"], "cast")
            cases.append(
                Case(
                    kind="follow-up",
                    before=before,
                    question="and who is in it?",
                    expect=tuple(cast[:1]),
                )
            )
    return cases


def _live() -> list[Case]:
    asks = ("What's trending this week?", "what movies are coming out next month?",
            "what's playing in theaters now", "anything new on tv tonight?",
            "which shows are currently airing", "what's popular today on streaming",
            "upcoming releases?", "show me what is trending right now",
            "what's on at the cinema this week", "whats airing today")  # fmt: skip
    return [Case(kind="live", question=q, expect=(NO_LIVE,)) for q in asks]


def _rambling(f: Facts, directors: list[str]) -> list[Case]:
    films = f.popular_films(10, offset=80)
    chatter = (
        "Hey! Hope you're doing well. I was talking with a friend over coffee and we "
        "couldn't agree, so quick question: {q} Thanks a lot, you're the best.",
        "ok so random thought while cooking dinner... {q} no rush lol",
        "My dad keeps saying he knows everything about movies. Let's test it: {q}",
    )
    asks = [(f"who directed {x['title']}?", (f.director(x["title"], x["year"]),)) for x in films]
    asks += [(f"how long is {x['title']}?", (f"{x['runtime']} minutes",)) for x in films[:4]]
    return [Case(kind="rambling", question=chatter[i % 3].format(q=q), expect=e)
            for i, (q, e) in enumerate(asks)]  # fmt: skip
