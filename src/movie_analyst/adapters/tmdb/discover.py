"""DiscoverQuery -> TMDB `/discover/{movie,tv}` parameters (names checked against the spec)."""

from movie_analyst.adapters.tmdb.genres import genre_ids
from movie_analyst.domain.media import DiscoverQuery, MediaKind

_SORT_FIELDS = {"popularity", "vote_average", "vote_count", "revenue", "release_date", "title"}


def discover_params(query: DiscoverQuery, people_ids: list[int]) -> dict[str, str | int | float]:
    movie = query.kind is MediaKind.MOVIE
    dated = "primary_release_date" if movie else "first_air_date"
    params: dict[str, str | int | float | None] = {
        "page": min(max(query.page, 1), 500),
        "sort_by": sort_by(query.sort_by, movie),
        "include_adult": "false",
        "with_genres": ",".join(map(str, genre_ids(query.kind, query.genres))) or None,
        f"{dated}.gte": f"{query.year_from}-01-01" if query.year_from else None,
        f"{dated}.lte": f"{query.year_to}-12-31" if query.year_to else None,
        "vote_average.gte": query.min_rating,
        "vote_count.gte": query.min_votes,
        "with_runtime.gte": query.runtime_min,
        "with_runtime.lte": query.runtime_max,
        "with_original_language": query.language,
        # TMDB's TV discover has no people filter; the tool then answers without it.
        "with_people": ",".join(map(str, people_ids)) if movie and people_ids else None,
    }
    return {k: v for k, v in params.items() if v is not None}


def sort_by(value: str, movie: bool) -> str:
    """Our neutral `field.direction` -> TMDB's; unknown fields fall back to popularity."""
    field, _, direction = value.partition(".")
    direction = direction if direction in ("asc", "desc") else "desc"
    if field not in _SORT_FIELDS or (field == "revenue" and not movie):
        field = "popularity"
    if field == "release_date":
        field = "primary_release_date" if movie else "first_air_date"
    if field == "title" and not movie:
        field = "name"
    return f"{field}.{direction}"
