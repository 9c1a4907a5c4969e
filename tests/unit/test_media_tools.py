"""The tool layer over the fake catalog: argument handling, compact JSON, honest errors."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from movie_analyst.application.errors import InvalidRequest, UpstreamUnavailable
from movie_analyst.application.media_tools import (
    MEDIA_TOOLS,
    call_tool,
    summarize_call,
    summarize_result,
    tool_args_schema,
)
from movie_analyst.application.media_tools.compact import LIST_CAP, OVERVIEW_CHARS
from movie_analyst.domain.media import MediaItem, MediaKind
from tests.fakes.media_catalog import FakeMediaCatalog

AGREED = {
    "search_media", "get_details", "get_person", "trending", "popular", "top_rated", "upcoming",
    "now_playing", "airing_today", "on_the_air", "similar", "recommendations", "discover",
    "find_by_external_id", "watch_providers", "tv_season", "next_episode", "tv_schedule",
    "release_dates", "videos", "collection", "reviews", "genres",
}  # fmt: skip


async def run(catalog: FakeMediaCatalog, name: str, args: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(await call_tool(catalog, name, args))
    return result


def test_the_agreed_tools_exist_once_with_object_schemas() -> None:
    assert [s.name for s in MEDIA_TOOLS] == list(dict.fromkeys(s.name for s in MEDIA_TOOLS))
    assert {s.name for s in MEDIA_TOOLS} == AGREED
    for spec in MEDIA_TOOLS:
        schema = tool_args_schema(spec)
        assert schema["type"] == "object" and "$ref" not in json.dumps(schema)
        assert len(spec.description) > 20


async def test_every_tool_answers_json_on_a_live_fake() -> None:
    catalog = FakeMediaCatalog()
    example = {"kind": "movie", "id": 1, "query": "alien", "show_id": 101, "season_number": 1,
               "movie_id": 1, "external_id": "tt0078748"}  # fmt: skip
    for spec in MEDIA_TOOLS:
        fields = tool_args_schema(spec)["properties"]
        args = {k: v for k, v in example.items() if k in fields}
        if spec.name in ("tv_season", "next_episode"):
            args["show_id"] = 101
        if spec.name in ("collection", "get_person"):
            args["id"] = 8091 if spec.name == "collection" else 201
        body = await run(catalog, spec.name, args)
        assert "error" not in body, (spec.name, body)


async def test_search_is_compact_with_kind_and_id_and_no_nulls() -> None:
    body = await run(FakeMediaCatalog(), "search_media", {"query": "alien"})
    first = body["results"][0]
    assert first["kind"] == "movie" and first["id"] == 1 and first["title"] == "Alien"
    assert body["total_results"] == 2
    assert "null" not in json.dumps(body) and "poster" not in first


async def test_lists_are_capped_and_overviews_trimmed() -> None:
    many = [
        MediaItem(kind=MediaKind.MOVIE, id=n, title=f"Film {n}", overview="word " * 200)
        for n in range(1, 40)
    ]
    body = await run(FakeMediaCatalog(items=many), "popular", {})
    assert len(body["results"]) == LIST_CAP and body["total_results"] == 39
    assert all(len(r["overview"]) <= OVERVIEW_CHARS for r in body["results"])
    assert body["results"][0]["overview"].endswith("…")


async def test_details_names_directors_writers_and_cast_with_ids() -> None:
    body = await run(FakeMediaCatalog(), "get_details", {"kind": "movie", "id": 2})
    assert body["directors"] == [{"id": 203, "name": "James Cameron"}]
    assert {w["name"] for w in body["writers"]} == {"James Cameron", "Dan O'Bannon"}
    assert body["cast"] == [{"id": 202, "name": "Sigourney Weaver", "character": "Ripley"}]
    assert body["cast_order"] == "best-known first (billing order unknown)"
    assert body["recommendations"][0]["kind"] == "movie"


async def test_lenient_arguments_are_accepted() -> None:
    catalog = FakeMediaCatalog()
    assert (await run(catalog, "get_details", '{"kind": "Movie", "id": "3"}'))["title"] == (
        "Blade Runner"
    )
    assert (await run(catalog, "search_media", "Amelie"))["results"][0]["title"] == "Amélie"
    assert (await run(catalog, "get_person", "201"))["name"] == "Ridley Scott"
    assert "results" in await run(catalog, "upcoming", None)


@pytest.mark.parametrize(
    ("name", "args", "says"),
    [
        ("nosuch", {}, "no tool named"),
        ("get_details", {"id": 1}, "Expected keys: kind (required), id (required)"),
        ("get_details", {"kind": "book", "id": 1}, "Invalid arguments"),
        ("get_details", "[1, 2]", "must be a JSON object"),
        ("get_details", {"kind": "movie", "id": 999}, "Nothing found for get_details"),
        ("collection", {"id": 5}, "search_media"),
    ],
)
async def test_mistakes_come_back_as_error_sentences(name: str, args: Any, says: str) -> None:
    body = await run(FakeMediaCatalog(), name, args)
    assert list(body) == ["error"] and says in body["error"]


async def test_offline_questions_come_back_as_the_catalogs_sentence() -> None:
    body = await run(FakeMediaCatalog(live=False), "trending", {})
    assert body == {"error": "The fake offline catalog has no live data (trending)."}


async def test_refused_requests_come_back_as_the_catalogs_sentence() -> None:
    class Picky(FakeMediaCatalog):
        async def discover(self, query: Any) -> Any:
            raise InvalidRequest("No genre 'superhero'. Genres: Drama.")

    body = await run(Picky(), "discover", {"genres": ["superhero"]})
    assert body == {"error": "No genre 'superhero'. Genres: Drama."}


async def test_upstream_errors_propagate() -> None:
    class Broken(FakeMediaCatalog):
        async def popular(self, kind: MediaKind, page: int = 1) -> Any:
            raise UpstreamUnavailable("tmdb down", upstream="tmdb")

    with pytest.raises(UpstreamUnavailable):
        await call_tool(Broken(), "popular", {})


async def test_watch_providers_default_to_the_given_region() -> None:
    catalog = FakeMediaCatalog()
    raw = await call_tool(catalog, "watch_providers", {"kind": "movie", "id": 1},
                          default_region="GB")  # fmt: skip
    assert json.loads(raw)["region"] == "GB" and catalog.calls[-1][1][2] == "GB"


async def test_discover_passes_every_filter_to_the_port() -> None:
    catalog = FakeMediaCatalog()
    body = await run(catalog, "discover", {"genres": ["Sci-Fi"], "year_to": 1990,
                                          "with_people": ["Ridley Scott"]})  # fmt: skip
    assert [r["title"] for r in body["results"]] == ["Alien", "Blade Runner"]
    query = catalog.calls[-1][1][0]
    assert query.genres == ["Sci-Fi"] and query.year_to == 1990


def test_status_lines() -> None:
    assert summarize_call("search_media", {"query": "Arrival"}) == (
        "Searching the catalog for “Arrival”…"
    )
    assert summarize_call("discover", '{"genres": ["Drama"], "year_from": 1990}') == (
        "Discovering movies (Drama; 1990–…)…"
    )
    assert summarize_call("get_details", "not json") == "Calling get_details…"
    assert summarize_result("x", '{"results": [{"kind": "movie"}], "total_results": 5}') == (
        "Found 5 titles"
    )
    assert summarize_result("x", '{"results": [{"kind": "person"}], "total_results": 1}') == (
        "Found 1 person"
    )
    assert summarize_result("x", '{"title": "Alien", "year": 1979}') == (
        "Got details of “Alien” (1979)"
    )
    assert summarize_result("x", '{"error": "No live data."}') == "No answer: No live data."
    assert summarize_result("x", "garbage") == "Got an answer"
    assert summarize_result("x", '{"region": "GB", "stream": ["Netflix"]}') == (
        "Found where to watch in GB"
    )
    assert summarize_result("x", '{"season": 2, "episode": 1, "air_date": "2030-01-17"}') == (
        "Next: S2E1 on 2030-01-17"
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from(["query", "kind", "id", "year", "genres", "region", "show_id", "x"])


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from([s.name for s in MEDIA_TOOLS] + ["nosuch"]),
    raw=st.dictionaries(KEYS, JSON_VALUES, max_size=4) | st.text(max_size=30) | st.none(),
)
async def test_any_input_gives_json_never_an_exception(name: str, raw: Any) -> None:
    body = json.loads(await call_tool(FakeMediaCatalog(), name, raw))
    assert isinstance(body, dict) and body
    assert isinstance(summarize_call(name, raw), str)
    assert isinstance(summarize_result(name, json.dumps(body)), str)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"id": 203}, [("Aliens", "Director"), ("Aliens", "Writer")]),
        ({"id": 203, "role": "director"}, [("Aliens", "Director")]),
        ({"id": 203, "role": "writer"}, [("Aliens", "Writer")]),
        ({"id": 203, "role": "cast"}, []),
        ({"id": 202, "role": "cast"}, [("Aliens", "Ripley"), ("Alien", "Ripley")]),
        ({"id": 202, "year_to": 1980}, [("Alien", "Ripley")]),
        ({"id": 201, "role": "director", "year_from": 1980}, [("Blade Runner", "Director")]),
    ],
)
async def test_get_person_narrows_the_filmography_before_it_is_capped(
    args: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    body = await run(FakeMediaCatalog(), "get_person", args)
    listed = [(f["title"], f["role"]) for f in body.get("filmography", [])]
    assert listed == expected
    assert body["total_credits"] == len(expected)


async def test_get_person_can_put_the_best_known_credits_first() -> None:
    newest = await run(FakeMediaCatalog(), "get_person", {"id": 201})
    best = await run(FakeMediaCatalog(), "get_person", {"id": 201, "sort": "best_known"})
    # Blade Runner (1982, 132 reviews) is newer; Alien (1979, 208 reviews) is better known.
    assert [f["title"] for f in newest["filmography"]] == ["Blade Runner", "Alien"]
    assert [f["title"] for f in best["filmography"]] == ["Alien", "Blade Runner"]
