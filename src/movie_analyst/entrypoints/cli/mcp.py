"""`mcp`: serve the media tools and `ask_movie_analyst` to an MCP host over stdio."""

import argparse
import asyncio

from movie_analyst.entrypoints.cli.common import Exit, settings_or_exit
from movie_analyst.entrypoints.logging import configure_logging


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    mcp = sub.add_parser(
        "mcp", help="serve the MCP tools over stdio (the HTTP API serves them at /mcp)"
    )
    mcp.set_defaults(handler=mcp_command)


def mcp_command(_: argparse.Namespace) -> int:
    settings = settings_or_exit()
    configure_logging(settings.log_level, settings.log_format)  # to stderr
    from movie_analyst.entrypoints.container import Container
    from movie_analyst.entrypoints.mcp.stdio import serve_stdio

    asyncio.run(serve_stdio(Container(settings=settings)))
    return int(Exit.OK)
