"""The admin routes (#18) through the real app on SQLite: an admin lists users, a user's
sessions and anyone's messages; a non-admin gets 403, unknown names and sessions 404; every
read logs one line; with AUTH_MODE none the routes do not exist."""

import logging
from pathlib import Path

import pytest

from tests.support.storage import api_client, app_client, storage_container

USERS = {"AUTH_MODE": "users", "AUTH_SECRET": "admin-api-secret-0123456789abcdef"}


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def test_an_admin_reads_through_the_admin_routes_and_a_user_cannot(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="movie_analyst.admin")
    container = storage_container(tmp_path, USERS)
    async with app_client(container) as client:
        _, root = await container.auth.add_user().execute("root", admin=True)
        _, bob = await container.auth.add_user().execute("bob")
        created = await client.post(
            "/api/v1/session/new", json={"title": "Bob's"}, headers=_bearer(bob)
        )
        session_id = created.json()["session_id"]
        admin_paths = (
            "/api/v1/admin/users",
            "/api/v1/admin/users/bob/sessions",
            f"/api/v1/admin/sessions/{session_id}/messages",
        )
        for path in admin_paths:
            refused = await client.get(path, headers=_bearer(bob))
            assert refused.status_code == 403, path
            assert refused.json()["error"] == "forbidden"
        users = await client.get(admin_paths[0], headers=_bearer(root))
        sessions = await client.get(admin_paths[1], headers=_bearer(root))
        messages = await client.get(admin_paths[2], headers=_bearer(root))
        assert [(u["name"], u["is_admin"]) for u in users.json()["users"]] == [
            ("root", True),
            ("bob", False),
        ]
        assert [s["session_id"] for s in sessions.json()["sessions"]] == [session_id]
        assert messages.json() == {"session_id": session_id, "messages": []}
        # The admin's own space does not hold bob's chat: only the admin route reads it.
        own = await client.get(f"/api/v1/session/{session_id}/messages", headers=_bearer(root))
        assert own.status_code == 404
        for path in ("/api/v1/admin/users/nobody/sessions", "/api/v1/admin/sessions/nope/messages"):
            assert (await client.get(path, headers=_bearer(root))).status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "movie_analyst.admin"]
    assert lines == [
        "admin read: admin=root route='GET /api/v1/admin/users' target=all users",
        "admin read: admin=root route='GET /api/v1/admin/users/{name}/sessions' target=user bob",
        "admin read: admin=root route='GET /api/v1/admin/sessions/{session_id}/messages' "
        f"target=session {session_id}",
        # An admin's look for what does not exist is logged too (the 404 comes after).
        "admin read: admin=root route='GET /api/v1/admin/users/{name}/sessions' target=user nobody",
        "admin read: admin=root route='GET /api/v1/admin/sessions/{session_id}/messages' "
        "target=session nope",
    ]
    assert root not in caplog.text and bob not in caplog.text


async def test_the_openapi_document_describes_the_admin_routes(tmp_path: Path) -> None:
    async with api_client(tmp_path, USERS) as client:
        paths = (await client.get("/schema/openapi.json")).json()["paths"]
    route = paths["/api/v1/admin/users/{name}/sessions"]["get"]
    assert {"401", "403", "404"} <= set(route["responses"])
    assert "Admins only" in route["description"] and route["tags"] == ["admin"]
    assert (
        "/api/v1/admin/users" in paths and "/api/v1/admin/sessions/{session_id}/messages" in paths
    )


async def test_without_users_there_are_no_admin_routes(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        assert (await client.get("/api/v1/admin/users")).status_code == 404
        paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert not [path for path in paths if path.startswith("/api/v1/admin")]
