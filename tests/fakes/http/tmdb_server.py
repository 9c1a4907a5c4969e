"""A fake TMDB v3 API on 127.0.0.1 serving the recorded bodies in contracts/fixtures.

    with FakeTmdbServer() as server:           # or the `tmdb_server` fixture
        server.base_url                        # "http://127.0.0.1:<port>/3"
        server.push(Fault(status=429, headers={"Retry-After": "0"}))
        server.requests                        # every request, with path and query string

Auth: `api_key` query parameter or `Authorization: Bearer`; the key `INVALID_KEY` (either way)
gets the recorded 401 body. Ids >= `MISSING_ID` get the recorded 404 body; an empty search
`query` gets the recorded 422 body. Seasons and collections have no recorded fixture: their
bodies are the official spec's examples. Routes follow the fixtures, not the ids asked for.
"""

import re
from typing import Any

from tests.fakes.http.catalog_fixtures import (
    Fault,
    FaultQueue,
    Parsed,
    fixture,
    parse,
    spec_example,
)
from tests.fakes.http.loopback import LoopbackServer, RecordedRequest, Response

INVALID_KEY = "invalid-key"
MISSING_ID = 90_000_000
# A running show TMDB knows no next episode of: the recorded GoT body with that field emptied
# and Silicon Valley's name and IMDb id (the show of the recorded TVMaze lookup).
NO_NEXT_EPISODE_ID = 60573
_APPENDED = {"movie": "tmdb.movie.details.append_to_response.json",
             "tv": "tmdb.tv.details.append_to_response.json"}  # fmt: skip
_LISTS = {f"/{k}/{n}": f"tmdb.{k}.{n}.json" for k, names in
          {"movie": ("popular", "top_rated", "upcoming", "now_playing"),
           "tv": ("popular", "top_rated", "airing_today", "on_the_air")}.items()
          for n in names}  # fmt: skip
_ID_PATH = re.compile(r"^/(movie|tv|person|collection)/(\d+)(?:/(.+))?$")


class FakeTmdbServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.faults = FaultQueue()

    @property
    def base_url(self) -> str:
        return f"{self.origin}/3"

    def push(self, *faults: Fault) -> None:
        self.faults.push(*faults)

    def parsed(self) -> list[Parsed]:
        return [parse(r) for r in self.requests]

    async def handle(self, request: RecordedRequest, response: Response) -> None:
        call = parse(request, "/3")
        key = call.query.get("api_key") or request.headers.get("authorization", "")[7:]
        if key == INVALID_KEY or not key:
            await response.send_json(401, fixture("tmdb.error.401.invalid_api_key.json"))
            return
        if await self.faults.serve_fault(response):
            return
        status, body = route(call)
        await response.send_json(status, body)


def route(call: Parsed) -> tuple[int, Any]:
    path, query = call.path, call.query
    if path.startswith("/search/"):
        return _search(path.removeprefix("/search/"), query.get("query", ""))
    if path in _LISTS:
        return 200, fixture(_LISTS[path])
    if path.startswith(("/trending/", "/discover/", "/genre/")):
        name = {"/trending/": "tmdb.trending.{}.week.json", "/discover/": "tmdb.discover.{}.json",
                "/genre/": "tmdb.genre.{}.list.json"}  # fmt: skip
        prefix = path[: path.index("/", 1) + 1]
        return 200, fixture(name[prefix].format(path.split("/")[2]))
    if path.startswith("/find/"):
        return 200, _find(path.removeprefix("/find/"), query.get("external_source", ""))
    if path == "/configuration":
        return 200, fixture("tmdb.configuration.json")
    match = _ID_PATH.match(path)
    if match is None or int(match[2]) >= MISSING_ID:
        return 404, fixture("tmdb.error.404.resource_not_found.json")
    return _by_id(match[1], int(match[2]), match[3], "append_to_response" in query)


def _search(kind: str, text: str) -> tuple[int, Any]:
    if not text.strip():
        return 422, fixture("tmdb.error.422.validation_error.json")
    body = dict(fixture("tmdb.search.multi.json"))
    if kind != "multi":  # a typed search returns only that type, without `media_type`
        rows = [dict(r) for r in body["results"] if r.get("media_type") == kind]
        for row in rows:
            row.pop("media_type", None)
        body = {**body, "results": rows, "total_results": len(rows)}
    return 200, body


def _find(external_id: str, source: str) -> Any:
    name = {("imdb_id", "tt"): "movie", ("imdb_id", "nm"): "person"}.get(
        (source, external_id[:2]), "tv" if source == "tvdb_id" else None
    )
    if name is None:
        return {k: [] for k in ("movie_results", "person_results", "tv_results",
                                "tv_episode_results", "tv_season_results")}  # fmt: skip
    return fixture(f"tmdb.find.{name}_results.json")


def _running_without_next(appended: bool) -> Any:
    body = dict(fixture(_APPENDED["tv"] if appended else "tmdb.tv.details.json"))
    body.update(id=NO_NEXT_EPISODE_ID, name="Silicon Valley", status="Returning Series",
                next_episode_to_air=None, external_ids={"imdb_id": "tt2575988"})  # fmt: skip
    return body


def _by_id(kind: str, number: int, rest: str | None, appended: bool) -> tuple[int, Any]:
    if kind == "collection":
        return 200, spec_example("/3/collection/{collection_id}")
    if rest is None and kind == "person":
        suffix = ".append_to_response" if appended else ""
        return 200, fixture(f"tmdb.person.details{suffix}.json")
    if rest is None and kind == "tv" and number == NO_NEXT_EPISODE_ID:
        return 200, _running_without_next(appended)
    if rest is None:
        return 200, fixture(_APPENDED[kind] if appended else f"tmdb.{kind}.details.json")
    if rest in ("similar", "recommendations"):
        return 200, fixture(f"tmdb.{kind}.{rest}.json")
    if rest.startswith("season/") and kind == "tv":
        return 200, spec_example("/3/tv/{series_id}/season/{season_number}")
    if rest in ("watch/providers", "release_dates", "videos", "reviews", "credits"):
        return 200, fixture(_APPENDED[kind])[rest] if kind in _APPENDED else {}
    return 404, fixture("tmdb.error.404.resource_not_found.json")


__all__ = ["INVALID_KEY", "MISSING_ID", "NO_NEXT_EPISODE_ID", "FakeTmdbServer", "Fault", "route"]
