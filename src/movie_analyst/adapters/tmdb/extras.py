"""TMDB JSON for the smaller tools: seasons, providers, videos, reviews, releases, collections."""

from movie_analyst.adapters.tmdb.details import episode
from movie_analyst.adapters.tmdb.mapping import Json, media_items
from movie_analyst.domain.media import (
    Collection,
    Episode,
    Genre,
    MediaKind,
    ReleaseInfo,
    Review,
    Season,
    Video,
    WatchProviders,
)

# TMDB's numeric release types (documented on /movie/{id}/release_dates).
RELEASE_TYPES = {1: "premiere", 2: "theatrical (limited)", 3: "theatrical", 4: "digital",
                 5: "physical", 6: "tv"}  # fmt: skip


def season(raw: Json, show_id: int) -> Season:
    found = (episode(e) for e in raw.get("episodes") or [])
    return Season(
        show_id=show_id,
        season_number=int(raw.get("season_number") or 0),
        name=raw.get("name") or "",
        episodes=[e for e in found if isinstance(e, Episode)],
    )


def watch_providers(raw: Json, region: str) -> WatchProviders | None:
    offers = (raw.get("results") or {}).get(region)
    if not isinstance(offers, dict):
        return None

    def names(key: str) -> list[str]:
        return [p.get("provider_name", "") for p in offers.get(key) or []]

    return WatchProviders(
        region=region,
        link=offers.get("link"),
        flatrate=names("flatrate"),
        rent=names("rent"),
        buy=names("buy"),
        free=names("free") + names("ads"),
    )


def videos(raw: Json) -> list[Video]:
    return [
        Video(name=v.get("name", ""), site=v.get("site", ""), key=v.get("key", ""),
              type=v.get("type", ""), official=bool(v.get("official")))
        for v in raw.get("results") or []
    ]  # fmt: skip


def reviews(raw: Json) -> list[Review]:
    return [
        Review(author=r.get("author", ""), content=r.get("content", ""),
               rating=(r.get("author_details") or {}).get("rating"),
               created_at=r.get("created_at"))
        for r in raw.get("results") or []
    ]  # fmt: skip


def release_dates(raw: Json) -> list[ReleaseInfo]:
    found: list[ReleaseInfo] = []
    for country in raw.get("results") or []:
        for d in country.get("release_dates") or []:
            found.append(ReleaseInfo(
                country=country.get("iso_3166_1", ""),
                certification=d.get("certification") or None,
                release_date=(d.get("release_date") or "")[:10] or None,
                type=RELEASE_TYPES.get(d.get("type")),
            ))  # fmt: skip
    return found


def collection(raw: Json) -> Collection:
    parts = media_items(raw.get("parts") or [], MediaKind.MOVIE)
    return Collection(
        id=int(raw["id"]),
        name=raw.get("name") or "",
        overview=raw.get("overview") or None,
        parts=sorted(parts, key=lambda p: p.release_date or "9999"),
    )


def genres(raw: Json) -> list[Genre]:
    return [Genre(id=int(g["id"]), name=g.get("name", "")) for g in raw.get("genres") or []]
