"""TMDB's genre ids, which are stable and documented; a static table saves a request per listing.

List endpoints return only `genre_ids`, and discover filters by id, so both directions are needed.
`/genre/{kind}/list` is still served by the `genres` tool for the localized names.
"""

from movie_analyst.domain.media import MediaKind

_SHARED = {16: "Animation", 35: "Comedy", 80: "Crime", 99: "Documentary", 18: "Drama",
           10751: "Family", 9648: "Mystery", 37: "Western"}  # fmt: skip

GENRES: dict[MediaKind, dict[int, str]] = {
    MediaKind.MOVIE: _SHARED | {28: "Action", 12: "Adventure", 14: "Fantasy", 36: "History",
                                27: "Horror", 10402: "Music", 10749: "Romance",
                                878: "Science Fiction", 10770: "TV Movie", 53: "Thriller",
                                10752: "War"},
    MediaKind.TV: _SHARED | {10759: "Action & Adventure", 10762: "Kids", 10763: "News",
                             10764: "Reality", 10765: "Sci-Fi & Fantasy", 10766: "Soap",
                             10767: "Talk", 10768: "War & Politics"},
}  # fmt: skip

# What users type that is not a TMDB genre name of that kind.
_ALIASES: dict[MediaKind, dict[str, str]] = {
    MediaKind.MOVIE: {"sci-fi": "science fiction", "scifi": "science fiction"},
    MediaKind.TV: {"science fiction": "sci-fi & fantasy", "sci-fi": "sci-fi & fantasy",
                   "fantasy": "sci-fi & fantasy", "action": "action & adventure",
                   "adventure": "action & adventure", "war": "war & politics"},
}  # fmt: skip


def genre_names(kind: MediaKind, ids: list[int]) -> list[str]:
    table = GENRES[kind]
    return [table[i] for i in ids if i in table]


def genre_ids(kind: MediaKind, names: list[str]) -> list[int]:
    """Case-insensitive; unknown names are dropped (the agent sees fewer filters, not an error)."""
    by_name = {name.lower(): gid for gid, name in GENRES[kind].items()}
    found: list[int] = []
    for name in names:
        key = name.strip().lower()
        gid = by_name.get(_ALIASES[kind].get(key, key))
        if gid is not None and gid not in found:
            found.append(gid)
    return found
