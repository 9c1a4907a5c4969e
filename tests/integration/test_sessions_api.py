"""The sessions API over the real app and a temp SQLite file: the wire format old clients use."""

import uuid
from pathlib import Path

from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.domain.message import NewMessage, Role
from tests.support.storage import api_client


async def _add_messages(tmp_path: Path, session_id: str, *texts: str) -> list[int]:
    """Write through a second repository on the same file, as the chat runs would."""
    repo = SqliteChatRepository(str(tmp_path / "db" / "chat.db"))
    await repo.start()
    try:
        messages = [
            await repo.add_message(NewMessage(session_id=session_id, role=Role.USER, content=t))
            for t in texts
        ]
    finally:
        await repo.aclose()
    return [m.id for m in messages]


async def test_a_session_lives_its_whole_life(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        created = await client.post("/api/v1/session/new", json={"title": "Noir", "metadata": {}})
        assert created.status_code == 200
        session_id = created.json()["session_id"]
        assert uuid.UUID(session_id).version == 4

        got = (await client.get(f"/api/v1/session/{session_id}")).json()
        assert set(got) == {"session_id", "title", "created_at", "metadata"}
        assert (got["session_id"], got["title"]) == (session_id, "Noir")

        renamed = await client.patch(f"/api/v1/session/{session_id}", json={"title": "Heist"})
        assert renamed.status_code == 200 and renamed.json()["title"] == "Heist"

        deleted = await client.delete(f"/api/v1/session/{session_id}")
        assert deleted.status_code == 200
        assert deleted.json() == {"status": "deleted", "session_id": session_id}
        assert (await client.get(f"/api/v1/session/{session_id}")).status_code == 404


async def test_new_session_needs_no_body(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        response = await client.post("/api/v1/session/new")
        assert response.status_code == 200
        session_id = response.json()["session_id"]
        session = (await client.get(f"/api/v1/session/{session_id}")).json()
        assert session["title"] == "New chat" and session["metadata"] == {}


async def test_messages_are_listed_rated_and_cleared(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        session_id = (await client.post("/api/v1/session/new")).json()["session_id"]
        texts = ["hello", "nul \x00 inside", "עברית ومرحبا \u202e"]
        ids = await _add_messages(tmp_path, session_id, *texts)

        listed = (await client.get(f"/api/v1/session/{session_id}/messages")).json()
        assert listed["session_id"] == session_id
        assert [m["content"] for m in listed["messages"]] == texts
        assert [m["id"] for m in listed["messages"]] == ids
        first = listed["messages"][0]
        assert set(first) == {
            "id", "role", "content", "created_at", "run_id", "stopped", "feedback", "steps",
        }  # fmt: skip
        last_one = await client.get(f"/api/v1/session/{session_id}/messages?limit=1")
        assert [m["content"] for m in last_one.json()["messages"]] == texts[-1:]

        rated = await client.post(f"/api/v1/messages/{ids[0]}/feedback", json={"feedback": "up"})
        assert rated.status_code == 200 and rated.json()["feedback"] == "up"
        cleared = await client.post(f"/api/v1/messages/{ids[0]}/feedback", json={"feedback": None})
        assert cleared.json()["feedback"] is None

        wiped = await client.delete(f"/api/v1/session/{session_id}/messages")
        assert wiped.json() == {"status": "cleared", "session_id": session_id, "deleted": 3}
        after = await client.get(f"/api/v1/session/{session_id}/messages")
        assert after.json()["messages"] == []


async def test_sessions_are_listed_newest_first_with_counts(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        ids = [(await client.post("/api/v1/session/new")).json()["session_id"] for _ in range(3)]
        await _add_messages(tmp_path, ids[0], "bump", "again")
        listed = (await client.get("/api/v1/sessions")).json()["sessions"]
        assert [s["session_id"] for s in listed] == [ids[0], ids[2], ids[1]]
        assert [s["message_count"] for s in listed] == [2, 0, 0]
        assert set(listed[0]) == {
            "session_id", "title", "created_at", "updated_at", "message_count",
        }  # fmt: skip
        page = (await client.get("/api/v1/sessions?limit=1&offset=1")).json()
        assert [s["session_id"] for s in page["sessions"]] == [ids[2]]
        assert (page["total"], page["limit"], page["offset"], page["next_offset"]) == (3, 1, 1, 2)
        last = (await client.get("/api/v1/sessions?limit=2&offset=2")).json()
        assert (len(last["sessions"]), last["next_offset"]) == (1, None)


async def test_unknown_sessions_are_404_on_every_route(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        for missing in (str(uuid.uuid4()), "not-a-uuid", "%00", "a" * 300):
            base = f"/api/v1/session/{missing}"
            calls = [
                client.get(base),
                client.patch(base, json={"title": "x"}),
                client.delete(base),
                client.get(f"{base}/messages"),
                client.delete(f"{base}/messages"),
            ]
            for call in calls:
                response = await call
                assert response.status_code == 404, (missing, response.text)
                assert response.json()["error"] == "not_found"
        unknown_message = await client.post(
            "/api/v1/messages/999/feedback", json={"feedback": "up"}
        )
        assert unknown_message.status_code == 404
        assert (await client.get("/api/v1/sessions")).json()["sessions"] == []
