"""The MCP server over streamable HTTP at /mcp on the API (stateless: any replica answers).

The bearer token of `/api/v1` guards it too (`RequestContextMiddleware`). The mcp SDK takes
about 1.5 s to import, so nothing of it loads until the first /mcp request: that request
builds the server and starts its session manager in a task group the app's lifespan owns
(`McpHttp.lifespan`), which stops it at shutdown.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
from anyio.abc import TaskGroup, TaskStatus
from litestar import Litestar, asgi
from litestar.handlers import ASGIRouteHandler
from litestar.types import Receive, Scope, Send

from movie_analyst.entrypoints.container import Container

if TYPE_CHECKING:
    from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

MCP_PATH = "/mcp"


class McpHttp:
    def __init__(self, container: Container) -> None:
        self._container = container
        self._tasks: TaskGroup | None = None
        self._manager: StreamableHTTPSessionManager | None = None
        self._starting = anyio.Lock()

    def route(self) -> ASGIRouteHandler:
        @asgi(MCP_PATH)
        async def mcp_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            manager = await self._started()
            await manager.handle_request(scope, receive, send)  # type: ignore[arg-type]

        return mcp_endpoint

    @asynccontextmanager
    async def lifespan(self, _: Litestar) -> AsyncIterator[Any]:
        async with anyio.create_task_group() as tasks:
            self._tasks = tasks
            yield
            tasks.cancel_scope.cancel()

    async def _started(self) -> "StreamableHTTPSessionManager":
        async with self._starting:
            if self._manager is None:
                if self._tasks is None:
                    raise RuntimeError("the MCP endpoint serves only inside the app's lifespan")
                self._manager = await self._tasks.start(self._serve)
            return self._manager

    async def _serve(self, *, task_status: TaskStatus[Any]) -> None:
        from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

        from movie_analyst.entrypoints.mcp.server import build_server

        use_cases = self._container.use_cases
        server = build_server(use_cases.call_media_tool, use_cases.ask_analyst)
        manager = StreamableHTTPSessionManager(app=server, stateless=True)
        async with manager.run():
            task_status.started(manager)
            await anyio.sleep_forever()
