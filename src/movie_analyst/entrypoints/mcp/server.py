"""One low-level MCP `Server` over our use cases; the transports (stdio, HTTP) share it.

Tool schemas are our own tool specs' (`CallMediaTool.tools()`, `AskArgs`), not re-derived by
the SDK. An unknown tool is a protocol error (INVALID_PARAMS); arguments that do not fit, or a
failure of the catalog or the agent, come back as a tool result with `is_error` set, which a
host shows its model so that it can correct itself.

Over HTTP the caller is the user the API's guard signed in (on the request's ASGI scope, which
the SDK hands each call): `ask_movie_analyst` starts and continues only that user's
conversations. Over stdio there is no user: the shared space, as with AUTH_MODE none.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import mcp_types as types
import msgspec
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError

from movie_analyst import __version__
from movie_analyst.application.errors import ApplicationError
from movie_analyst.application.use_cases.conversations.ask_analyst import (
    ASK_DESCRIPTION,
    AskAnalyst,
    AskArgs,
    ask_args_schema,
)
from movie_analyst.application.use_cases.tools.call_media_tool import CallMediaTool
from movie_analyst.domain.errors import DomainError
from movie_analyst.domain.user import User

ASK_TOOL = "ask_movie_analyst"
INSTRUCTIONS = (
    "Movie & TV research: call ask_movie_analyst for a whole researched answer, or the media "
    "tools (search_media first, for ids) for raw catalog facts."
)


def build_server(media: Callable[[], CallMediaTool], ask: Callable[[], AskAnalyst]) -> Server[Any]:
    """`media` and `ask` are called per request: building the agent is left to the first ask."""

    async def list_tools(_: Any, __: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=_tools(media()))

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        arguments = params.arguments or {}
        if params.name == ASK_TOOL:
            return await _guarded(_ask(ask(), arguments, _signed_in(ctx)))
        if all(tool.name != params.name for tool in media().tools()):
            raise MCPError(code=types.INVALID_PARAMS, message=f"unknown tool {params.name!r}")
        return await _guarded(_media(media(), params.name, arguments))

    return Server(
        "movie-analyst",
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


# Hints a host may use to call without asking: the media tools only read; an ask stores a
# conversation (new, never overwriting one), so it writes but destroys nothing.
_READS = types.ToolAnnotations(read_only_hint=True, open_world_hint=True)
_ASKS = types.ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=True)


def _tools(media: CallMediaTool) -> list[types.Tool]:
    tools = [
        types.Tool(
            name=t.name, description=t.description, input_schema=t.input_schema, annotations=_READS
        )
        for t in media.tools()
    ]
    ask = types.Tool(
        name=ASK_TOOL,
        description=ASK_DESCRIPTION,
        input_schema=ask_args_schema(),
        annotations=_ASKS,
    )
    return [*tools, ask]


async def _media(
    media: CallMediaTool, name: str, arguments: dict[str, Any]
) -> types.CallToolResult:
    text = await media.execute(name, arguments)
    return types.CallToolResult(content=[types.TextContent(text=text)])


def _signed_in(ctx: Any) -> User | None:
    """Over HTTP, the user the auth middleware signed in (in the request's ASGI scope)."""
    scope = getattr(getattr(ctx, "request", None), "scope", None)
    found = scope.get("state", {}).get("user") if isinstance(scope, dict) else None
    return found if isinstance(found, User) else None


async def _ask(
    ask: AskAnalyst, arguments: dict[str, Any], user: User | None
) -> types.CallToolResult:
    try:
        args = msgspec.convert(arguments, AskArgs)
    except msgspec.ValidationError as exc:
        return _error(f"Invalid arguments for {ASK_TOOL}: {exc}")
    answer = await ask.execute(args, user)
    structured = msgspec.to_builtins(answer)
    return types.CallToolResult(
        content=[types.TextContent(text=answer.answer)], structured_content=structured
    )


async def _guarded(call: Awaitable[types.CallToolResult]) -> types.CallToolResult:
    try:
        result = await call
    except (ApplicationError, DomainError) as exc:
        return _error(str(exc))
    return result


def _error(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)
