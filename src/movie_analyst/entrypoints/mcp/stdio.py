"""`movie-analyst mcp`: the MCP server on stdin/stdout, for hosts that launch it (Claude Desktop).

The same Resources open as for `serve` (database, catalog, HTTP clients, runs), so every
`ask_movie_analyst` is a stored conversation the UI shows. Logs go to stderr: stdout is the
protocol's.
"""

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.lifecycle import running
from movie_analyst.entrypoints.mcp.server import build_server


async def serve_stdio(container: Container) -> None:
    from mcp.server.stdio import stdio_server

    use_cases = container.use_cases
    server = build_server(use_cases.call_media_tool, use_cases.ask_analyst)
    async with running(container), stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())
