"""The API client against an in-memory backend: headers, errors, SSE decoding, joining runs."""

import json

import httpx
import pytest

from movie_analyst_ui.api_client import ApiClient, ApiError
from movie_analyst_ui.events import Done, Step, Token
from tests.support.frontend import BASE_URL, FakeBackend


def client_for(handler) -> ApiClient:
    return ApiClient(BASE_URL, token="s3cret", transport=httpx.MockTransport(handler))


def test_sends_the_bearer_token_when_configured():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={"sessions": []})

    assert client_for(handler).sessions() == []
    assert seen == ["Bearer s3cret"]


def test_sessions_are_fetched_page_by_page():
    everything = [{"session_id": f"s{i}"} for i in range(5)]
    offsets = []

    def handler(request: httpx.Request) -> httpx.Response:
        limit, offset = int(request.url.params["limit"]), int(request.url.params["offset"])
        offsets.append(offset)
        following = offset + limit if offset + limit < len(everything) else None
        page = everything[offset : offset + limit]
        return httpx.Response(200, json={"sessions": page, "next_offset": following})

    assert client_for(handler).sessions(page_size=2) == everything
    assert offsets == [0, 2, 4]
    assert len(client_for(handler).sessions(page_size=2, at_most=3)) == 3


def test_from_env_reads_backend_url_and_token(monkeypatch):
    monkeypatch.setenv("BACKEND_URL", "http://10.1.2.3:9000/")
    monkeypatch.delenv("API_AUTH_TOKEN", raising=False)
    client = ApiClient.from_env()
    assert client.base_url == "http://10.1.2.3:9000"
    assert "authorization" not in client._http.headers


def test_error_bodies_become_api_errors():
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"status_code": 409, "error": "session_busy", "detail": "busy", "run_id": "r1"}
        return httpx.Response(409, json=body)

    with pytest.raises(ApiError) as caught:
        client_for(handler).chat("s1", "hi", None, timeout=5)
    assert (caught.value.code, caught.value.status, caught.value.body["run_id"]) == (
        "session_busy",
        409,
        "r1",
    )


def test_a_non_json_error_still_has_a_code():
    with pytest.raises(ApiError) as caught:
        client_for(lambda r: httpx.Response(502, text="<html>bad gateway</html>")).health()
    assert (caught.value.code, caught.value.status) == ("http_502", 502)


def test_connection_refused_is_unreachable():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ApiError) as caught:
        client_for(handler).sessions()
    assert caught.value.code == "unreachable"


def test_a_timeout_is_its_own_code():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(ApiError) as caught:
        client_for(handler).models()
    assert caught.value.code == "timeout"


def test_stream_yields_tokens_steps_and_done_and_skips_keepalives():
    backend = FakeBackend()
    sid = backend.add_session()
    events = list(backend.client().stream_chat(sid, "Villeneuve?", "offline"))
    assert [type(e) for e in events] == [Step, Step, Token, Token, Token, Done]
    assert events[1].data[0]["title"] == "Arrival"  # tool data arrives parsed
    assert events[2] == Token("Arrival (2016) ", "3")
    assert events[-1].status == "succeeded" and events[-1].run_id
    body = backend.calls("POST", "/api/v1/chat")[0]
    assert body == {"session_id": sid, "message": "Villeneuve?", "stream": True, "model": "offline"}


def test_stream_errors_raise_before_any_event():
    backend = FakeBackend()
    backend.failures["POST /api/v1/chat"] = (503, {"error": "upstream_unavailable"})
    with pytest.raises(ApiError) as caught:
        list(backend.client().stream_chat("s1", "hi", None))
    assert caught.value.code == "upstream_unavailable"


def test_join_sends_last_event_id_and_gets_only_the_rest():
    backend = FakeBackend()
    sid = backend.add_session()
    backend.running[sid] = "r9"
    assert len(list(backend.client().join_run("r9"))) == 3
    assert list(backend.client().join_run("r9", last_event_id="2")) == [
        Token("Arrival (2016) ", "3")
    ]


def test_a_wrong_content_type_is_a_bad_stream():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"content": "not a stream"})

    with pytest.raises(ApiError) as caught:
        list(client_for(handler).join_run("r1"))
    assert caught.value.code == "bad_stream"


def test_feedback_posts_up_down_or_null():
    bodies = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json={})

    client = client_for(handler)
    client.send_feedback(7, "up")
    client.send_feedback(7, None)
    assert bodies == [
        ("/api/v1/messages/7/feedback", {"feedback": "up"}),
        ("/api/v1/messages/7/feedback", {"feedback": None}),
    ]


def test_cancel_calls_the_session_and_run_routes():
    backend = FakeBackend()
    sid = backend.add_session()
    backend.running[sid] = "r1"
    assert backend.client().cancel_run("r1") == {"run_id": "r1", "cancelled": True}
    assert backend.client().cancel_session(sid) == {"session_id": sid, "cancelled": False}
