"""Every media tool, defined once: name, when to use it, its arguments, and the port call.

Frameworks (llama-index FunctionTools, the offline analyst) are generated from `MEDIA_TOOLS`;
nothing else lists the tools.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from movie_analyst.application.media_tools import args as a
from movie_analyst.application.media_tools.person_filter import filtered_person
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.media import DiscoverQuery, MediaKind, SearchKind, TimeWindow

ToolCall = Callable[[MediaCatalog, Any], Awaitable[object]]


class ToolSpec(msgspec.Struct, frozen=True, kw_only=True):
    """`call(catalog, args)` returns the port's domain value (None when not found)."""

    name: str
    description: str
    args: type[msgspec.Struct]
    call: ToolCall


def _kind(args: Any) -> MediaKind:
    return MediaKind(args.kind)


def _discover(c: MediaCatalog, x: a.DiscoverArgs) -> Awaitable[object]:
    fields = {f: getattr(x, f) for f in x.__struct_fields__}
    return c.discover(msgspec.convert(fields, DiscoverQuery))


def _trending(c: MediaCatalog, x: a.TrendingArgs) -> Awaitable[object]:
    kind = SearchKind.MULTI if x.kind == "all" else SearchKind(x.kind)
    return c.trending(kind, TimeWindow(x.window))


def _tool(name: str, description: str, args: type[msgspec.Struct], call: Any) -> ToolSpec:
    return ToolSpec(name=name, description=description, args=args, call=call)


MEDIA_TOOLS: tuple[ToolSpec, ...] = (
    _tool(
        "search_media",
        "Find movies, TV shows or people by name and get their ids. Use it first whenever the "
        "user names a title or a person; add `year` to tell remakes apart.",
        a.SearchMediaArgs,
        lambda c, x: c.search(x.query, SearchKind(x.kind), x.year),
    ),
    _tool(
        "get_details",
        "Full facts about one movie or show (from search_media's kind and id): runtime, genres, "
        "certification, scores, box office, awards, directors, writers, cast, recommendations.",
        a.MediaRefArgs,
        lambda c, x: c.details(_kind(x), x.id),
    ),
    _tool(
        "get_person",
        "A person's biography and filmography (newest first), by the person id from search_media. "
        "Set `role` (director, writer, cast) and/or `year_from`/`year_to` to list only those "
        "credits; `total_credits` counts them all.",
        a.PersonArgs,
        filtered_person,
    ),
    _tool(
        "trending",
        "What is trending right now (today or this week). Use for 'what's hot / buzzing'.",
        a.TrendingArgs,
        _trending,
    ),
    _tool(
        "popular",
        "The currently most popular movies or shows.",
        a.KindArgs,
        lambda c, x: c.popular(_kind(x)),
    ),
    _tool(
        "top_rated",
        "The best-rated movies or shows of all time, by average rating among well-voted titles.",
        a.KindArgs,
        lambda c, x: c.top_rated(_kind(x)),
    ),
    _tool(
        "upcoming",
        "Movies coming soon to cinemas.",
        a.NoArgs,
        lambda c, x: c.upcoming(),
    ),
    _tool(
        "now_playing",
        "Movies in cinemas now.",
        a.NoArgs,
        lambda c, x: c.now_playing(),
    ),
    _tool(
        "airing_today",
        "TV shows with an episode airing today.",
        a.NoArgs,
        lambda c, x: c.airing_today(),
    ),
    _tool(
        "on_the_air",
        "TV shows with an episode in the next seven days.",
        a.NoArgs,
        lambda c, x: c.on_the_air(),
    ),
    _tool(
        "similar",
        "Titles like a given movie or show (same genres, people, themes). Use for 'more like X'.",
        a.MediaRefArgs,
        lambda c, x: c.similar(_kind(x), x.id),
    ),
    _tool(
        "recommendations",
        "What viewers of a given movie or show also liked.",
        a.MediaRefArgs,
        lambda c, x: c.recommendations(_kind(x), x.id),
    ),
    _tool(
        "discover",
        "Browse by filters instead of by name: genres, year range, minimum rating or votes, "
        "runtime, language, people involved, sort order. Use for 'best 90s thrillers' or "
        "'comedies with Bill Murray'.",
        a.DiscoverArgs,
        _discover,
    ),
    _tool(
        "find_by_external_id",
        "Find a title or person by its IMDb id (tt..., nm...) or TVDB id.",
        a.ExternalIdArgs,
        lambda c, x: c.find_by_external_id(x.external_id, x.source),
    ),
    _tool(
        "watch_providers",
        "Where to stream, rent or buy a movie or show in a country. Use for 'where can I watch'.",
        a.WatchProvidersArgs,
        lambda c, x: c.watch_providers(_kind(x), x.id, x.region or "US"),
    ),
    _tool(
        "tv_season",
        "The episode list of one season of a show (show id from search_media with kind tv).",
        a.SeasonArgs,
        lambda c, x: c.tv_season(x.show_id, x.season_number),
    ),
    _tool(
        "next_episode",
        "When the next episode of a show airs.",
        a.ShowArgs,
        lambda c, x: c.next_episode(x.show_id),
    ),
    _tool(
        "tv_schedule",
        "Episodes airing on a date (default today) in a country. Use for 'what's on TV tonight'.",
        a.ScheduleArgs,
        lambda c, x: c.schedule(x.country, x.date),
    ),
    _tool(
        "release_dates",
        "A movie's release dates and age certifications per country.",
        a.MovieArgs,
        lambda c, x: c.release_dates(x.movie_id),
    ),
    _tool(
        "videos",
        "Trailers, teasers and clips of a movie or show, with links.",
        a.MediaRefArgs,
        lambda c, x: c.videos(_kind(x), x.id),
    ),
    _tool(
        "collection",
        "All parts of a film series, by collection id.",
        a.CollectionArgs,
        lambda c, x: c.collection(x.id),
    ),
    _tool(
        "reviews",
        "What critics and users wrote about a movie or show.",
        a.MediaRefArgs,
        lambda c, x: c.reviews(_kind(x), x.id),
    ),
    _tool(
        "genres",
        "The genre names this catalog knows, for discover.",
        a.KindArgs,
        lambda c, x: c.genres(_kind(x)),
    ),
)

TOOLS_BY_NAME = {spec.name: spec for spec in MEDIA_TOOLS}
