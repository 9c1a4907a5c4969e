"""One contract for the MediaCatalog port, run against the offline catalog (real bundled data)
and the FakeMediaCatalog in its offline mode, so the fake cannot drift from the real thing."""

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from movie_analyst.adapters.offline_media_catalog import OfflineMediaCatalog
from movie_analyst.application.errors import LiveDataUnavailable
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.media import (
    DiscoverQuery,
    MediaItem,
    MediaKind,
    PersonSummary,
    SearchKind,
    TimeWindow,
)
from tests.fakes.media_catalog import FakeMediaCatalog
from tests.support.catalog import imported_catalog

MOVIE = MediaKind.MOVIE


@pytest.fixture(params=["offline", "fake"])
async def catalog(request: pytest.FixtureRequest) -> AsyncIterator[MediaCatalog]:
    if request.param == "fake":
        yield FakeMediaCatalog(live=False)
        return
    real = OfflineMediaCatalog(str(imported_catalog()))
    await real.start()
    try:
        yield real
    finally:
        await real.aclose()


async def film(catalog: MediaCatalog, title: str, year: int) -> MediaItem:
    page = await catalog.search(title, SearchKind.MOVIE, year)
    found = [i for i in page.items if isinstance(i, MediaItem) and i.title == title]
    assert found, f"{title} ({year}) not found"
    return found[0]


async def person(catalog: MediaCatalog, name: str) -> PersonSummary:
    page = await catalog.search(name, SearchKind.PERSON)
    assert isinstance(page.items[0], PersonSummary) and page.items[0].name == name
    return page.items[0]


async def test_names_itself_and_credits_its_source(catalog: MediaCatalog) -> None:
    assert catalog.name and catalog.attribution


async def test_search_puts_the_exact_title_first(catalog: MediaCatalog) -> None:
    page = await catalog.search("alien")
    first = page.items[0]
    assert isinstance(first, MediaItem) and (first.title, first.year) == ("Alien", 1979)
    assert first.kind == MOVIE and first.imdb_id == "tt0078748"
    assert 1 < len(page.items) <= 20 and page.total_results >= len(page.items)


async def test_search_ignores_accents_and_case(catalog: MediaCatalog) -> None:
    for query in ("amelie", "AMÉLIE"):
        first = (await catalog.search(query)).items[0]
        assert isinstance(first, MediaItem) and first.title == "Amélie"


async def test_search_by_year_tells_remakes_apart(catalog: MediaCatalog) -> None:
    page = await catalog.search("Hamlet", SearchKind.MOVIE)
    hamlets = {i.year: i.id for i in page.items if isinstance(i, MediaItem) and i.title == "Hamlet"}
    assert {1948, 1996} <= set(hamlets) and len(set(hamlets.values())) == len(hamlets)
    only = (await catalog.search("Hamlet", SearchKind.MOVIE, year=1996)).items
    first = next(i for i in only if isinstance(i, MediaItem))
    assert (first.title, first.year) == ("Hamlet", 1996)


async def test_people_are_found_by_name_even_with_a_comma(catalog: MediaCatalog) -> None:
    assert (await person(catalog, "Ridley Scott")).id > 0
    jr = await person(catalog, "Ed Begley, Jr.")
    details = await catalog.person(jr.id)
    assert details is not None
    assert "Renaissance Man" in {c.item.title for c in details.credits}


async def test_details_carry_credits(catalog: MediaCatalog) -> None:
    alien = await film(catalog, "Alien", 1979)
    details = await catalog.details(MOVIE, alien.id)
    assert details is not None and details.item.id == alien.id
    assert [c.name for c in details.credits.crew if c.job == "Director"] == ["Ridley Scott"]
    assert "Sigourney Weaver" in {c.name for c in details.credits.cast}
    assert all(r.id != alien.id for r in details.recommendations)


async def test_filmography_is_newest_first(catalog: MediaCatalog) -> None:
    scott = await person(catalog, "Ridley Scott")
    details = await catalog.person(scott.id)
    assert details is not None
    roles = {(c.item.title, c.role) for c in details.credits}
    assert {("Alien", "Director"), ("Blade Runner", "Director")} <= roles
    years = [c.item.year or 0 for c in details.credits]
    assert years == sorted(years, reverse=True)


async def test_unknown_ids_are_not_errors(catalog: MediaCatalog) -> None:
    assert await catalog.details(MOVIE, 987654321) is None
    assert await catalog.person(987654321) is None
    assert (await catalog.similar(MOVIE, 987654321)).items == []
    assert await catalog.find_by_external_id("tt0000000") == []
    assert await catalog.release_dates(987654321) == []


async def test_find_by_imdb_id(catalog: MediaCatalog) -> None:
    found = await catalog.find_by_external_id("tt0133093")
    assert [(i.title, getattr(i, "year", None)) for i in found] == [("The Matrix", 1999)]


async def test_ranked_lists_are_one_page_of_movies(catalog: MediaCatalog) -> None:
    for page in (await catalog.top_rated(MOVIE), await catalog.popular(MOVIE)):
        assert 0 < len(page.items) <= 20
        assert all(isinstance(i, MediaItem) and i.kind == MOVIE for i in page.items)


async def test_discover_applies_every_filter(catalog: MediaCatalog) -> None:
    query = DiscoverQuery(genres=["Sci-Fi"], year_from=1979, year_to=1986)
    page = await catalog.discover(query)
    assert page.items
    for found in page.items:
        assert isinstance(found, MediaItem) and "Sci-Fi" in found.genres
        assert found.year is not None and 1979 <= found.year <= 1986
    titles = {
        i.title for i in (await catalog.discover(DiscoverQuery(with_people=["Ridley Scott"]))).items
        if isinstance(i, MediaItem)
    }  # fmt: skip
    assert {"Alien", "Blade Runner"} <= titles


async def test_similar_never_returns_the_film_itself(catalog: MediaCatalog) -> None:
    alien = await film(catalog, "Alien", 1979)
    for page in (
        await catalog.similar(MOVIE, alien.id),
        await catalog.recommendations(MOVIE, alien.id),
    ):
        ids = [i.id for i in page.items]
        assert ids and alien.id not in ids


async def test_genres_are_named(catalog: MediaCatalog) -> None:
    names = {g.name for g in await catalog.genres(MOVIE)}
    assert {"Drama", "Sci-Fi"} <= names


LIVE_QUESTIONS: list[Callable[[MediaCatalog], Awaitable[Any]]] = [
    lambda c: c.trending(SearchKind.MULTI, TimeWindow.DAY),
    lambda c: c.upcoming(),
    lambda c: c.now_playing(),
    lambda c: c.airing_today(),
    lambda c: c.on_the_air(),
    lambda c: c.watch_providers(MOVIE, 1, "US"),
    lambda c: c.schedule("US"),
    lambda c: c.videos(MOVIE, 1),
    lambda c: c.reviews(MOVIE, 1),
    lambda c: c.collection(1),
    lambda c: c.tv_season(1, 1),
    lambda c: c.next_episode(1),
    lambda c: c.search("Breaking Bad", SearchKind.TV),
    lambda c: c.popular(MediaKind.TV),
]


@pytest.mark.parametrize("ask", LIVE_QUESTIONS)
async def test_live_questions_get_a_sentence_to_pass_on(
    catalog: MediaCatalog, ask: Callable[[MediaCatalog], Awaitable[Any]]
) -> None:
    with pytest.raises(LiveDataUnavailable) as caught:
        await ask(catalog)
    sentence = str(caught.value)
    assert "offline" in sentence and sentence.endswith(".")
