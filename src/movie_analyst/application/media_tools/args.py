"""The arguments of each media tool: what the model writes as its Action Input (a JSON object).

Field names and defaults are the agreed tool contract (brief TOOLS.md); descriptions end up in the
JSON schema the model sees, so they say what a value looks like, not how we use it.
"""

from typing import Annotated, Literal

import msgspec

Kind = Literal["movie", "tv"]
MediaId = Annotated[int, msgspec.Meta(ge=1, description="the `id` from an earlier tool result")]


class SearchMediaArgs(msgspec.Struct, frozen=True, kw_only=True):
    """Find movies, TV shows or people by name."""

    query: Annotated[str, msgspec.Meta(min_length=1, description="a title or a person's name")]
    kind: Literal["multi", "movie", "tv", "person"] = "multi"
    year: Annotated[int, msgspec.Meta(description="release year, tells remakes apart")] | None = (
        None
    )


class MediaRefArgs(msgspec.Struct, frozen=True, kw_only=True):
    """One movie or TV show."""

    kind: Kind
    id: MediaId


class PersonArgs(msgspec.Struct, frozen=True, kw_only=True):
    """One person; the filmography may be narrowed to one kind of credit and a period."""

    id: MediaId
    role: Literal["any", "director", "writer", "cast"] = "any"
    year_from: int | None = None
    year_to: int | None = None
    sort: Annotated[
        Literal["newest", "best_known"],
        msgspec.Meta(description="newest first, or the most-reviewed/popular first"),
    ] = "newest"


class TrendingArgs(msgspec.Struct, frozen=True, kw_only=True):
    kind: Literal["all", "movie", "tv", "person"] = "all"
    window: Literal["day", "week"] = "week"


class KindArgs(msgspec.Struct, frozen=True, kw_only=True):
    kind: Kind = "movie"


class NoArgs(msgspec.Struct, frozen=True, kw_only=True):
    pass


class DiscoverArgs(msgspec.Struct, frozen=True, kw_only=True):
    """Filters; every one is optional. Ratings are on a 0-10 scale."""

    kind: Kind = "movie"
    genres: Annotated[list[str], msgspec.Meta(description="genre names, all must match")] = []
    year_from: int | None = None
    year_to: int | None = None
    min_rating: Annotated[float, msgspec.Meta(ge=0, le=10)] | None = None
    min_votes: int | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    language: Annotated[str, msgspec.Meta(description="ISO 639-1, e.g. 'fr'")] | None = None
    with_people: Annotated[list[str], msgspec.Meta(description="names of cast or crew")] = []
    sort_by: Annotated[
        str,
        msgspec.Meta(
            description="popularity|vote_average|release_date|revenue|oscars (offline "
            "catalog only), then .asc|.desc"
        ),
    ] = "popularity.desc"


class ExternalIdArgs(msgspec.Struct, frozen=True, kw_only=True):
    external_id: Annotated[str, msgspec.Meta(min_length=1, description="e.g. 'tt0133093'")]
    source: Literal["imdb_id", "tvdb_id"] = "imdb_id"


class WatchProvidersArgs(msgspec.Struct, frozen=True, kw_only=True):
    kind: Kind
    id: MediaId
    region: Annotated[str, msgspec.Meta(description="ISO 3166-1 country, e.g. 'GB'")] | None = None


class SeasonArgs(msgspec.Struct, frozen=True, kw_only=True):
    show_id: MediaId
    season_number: Annotated[int, msgspec.Meta(ge=0)]


class ShowArgs(msgspec.Struct, frozen=True, kw_only=True):
    show_id: MediaId


class ScheduleArgs(msgspec.Struct, frozen=True, kw_only=True):
    country: Annotated[str, msgspec.Meta(description="ISO 3166-1 country, e.g. 'US'")] = "US"
    date: Annotated[str, msgspec.Meta(description="ISO date, default today")] | None = None


class MovieArgs(msgspec.Struct, frozen=True, kw_only=True):
    movie_id: MediaId


class CollectionArgs(msgspec.Struct, frozen=True, kw_only=True):
    id: MediaId
