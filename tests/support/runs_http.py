"""The real app served by uvicorn on 127.0.0.1 (port 0), with a scripted LLM and fake catalog."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from dependency_injector import providers
from httpx_sse import aconnect_sse
from litestar import Litestar

from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import load_settings
from tests.fakes.media_catalog import FakeMediaCatalog


@dataclass
class Served:
    base_url: str
    container: Container
    client: httpx.AsyncClient

    async def new_session(self) -> str:
        response = await self.client.post("/api/v1/session/new")
        response.raise_for_status()
        return str(response.json()["session_id"])


@asynccontextmanager
async def serve(app: Litestar) -> AsyncIterator[str]:
    """Run `app` with uvicorn in this loop; yields its base URL; stops it (lifespan included)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(30):
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 30)


@asynccontextmanager
async def runs_app(
    tmp_path: Path,
    gateway: LLMGateway | None,
    *,
    catalog: MediaCatalog | None = None,
    env: Mapping[str, str] | None = None,
) -> AsyncIterator[Served]:
    """The real app on a temp SQLite file; the gateway (unless None: the one `env` picks) and
    catalog are the given fakes."""
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "chat.db"), **(env or {})}, dotenv=None
    )
    container = Container(settings=settings)
    if gateway is not None:
        container.llm_gateway.override(providers.Object(gateway))
    container.media_catalog.override(providers.Object(catalog or FakeMediaCatalog()))
    async with (
        serve(create_app(container)) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=10) as client,
    ):
        yield Served(base_url=base_url, container=container, client=client)


@dataclass
class WireEvent:
    id: str
    data: dict[str, Any]


async def read_sse(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    limit: int = 10_000,
    seconds: float = 10.0,
    **kwargs: Any,
) -> list[WireEvent]:
    """Every SSE event up to the `done` one (at most `limit`), within `seconds`."""
    events: list[WireEvent] = []
    async with asyncio.timeout(seconds), aconnect_sse(client, method, url, **kwargs) as source:
        source.response.raise_for_status()
        async for sse in source.aiter_sse():
            events.append(WireEvent(id=sse.id, data=json.loads(sse.data)))
            if events[-1].data.get("done") or len(events) >= limit:
                break
    return events


def answer_text(events: list[WireEvent]) -> str:
    return "".join(e.data["content"] for e in events if "content" in e.data)
