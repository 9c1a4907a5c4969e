"""CallMediaTool: one media tool called by an outside client (an MCP host), not by our agent."""

from typing import Any

import msgspec

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.media_tools import (
    MEDIA_TOOLS,
    ToolArgsError,
    call_tool,
    decode_args,
    tool_args_schema,
)
from movie_analyst.application.ports.media_catalog import MediaCatalog


class ToolInfo(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    description: str
    input_schema: dict[str, Any]


class CallMediaTool:
    """The agent's media tools, on the catalog in use (offline, or TMDB + TVMaze with the cache).

    Rules:
    - `tools()` lists every media tool with the JSON schema of its arguments (`MEDIA_TOOLS`).
    - An unknown tool, or arguments that do not fit its schema, raise `InvalidRequest` whose
      message says what was expected: the caller's mistake, not a result.
    - Anything else answers as the agent's own call does (`call_tool`): compact JSON, with an
      `{"error": ...}` sentence when the catalog has nothing; `UpstreamError` propagates.
    """

    def __init__(self, *, catalog: MediaCatalog, default_region: str) -> None:
        self._catalog = catalog
        self._default_region = default_region
        self._tools = [
            ToolInfo(name=s.name, description=s.description, input_schema=tool_args_schema(s))
            for s in MEDIA_TOOLS
        ]

    def tools(self) -> list[ToolInfo]:
        return list(self._tools)

    async def execute(self, name: str, arguments: dict[str, Any]) -> str:
        spec = next((s for s in MEDIA_TOOLS if s.name == name), None)
        if spec is None:
            raise InvalidRequest(f"there is no media tool named {name!r}")
        try:
            decode_args(spec, arguments)
        except ToolArgsError as exc:
            raise InvalidRequest(str(exc)) from None
        return await call_tool(self._catalog, name, arguments, default_region=self._default_region)
