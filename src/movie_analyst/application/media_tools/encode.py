"""Any value a `MediaCatalog` method returns -> its compact JSON-ready form (see `compact`)."""

from typing import Any

from movie_analyst.application.media_tools import compact_details as full
from movie_analyst.application.media_tools import compact_live as live
from movie_analyst.application.media_tools.compact import LIST_CAP, item, person
from movie_analyst.domain.media import (
    Collection,
    Episode,
    Genre,
    MediaDetails,
    MediaItem,
    Page,
    PersonDetails,
    PersonSummary,
    ReleaseInfo,
    Review,
    Season,
    Video,
    WatchProviders,
)


def encode(value: object) -> Any:
    encoder = _ENCODERS.get(type(value))
    if encoder is not None:
        return encoder(value)
    if isinstance(value, list):
        if value and isinstance(value[0], Genre):
            return {"results": [g.name for g in value]}  # all of them: short, and a closed set
        return listing(value)
    raise TypeError(f"no compact form for {type(value).__name__}")


def listing(values: list[Any], total: int | None = None) -> dict[str, Any]:
    results = [encode(v) for v in values[:LIST_CAP]]
    return {"results": results, "total_results": total or len(values)}


def page(result: Page) -> dict[str, Any]:
    return listing(result.items, max(result.total_results, len(result.items)))


_ENCODERS: dict[type, Any] = {
    MediaItem: item,
    PersonSummary: person,
    Page: page,
    MediaDetails: full.details,
    PersonDetails: full.person_details,
    Episode: live.episode,
    Season: live.season,
    WatchProviders: live.providers,
    Collection: live.collection,
    Video: live.video,
    Review: live.review,
    ReleaseInfo: live.release,
}
