"""Compact forms of TV episodes and seasons, where-to-watch, collections, videos, reviews."""

from typing import Any

from movie_analyst.application.media_tools.compact import (
    EPISODE_CAP,
    LIST_CAP,
    prune,
    short,
    trim,
)
from movie_analyst.domain.media import (
    Collection,
    Episode,
    ReleaseInfo,
    Review,
    Season,
    Video,
    WatchProviders,
)


def episode(value: Episode) -> dict[str, Any]:
    return prune(
        {
            "show": value.show_title,
            "season": value.season_number,
            "episode": value.episode_number,
            "name": value.name,
            "air_date": value.air_date,
            "airtime": value.airtime,
            "network": value.network,
            "runtime": value.runtime,
            "overview": trim(value.overview, 120),
        }
    )


def season(value: Season) -> dict[str, Any]:
    episodes = [
        prune({"episode": e.episode_number, "name": e.name, "air_date": e.air_date})
        for e in value.episodes[:EPISODE_CAP]
    ]
    return prune(
        {
            "show_id": value.show_id,
            "season": value.season_number,
            "name": value.name,
            "episodes": episodes,
            "total_episodes": len(value.episodes),
        }
    )


def providers(value: WatchProviders) -> dict[str, Any]:
    return prune(
        {
            "region": value.region,
            "stream": value.flatrate[:LIST_CAP],
            "free": value.free[:LIST_CAP],
            "rent": value.rent[:LIST_CAP],
            "buy": value.buy[:LIST_CAP],
            "link": value.link,
        }
    )


def collection(value: Collection) -> dict[str, Any]:
    return prune(
        {
            "kind": "collection",
            "id": value.id,
            "name": value.name,
            "overview": trim(value.overview),
            "parts": [short(p) for p in value.parts[:LIST_CAP]],
        }
    )


def video(value: Video) -> dict[str, Any]:
    url = f"https://www.youtube.com/watch?v={value.key}" if value.site == "YouTube" else None
    return prune({"name": value.name, "type": value.type, "site": value.site, "url": url})


def review(value: Review) -> dict[str, Any]:
    return prune(
        {
            "author": value.author,
            "rating": value.rating,
            "date": (value.created_at or "")[:10],
            "content": trim(value.content, 300),
        }
    )


def release(value: ReleaseInfo) -> dict[str, Any]:
    return prune(
        {
            "country": value.country,
            "certification": value.certification,
            "date": (value.release_date or "")[:10],
            "type": value.type,
        }
    )
