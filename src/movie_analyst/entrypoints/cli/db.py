"""`db migrate|check|backup|copy` on the chat database: DATABASE_URL, else DATABASE_PATH.

`--url` names any database (`sqlite:///…` or `postgresql://…`), `--database` a SQLite file.
`backup` is SQLite's online backup; `copy` moves a SQLite database up to PostgreSQL.
"""

import argparse
import asyncio

from movie_analyst.entrypoints.cli import db_postgres, db_sqlite
from movie_analyst.entrypoints.cli.common import CliError, Exit, settings_or_exit
from movie_analyst.entrypoints.database_url import DatabaseTarget, mask_url, parse_database_url


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    db = sub.add_parser("db", help="migrate, check, back up or copy the chat database")
    actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate", help="create the database or bring its schema up to date"
    )
    migrate.set_defaults(handler=migrate_command)
    check = actions.add_parser(
        "check", help="integrity and schema check (SQLite: PRAGMA integrity/foreign_key_check)"
    )
    check.set_defaults(handler=check_command)
    backup = actions.add_parser(
        "backup", help="copy a SQLite database with its online backup API (safe while serving)"
    )
    backup.add_argument("destination", help="file to write")
    backup.add_argument("--force", action="store_true", help="overwrite an existing file")
    backup.set_defaults(handler=backup_command)
    for parser in (migrate, check, backup):
        parser.add_argument("--database", help="SQLite file (default: DATABASE_URL/DATABASE_PATH)")
        parser.add_argument("--url", help="sqlite:///… or postgresql://… (default: DATABASE_URL)")
    copy = actions.add_parser(
        "copy", help="copy every conversation from SQLite to PostgreSQL (idempotent)"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="sqlite:///…")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="postgresql://…")
    copy.set_defaults(handler=copy_command)


def target_of(args: argparse.Namespace) -> DatabaseTarget:
    if getattr(args, "url", None):
        return _parsed(args.url)
    if getattr(args, "database", None):
        return DatabaseTarget(engine="sqlite", location=str(args.database))
    return settings_or_exit().database


def _parsed(url: str) -> DatabaseTarget:
    try:
        return parse_database_url(url)
    except ValueError as exc:
        raise CliError(f"bad database URL: {exc}", Exit.USAGE) from None


def migrate_command(args: argparse.Namespace) -> int:
    target = target_of(args)
    if target.engine == "sqlite":
        return db_sqlite.migrate(target.location)
    return asyncio.run(db_postgres.migrate(target.location))


def check_command(args: argparse.Namespace) -> int:
    target = target_of(args)
    if target.engine == "sqlite":
        return db_sqlite.check(target.location)
    return asyncio.run(db_postgres.check(target.location))


def backup_command(args: argparse.Namespace) -> int:
    target = target_of(args)
    if target.engine != "sqlite":
        raise CliError("db backup is for SQLite; back PostgreSQL up with pg_dump", Exit.USAGE)
    return db_sqlite.backup(target.location, args.destination, force=args.force)


def copy_command(args: argparse.Namespace) -> int:
    source, target = _parsed(args.source), _parsed(args.target)
    if source.engine != "sqlite" or target.engine != "postgresql":
        raise CliError(
            "db copy goes from SQLite to PostgreSQL: --from sqlite:///… --to postgresql://…",
            Exit.USAGE,
        )
    print(f"copying {source.location} to {mask_url(target.location)}")
    return db_postgres.copy(source.location, target.location)
