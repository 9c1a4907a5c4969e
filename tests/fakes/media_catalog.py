"""FakeMediaCatalog: the whole MediaCatalog port over a dozen films, two shows and their people.

`live=True` (default) answers every method, live ones with canned data; `live=False` behaves
like the offline catalog: films only, and live questions raise LiveDataUnavailable.
Every call is appended to `calls` as (method name, positional args).
"""

import functools
import unicodedata
from typing import Any

from movie_analyst.application.errors import LiveDataUnavailable
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.media import (
    CastCredit,
    Credits,
    CrewCredit,
    DiscoverQuery,
    Genre,
    MediaDetails,
    MediaItem,
    MediaKind,
    Page,
    PersonCredit,
    PersonDetails,
    PersonSummary,
    ReleaseInfo,
    SearchKind,
)
from tests.fakes.media_catalog_data import CREDITS, CREW_ROLES, ITEMS, PEOPLE
from tests.fakes.media_catalog_live import LiveAnswers, page_of


@functools.lru_cache(maxsize=4096)  # the bench server folds every title on every search
def fold(text: str) -> str:
    """Lowercase without accents: "Amélie" -> "amelie"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class FakeMediaCatalog(LiveAnswers, MediaCatalog):
    name = "fake"
    attribution = "Fake data for tests."

    def __init__(self, *, live: bool = True, items: list[MediaItem] | None = None) -> None:
        self.live = live
        self.items = {(i.kind, i.id): i for i in (ITEMS if items is None else items)}
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _log(self, method: str, *args: Any) -> None:
        self.calls.append((method, args))

    def _need_live(self, what: str) -> None:
        if not self.live:
            raise LiveDataUnavailable(f"The fake offline catalog has no live data ({what}).")

    def _need_kind(self, kind: MediaKind | SearchKind) -> None:
        if not self.live and kind == "tv":
            raise LiveDataUnavailable("The fake offline catalog has films only, no TV shows.")

    def _visible(self) -> list[MediaItem]:
        return [i for i in self.items.values() if self.live or i.kind == MediaKind.MOVIE]

    def _people(self) -> list[PersonSummary]:
        return [PersonSummary(id=pid, name=name) for pid, name in PEOPLE.items()]

    async def search(
        self,
        query: str,
        kind: SearchKind = SearchKind.MULTI,
        year: int | None = None,
        page: int = 1,
    ) -> Page:
        self._log("search", query, kind, year, page)
        self._need_kind(kind)
        needle = fold(query)
        found: list[Any] = []
        if kind != SearchKind.PERSON:
            found += [
                i
                for i in self._visible()
                if needle in fold(i.title)
                and kind.value in ("multi", i.kind.value)
                and year in (None, i.year)
            ]
        if kind in (SearchKind.PERSON, SearchKind.MULTI) and year is None:
            found += [p for p in self._people() if needle in fold(p.name)]
        found.sort(key=lambda x: fold(getattr(x, "title", "") or x.name) != needle)
        return page_of(found, page)

    async def details(self, kind: MediaKind, media_id: int) -> MediaDetails | None:
        self._log("details", kind, media_id)
        self._need_kind(kind)
        item = self.items.get((kind, media_id))
        if item is None:
            return None
        cast = [
            CastCredit(person_id=p, name=PEOPLE[p], character=r)
            for p, i, r in CREDITS
            if i == media_id and r not in CREW_ROLES
        ]
        crew = [
            CrewCredit(person_id=p, name=PEOPLE[p], job=r)
            for p, i, r in CREDITS
            if i == media_id and r in CREW_ROLES
        ]
        recs = (await self.similar(kind, media_id)).items
        return MediaDetails(
            item=item,
            certification="R",
            scores={"fake": 9.0},
            credits=Credits(cast=cast, crew=crew),
            recommendations=[r for r in recs if isinstance(r, MediaItem)][:5],
        )

    async def person(self, person_id: int) -> PersonDetails | None:
        self._log("person", person_id)
        if person_id not in PEOPLE:
            return None
        credits = [
            PersonCredit(item=item, role=r, department=_department(r))
            for p, i, r in CREDITS
            if p == person_id
            for item in self._visible()
            if item.id == i
        ]
        credits.sort(key=lambda c: -(c.item.year or 0))
        return PersonDetails(
            person=PersonSummary(id=person_id, name=PEOPLE[person_id]), credits=credits
        )

    async def popular(self, kind: MediaKind, page: int = 1) -> Page:
        self._log("popular", kind, page)
        self._need_kind(kind)
        items = [i for i in self._visible() if i.kind == kind]
        return page_of(sorted(items, key=lambda i: -(i.vote_count or 0)), page)

    async def top_rated(self, kind: MediaKind, page: int = 1) -> Page:
        self._log("top_rated", kind, page)
        self._need_kind(kind)
        items = [i for i in self._visible() if i.kind == kind]
        return page_of(sorted(items, key=lambda i: -(i.vote_average or 0)), page)

    async def similar(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        self._log("similar", kind, media_id, page)
        self._need_kind(kind)
        source = self.items.get((kind, media_id))
        if source is None:
            return page_of([])
        shared = [
            i
            for i in self._visible()
            if i.id != media_id and i.kind == kind and set(i.genres) & set(source.genres)
        ]
        shared.sort(key=lambda i: -len(set(i.genres) & set(source.genres)))
        return page_of(shared, page)

    async def recommendations(self, kind: MediaKind, media_id: int, page: int = 1) -> Page:
        self._log("recommendations", kind, media_id, page)
        return await self.similar(kind, media_id, page)

    async def discover(self, query: DiscoverQuery) -> Page:
        self._log("discover", query)
        self._need_kind(query.kind)
        found = [i for i in self._visible() if i.kind == query.kind and _matches(i, query)]
        return page_of(found, query.page)

    async def find_by_external_id(
        self, external_id: str, source: str = "imdb_id"
    ) -> list[MediaItem | PersonSummary]:
        self._log("find_by_external_id", external_id, source)
        return [i for i in self._visible() if source == "imdb_id" and i.imdb_id == external_id]

    async def release_dates(self, movie_id: int) -> list[ReleaseInfo]:
        self._log("release_dates", movie_id)
        item = self.items.get((MediaKind.MOVIE, movie_id))
        return (
            [ReleaseInfo(country="US", certification="R", release_date=str(item.year))]
            if item
            else []
        )

    async def genres(self, kind: MediaKind) -> list[Genre]:
        self._log("genres", kind)
        self._need_kind(kind)
        names = sorted({g for i in self._visible() if i.kind == kind for g in i.genres})
        return [Genre(id=n, name=name) for n, name in enumerate(names, start=1)]


def _matches(item: MediaItem, q: DiscoverQuery) -> bool:
    people = {PEOPLE[p] for p, i, _ in CREDITS if i == item.id}
    checks = [
        all(fold(g) in {fold(x) for x in item.genres} for g in q.genres),
        q.year_from is None or (item.year or 0) >= q.year_from,
        q.year_to is None or (item.year or 9999) <= q.year_to,
        q.min_rating is None or (item.vote_average or 0) >= q.min_rating,
        q.min_votes is None or (item.vote_count or 0) >= q.min_votes,
        q.runtime_min is None or (item.runtime or 0) >= q.runtime_min,
        q.runtime_max is None or (item.runtime or 9999) <= q.runtime_max,
        q.language is None or item.original_language == q.language,
        all(name in people for name in q.with_people),
    ]
    return all(checks)


def _department(role: str) -> str:
    """As TMDB files credits: crew jobs by department, a character name under Acting."""
    return {"Director": "Directing", "Writer": "Writing"}.get(role, "Acting")
