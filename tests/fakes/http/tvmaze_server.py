"""A fake TVMaze API on 127.0.0.1 serving the recorded bodies in contracts/fixtures.

    with FakeTvmazeServer() as server:         # or the `tvmaze_server` fixture
        server.origin                          # base URL, no prefix
        server.push(Fault(status=429))         # faults come before routing, one per request

Routes: `/schedule` (country US or GB; another code such as UK -> 422), `/schedule/web`,
`/search/shows` (`q=nothing` -> []), `/singlesearch/shows` (miss -> 404 `null`),
`/lookup/shows?imdb=|thetvdb=` (hit -> 301 to `/shows/{id}`, miss -> 404 `null`), `/shows/{id}`
(id >= `MISSING_ID` -> the recorded 404 envelope). `embed=nextepisode` adds the first episode of
the recorded schedule as `_embedded.nextepisode` (no recorded body embeds it).
"""

from typing import Any

from tests.fakes.http.catalog_fixtures import Fault, FaultQueue, Parsed, fixture, parse
from tests.fakes.http.loopback import LoopbackServer, RecordedRequest, Response

MISSING_ID = 90_000_000
KNOWN_IMDB = "tt2575988"  # Silicon Valley, the show of the recorded lookup body
KNOWN_TVDB = "277165"
_COUNTRIES = {"US", "GB"}


class FakeTvmazeServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.faults = FaultQueue()

    def push(self, *faults: Fault) -> None:
        self.faults.push(*faults)

    def parsed(self) -> list[Parsed]:
        return [parse(r) for r in self.requests]

    async def handle(self, request: RecordedRequest, response: Response) -> None:
        if await self.faults.serve_fault(response):
            return
        call = parse(request)
        if call.path == "/lookup/shows":
            found = call.query.get("imdb") == KNOWN_IMDB or call.query.get("thetvdb") == KNOWN_TVDB
            if found:
                show_id = fixture("tvmaze.lookup.shows.2017.json")["id"]
                await response.send_bytes(301, b"", "text/html", {"Location": f"/shows/{show_id}"})
            else:
                await response.send_bytes(404, b"null", "application/json")
            return
        status, body = route(call)
        await response.send_json(status, body)


def route(call: Parsed) -> tuple[int, Any]:
    path, query = call.path, call.query
    if path in ("/schedule", "/schedule/web"):
        if query.get("country", "US") not in _COUNTRIES | {""}:
            return 422, {"name": "Unprocessable entity", "message": "Invalid country code",
                         "code": 0, "status": 422}  # fmt: skip
        return 200, fixture(
            "tvmaze.schedule.web.json" if path.endswith("web") else "tvmaze.schedule.json"
        )
    if path == "/search/shows":
        return 200, [] if query.get("q") == "nothing" else fixture("tvmaze.search.shows.json")
    if path == "/singlesearch/shows":
        if query.get("q") == "nothing":
            return 404, None
        return 200, fixture("tvmaze.singlesearch.shows.embed_episodes.2017.json")
    if path.startswith("/shows/") and path.removeprefix("/shows/").isdigit():
        return _show(int(path.removeprefix("/shows/")), query.get("embed", ""))
    return 404, fixture("tvmaze.error.404.json")


def _show(show_id: int, embed: str) -> tuple[int, Any]:
    if show_id >= MISSING_ID:
        return 404, fixture("tvmaze.error.404.json")
    lookup = fixture("tvmaze.lookup.shows.2017.json")
    show = dict(lookup if show_id == lookup["id"] else fixture("tvmaze.shows.id.json"))
    if embed == "nextepisode":
        upcoming = {k: v for k, v in fixture("tvmaze.schedule.json")[0].items() if k != "show"}
        show["_embedded"] = {"nextepisode": upcoming}
    return 200, show
