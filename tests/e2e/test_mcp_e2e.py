"""The MCP server with the mcp SDK's own client: `movie-analyst mcp` over stdio, and /mcp on
the real API process over streamable HTTP behind the bearer token, both on offline defaults."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.use_cases.runs.notices import PENDING_MESSAGE_ID
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session
from tests.support.cli import CLI, offline_env
from tests.support.mcp_tools import ASK_TOOL, assert_every_tool_listed
from tests.support.real_server import real_server

TOKEN = "mcp-e2e-token"


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with real_server(tmp_path_factory.mktemp("mcp-http"), {"API_AUTH_TOKEN": TOKEN}) as server:
        yield server.base_url


@asynccontextmanager
async def _stdio(directory: Path) -> AsyncIterator[Client]:
    params = StdioServerParameters(
        command=CLI[0], args=[*CLI[1:], "mcp"], env=offline_env(directory)
    )
    async with Client(params) as client:
        yield client


@asynccontextmanager
async def _http(api_url: str) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(f"{api_url}/mcp", http_client=http)) as client,
    ):
        yield client


async def _check_the_tools(client: Client) -> None:
    assert_every_tool_listed((await client.list_tools()).tools)

    found = await client.call_tool("search_media", {"query": "Jaws", "kind": "movie"})
    assert not found.is_error and '"title":"Jaws","year":1975' in found.content[0].text

    asked = await client.call_tool(ASK_TOOL, {"question": "Who directed Jaws?"})
    assert not asked.is_error and "Spielberg" in asked.content[0].text
    assert asked.structured_content["steps"], "the answer comes with its tool steps"

    bad = await client.call_tool("get_details", {"kind": "movie", "id": "not a number"})
    assert bad.is_error and "get_details" in bad.content[0].text
    with pytest.raises(MCPError):
        await client.call_tool("no_such_tool", {})
    assert await client.call_tool("genres", {"kind": "movie"}), "still serving after errors"


async def test_the_tools_over_stdio(tmp_path: Path) -> None:
    async with _stdio(tmp_path) as client:
        await _check_the_tools(client)


async def test_the_tools_over_http(api_url: str) -> None:
    async with _http(api_url) as client:
        await _check_the_tools(client)


def test_http_without_the_token_is_refused(api_url: str) -> None:
    response = httpx.post(f"{api_url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})

    assert response.status_code == 401


async def test_stdio_leaves_the_runs_of_a_server_on_the_same_database_alone(
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    repository = SqliteChatRepository(str(tmp_path / "chat.db"))  # where offline_env points
    await repository.start()
    await repository.add_session(Session(id="s1", title="t", created_at=now, updated_at=now))
    run = Run(id="r1", session_id="s1", status=RunStatus.RUNNING, model="m",
              user_message_id=PENDING_MESSAGE_ID, created_at=now)  # fmt: skip
    await repository.admit_run(run, NewMessage(session_id="s1", role=Role.USER, content="q"))
    try:
        async with _stdio(tmp_path) as client:
            assert (await client.list_tools()).tools
        stored = await repository.get_run("r1")
        assert stored is not None and stored.status is RunStatus.RUNNING
    finally:
        await repository.aclose()
