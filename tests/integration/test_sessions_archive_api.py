"""Export, import and search over the real app and a temp SQLite file."""

from pathlib import Path

from tests.support.storage import api_client

CHAT = {
    "title": "Alien night \u202eעברית",
    "metadata": {"source": "test"},
    "messages": [
        {"role": "user", "content": "Who directed Alien?", "created_at": "2026-01-01T10:00:00Z"},
        {
            "role": "assistant",
            "content": "Ridley Scott directed Alien (1979).\x00",
            "created_at": "2026-01-01T10:00:05Z",
            "feedback": "up",
            "stopped": True,
        },
    ],
}


async def test_an_export_imports_back_as_a_new_session(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        imported = await client.post("/api/v1/sessions/import", json=CHAT)
        assert imported.status_code == 200, imported.text
        first_id = imported.json()["session_id"]
        assert imported.json()["imported"] == 2

        exported = (await client.get(f"/api/v1/session/{first_id}/export")).json()
        assert exported["title"] == CHAT["title"] and exported["metadata"] == {"source": "test"}
        assert [m["content"] for m in exported["messages"]] == [
            m["content"] for m in CHAT["messages"]
        ]
        assert exported["messages"][1]["feedback"] == "up"
        assert exported["created_at"] == "2026-01-01T10:00:00Z"

        again = (await client.post("/api/v1/sessions/import", json=exported)).json()
        assert again["session_id"] != first_id
        copy = (await client.get(f"/api/v1/session/{again['session_id']}/export")).json()
        assert copy["messages"] == exported["messages"]


async def test_markdown_export_is_a_readable_transcript(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        session_id = (await client.post("/api/v1/sessions/import", json=CHAT)).json()["session_id"]
        response = await client.get(f"/api/v1/session/{session_id}/export?format=markdown")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/markdown")
        text = response.text
        assert text.startswith(f"# {CHAT['title']}\n")
        assert "## User · 2026-01-01 10:00" in text
        assert "## Assistant (stopped)" in text and "Ridley Scott" in text


async def test_export_of_an_unknown_session_is_404(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        for path in ("/api/v1/session/nope/export", "/api/v1/session/nope/export?format=markdown"):
            assert (await client.get(path)).status_code == 404


async def test_bad_imports_are_refused_and_store_nothing(tmp_path: Path) -> None:
    bad_bodies = [
        {**CHAT, "title": "t" * 201},
        {**CHAT, "messages": [{"role": "robot", "content": "x", "created_at": "2026-01-01"}]},
        {**CHAT, "messages": [{"role": "user", "content": "no time"}]},
        {**CHAT, "format_version": 2},
        {**CHAT, "unknown": 1},
        {"messages": []},
    ]
    async with api_client(tmp_path) as client:
        for body in bad_bodies:
            response = await client.post("/api/v1/sessions/import", json=body)
            assert response.status_code == 400, (body, response.text)
        assert (await client.get("/api/v1/sessions")).json()["sessions"] == []


async def test_a_long_chat_can_be_imported_beyond_64_kib(tmp_path: Path) -> None:
    message = {"role": "user", "content": "x" * 1000, "created_at": "2026-01-01T00:00:00Z"}
    body = {"title": "Long", "messages": [message] * 200}
    async with api_client(tmp_path) as client:
        response = await client.post("/api/v1/sessions/import", json=body)
        assert response.status_code == 200 and response.json()["imported"] == 200


async def test_search_finds_titles_then_messages(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        session_id = (await client.post("/api/v1/sessions/import", json=CHAT)).json()["session_id"]
        found = (await client.get("/api/v1/search", params={"q": "alien"})).json()
        assert found["query"] == "alien"
        assert [(r["session_id"], r["message_id"] is None) for r in found["results"]] == [
            (session_id, True),
            (session_id, False),
            (session_id, False),
        ]
        ridley = (await client.get("/api/v1/search", params={"q": "RIDLEY sc"})).json()
        assert [r["role"] for r in ridley["results"]] == ["assistant"]
        for odd in ('"unbalanced', "NEAR(a b)", "*", "-", "a AND"):
            response = await client.get("/api/v1/search", params={"q": odd})
            assert response.status_code == 200, (odd, response.text)
        too_long = await client.get("/api/v1/search", params={"q": "x" * 201})
        assert too_long.status_code == 400
        assert (await client.get("/api/v1/search?q=a&limit=0")).status_code == 400
