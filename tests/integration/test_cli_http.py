"""`sessions ...` and `chat` against a scripted HTTP fake of the API on 127.0.0.1."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Reply, fake_api, isolate_settings, run_cli

SESSION = {
    "session_id": "s1",
    "title": "Noir",
    "created_at": "2026-11-23T10:00:00Z",
    "metadata": {},
}
MESSAGES = {
    "session_id": "s1",
    "messages": [
        {"id": 1, "role": "user", "content": "Who directed Alien?", "created_at": "t1"},
        {"id": 2, "role": "assistant", "content": "Ridley Scott.", "created_at": "t2"},
    ],
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_settings(monkeypatch, tmp_path)


def test_sessions_list_prints_one_line_per_session(capsys: pytest.CaptureFixture[str]) -> None:
    listing = {"sessions": [{**SESSION, "updated_at": "2026-11-23T11:00:00Z", "message_count": 2}]}
    with fake_api({("GET", "/api/v1/sessions"): Reply(body=listing)}) as api:
        outcome = run_cli(capsys, ["sessions", "list", "--url", api.url])
        as_json = run_cli(capsys, ["sessions", "list", "--json", "--url", api.url])
    assert outcome.code == 0
    assert outcome.out.split() == ["s1", "2026-11-23T11:00:00Z", "2", "Noir"]
    assert json.loads(as_json.out) == listing


def test_the_url_can_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with fake_api({("GET", "/api/v1/sessions"): Reply(body={"sessions": []})}) as api:
        monkeypatch.setenv("MOVIE_ANALYST_URL", api.url)
        assert run_cli(capsys, ["sessions", "list"]).code == 0
        assert api.requests == [("GET", "/api/v1/sessions?limit=50&offset=0", None)]


def test_export_uses_the_server_route_when_present(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    routes = {
        ("GET", "/api/v1/session/s1"): Reply(body=SESSION),
        ("GET", "/api/v1/session/s1/export"): Reply(body="# Noir\nfrom the server\n"),
    }
    with fake_api(routes) as api:
        target = tmp_path / "noir.md"
        argv = ["sessions", "export", "s1", "--format", "markdown", "-o", str(target)]
        outcome = run_cli(capsys, [*argv, "--url", api.url])
    assert outcome.code == 0
    assert target.read_text() == "# Noir\nfrom the server\n"
    assert ("GET", "/api/v1/session/s1/export?format=markdown", None) in api.requests


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_export_falls_back_to_the_messages_route(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    routes = {
        ("GET", "/api/v1/session/s1"): Reply(body=SESSION),
        ("GET", "/api/v1/session/s1/messages"): Reply(body=MESSAGES),
    }
    with fake_api(routes) as api:
        outcome = run_cli(capsys, ["sessions", "export", "s1", "--format", fmt, "--url", api.url])
    assert outcome.code == 0
    if fmt == "json":
        document = json.loads(outcome.out)
        assert (document["format_version"], document["title"]) == (1, "Noir")
        assert document["messages"][1] == {
            "role": "assistant",
            "content": "Ridley Scott.",
            "created_at": "t2",
        }
    else:
        assert outcome.out.startswith("# Noir")
        assert "Ridley Scott." in outcome.out and "**assistant**" in outcome.out


def test_export_of_an_unknown_session_fails_with_the_servers_detail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    routes = {("GET", "/api/v1/session/nope"): Reply(404, {"detail": "session nope not found"})}
    with fake_api(routes) as api:
        outcome = run_cli(capsys, ["sessions", "export", "nope", "--url", api.url])
    assert outcome.code == 1
    assert "404 session nope not found" in outcome.err


def test_import_posts_the_file_and_prints_the_new_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    exported = tmp_path / "s.json"
    exported.write_text(json.dumps({**SESSION, **MESSAGES}))
    routes = {("POST", "/api/v1/sessions/import"): Reply(201, {"session_id": "s2"})}
    with fake_api(routes) as api:
        outcome = run_cli(capsys, ["sessions", "import", str(exported), "--url", api.url])
    assert outcome.code == 0 and outcome.out.strip() == "s2"
    assert api.requests[0][2]["messages"][1]["content"] == "Ridley Scott."


def test_import_of_a_broken_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert run_cli(capsys, ["sessions", "import", str(broken), "--url", "http://x"]).code == 2


def test_delete(capsys: pytest.CaptureFixture[str]) -> None:
    routes = {("DELETE", "/api/v1/session/s1"): Reply(204, "")}
    with fake_api(routes) as api:
        assert run_cli(capsys, ["sessions", "delete", "s1", "--url", api.url]).code == 0
        missing = run_cli(capsys, ["sessions", "delete", "s9", "--url", api.url])
    assert missing.code == 1


def test_chat_streams_the_answer_to_stdout_and_steps_to_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    events = [
        {
            "step": {"type": "tool_call", "tool": "search_movies", "summary": "Alien"},
            "session_id": "s1",
        },
        {"content": "Ridley ", "session_id": "s1"},
        {"content": "Scott.", "session_id": "s1"},
        {"done": True, "session_id": "s1", "run_id": "r1", "status": "succeeded"},
    ]
    routes = {
        ("POST", "/api/v1/session/new"): Reply(200, {"session_id": "s1"}),
        ("POST", "/api/v1/chat"): Reply(sse=events),
    }
    with fake_api(routes) as api:
        argv = ["chat", "-m", "Who directed Alien?", "--model", "m1", "--url", api.url]
        outcome = run_cli(capsys, argv)
    assert outcome.code == 0, outcome.err
    assert outcome.out == "Ridley Scott.\n"
    assert "search_movies: Alien" in outcome.err
    assert api.requests[1] == (
        "POST",
        "/api/v1/chat",
        {"session_id": "s1", "message": "Who directed Alien?", "stream": True, "model": "m1"},
    )


def test_chat_reads_stdin_and_reports_a_failed_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    events = [{"error": "upstream down", "done": True, "session_id": "s7", "status": "failed"}]
    monkeypatch.setattr("sys.stdin", io.StringIO("first question\n\n/quit\nnever sent\n"))
    with fake_api({("POST", "/api/v1/chat"): Reply(sse=events)}) as api:
        outcome = run_cli(capsys, ["chat", "--session", "s7", "--url", api.url])
    assert outcome.code == 1
    assert "error: upstream down" in outcome.err
    assert [r[2]["message"] for r in api.requests] == ["first question"]


def test_chat_refused_by_the_server_fails(capsys: pytest.CaptureFixture[str]) -> None:
    routes = {("POST", "/api/v1/chat"): Reply(409, {"detail": "session s1 is still answering"})}
    with fake_api(routes) as api:
        outcome = run_cli(capsys, ["chat", "--session", "s1", "-m", "hi", "--url", api.url])
    assert outcome.code == 1
    assert "409 session s1 is still answering" in outcome.err


def test_ctrl_c_during_an_answer_cancels_the_run_on_the_server(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from movie_analyst.entrypoints.cli.api_client import ApiClient
    from movie_analyst.entrypoints.cli.chat import ask

    class Interrupted(ApiClient):
        def events(self, path: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
            yield {"content": "Ridley ", "session_id": "s1"}
            raise KeyboardInterrupt

    routes = {("POST", "/api/v1/session/s1/cancel"): Reply(200, {"cancelled": True})}
    with fake_api(routes) as api, Interrupted(api.url) as client:
        assert ask(client, "s1", "Who directed Alien?", model=None) is True
    assert api.requests == [("POST", "/api/v1/session/s1/cancel", None)]
    assert "(stopped)" in capsys.readouterr().err


def test_the_fallback_export_is_what_the_servers_import_accepts() -> None:
    import msgspec

    from movie_analyst.entrypoints.cli.sessions import archive_document
    from movie_analyst.entrypoints.http.archive import ArchivedSession

    session = {**SESSION, "created_at": "2026-11-23T10:00:00Z"}
    messages = [
        {"id": 7, "role": "user", "content": "Hi", "created_at": "2026-11-23T10:00:01Z"},
        {
            "id": 8, "role": "assistant", "content": "Hello", "created_at": "2026-11-23T10:00:02Z",
            "stopped": True, "feedback": None,
        },
    ]  # fmt: skip
    archived = msgspec.convert(archive_document(session, messages), ArchivedSession, strict=False)
    assert archived.title == "Noir"
    assert [m.content for m in archived.messages] == ["Hi", "Hello"]
    assert archived.messages[1].stopped
