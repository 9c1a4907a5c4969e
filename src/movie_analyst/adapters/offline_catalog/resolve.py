"""Name resolution on the offline catalog, also used by the offline analyst (H6) directly.

`resolve_title`, `resolve_person` and `known_genres` answer the analyst's "which film / who /
which genre did the user mean"; `genre_id` and `person_id` serve discover's filters and raise
InvalidRequest with a sentence naming what is known when a name matches nothing.
"""

from movie_analyst.adapters.offline_catalog import details, listings
from movie_analyst.adapters.offline_catalog.reader import CatalogReader
from movie_analyst.adapters.offline_catalog.search import search_hits
from movie_analyst.application.errors import InvalidRequest
from movie_analyst.domain.media import MediaItem, PersonSummary


class OfflineResolver:
    _reader: CatalogReader

    async def resolve_title(self, text: str, year: int | None = None) -> MediaItem | None:
        """The film the text most likely names ("Amelie", "alien 1979", "Blade Runer")."""
        hits = await self._reader.run(lambda c: search_hits(c, text, "movie", year))
        return hits[0].value if hits else None

    async def resolve_person(self, name: str) -> PersonSummary | None:
        """The person the text most likely names; the best-known one among namesakes."""
        hits = await self._reader.run(lambda c: search_hits(c, name, "person", None))
        if not hits:
            return None
        return (await self.people_summaries([hits[0].id])).get(hits[0].id)

    async def known_genres(self) -> list[str]:
        return [name for _, name in await self._reader.run(listings.genre_names)]

    async def genre_id(self, name: str) -> int:
        found = await self._reader.run(lambda c: listings.genre_id(c, name))
        if found is None:
            known = ", ".join(await self.known_genres())
            raise InvalidRequest(f"The offline catalog has no genre {name!r}. Genres: {known}.")
        return found

    async def person_id(self, name: str) -> int:
        found = await self._reader.run(lambda c: listings.person_id(c, name))
        if found is None:
            raise InvalidRequest(f"No one named {name!r} is credited in the offline catalog.")
        return found

    async def people_summaries(self, ids: list[int]) -> dict[int, PersonSummary]:
        return await self._reader.run(lambda conn: details.people_summaries(conn, ids))
