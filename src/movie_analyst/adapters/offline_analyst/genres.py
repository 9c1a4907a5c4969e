"""Genre words in questions ("comedies", "sci-fi", "westerns") and the names catalogs use for them.

The catalog's own genre list decides the final spelling (`catalog_genre`): the offline table says
"Sci-Fi", TMDB says "Science Fiction".
"""

import re

# Written form (a regex over the question) -> the spellings a catalog may use, preferred first.
_GENRES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"sci[- ]?fi|science[- ]fiction", ("Sci-Fi", "Science Fiction")),
    (r"horror", ("Horror",)),
    (r"comed(y|ies)|comic|funny", ("Comedy",)),
    (r"romcoms?|romantic comed(y|ies)", ("Romance", "Comedy")),
    (r"romance|romantic|love stor(y|ies)", ("Romance",)),
    (r"dramas?", ("Drama",)),
    (r"thrillers?|suspense", ("Thriller",)),
    (r"action", ("Action",)),
    (r"adventures?", ("Adventure",)),
    (r"westerns?", ("Western",)),
    (r"crime|gangster|heist", ("Crime",)),
    (r"myster(y|ies)|whodunn?its?", ("Mystery",)),
    (r"fantasy|fantasies", ("Fantasy",)),
    (r"animated|animation|cartoons?", ("Animation",)),
    (r"documentar(y|ies)|docs", ("Documentary",)),
    (r"musicals?", ("Musical", "Music")),
    (r"music", ("Music", "Musical")),
    (r"war( films| movies)?|war", ("War",)),
    (r"biograph(y|ies|ical)|biopics?", ("Biography", "History")),
    (r"histor(y|ical)|period (dramas?|pieces?)", ("History",)),
    (r"family|kids|children'?s", ("Family",)),
    (r"sports?", ("Sport", "Sports")),
    (r"noir", ("Film-Noir", "Crime")),
)


def find_genre(text: str) -> str:
    """The first genre word in `text`, as its preferred catalog spelling; "" when none."""
    for pattern, names in _GENRES:
        if re.search(rf"\b({pattern})\b", text, re.IGNORECASE):
            return names[0]
    return ""


def catalog_genre(genre: str, known: list[str]) -> str:
    """The spelling of `genre` the catalog uses, from its genre list; `genre` itself if unknown."""
    lowered = {name.lower(): name for name in known}
    for _, names in _GENRES:
        if genre in names:
            for name in names:
                if name.lower() in lowered:
                    return lowered[name.lower()]
    return lowered.get(genre.lower(), genre)


# (pattern, the preferred catalog spelling) for every genre word.
GENRE_WORDS: tuple[tuple[str, str], ...] = tuple((p, names[0]) for p, names in _GENRES)
