"""Films like a given one: shared director (3 points), writer (2), cast member (1), genre (0.5).

Candidates come from the film's own people (an index lookup per person) and from the best-rated
films of each of its genres, so the cost stays bounded however common its genres are.
"""

import sqlite3
from collections import defaultdict

ROLE_POINTS = {"director": 3.0, "writer": 2.0, "cast": 1.0}
GENRE_POINTS = 0.5

_PEOPLE = """
SELECT c.film_id, c.role FROM credits src
JOIN credits c ON c.person_id = src.person_id AND c.role = src.role
WHERE src.film_id = ? AND c.film_id != src.film_id
"""
_CREW = _PEOPLE + " AND src.role != 'cast'"
_BEST_OF_GENRE = """
SELECT film_id FROM film_genres WHERE genre_id = ? AND film_id != ?
ORDER BY weighted DESC LIMIT ?
"""


def similar_ids(
    conn: sqlite3.Connection, film_id: int, per_genre: int, with_cast: bool = True
) -> list[int]:
    """Ids of similar films, best first; [] for an unknown id. `with_cast=False` skips shared
    cast members, the costliest candidates, for a quick shortlist (details' recommendations)."""
    genres = conn.execute(
        "SELECT g.id, g.name FROM film_genres fg JOIN genres g ON g.id = fg.genre_id "
        "WHERE fg.film_id = ?",
        (film_id,),
    ).fetchall()
    scores: dict[int, float] = defaultdict(float)
    for other, role in conn.execute(_PEOPLE if with_cast else _CREW, (film_id,)):
        scores[int(other)] += ROLE_POINTS[str(role)]
    for genre, _ in genres:
        for (other,) in conn.execute(_BEST_OF_GENRE, (genre, film_id, per_genre)):
            scores.setdefault(int(other), 0.0)
    if not scores:
        return []
    rows = _genre_rows(conn, list(scores))
    wanted = {str(name) for _, name in genres}
    ranked = sorted(
        rows,
        key=lambda r: -(scores[r[0]] + GENRE_POINTS * len(wanted & r[1]) + r[2] / 100),
    )
    return [r[0] for r in ranked]


def _genre_rows(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[int, set[str], float]]:
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id, genres, coalesce(weighted, 0) FROM films WHERE id IN ({marks})"
    return [
        (int(fid), set(str(names).split(", ")) if names else set(), float(w))
        for fid, names, w in conn.execute(sql, ids)
    ]
