"""`db migrate|check|backup` on the SQLite file at DATABASE_PATH (or --database)."""

import argparse
import asyncio
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from movie_analyst.entrypoints.cli.common import CliError, Exit, settings_or_exit


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    db = sub.add_parser("db", help="migrate, check or back up the chat database")
    actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate", help="create the database or bring its schema up to date"
    )
    migrate.set_defaults(handler=migrate_command)
    check = actions.add_parser("check", help="PRAGMA integrity_check and foreign_key_check")
    check.set_defaults(handler=check_command)
    backup = actions.add_parser(
        "backup", help="copy the database with SQLite's online backup API (safe while serving)"
    )
    backup.add_argument("destination", type=Path, help="file to write")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file")
    backup.set_defaults(handler=backup_command)
    for parser in (migrate, check, backup):
        parser.add_argument("--database", help="database file (default: DATABASE_PATH)")


def _path(args: argparse.Namespace) -> str:
    return str(args.database or settings_or_exit().database_path)


def _existing(args: argparse.Namespace) -> str:
    path = _path(args)
    if not Path(path).is_file():
        raise CliError(f"no database at {path} (run `movie-analyst db migrate` first)")
    return path


def migrate_command(args: argparse.Namespace) -> int:
    from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
    from movie_analyst.application.errors import StorageError

    path = _path(args)

    async def run() -> None:
        repository = SqliteChatRepository(path)
        await repository.start()  # opening migrates
        await repository.aclose()

    try:
        asyncio.run(run())
    except (StorageError, sqlite3.DatabaseError) as exc:
        raise CliError(f"{path}: {exc}") from None
    print(f"{path}: schema version {schema_version(path)}")
    return int(Exit.OK)


def check_command(args: argparse.Namespace) -> int:
    path = _existing(args)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise CliError(f"{path}: {exc}") from None
    if problems == ["ok"] and not orphans:
        print(f"{path}: ok (schema version {schema_version(path)})")
        return int(Exit.OK)
    for problem in [p for p in problems if p != "ok"]:
        print(f"{path}: {problem}", file=sys.stderr)
    for table, rowid, parent, _ in orphans:
        print(f"{path}: {table} row {rowid} points at a missing {parent}", file=sys.stderr)
    return int(Exit.FAILURE)


def backup_command(args: argparse.Namespace) -> int:
    path = _existing(args)
    destination: Path = args.destination
    if destination.exists() and not args.force:
        raise CliError(f"{destination} exists (use --force to overwrite)", Exit.USAGE)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(destination)) as target,
        ):
            source.backup(target)
    except sqlite3.DatabaseError as exc:
        destination.unlink(missing_ok=True)
        raise CliError(f"backup of {path} failed: {exc}") from None
    print(f"backed up {path} to {destination}")
    return int(Exit.OK)


def schema_version(path: str) -> int:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
