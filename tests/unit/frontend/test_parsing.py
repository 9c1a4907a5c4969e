"""Pure helpers: event decoding, titles from tool data, settings file, human error messages."""

import json

from movie_analyst_ui.api_client import ApiError
from movie_analyst_ui.components.errors import human_message, run_failure_message
from movie_analyst_ui.events import Done, Step, Token, decode_event
from movie_analyst_ui.media import poster_url, titles_from
from movie_analyst_ui.settings_store import SettingsStore, UiSettings
from tests.support.frontend import ARRIVAL, SICARIO


def test_decode_event_shapes():
    assert decode_event("1", '{"content": "Hi", "session_id": "s"}') == Token("Hi", "1")
    step = decode_event(
        "2",
        json.dumps(
            {"step": {"type": "tool_result", "tool": "t", "summary": "ok", "data": "[1, 2]"}}
        ),
    )
    assert step == Step("tool_result", "t", "ok", [1, 2], "2")
    done = decode_event("3", '{"done": true, "run_id": "r", "status": "cancelled"}')
    assert done == Done("cancelled", "r", None, "", "3")
    failed = decode_event(None, '{"done": true, "error": "boom"}')
    assert (failed.status, failed.error) == ("failed", "boom")


def test_decode_event_ignores_what_it_does_not_know():
    assert decode_event("1", "not json") is None
    assert decode_event("1", "[1, 2]") is None
    assert decode_event("1", '{"future": "field"}') is None
    bad_data = decode_event("1", '{"step": {"type": "tool_result", "data": "{oops"}}')
    assert bad_data.data is None


def test_titles_from_lists_pages_and_details():
    details = {
        "item": {**ARRIVAL, "runtime": None},
        "budget": 47_000_000,
        "revenue": 203_000_000,
        "recommendations": [SICARIO],
    }
    page = {"items": [ARRIVAL, SICARIO], "page": 1}
    titles = titles_from([page, details])
    assert [t.title for t in titles] == ["Arrival", "Sicario"]
    arrival = titles[0]
    assert (arrival.year, arrival.score, arrival.runtime, arrival.revenue) == (
        2016,
        7.6,
        116,
        203_000_000,
    )  # details filled the box office in; the page kept runtime
    only_details = titles_from([details])
    assert [t.title for t in only_details] == ["Arrival"]  # recommendations are not the subject


def test_titles_need_a_title_and_a_fact():
    assert titles_from([{"title": "Just a word"}, {"name": "Person", "year": 1970}, "text"]) == []
    (t,) = titles_from([{"title": "Old", "release_date": "1927-01-10", "vote_average": True}])
    assert (t.year, t.score) == (1927, None)


def test_poster_urls():
    assert poster_url("/p.jpg") == "https://image.tmdb.org/t/p/w342/p.jpg"
    assert poster_url("https://img.example/p.jpg") == "https://img.example/p.jpg"
    assert poster_url("p.jpg") is None and poster_url(None) is None


def test_settings_roundtrip_and_bad_files(tmp_path):
    store = SettingsStore(tmp_path / "deep" / "settings.json")
    assert store.load() == UiSettings()
    store.update(model="gpt-5")
    assert store.load() == UiSettings(model="gpt-5", streaming=True)
    store.path.write_text('{"model": "m", "active_session": "s1"}')  # an older file
    assert store.load() == UiSettings(model="m")
    store.path.write_text('{"streaming": "yes", "unknown": 1, "model": "m"}')
    assert store.load() == UiSettings(model="m")
    store.path.write_text("{truncated")
    assert store.load() == UiSettings()
    assert not list(store.path.parent.glob("*.tmp"))


def test_human_messages():
    limited = ApiError("upstream_rate_limited", "slow down", status=503, body={"retry_after": 12})
    assert "Wait 12 s" in human_message(limited)
    assert "Wait a minute" in human_message(ApiError("upstream_rate_limited", "x", status=503))
    down = human_message(ApiError("unreachable", "refused"), "http://127.0.0.1:8000")
    assert "http://127.0.0.1:8000" in down and "make run" in down
    assert human_message(ApiError("http_418", "teapot", status=418)) == "Request failed: teapot"
    assert "server log" in human_message(ApiError("weird", "x", status=500))


def test_run_failure_messages():
    assert "rate-limiting" in run_failure_message("Upstream rate limit hit")
    assert "took too long" in run_failure_message("Operation timed out after 90 seconds")
    assert "API key" in run_failure_message("401 Unauthorized")
    assert run_failure_message("boom").startswith("The answer failed: boom.")
