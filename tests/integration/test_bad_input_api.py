"""Bad input gets a clear 4xx JSON error, never a 5xx, and nothing is stored."""

from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from tests.support.storage import api_client

JSON = {"content-type": "application/json"}


async def _session_count(client: AsyncTestClient) -> int:  # type: ignore[type-arg]
    return len((await client.get("/api/v1/sessions")).json()["sessions"])


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"title": "trunc',
        b"[]",
        b'["title"]',
        b"42",
        b'{"title": 5}',
        b'{"title": ["a"]}',
        b'{"title": null, "extra": 1}',
        b'{"metadata": {"k": 1}}',
        b'{"metadata": "x"}',
        ('{"title": "' + "t" * 201 + '"}').encode(),
    ],
)
async def test_new_session_refuses_bad_bodies(tmp_path: Path, body: bytes) -> None:
    async with api_client(tmp_path) as client:
        response = await client.post("/api/v1/session/new", content=body, headers=JSON)
        assert response.status_code == 400, response.text
        assert response.json()["status_code"] == 400
        assert await _session_count(client) == 0


@pytest.mark.parametrize(
    "body",
    [b"{}", b'{"title": 1}', b'{"title": null}', b'{"name": "x"}', b"[]", b"", b"{"],
)
async def test_rename_refuses_bad_bodies(tmp_path: Path, body: bytes) -> None:
    async with api_client(tmp_path) as client:
        session_id = (await client.post("/api/v1/session/new")).json()["session_id"]
        response = await client.patch(f"/api/v1/session/{session_id}", content=body, headers=JSON)
        assert response.status_code == 400, response.text
        title = (await client.get(f"/api/v1/session/{session_id}")).json()["title"]
        assert title == "New chat"


async def test_titles_of_200_characters_pass_and_201_do_not(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        ok = await client.post("/api/v1/session/new", json={"title": "é" * 200})
        assert ok.status_code == 200
        session_id = ok.json()["session_id"]
        too_long = await client.patch(f"/api/v1/session/{session_id}", json={"title": "é" * 201})
        assert too_long.status_code == 400


async def test_bodies_over_64_kib_are_413(tmp_path: Path) -> None:
    async with api_client(tmp_path) as client:
        huge = b'{"metadata": {"k": "' + b"x" * (65 * 1024) + b'"}}'
        response = await client.post("/api/v1/session/new", content=huge, headers=JSON)
        assert response.status_code == 413
        assert await _session_count(client) == 0


async def test_nul_and_right_to_left_titles_round_trip(tmp_path: Path) -> None:
    title = "nul\x00 \u202eشلום\u200f"
    async with api_client(tmp_path) as client:
        created = await client.post("/api/v1/session/new", json={"title": title})
        session_id = created.json()["session_id"]
        assert (await client.get(f"/api/v1/session/{session_id}")).json()["title"] == title
        listed = (await client.get("/api/v1/sessions")).json()["sessions"]
        assert listed[0]["title"] == title


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "limit=abc", "offset=-1", "offset=1.5", "limit="]
)
async def test_session_paging_is_validated(tmp_path: Path, query: str) -> None:
    async with api_client(tmp_path) as client:
        response = await client.get(f"/api/v1/sessions?{query}")
        assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/messages/1/feedback", b'{"feedback": "meh"}'),
        ("/api/v1/messages/1/feedback", b"{}"),
        ("/api/v1/messages/abc/feedback", b'{"feedback": "up"}'),
    ],
)
async def test_feedback_input_is_validated(tmp_path: Path, path: str, body: bytes) -> None:
    async with api_client(tmp_path) as client:
        response = await client.post(path, content=body, headers=JSON)
        assert 400 <= response.status_code < 500, response.text
