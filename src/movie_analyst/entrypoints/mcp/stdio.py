"""`movie-analyst mcp`: the MCP server on stdin/stdout, for hosts that launch it (Claude Desktop).

The same Resources open as for `serve` (database, catalog, HTTP clients, runs), so every
`ask_movie_analyst` is a stored conversation the UI shows. Logs go to stderr: stdout is the
protocol's.
"""

from dependency_injector import providers

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.lifecycle import running
from movie_analyst.entrypoints.mcp.server import build_server


class _LeaveRunsToServe:
    """A host starts this process whenever it likes, maybe while `serve` answers on the same
    database: closing the runs a crash left open is `serve`'s job at its own start, else this
    process would mark the runs `serve` is answering right now as interrupted."""

    async def execute(self) -> int:
        return 0


async def serve_stdio(container: Container) -> None:
    from mcp.server.stdio import stdio_server

    container.use_cases.recover_interrupted_runs.override(providers.Object(_LeaveRunsToServe()))
    use_cases = container.use_cases
    server = build_server(use_cases.call_media_tool, use_cases.ask_analyst)
    async with running(container), stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())
