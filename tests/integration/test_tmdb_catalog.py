"""Contract tests of TmdbMediaCatalog against the loopback fake serving recorded TMDB bodies."""

from movie_analyst.domain.media import (
    DiscoverQuery,
    MediaItem,
    MediaKind,
    PersonSummary,
    SearchKind,
    TimeWindow,
)
from tests.fakes.http.tmdb_server import MISSING_ID, FakeTmdbServer
from tests.support.catalog_servers import (
    tmdb_catalog,
    tmdb_server_fixture,  # noqa: F401
)


async def test_multi_search_maps_movies_shows_and_people_and_skips_collections(
    tmdb_server: FakeTmdbServer,
) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        page = await catalog.search("star wars")
    kinds = [i.kind if isinstance(i, MediaItem) else "person" for i in page.items]
    assert kinds == [MediaKind.MOVIE, MediaKind.TV, "person"]
    movie = page.items[0]
    assert isinstance(movie, MediaItem)
    assert (movie.id, movie.title, movie.year) == (11, "Star Wars", 1977)
    assert movie.genres == ["Adventure", "Action", "Science Fiction"]
    assert movie.poster_path == "https://image.tmdb.org/t/p/w342/6FfCtAuVAW8XJjZ7eWeLibRLWTw.jpg"
    assert page.total_results == 201


