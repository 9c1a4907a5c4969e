"""`config show`: the effective settings, secrets masked."""

import argparse
import json

import msgspec

from movie_analyst.entrypoints.cli.common import settings_or_exit
from movie_analyst.entrypoints.database_url import mask_url
from movie_analyst.entrypoints.settings import Settings

SECRET_SUFFIXES = ("_key", "_token", "_secret", "_password")


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    config = sub.add_parser("config", help="inspect the configuration")
    actions = config.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the effective settings (secrets masked)")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(handler=show_command)


def show_command(args: argparse.Namespace) -> int:
    rows = masked(settings_or_exit())
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        width = max(len(name) for name in rows)
        for name, value in rows.items():
            print(f"{name.ljust(width)}  {_text(value)}")
    return 0


def masked(settings: Settings) -> dict[str, object]:
    """Settings by environment-variable name; a set secret shows as `****` plus its last 2 chars."""
    raw = msgspec.to_builtins(settings)
    return {name.upper(): _mask(name, value) for name, value in raw.items()}


def _mask(name: str, value: object) -> object:
    if name in ("database_url", "redis_url") and isinstance(value, str):
        return mask_url(value)
    if not name.endswith(SECRET_SUFFIXES) or value is None:
        return value
    text = str(value)
    return "****" + text[-2:] if len(text) > 8 else "****"


def _text(value: object) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value) or "(none)"
    return str(value)
