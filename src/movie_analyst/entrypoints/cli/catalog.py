"""`catalog import|stats`: build and inspect the offline film catalog (no network needed)."""

import argparse
import json
from pathlib import Path

import msgspec

from movie_analyst.entrypoints.cli.common import CliError, Exit, settings_or_exit
from movie_analyst.entrypoints.settings import Settings


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    catalog = sub.add_parser("catalog", help="build or inspect the offline film catalog")
    actions = catalog.add_subparsers(dest="action", metavar="ACTION", required=True)
    imports = actions.add_parser(
        "import", help="import the bundled Wikidata film table into our SQLite catalog"
    )
    imports.add_argument("--source", type=Path, help="movies.db (default: bokeh-sampledata's)")
    imports.add_argument("--force", action="store_true", help="import even when up to date")
    imports.set_defaults(handler=import_command)
    stats = actions.add_parser("stats", help="films, people, years and import date")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(handler=stats_command)
    for parser in (imports, stats):
        parser.add_argument(
            "--catalog",
            type=Path,
            help="catalog file (default: OFFLINE_CATALOG_PATH, else beside DATABASE_PATH)",
        )


def catalog_path(settings: Settings) -> Path:
    """The file the server reads: OFFLINE_CATALOG_PATH, else one shared file in the user cache."""
    from movie_analyst.adapters.offline_media_catalog import default_catalog_path

    return Path(default_catalog_path(settings.offline_catalog_path))


def import_command(args: argparse.Namespace) -> int:
    from movie_analyst.adapters.offline_catalog import importer, source

    target = args.catalog or catalog_path(settings_or_exit())
    origin = args.source or source.default_source()
    if origin is None or not Path(origin).is_file():
        raise CliError("no source table: install bokeh-sampledata==2026.1 or pass --source")
    if not args.force and not importer.needs_import(target, origin):
        print(f"{target}: up to date")
        return int(Exit.OK)
    stats = importer.import_catalog_sync(origin, target)
    print(f"{target}: imported {stats.films} films, {stats.people} people "
          f"in {stats.import_seconds:.1f} s")  # fmt: skip
    return int(Exit.OK)


def stats_command(args: argparse.Namespace) -> int:
    from movie_analyst.adapters.offline_catalog import importer

    target = args.catalog or catalog_path(settings_or_exit())
    if not target.is_file():
        raise CliError(f"no catalog at {target} (run `movie-analyst catalog import`)")
    stats = importer.read_stats(target)
    if args.json:
        print(json.dumps(msgspec.to_builtins(stats), indent=2))
        return int(Exit.OK)
    for name, value in msgspec.structs.asdict(stats).items():
        print(f"{name:15} {value}")
    return int(Exit.OK)
