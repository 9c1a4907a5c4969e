"""`get_person` narrowed to one kind of credit and a period, before the list is capped."""

import msgspec

from movie_analyst.application.media_tools import args as a
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.media import PersonCredit, PersonDetails


async def filtered_person(c: MediaCatalog, x: a.PersonArgs) -> PersonDetails | None:
    found = await c.person(x.id)
    if found is None:
        return None
    credits = [
        credit for credit in found.credits
        if _credited_as(credit, x.role) and _dated_within(credit.item.year, x.year_from, x.year_to)
    ]  # fmt: skip
    if x.sort == "best_known":  # before the list is capped, so the famous ones survive
        credits.sort(key=_renown, reverse=True)
    return msgspec.structs.replace(found, credits=credits)


def _renown(credit: PersonCredit) -> float:
    return float(credit.item.vote_count or credit.item.popularity or 0)


_DEPARTMENTS = {"director": "Directing", "writer": "Writing", "cast": "Acting"}


def _credited_as(credit: PersonCredit, role: str) -> bool:
    if role == "any":
        return True
    if role == "director":  # Directing also holds assistants; only the director counts
        return credit.role == "Director"
    return credit.department == _DEPARTMENTS[role]


def _dated_within(year: int | None, year_from: int | None, year_to: int | None) -> bool:
    if year_from is None and year_to is None:
        return True
    return year is not None and (year_from or year) <= year <= (year_to or year)
