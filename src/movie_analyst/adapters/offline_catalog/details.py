"""One film with its credits and scores; one person with their filmography."""

import sqlite3
from collections import Counter

import msgspec

from movie_analyst.adapters.offline_catalog.rows import ITEM_COLUMNS, item, items_by_id
from movie_analyst.adapters.offline_catalog.similar import similar_ids
from movie_analyst.domain.media import (
    CastCredit,
    Credits,
    CrewCredit,
    MediaDetails,
    PersonCredit,
    PersonDetails,
    PersonSummary,
    ReleaseInfo,
)

RECOMMENDED = 5
CREW_JOBS = {"director": ("Director", "Directing"), "writer": ("Writer", "Writing")}
DEPARTMENTS = {"director": "Directing", "writer": "Writing", "cast": "Acting"}
PERSON_ROLES = {"director": "Director", "writer": "Writer", "cast": "Cast"}

_FILM = f"""
SELECT {ITEM_COLUMNS}, f.certification, f.rt_meter, f.rt_rating, f.rt_reviews, f.metacritic,
       f.box_office, f.awards, f.languages, f.countries, f.production
FROM films f WHERE f.id = ?
"""
_CREDITS = """
SELECT c.role, p.id, p.name FROM credits c JOIN people p ON p.id = c.person_id
WHERE c.film_id = ? ORDER BY c.role, p.film_count DESC, c.position
"""
_FILMOGRAPHY = f"""
SELECT c.role, {ITEM_COLUMNS} FROM credits c JOIN films f ON f.id = c.film_id
WHERE c.person_id = ? ORDER BY f.year DESC, f.title, c.role
"""


def film_details(conn: sqlite3.Connection, film_id: int, per_genre: int) -> MediaDetails | None:
    row = conn.execute(_FILM, (film_id,)).fetchone()
    if row is None:
        return None
    cert, meter, rating, reviews, metacritic, box_office, awards, langs, countries, prod = row[10:]
    scores = {
        "rotten_tomatoes": meter,
        "rotten_tomatoes_average": rating,
        "rotten_tomatoes_reviews": reviews,
        "metacritic": metacritic,
    }
    media = item(row[:10])
    overview = _facts(media.year, langs, countries, prod)
    recommended = items_by_id(
        conn, similar_ids(conn, film_id, per_genre, with_cast=False)[:RECOMMENDED]
    )
    return MediaDetails(
        item=msgspec.structs.replace(media, overview=overview),
        status="Released",
        certification=cert,
        revenue=box_office,
        scores={k: float(v) for k, v in scores.items() if v is not None},
        awards=str(awards).split("; ") if awards else [],
        credits=_credits(conn, film_id),
        recommendations=list(recommended.values()),
    )


def person_details(conn: sqlite3.Connection, person_id: int) -> PersonDetails | None:
    row = conn.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        return None
    credits = [
        PersonCredit(
            item=item(r[1:]), role=PERSON_ROLES[str(r[0])], department=DEPARTMENTS[str(r[0])]
        )
        for r in conn.execute(_FILMOGRAPHY, (person_id,))
    ]
    roles = Counter(c.role for c in credits)
    return PersonDetails(
        person=summarize(person_id, str(row[0]), credits),
        biography=_career(roles, credits),
        credits=credits,
    )


def summarize(person_id: int, name: str, credits: list[PersonCredit]) -> PersonSummary:
    """Known for: the most reviewed films; department: the role they hold most often."""
    roles = Counter(c.role for c in credits)
    top = sorted(credits, key=lambda c: -(c.item.vote_count or 0))
    department = {"Director": "Directing", "Writer": "Writing", "Cast": "Acting"}
    return PersonSummary(
        id=person_id,
        name=name,
        known_for_department=department[roles.most_common(1)[0][0]] if roles else None,
        known_for=list(dict.fromkeys(c.item.title for c in top))[:3],
    )


def _credits(conn: sqlite3.Connection, film_id: int) -> Credits:
    cast: list[CastCredit] = []
    crew: list[CrewCredit] = []
    for role, pid, name in conn.execute(_CREDITS, (film_id,)):
        if role == "cast":  # no billing order in the source: best-known first
            cast.append(CastCredit(person_id=int(pid), name=str(name)))
        else:
            job, department = CREW_JOBS[str(role)]
            crew.append(
                CrewCredit(person_id=int(pid), name=str(name), job=job, department=department)
            )
    return Credits(cast=cast, crew=crew)


def _facts(year: int | None, langs: object, countries: object, production: object) -> str:
    """The source has no plot summaries; this line states what it does know."""
    parts = [f"A {year} film" if year else "A film"]
    if countries:
        parts.append(f"from {countries}")
    if langs:
        parts.append(f"in {langs}")
    if production:
        parts.append(f"produced by {production}")
    return " ".join(parts) + "."


def _career(roles: Counter[str], credits: list[PersonCredit]) -> str | None:
    if not credits:
        return None
    years = [c.item.year for c in credits if c.item.year]
    counts = ", ".join(f"{role.lower()} on {n}" for role, n in roles.most_common())
    span = f", {min(years)}–{max(years)}" if years else ""
    return f"In the offline catalog: credited as {counts} film(s){span}."


def release_info(conn: sqlite3.Connection, film_id: int) -> ReleaseInfo | None:
    row = conn.execute(
        "SELECT certification, released FROM films WHERE id = ?", (film_id,)
    ).fetchone()
    if row is None or (row[0] is None and row[1] is None):
        return None
    return ReleaseInfo(country="US", certification=row[0], release_date=row[1])


def people_summaries(conn: sqlite3.Connection, ids: list[int]) -> dict[int, PersonSummary]:
    found = {i: person_details(conn, i) for i in ids}
    return {i: summarize(i, p.person.name, p.credits) for i, p in found.items() if p is not None}
