"""How long each kind of catalog answer stays fresh."""

import msgspec

MINUTE = 60.0
HOUR = 60 * MINUTE
DAY = 24 * HOUR

# Live lists move within minutes; listings within the hour; facts about a title within days.
# TMDB's terms cap any cache at 6 months; TVMaze's own edge cache is an hour.
DEFAULT_TTL: dict[str, float] = {
    "trending": 30 * MINUTE,
    "now_playing": 30 * MINUTE,
    "airing_today": 30 * MINUTE,
    "on_the_air": 30 * MINUTE,
    "schedule": 30 * MINUTE,
    "next_episode": 30 * MINUTE,
    "search": HOUR,
    "popular": HOUR,
    "top_rated": HOUR,
    "upcoming": HOUR,
    "similar": HOUR,
    "recommendations": HOUR,
    "discover": HOUR,
    "reviews": HOUR,
    "details": DAY,
    "person": DAY,
    "find_by_external_id": DAY,
    "watch_providers": DAY,
    "tv_season": DAY,
    "release_dates": DAY,
    "videos": DAY,
    "collection": DAY,
    "genres": 7 * DAY,
}


class CachePolicy(msgspec.Struct, frozen=True, kw_only=True):
    """`ttl` overrides per method name; `max_entries` bounds the SQLite store (oldest-used
    rows go first) and `memory_entries` the in-process LRU in front of it."""

    ttl: dict[str, float] = {}
    max_entries: int = 5000
    memory_entries: int = 512

    def ttl_for(self, method: str) -> float:
        return self.ttl.get(method, DEFAULT_TTL.get(method, HOUR))
