"""The `movie-analyst` command: one subcommand per module, each `register(sub)`-ing itself."""

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from movie_analyst import __version__
from movie_analyst.entrypoints.cli.common import EXIT_CODES_HELP, CliError, Exit

COMMAND_MODULES = ("run_cmds", "chat", "sessions", "catalog", "db", "users", "config", "mcp")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="movie-analyst",
        description="Movie Analyst: a movie & TV research agent (API, UI and tools).",
        epilog=EXIT_CODES_HELP + ". Settings come from the environment and ./.env.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        import_module(f"movie_analyst.entrypoints.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except CliError as exc:
        print(f"movie-analyst: {exc}", file=sys.stderr)
        return int(exc.code)
    except KeyboardInterrupt:
        return int(Exit.OK)
    return code
