"""Live catalog behind the response cache, against the loopback TMDB and TVMaze fakes.

1. A cached tool call: `call_tool` answered from the in-process layer (p50 ≤ 1 ms; p99 noted).
2. A cached answer after a restart: first call on a fresh cache over the same SQLite file.
3. An uncached call: the whole path to the loopback fake and back (informational).
4. Upstream requests per distinct call: 25 distinct tool calls, each made 8 times (half of
   them concurrently), must reach the fakes once each within their TTL.
"""

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.figures import Figure, p50, percentile
from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.adapters.catalog_cache.store import SqliteResponseStore
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.live_media_catalog import LiveMediaCatalog
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tvmaze_episodes import TvmazeEpisodes
from movie_analyst.application.media_tools import call_tool
from tests.fakes.http.tmdb_server import FakeTmdbServer
from tests.fakes.http.tvmaze_server import FakeTvmazeServer

AREA = "catalog-live"
HITS = 2000
REPEATS = 8
# (tool, args): 25 distinct calls over the recorded fixtures.
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("search_media", {"query": q}) for q in ("alien", "arrival", "heat", "up", "jaws")
] + [
    ("get_details", {"kind": "movie", "id": i}) for i in (550, 551, 552, 553, 554)
] + [
    ("get_details", {"kind": "tv", "id": 1399}), ("get_person", {"id": 31}),
    ("trending", {}), ("popular", {"kind": "tv"}), ("top_rated", {}), ("upcoming", {}),
    ("now_playing", {}), ("airing_today", {}), ("on_the_air", {}),
    ("similar", {"kind": "movie", "id": 550}), ("genres", {"kind": "tv"}),
    ("watch_providers", {"kind": "movie", "id": 550, "region": "AT"}),
    ("tv_schedule", {"country": "US", "date": "2024-03-17"}),
    ("release_dates", {"movie_id": 550}), ("videos", {"kind": "movie", "id": 550}),
]  # fmt: skip


def _catalog(
    http: httpx.AsyncClient, tmdb: FakeTmdbServer, maze: FakeTvmazeServer, db: Path
) -> CachedMediaCatalog:
    policy = RetryPolicy(attempts=2, base_delay=0.01)
    client = TmdbClient(http=http, base_url=tmdb.base_url, api_key="bench", policy=policy)
    tvmaze = TvmazeEpisodes(http=http, base_url=maze.origin, policy=policy)
    return CachedMediaCatalog(LiveMediaCatalog(client, tvmaze), SqliteResponseStore(str(db)))


async def _timed(catalog: CachedMediaCatalog, call: tuple[str, dict[str, Any]]) -> float:
    started = time.perf_counter()
    await call_tool(catalog, *call)
    return (time.perf_counter() - started) * 1000


async def measure() -> list[Figure]:
    with FakeTmdbServer() as tmdb, FakeTvmazeServer() as maze, tempfile.TemporaryDirectory() as d:
        db = Path(d) / "bench-cache.db"
        async with httpx.AsyncClient(timeout=5.0, follow_redirects=True) as http:
            return await _measure(http, tmdb, maze, db)


async def _measure(
    http: httpx.AsyncClient, tmdb: FakeTmdbServer, maze: FakeTvmazeServer, db: Path
) -> list[Figure]:
    catalog = _catalog(http, tmdb, maze, db)
    await catalog.start()
    cold = [await _timed(catalog, c) for c in CALLS]
    for _ in range(REPEATS // 2):
        for tool, args in CALLS:
            await call_tool(catalog, tool, args)
        await asyncio.gather(*(call_tool(catalog, t, a) for t, a in CALLS))
    upstream = len(tmdb.requests) + len(maze.requests)
    expected = len(CALLS) + 1  # tv_schedule asks TVMaze twice (broadcast + streaming)
    cycle = [CALLS[i % len(CALLS)] for i in range(HITS)]
    hot = [await _timed(catalog, c) for c in cycle]
    await catalog.aclose()
    restarted = _catalog(http, tmdb, maze, db)
    await restarted.start()
    warm = [await _timed(restarted, c) for c in CALLS]
    await restarted.aclose()
    return [
        Figure(area=AREA, name="cached tool call p50", value=round(p50(hot), 4), unit="ms",
               target="<= 1 ms", met=p50(hot) <= 1.0, note=f"{HITS} calls, in-process layer"),
        Figure(area=AREA, name="cached tool call p99", value=round(percentile(hot, 99), 4),
               unit="ms", note="tail = GIL hand-offs to the fake servers and SQLite threads"),
        Figure(area=AREA, name="cached call after restart p50", value=round(p50(warm), 3),
               unit="ms", note="SQLite store hit, fresh process state"),
        Figure(area=AREA, name="uncached call p50 (loopback fake)", value=round(p50(cold), 3),
               unit="ms", note="HTTP round trip + mapping + cache write"),
        Figure(area=AREA, name="upstream requests per distinct call", value=upstream / expected,
               unit="requests", target="<= 1", met=upstream <= expected,
               note=f"{len(CALLS)} distinct calls x {REPEATS + 1}, half concurrent; {upstream} "
               f"requests; a restart added {len(tmdb.requests) + len(maze.requests) - upstream}"),
    ]  # fmt: skip
