"""Every request the TMDB adapter makes is a real path of TMDB's official OpenAPI spec, with
real parameter names and, where the spec lists them, allowed values."""

import json
import re
from typing import Any

import msgspec

from movie_analyst.adapters.tmdb_media_catalog import TmdbMediaCatalog
from movie_analyst.domain.media import DiscoverQuery, MediaKind, SearchKind, TimeWindow
from tests.fakes.http.catalog_fixtures import TMDB_SPEC, Parsed
from tests.fakes.http.tmdb_server import FakeTmdbServer
from tests.support.catalog_servers import (
    TEST_KEY,
    tmdb_catalog,
    tmdb_server_fixture,  # noqa: F401
)

# The v3 key travels as `api_key`, which the spec leaves out (it declares only the Bearer
# header, see TMDB-TVMAZE.md 1.1); it is the one parameter allowed without a declaration.
AUTH_PARAMS = {"api_key"}
FULL_DISCOVER = DiscoverQuery(
    genres=["Drama"], year_from=2000, year_to=2010, min_rating=6.5, min_votes=50, runtime_min=80,
    runtime_max=150, language="en", with_people=["Mark Hamill"], sort_by="release_date.asc",
)  # fmt: skip


def _operations() -> list[tuple[re.Pattern[str], dict[str, Any]]]:
    spec = json.loads(TMDB_SPEC.read_text(encoding="utf-8"))
    found = []
    # Literal paths first: /3/movie/popular must not be read as /3/movie/{movie_id}.
    for path, item in sorted(spec["paths"].items(), key=lambda kv: kv[0].count("{")):
        if "get" in item:
            pattern = re.compile("^" + re.sub(r"\{([^}]+)\}", r"(?P<\1>[^/]+)", path) + "$")
            params = {p["name"]: p.get("schema", {}) for p in item["get"].get("parameters", [])}
            found.append((pattern, params))
    return found


async def _exercise(catalog: TmdbMediaCatalog) -> None:
    for kind in SearchKind:
        await catalog.search("star wars", kind, year=1977, page=2)
    for media in MediaKind:
        await catalog.details(media, 1)
        await catalog.popular(media, 2)
        await catalog.top_rated(media)
        await catalog.similar(media, 1)
        await catalog.recommendations(media, 1)
        await catalog.discover(msgspec.structs.replace(FULL_DISCOVER, kind=media))
        await catalog.watch_providers(media, 1, "US")
        await catalog.videos(media, 1)
        await catalog.reviews(media, 1, page=2)
        await catalog.genres(media)
    for scope in SearchKind:
        await catalog.trending(scope, TimeWindow.DAY)
    await catalog.person(1)
    await catalog.upcoming(), await catalog.now_playing()
    await catalog.airing_today(), await catalog.on_the_air()
    (
        await catalog.find_by_external_id("tt0499549"),
        await catalog.find_by_external_id("1", "tvdb_id"),
    )
    await catalog.tv_season(1399, 1), await catalog.next_episode(1399)
    await catalog.release_dates(1), await catalog.collection(10)


def _problems(call: Parsed, operations: list[tuple[re.Pattern[str], dict[str, Any]]]) -> list[str]:
    matches = ((p.match(call.path), params) for p, params in operations)
    match, declared = next(((m, params) for m, params in matches if m), (None, {}))
    if match is None:
        return [f"{call.path}: no such path in the spec"]
    problems = []
    for name, value in [*match.groupdict().items(), *call.query.items()]:
        if name in AUTH_PARAMS:
            continue
        if name not in declared:
            problems.append(f"{call.path}: unknown parameter {name!r}")
        elif "enum" in declared[name] and value not in declared[name]["enum"]:
            problems.append(f"{call.path}: {name}={value!r} not in {declared[name]['enum']}")
    return problems


async def test_every_request_is_a_real_path_with_real_parameters(
    tmdb_server: FakeTmdbServer,
) -> None:
    async with tmdb_catalog(tmdb_server) as catalog:
        await _exercise(catalog)
    async with tmdb_catalog(tmdb_server, api_key=TEST_KEY) as catalog:
        await catalog.genres(MediaKind.MOVIE)
    calls = tmdb_server.parsed()
    assert len(calls) > 40
    operations = _operations()
    problems = [p for call in calls for p in _problems(call, operations)]
    assert problems == []


def test_the_check_rejects_invented_paths_and_parameters() -> None:
    operations = _operations()
    assert _problems(Parsed("/3/movie/1/cast", {}), operations)
    assert _problems(Parsed("/3/movie/popular", {"sort": "x"}), operations)
    assert _problems(Parsed("/3/trending/all/month", {}), operations)  # enum on the path
    assert _problems(Parsed("/3/trending/all/week", {}), operations) == []
    assert _problems(Parsed("/3/find/tt1", {"external_source": "imdb"}), operations)
