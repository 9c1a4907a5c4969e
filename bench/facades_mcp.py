"""MCP tool calls timed through the mcp SDK's own client, over stdio and streamable HTTP."""

import asyncio
import time
from pathlib import Path

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.support.cli import CLI, offline_env
from tests.support.real_server import real_server

ARGS = {"query": "Alien", "kind": "movie"}
WARM_UP = 3


async def stdio_tool_calls(tmp: Path, calls: int) -> list[float]:
    params = StdioServerParameters(
        command=CLI[0], args=[*CLI[1:], "mcp"], env=offline_env(tmp, LOG_LEVEL="WARNING")
    )
    async with Client(params) as client:
        return await _timed(client, calls)


async def http_tool_calls(tmp: Path, calls: int) -> list[float]:
    directory = tmp / "mcp-http"
    directory.mkdir()
    with real_server(directory, {"LOG_LEVEL": "WARNING"}) as server:
        async with Client(f"{server.base_url}/mcp") as client:
            return await _timed(client, calls)


async def _timed(client: Client, calls: int) -> list[float]:
    samples = []
    for index in range(WARM_UP + calls):
        started = time.perf_counter()
        result = await client.call_tool("search_media", ARGS)
        elapsed = (time.perf_counter() - started) * 1000
        if result.is_error:
            raise RuntimeError(f"search_media failed: {result.content}")
        if index >= WARM_UP:
            samples.append(elapsed)
        await asyncio.sleep(0)
    return samples
