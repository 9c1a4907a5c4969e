"""Facts for the offline analyst's question suites, read with SQL from the offline catalog file.

The suites compute what a right answer must contain from the catalog itself, never from the
analyst's output. "Best-known" means most critics' reviews (`vote_count`), as the catalog ranks.
"""

import sqlite3
from pathlib import Path
from typing import Any

import msgspec

from movie_analyst.adapters.offline_media_catalog import default_catalog_path

Row = dict[str, Any]
_FILM = (
    "f.id, f.title, f.year, f.released, f.runtime, f.certification, f.vote_average, "
    "f.vote_count, f.weighted, f.oscars, f.box_office, f.imdb_id, f.genres"
)


class Case(msgspec.Struct, frozen=True, kw_only=True):
    """Passes when every `expect` string is in the answer and no `forbid` string is
    (case-insensitive, thousands separators ignored). `before` is asked first, same session."""

    kind: str
    question: str
    expect: tuple[str, ...]
    forbid: tuple[str, ...] = ()
    before: tuple[str, ...] = ()


def money(amount: float) -> str:
    if amount >= 1e9:
        return f"${amount / 1e9:.2f} billion"
    return f"${amount / 1e6:.1f} million" if amount >= 1e6 else f"${amount:,.0f}"


class Facts:
    def __init__(self, path: str | None = None) -> None:
        file = Path(path or default_catalog_path())
        self._conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        self._conn.row_factory = sqlite3.Row

    def close(self) -> None:
        self._conn.close()

    def rows(self, sql: str, *params: object) -> list[Row]:
        return [dict(r) for r in self._conn.execute(sql, params)]

    def value(self, sql: str, *params: object) -> Any:
        return self._conn.execute(sql, params).fetchone()[0]

    def film(self, title: str, year: int | None = None) -> Row:
        """The best-known film with exactly this title (and year)."""
        sql = f"SELECT {_FILM} FROM films f WHERE f.title = ?"
        found = self.rows(sql + (" AND f.year = ?" if year else "") + " ORDER BY f.vote_count "
                          "DESC", *([title, year] if year else [title]))  # fmt: skip
        assert found, f"{title} is not in the catalog"
        return found[0]

    def film_by_imdb(self, imdb_id: str) -> Row:
        return self.rows(f"SELECT {_FILM} FROM films f WHERE f.imdb_id = ?", imdb_id)[0]

    def people(self, film_id: int, role: str) -> list[str]:
        sql = "SELECT p.name FROM credits c JOIN people p ON p.id = c.person_id " \
            "WHERE c.film_id = ? AND c.role = ? ORDER BY p.film_count DESC, c.position"  # fmt: skip
        return [r["name"] for r in self.rows(sql, film_id, role)]

    def director(self, title: str, year: int | None = None) -> str:
        return self.people(self.film(title, year)["id"], "director")[0]

    def credited(self, film_id: int, name: str) -> bool:
        sql = "SELECT count(*) FROM credits c JOIN people p ON p.id = c.person_id " \
            "WHERE c.film_id = ? AND p.name = ?"  # fmt: skip
        return bool(self.value(sql, film_id, name))

    def films(self, *, people: tuple[tuple[str, str], ...] = (), genre: str = "",
              years: tuple[int, int] | None = None, min_reviews: int = 0,
              order: str = "f.vote_count DESC") -> list[Row]:  # fmt: skip
        """Films matching every filter; `people` are (name, role) with role "" for any."""
        where, params = ["1"], []  # type: ignore[var-annotated]
        for name, role in people:
            where.append(
                "f.id IN (SELECT c.film_id FROM credits c JOIN people p ON p.id = "
                "c.person_id WHERE p.name = ?" + (" AND c.role = ?)" if role else ")")
            )
            params += [name, role] if role else [name]
        if genre:
            where.append("(',' || replace(f.genres, ', ', ',') || ',') LIKE ?")
            params.append(f"%,{genre},%")
        if years:
            where.append("f.year BETWEEN ? AND ?")
            params += list(years)
        if min_reviews:
            where.append("f.vote_count >= ?")
            params.append(min_reviews)
        sql = f"SELECT {_FILM} FROM films f WHERE {' AND '.join(where)} ORDER BY {order}, f.id"
        return self.rows(sql, *params)

    def top_by_critics(self, genre: str, years: tuple[int, int], min_reviews: int) -> list[Row]:
        return self.films(genre=genre, years=years, min_reviews=min_reviews,
                          order="f.vote_average DESC, f.weighted DESC")  # fmt: skip

    def popular_films(self, limit: int, offset: int = 0) -> list[Row]:
        """Well-known films whose title no better-known film shares, with full facts."""
        sql = (
            f"SELECT {_FILM} FROM films f WHERE f.vote_count >= 60 AND f.runtime > 0 "
            "AND f.title NOT GLOB '*[0-9]*' AND length(f.title) > 4 AND NOT EXISTS "
            "(SELECT 1 FROM films g WHERE g.title = f.title AND g.id != f.id AND "
            "g.vote_count >= 10) ORDER BY f.vote_count DESC, f.id LIMIT ? OFFSET ?"
        )
        return self.rows(sql, limit, offset)

    def prolific(self, role: str, limit: int, minimum: int = 5) -> list[Row]:
        """People with many credits in `role`, best-known first, with their count."""
        sql = (
            "SELECT p.name, count(DISTINCT c.film_id) AS n, sum(f.vote_count) AS fame "
            "FROM credits c JOIN people p ON p.id = c.person_id JOIN films f ON f.id = "
            "c.film_id WHERE c.role = ? GROUP BY p.id HAVING n >= ? "
            "ORDER BY fame DESC LIMIT ?"
        )
        return self.rows(sql, role, minimum, limit)
