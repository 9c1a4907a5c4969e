"""The held-out paraphrase set: questions as people type them (word orders, typos, chatter,
follow-ups), written before the compositional parser and never used to tune it.

Each expected fact is read from the catalog with SQL (`Facts`), not from any answer.
"""

from tests.support.offline_facts import Case, Facts, money

NO_LIVE = "no live data"


def _names(rows: list[dict[str, object]], n: int) -> tuple[str, ...]:
    return tuple(str(r["title"]) for r in rows[:n])


def paraphrase_cases(f: Facts) -> list[Case]:
    return [*_lookups(f), *_lists(f), *_conversation(f)]


def _lookups(f: Facts) -> list[Case]:
    titanic, avatar = f.film("Titanic", 1997), f.film("Avatar")
    gone = f.film("Gone Girl")
    return [
        Case(kind="director", question="who was the director of the movie Skyfall",
             expect=(f.director("Skyfall"),)),
        Case(kind="director", question="jaws, who directed it?", expect=(f.director("Jaws"),)),
        Case(kind="director", question="any idea who directd Gone Girl?",
             expect=(f.director("Gone Girl"),)),
        Case(kind="imdb", question="what film has the imdb id tt0133093",
             expect=("The Matrix",)),
        Case(kind="imdb", question="tt0078748 who directed that one",
             expect=(f.director("Alien"),)),
        Case(kind="cast", question="is keanu reeves in the matrix?", expect=("yes",)),
        Case(kind="cast", question="does tom hanks appear in jaws", expect=("no",),
             forbid=("yes:",)),
        Case(kind="cast", question="Leonardo DiCaprio was in Inception right?",
             expect=("yes",)),
        Case(kind="remakes", question="who directed the 1998 psycho",
             expect=(f.director("Psycho", 1998),)),
        Case(kind="remakes", question="how long is the original psycho from 1960",
             expect=(f"{f.film('Psycho', 1960)['runtime']} minutes",)),
        Case(kind="oscars", question="did titanic win any oscars",
             expect=(f"{titanic['oscars']} oscars",)),
        Case(kind="oscars", question="how many academy awards has Gravity won",
             expect=(f"{f.film('Gravity')['oscars']} oscars",)),
        Case(kind="live", question="anything good in cinemas this weekend?", expect=(NO_LIVE,)),
        Case(kind="live", question="whats hot on tv tonight", expect=(NO_LIVE,)),
        Case(kind="box_office", question="what was the box office for the dark knight",
             expect=(money(f.film("The Dark Knight")["box_office"]),)),
        Case(kind="box_office", question="how much money did avatar gross",
             expect=(money(avatar["box_office"]),)),
        Case(kind="details", question="When did Gone Girl come out, how long is it and what's "
             "it rated?", expect=(gone["released"], f"{gone['runtime']} minutes", "R")),
        Case(kind="details", question="give me the runtime, director and box office of Skyfall",
             expect=(f"{f.film('Skyfall')['runtime']} minutes", f.director("Skyfall"),
                     money(f.film("Skyfall")["box_office"]))),
        Case(kind="details", question="How long is Titanic and who stars in it?",
             expect=(f"{titanic['runtime']} minutes", "Leonardo DiCaprio"),
             forbid=("It Follows",)),
        Case(kind="compare", question="which is longer, Titanic or Avatar?",
             expect=(f"{titanic['runtime']}", f"{avatar['runtime']}", "**Titanic** (1997) is "
                     "longer")),
        Case(kind="compare", question="Is The Godfather Part II better than the first one?",
             expect=("The Godfather** (1972)", "The Godfather Part II"),
             forbid=("couldn't find",)),
        Case(kind="compare", question="alien or aliens, which one do critics like more",
             expect=(_better(f, "Alien", "Aliens"),)),
        Case(kind="rambling", question="So my girlfriend and I were arguing last night, she "
             "swears it was someone else, anyway who actually directed Titanic? lol",
             expect=(f.director("Titanic", 1997),)),
    ]  # fmt: skip


