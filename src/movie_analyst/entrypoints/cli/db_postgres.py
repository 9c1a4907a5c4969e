"""`db migrate|check|copy` against PostgreSQL."""

import asyncio
import sys

from movie_analyst.entrypoints.cli.common import CliError, Exit
from movie_analyst.entrypoints.database_url import mask_url

# Rows whose stored counter disagrees with the messages, or runs pointing at no message.
_PROBLEMS = {
    "sessions whose message_count is wrong": """
        SELECT count(*) FROM sessions s
        WHERE message_count <> (SELECT count(*) FROM messages m WHERE m.session_id = s.id)""",
    "sessions with more than one admitted active run": """
        SELECT count(*) FROM (SELECT session_id FROM runs
            WHERE exclusive AND status IN ('queued', 'running')
            GROUP BY session_id HAVING count(*) > 1) busy""",
}


async def migrate(url: str) -> int:
    from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
    from movie_analyst.application.errors import StorageError

    repository = PostgresChatRepository(url, pool_size=1)
    try:
        await repository.start()  # opening migrates
        version = await _version(repository)
    except StorageError as exc:
        raise CliError(f"{mask_url(url)}: {exc}") from None
    finally:
        await repository.aclose()
    print(f"{mask_url(url)}: schema version {version}")
    return int(Exit.OK)


async def check(url: str) -> int:
    import psycopg

    from movie_analyst.adapters.postgres.migrations import MIGRATIONS, schema_version

    shown = mask_url(url)
    try:
        async with await psycopg.AsyncConnection.connect(url, connect_timeout=5) as connection:
            version = await schema_version(connection)
            if version == 0:
                raise CliError(f"{shown}: no chat schema (run `movie-analyst db migrate` first)")
            found = {}
            for problem, sql in _PROBLEMS.items():
                row = await (await connection.execute(sql.encode())).fetchone()
                found[problem] = int(row[0]) if row else 0
    except psycopg.Error as exc:
        raise CliError(f"{shown}: {exc}") from None
    failures = {problem: n for problem, n in found.items() if n}
    if version > len(MIGRATIONS):
        failures[f"schema version {version} is newer than this release knows"] = 1
    for problem, count in failures.items():
        print(f"{shown}: {count} {problem}", file=sys.stderr)
    if failures:
        return int(Exit.FAILURE)
    note = "" if version == len(MIGRATIONS) else " (older: run `movie-analyst db migrate`)"
    print(f"{shown}: ok (schema version {version}){note}")
    return int(Exit.OK)


def copy(sqlite_path: str, url: str) -> int:
    from pathlib import Path

    from movie_analyst.adapters.postgres_copy import copy_sqlite_to_postgres
    from movie_analyst.adapters.sqlite.migrations import MIGRATIONS as SQLITE_MIGRATIONS
    from movie_analyst.application.errors import ApplicationError
    from movie_analyst.entrypoints.cli import db_sqlite

    if not Path(sqlite_path).is_file():
        raise CliError(f"no SQLite database at {sqlite_path}")
    if db_sqlite.schema_version(sqlite_path) != len(SQLITE_MIGRATIONS):
        raise CliError(
            f"{sqlite_path} has an older schema: run `movie-analyst db migrate "
            f"--database {sqlite_path}` first"
        )
    asyncio.run(migrate(url))
    try:
        report = copy_sqlite_to_postgres(sqlite_path, url)
    except ApplicationError as exc:
        raise CliError(str(exc)) from None
    for table, count in report.source.items():
        print(f"{table}: {count} in the source, {report.added[table]} added, all verified")
    return int(Exit.OK)


async def _version(repository: object) -> int:
    from movie_analyst.adapters.postgres.migrations import schema_version
    from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository

    assert isinstance(repository, PostgresChatRepository)
    async with repository.pool.connection() as connection:
        return await schema_version(connection)
