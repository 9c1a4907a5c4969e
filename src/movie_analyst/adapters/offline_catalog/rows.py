"""Rows of our catalog database -> domain values."""

import sqlite3
from collections.abc import Iterable, Sequence

from movie_analyst.domain.media import MediaItem, MediaKind

# Every query that lists films selects these columns first, in this order (see `item`).
ITEM_COLUMNS = (
    "f.id, f.title, f.year, f.released, f.genres, f.runtime, f.vote_average, f.vote_count, "
    "f.imdb_id, f.language"
)
ITEM_WIDTH = 10
PAGE_SIZE = 20

Row = Sequence[object]


def item(row: Row) -> MediaItem:
    average = row[6]
    return MediaItem(
        kind=MediaKind.MOVIE,
        id=int(str(row[0])),
        title=str(row[1]),
        year=_opt_int(row[2]),
        release_date=_opt_str(row[3]),
        genres=str(row[4]).split(", ") if row[4] else [],
        runtime=_opt_int(row[5]),
        vote_average=round(float(str(average)), 1) if average is not None else None,
        vote_count=_opt_int(row[7]),
        imdb_id=_opt_str(row[8]),
        original_language=_opt_str(row[9]),
    )


def items_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, MediaItem]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    sql = f"SELECT {ITEM_COLUMNS} FROM films f WHERE f.id IN ({marks})"
    return {int(str(r[0])): item(r) for r in conn.execute(sql, wanted)}


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _opt_str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
