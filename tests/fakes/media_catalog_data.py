"""The FakeMediaCatalog's data: ten real films (also in the offline catalog), two shows, people.

Genre names follow the offline catalog ("Sci-Fi"), so one contract suite fits both.
"""

from movie_analyst.domain.media import MediaItem, MediaKind


def _film(fid: int, title: str, year: int, genres: str, imdb: str, runtime: int,
          rating: float, votes: int, language: str = "en", overview: str | None = None
          ) -> MediaItem:  # fmt: skip
    return MediaItem(
        kind=MediaKind.MOVIE, id=fid, title=title, year=year, genres=genres.split(", "),
        imdb_id=imdb, runtime=runtime, vote_average=rating, vote_count=votes,
        original_language=language, overview=overview,
    )  # fmt: skip


def _show(fid: int, title: str, year: int, genres: str, rating: float, votes: int) -> MediaItem:
    return MediaItem(kind=MediaKind.TV, id=fid, title=title, year=year,
                     genres=genres.split(", "), vote_average=rating, vote_count=votes)  # fmt: skip


# fmt: off
ITEMS: list[MediaItem] = [
    _film(1, "Alien", 1979, "Sci-Fi, Horror", "tt0078748", 117, 9.1, 208,
          overview="A crew meets a deadly creature."),
    _film(2, "Aliens", 1986, "Sci-Fi, Action", "tt0090605", 137, 8.9, 167),
    _film(3, "Blade Runner", 1982, "Sci-Fi, Thriller, Drama", "tt0083658", 112, 8.5, 132),
    _film(4, "The Matrix", 1999, "Sci-Fi, Action", "tt0133093", 136, 7.8, 209),
    _film(5, "Amélie", 2001, "Romance, Comedy, Drama", "tt0211915", 122, 8.1, 231, "fr"),
    _film(6, "Hamlet", 1948, "Drama", "tt0040416", 150, 8.5, 49),
    _film(7, "Hamlet", 1996, "Drama", "tt0116477", 233, 8.1, 56),
    _film(8, "Prisoners", 2013, "Drama, Crime", "tt1392214", 153, 7.3, 253),
    _film(9, "Incendies", 2010, "Mystery, Drama", "tt1255953", 133, 7.9, 126, "fr"),
    _film(10, "Renaissance Man", 1994, "Comedy, Drama", "tt0110971", 128, 4.9, 33),
    _show(101, "Breaking Bad", 2008, "Drama, Crime", 8.9, 15000),
    _show(102, "Severance", 2022, "Drama, Sci-Fi", 8.4, 2000),
]

# person id -> name, then credits as (person id, item id, role); a role of "Director" or
# "Writer" is crew, anything else a character name.
PEOPLE: dict[int, str] = {
    201: "Ridley Scott", 202: "Sigourney Weaver", 203: "James Cameron", 204: "Harrison Ford",
    205: "Lana Wachowski", 206: "Keanu Reeves", 207: "Jean-Pierre Jeunet", 208: "Audrey Tautou",
    209: "Laurence Olivier", 210: "Kenneth Branagh", 211: "Denis Villeneuve",
    212: "Hugh Jackman", 213: "Ed Begley, Jr.", 214: "Bryan Cranston", 215: "Dan O'Bannon",
}

CREDITS: list[tuple[int, int, str]] = [
    (201, 1, "Director"), (215, 1, "Writer"), (202, 1, "Ripley"),
    (203, 2, "Director"), (203, 2, "Writer"), (215, 2, "Writer"), (202, 2, "Ripley"),
    (201, 3, "Director"), (204, 3, "Deckard"),
    (205, 4, "Director"), (205, 4, "Writer"), (206, 4, "Neo"),
    (207, 5, "Director"), (207, 5, "Writer"), (208, 5, "Amélie Poulain"),
    (209, 6, "Director"), (209, 6, "Hamlet"),
    (210, 7, "Director"), (210, 7, "Writer"), (210, 7, "Hamlet"),
    (211, 8, "Director"), (212, 8, "Keller Dover"),
    (211, 9, "Director"), (211, 9, "Writer"),
    (213, 10, "Jack Markin"),
    (214, 101, "Walter White"),
]
# fmt: on
CREW_ROLES = {"Director", "Writer"}