def _better(f: Facts, a: str, b: str) -> str:
    first, second = f.film(a), f.film(b)
    best = first if first["vote_average"] > second["vote_average"] else second
    return f"**{best['title']}** ({best['year']}) comes out ahead"


def _lists(f: Facts) -> list[Case]:
    horror = f.top_by_critics("Horror", (1980, 1989), 40)
    comedy = f.top_by_critics("Comedy", (1990, 1999), 50)
    scifi = f.top_by_critics("Sci-Fi", (2000, 2009), 100)
    carrey = f.films(
        people=(("Jim Carrey", "cast"),),
        genre="Comedy",
        years=(1990, 1999),
        order="f.weighted DESC",
    )
    deniro = f.films(people=(("Robert De Niro", "cast"), ("Martin Scorsese", "director")))
    spielberg = f.films(people=(("Steven Spielberg", "director"),), years=(1980, 1989))
    horror_count = len(f.films(genre="Horror", years=(1980, 1989)))
    eastwood = len(f.films(people=(("Clint Eastwood", "director"),)))
    return [
        Case(kind="top_critics", question="top 5 horror movies from the 1980s according to "
             "critics, at least 40 reviews", expect=_names(horror, 2), forbid=("6.",)),
        Case(kind="top_critics", question="best reviewed comedies of the 90s with 50+ reviews",
             expect=_names(comedy, 1)),
        Case(kind="top_critics", question="what are the 3 best sci-fi films of the 2000s by "
             "critics (minimum 100 reviews)", expect=_names(scifi, 3), forbid=("4.",)),
        Case(kind="count", question="how many movies are in the catalog?",
             expect=(str(f.value("SELECT count(*) FROM films")),)),
        Case(kind="count", question="how many horror films from the 1980s are there",
             expect=(str(horror_count),)),
        Case(kind="count", question="clint eastwood, how many films did he direct",
             expect=(f"{eastwood} films",)),
        Case(kind="actor_films", question="a good comedy from the 90s with Jim Carrey",
             expect=_names(carrey, 1), forbid=("Pulp Fiction",)),
        Case(kind="actor_films", question="films with Robert De Niro directed by Martin Scorsese",
             expect=_names(deniro, 3)),
        Case(kind="actor_films", question="movies where Tom Hanks and Meg Ryan both star",
             expect=("Sleepless in Seattle", "You've Got Mail")),
        Case(kind="director_decade", question="which films did Spielberg direct in the 80s?",
             expect=_names(spielberg, 3)),
        Case(kind="rambling", question="ok long story short i watched something with Jim Carrey "
             "as a kid, it was funny, from the nineties, can you list his comedies from then",
             expect=_names(carrey, 2), forbid=("Pulp Fiction",)),
        Case(kind="similar", question="i loved Inception, what should i watch next?",
             expect=("Inception", "1.")),
    ]  # fmt: skip


def _conversation(f: Facts) -> list[Case]:
    nolan = f.films(people=(("Christopher Nolan", "director"),), order="f.runtime DESC")
    tarantino = f.films(
        people=(("Quentin Tarantino", "director"),), years=(1990, 1999), order="f.box_office DESC"
    )
    hitchcock = f.films(people=(("Alfred Hitchcock", "director"),))
    vertigo = f.film("Vertigo")
    return [
        Case(kind="superlative", before=("Christopher Nolan films",),
             question="which of them is the longest?", expect=(nolan[0]["title"],)),
        Case(kind="superlative", before=("Tarantino movies from the 90s",),
             question="which of those made the most money?", expect=(tarantino[0]["title"],)),
        Case(kind="follow-up", before=("Who directed Psycho?",), question="what else has he made?",
             expect=(hitchcock[0]["title"],)),
        Case(kind="follow-up", before=("Tell me about Vertigo",), question="and who wrote it?",
             expect=tuple(f.people(vertigo["id"], "writer")[:1])),
        Case(kind="follow-up", before=("Who directed Gone Girl?",),
             question="how long is it btw", expect=(f"{f.film('Gone Girl')['runtime']} minutes",)),
    ]  # fmt: skip
