"""Contract tests of TvmazeEpisodes against the loopback fake serving recorded TVMaze bodies."""

import pytest

from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.application.errors import LiveDataUnavailable, UpstreamUnavailable
from tests.fakes.http.catalog_fixtures import Fault
from tests.fakes.http.tvmaze_server import KNOWN_IMDB, KNOWN_TVDB, MISSING_ID, FakeTvmazeServer
from tests.support.catalog_servers import (
    tvmaze_catalog,
    tvmaze_server_fixture,  # noqa: F401
)


async def test_schedule_merges_broadcast_and_streaming_for_a_country(
    tvmaze_server: FakeTvmazeServer,
) -> None:
    async with tvmaze_catalog(tvmaze_server) as catalog:
        episodes = await catalog.schedule("uk", "2024-03-17")
    assert len(episodes) == 6
    first = episodes[0]
    assert (first.show_title, first.network, first.airtime) == ("60 Minutes", "CBS", "19:00")
    assert first.overview == "Interviews of the week."  # HTML stripped
    assert all(e.show_title for e in episodes[3:])  # web rows nest the show in _embedded
    calls = tvmaze_server.parsed()
    assert [c.path for c in calls] == ["/schedule", "/schedule/web"]
    assert calls[0].query == {"country": "GB", "date": "2024-03-17"}


async def test_an_unknown_country_is_a_sentence_not_a_crash(
    tvmaze_server: FakeTvmazeServer,
) -> None:
    async with tvmaze_catalog(tvmaze_server) as catalog:
        with pytest.raises(LiveDataUnavailable, match="Invalid country"):
            await catalog.schedule("XX")


@pytest.mark.parametrize("ids", [{"imdb_id": KNOWN_IMDB}, {"tvdb_id": int(KNOWN_TVDB)}])
async def test_next_episode_follows_the_lookup_redirect(
    tvmaze_server: FakeTvmazeServer, ids: dict[str, object]
) -> None:
    async with tvmaze_catalog(tvmaze_server) as catalog:
        upcoming = await catalog.next_episode(**ids)  # type: ignore[arg-type]
    assert upcoming is not None and upcoming.show_title == "Silicon Valley"
    assert (upcoming.season_number, upcoming.episode_number) == (56, 26)
    paths = [c.path for c in tvmaze_server.parsed()]
    assert paths == ["/lookup/shows", "/shows/143", "/shows/143"]  # the 301, then embed


async def test_next_episode_by_title_and_misses(tvmaze_server: FakeTvmazeServer) -> None:
    async with tvmaze_catalog(tvmaze_server) as catalog:
        by_title = await catalog.next_episode(imdb_id="tt0000000", title="silicon valley")
        nothing = await catalog.next_episode(imdb_id="tt0000000", title="nothing")
        no_ids = await catalog.next_episode()
    assert by_title is not None and nothing is None and no_ids is None


async def test_missing_show_is_none(tvmaze_server: FakeTvmazeServer) -> None:
    async with tvmaze_catalog(tvmaze_server) as catalog:
        assert await catalog._get(f"/shows/{MISSING_ID}", {}) is None


async def test_429_then_success_and_persistent_5xx(tvmaze_server: FakeTvmazeServer) -> None:
    tvmaze_server.push(Fault(status=429, body={"name": "Too Many Requests", "status": 429}))
    async with tvmaze_catalog(tvmaze_server) as catalog:
        assert await catalog.schedule("US")
    tvmaze_server.push(*[Fault(status=500)] * 2)
    async with tvmaze_catalog(tvmaze_server, policy=RetryPolicy(2, 0.01)) as catalog:
        with pytest.raises(UpstreamUnavailable, match="TVMaze"):
            await catalog.schedule("US")