async def test_typed_search_sends_the_year_filter_tmdb_knows(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        movies = await catalog.search("star wars", SearchKind.MOVIE, year=1977)
        await catalog.search("star wars", SearchKind.TV, year=2008)
        people = await catalog.search("hamill", SearchKind.PERSON)
    assert [type(i) for i in movies.items] == [MediaItem]
    assert [type(i) for i in people.items] == [PersonSummary]
    first, second, _ = tmdb_server.parsed()
    assert first.path == "/3/search/movie" and first.query["primary_release_year"] == "1977"
    assert second.path == "/3/search/tv" and second.query["first_air_date_year"] == "2008"


async def test_blank_search_costs_no_request(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        page = await catalog.search("   ")
    assert page.items == [] and tmdb_server.requests == []


async def test_movie_details_use_one_request_with_appended_credits(
    tmdb_server: FakeTmdbServer,
) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        found = await catalog.details(MediaKind.MOVIE, 12313)
    assert found is not None and len(tmdb_server.requests) == 1
    appended = tmdb_server.parsed()[0].query["append_to_response"].split(",")
    assert {"credits", "recommendations", "release_dates", "external_ids"} <= set(appended)
    assert found.item.imdb_id == "tt0409732"
    assert found.credits.cast[0].name == "Dana Vávrová" and found.credits.cast[0].order == 0
    assert any(c.job == "Director" for c in found.credits.crew)
    assert found.recommendations and found.recommendations[0].title == "The Day After Tomorrow"
    assert found.scores["tmdb"] == found.item.vote_average


async def test_certification_comes_from_the_configured_region(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        catalog._region = "DE"
        movie = await catalog.details(MediaKind.MOVIE, 12313)
        show = await catalog.details(MediaKind.TV, 1399)
    assert movie is not None and movie.certification == "6"
    assert show is not None and show.certification == "16"


async def test_tv_details_carry_creators_seasons_and_next_episode(
    tmdb_server: FakeTmdbServer,
) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        show = await catalog.details(MediaKind.TV, 1399)
    assert show is not None and show.item.kind is MediaKind.TV
    assert show.certification == "TV-14" and show.number_of_seasons
    assert show.next_episode is not None and show.next_episode.name == "The Iron Throne"
    assert show.item.imdb_id == "tt2934286"


async def test_person_filmography_is_newest_first(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        person = await catalog.person(31)
    assert person is not None and person.imdb_id == "nm0027323"
    dates = [c.item.release_date for c in person.credits if c.item.release_date]
    assert dates == sorted(dates, reverse=True) and person.person.known_for
    # Cast credits are Acting; crew credits keep TMDB's own department, for role filters.
    assert {c.department for c in person.credits} >= {"Acting"}
    assert all(c.department for c in person.credits)


async def test_listings_map_pages(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        pages = [
            await catalog.trending(SearchKind.MULTI, TimeWindow.WEEK),
            await catalog.trending(SearchKind.PERSON, TimeWindow.DAY),
            await catalog.popular(MediaKind.TV, page=2),
            await catalog.top_rated(MediaKind.MOVIE),
            await catalog.upcoming(),
            await catalog.now_playing(),
            await catalog.airing_today(),
            await catalog.on_the_air(),
            await catalog.similar(MediaKind.MOVIE, 550),
            await catalog.recommendations(MediaKind.TV, 1399),
        ]
    assert all(p.items for p in pages)
    assert all(isinstance(i, PersonSummary) for i in pages[1].items)
    assert pages[1].items[0].known_for  # type: ignore[union-attr]
    assert all(p.total_pages <= 500 for p in pages)
    assert tmdb_server.parsed()[2].query["page"] == "2"
    assert tmdb_server.parsed()[4].query["region"] == "US"


async def test_discover_resolves_genres_and_people_to_ids(tmdb_server: FakeTmdbServer) -> None:
    query = DiscoverQuery(
        genres=["Sci-Fi", "drama", "nonsense"],
        year_from=1990,
        year_to=1999,
        min_rating=7,
        with_people=["Mark Hamill"],
        sort_by="release_date.asc",
    )
    async with tmdb_catalog(tmdb_server) as catalog:
        page = await catalog.discover(query)
    assert page.items
    person_search, discover = tmdb_server.parsed()
    assert person_search.path == "/3/search/person"
    assert discover.query["with_genres"] == "878,18"
    assert discover.query["with_people"] == "12835"  # the fixture's only person row
    assert discover.query["primary_release_date.gte"] == "1990-01-01"
    assert discover.query["sort_by"] == "primary_release_date.asc"


async def test_find_by_external_ids(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        movie = await catalog.find_by_external_id("tt0499549")
        show = await catalog.find_by_external_id("81189", "tvdb_id")
        nobody = await catalog.find_by_external_id("xx1")
    assert [(i.kind, i.title) for i in movie if isinstance(i, MediaItem)] == [
        (MediaKind.MOVIE, "Avatar")
    ]
    assert [i.kind for i in show if isinstance(i, MediaItem)] == [MediaKind.TV]
    assert nobody == []


async def test_smaller_tools(tmdb_server: FakeTmdbServer) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        providers = await catalog.watch_providers(MediaKind.MOVIE, 12313, "at")
        elsewhere = await catalog.watch_providers(MediaKind.MOVIE, 12313, "ZZ")
        season = await catalog.tv_season(1399, 1)
        upcoming = await catalog.next_episode(1399)
        releases = await catalog.release_dates(12313)
        videos = await catalog.videos(MediaKind.TV, 1399)
        reviews = await catalog.reviews(MediaKind.MOVIE, 12313)
        collection = await catalog.collection(10)
        genres = await catalog.genres(MediaKind.MOVIE)
    assert providers is not None and providers.flatrate == ["Amazon Prime Video"]
    assert elsewhere is None
    assert season is not None and season.episodes[0].name == "Winter Is Coming"
    assert upcoming is not None and upcoming.show_title == "Game of Thrones"
    assert {r.country for r in releases} == {"AT", "DE"} and releases[0].type == "theatrical"
    assert videos and videos[0].site == "YouTube"
    assert reviews and reviews[0].author == "John Chard"
    assert collection is not None and collection.name == "Star Wars Collection"
    assert collection.parts == sorted(collection.parts, key=lambda p: p.release_date or "9999")
    assert len(genres) == 19


async def test_unknown_ids_are_empty_answers_not_errors(tmdb_server: FakeTmdbServer) -> None:
    missing = MISSING_ID + 1
    async with tmdb_catalog(tmdb_server) as catalog:
        assert await catalog.details(MediaKind.MOVIE, missing) is None
        assert await catalog.person(missing) is None
        assert (await catalog.similar(MediaKind.TV, missing)).items == []
        assert await catalog.watch_providers(MediaKind.TV, missing, "US") is None
        assert await catalog.tv_season(missing, 1) is None
        assert await catalog.next_episode(missing) is None
        assert await catalog.collection(missing) is None
        assert await catalog.videos(MediaKind.MOVIE, missing) == []
    assert len(tmdb_server.requests) == 8  # 404 is never retried
