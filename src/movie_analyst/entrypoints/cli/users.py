"""`users add|list|remove|rotate-key`: the team's users (AUTH_MODE=users), on the chat database.

`add` and `rotate-key` print the new API key alone on stdout (one line, for `$(...)`); it is
shown this once and stored only as a digest. Everything else goes to stderr.
"""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from movie_analyst.application.errors import StorageError, UserExists, UserNotFound
from movie_analyst.domain.errors import InvalidValue
from movie_analyst.entrypoints.cli.common import CliError, Exit, settings_or_exit
from movie_analyst.entrypoints.settings import SettingsError

T = TypeVar("T")


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    users = sub.add_parser("users", help="add, list, remove users or rotate their API keys")
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a user and print their new API key")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="the user manages other users")
    add.set_defaults(handler=add_command)
    listing = actions.add_parser("list", help="name, role and creation time of every user")
    listing.set_defaults(handler=list_command)
    remove = actions.add_parser("remove", help="delete a user; their key stops working")
    remove.add_argument("name")
    remove.set_defaults(handler=remove_command)
    rotate = actions.add_parser("rotate-key", help="print a new key; the old one stops working")
    rotate.add_argument("name")
    rotate.set_defaults(handler=rotate_command)


def add_command(args: argparse.Namespace) -> int:
    _, key = _with_users(lambda auth: auth.add_user().execute(args.name, admin=args.admin))
    print(key, flush=True)
    return int(Exit.OK)


def rotate_command(args: argparse.Namespace) -> int:
    print(_with_users(lambda auth: auth.rotate_key().execute(args.name)), flush=True)
    return int(Exit.OK)


def remove_command(args: argparse.Namespace) -> int:
    _with_users(lambda auth: auth.remove_user().execute(args.name))
    print(f"movie-analyst: removed user {args.name}", file=sys.stderr)
    return int(Exit.OK)


def list_command(_: argparse.Namespace) -> int:
    for user in _with_users(lambda auth: auth.directory().users()):
        role = "admin" if user.is_admin else "user"
        print(f"{user.name}\t{role}\t{user.created_at.isoformat(timespec='seconds')}")
    return int(Exit.OK)


def _with_users(step: Callable[..., Awaitable[T]]) -> T:
    from movie_analyst.entrypoints.container import Container  # heavy: only these commands

    auth = Container(settings=settings_or_exit()).auth
    directory = auth.directory()

    async def run() -> T:
        await directory.start()  # both adapters open this way
        try:
            return await step(auth)
        finally:
            await directory.aclose()

    try:
        return asyncio.run(run())
    except (UserExists, UserNotFound, InvalidValue) as exc:
        raise CliError(str(exc), Exit.USAGE) from None
    except SettingsError as exc:
        raise CliError(f"configuration error: {exc}", Exit.USAGE) from None
    except StorageError as exc:
        raise CliError(str(exc)) from None
