"""Import limits through the real app on both storage engines: too long a message and too many
messages are 400, a database past DATABASE_MAX_BYTES is 507, each with the error body."""

from pathlib import Path
from typing import Any

from tests.support.runs_http import runs_app


def _chat(*contents: str, role: str = "user") -> dict[str, Any]:
    messages = [
        {"role": role, "content": c, "created_at": f"2026-01-01T10:00:{i:02d}Z"}
        for i, c in enumerate(contents)
    ]
    return {"title": "Imported", "messages": messages}


async def test_imports_answer_400_past_their_message_caps(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    env = {**engine_env, "IMPORT_MAX_MESSAGES": "3", "IMPORT_MAX_ANSWER_CHARS": "5000"}
    async with runs_app(tmp_path, None, env=env) as app:
        url = "/api/v1/sessions/import"
        assert (await app.client.post(url, json=_chat("q" * 4000))).status_code == 200
        long_answer = _chat("a" * 5000, role="assistant")
        assert (await app.client.post(url, json=long_answer)).status_code == 200
        for body in (
            _chat("q" * 4001),
            _chat("a" * 5001, role="assistant"),
            _chat("a", "b", "c", "d"),
        ):
            refused = await app.client.post(url, json=body)
            assert refused.status_code == 400, refused.text
            assert refused.json()["error"] == "invalid_request" and refused.headers["x-request-id"]
        assert (await app.client.get("/api/v1/sessions")).json()["total"] == 2


async def test_an_import_past_the_database_size_limit_is_507(
    tmp_path: Path, engine_env: dict[str, str]
) -> None:
    async with runs_app(tmp_path, None, env={**engine_env, "DATABASE_MAX_BYTES": "4096"}) as app:
        full = await app.client.post("/api/v1/sessions/import", json=_chat("hello"))
        assert full.status_code == 507
        body = full.json()
        assert body["error"] == "storage_full" and "DATABASE_MAX_BYTES" in body["detail"]
        assert full.headers["x-request-id"]
        assert (await app.client.post("/api/v1/session/new")).status_code == 200
