"""`db migrate|check|backup` on a SQLite file."""

import asyncio
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from movie_analyst.entrypoints.cli.common import CliError, Exit


def _existing(path: str) -> str:
    if not Path(path).is_file():
        raise CliError(f"no database at {path} (run `movie-analyst db migrate` first)")
    return path


def migrate(path: str) -> int:
    from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
    from movie_analyst.application.errors import StorageError

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


def check(path: str) -> int:
    _existing(path)
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


def backup(path: str, destination_name: str, *, force: bool) -> int:
    _existing(path)
    destination = Path(destination_name)
    if destination.exists() and not force:
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
