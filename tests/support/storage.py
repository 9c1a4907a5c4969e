"""Helpers for the storage and sessions tests: an app on a temp database, sample values."""

import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.types import ASGIApp

from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import Session
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.app import create_app
from movie_analyst.entrypoints.settings import load_settings
from tests.fakes.chat_repository import InMemoryChatRepository

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class TickingClock:
    """A deterministic clock: each call is one millisecond after the previous one."""

    def __init__(self, start: datetime = EPOCH) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture(params=["fake", "sqlite", "postgres"])
async def contract_repo(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[ChatRepository]:
    """For the contract suites: the in-memory fake, then SQLite, then PostgreSQL, all empty."""
    if request.param == "fake":
        yield InMemoryChatRepository(clock=TickingClock())
        return
    real: SqliteChatRepository | PostgresChatRepository
    if request.param == "sqlite":
        real = SqliteChatRepository(str(tmp_path / "contract.db"), clock=TickingClock())
    else:
        real = PostgresChatRepository(request.getfixturevalue("postgres_url"), clock=TickingClock())
    await real.start()
    try:
        yield real
    finally:
        await real.aclose()


def new_session(title: str = "Chat", *, at: datetime = EPOCH) -> Session:
    return Session(id=str(uuid.uuid4()), title=title, created_at=at, updated_at=at)


def _storage_only(container: Container) -> None:
    """Sessions tests exercise storage alone; the other adapters have their own tests."""
    container.runs_opened.override(providers.Object(None))
    container.llm_gateway.override(providers.Object(None))
    container.media_catalog.override(providers.Object(None))


def storage_container(tmp_path: Path, env: Mapping[str, str] | None = None) -> Container:
    """A container on a fresh SQLite file under tmp_path, other adapters left closed."""
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "db" / "chat.db"), **(env or {})}, dotenv=None
    )
    container = Container(settings=settings)
    _storage_only(container)
    return container


@asynccontextmanager
async def app_client(container: Container) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """The real app built on `container`, lifespan included."""
    async with AsyncTestClient(app=create_app(container)) as client:
        yield client


@asynccontextmanager
async def api_client(
    tmp_path: Path, env: Mapping[str, str] | None = None
) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """The real app (lifespan included) on a fresh SQLite file under tmp_path."""
    async with app_client(storage_container(tmp_path, env)) as client:
        yield client


@contextmanager
def served(app: ASGIApp) -> Iterator[str]:
    """Run `app` under uvicorn in a thread on 127.0.0.1 (an OS-chosen port); yields its URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="served-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start within 20 s")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def storage_only_app(database_path: Path, env: Mapping[str, str] | None = None) -> Litestar:
    """The real app on `database_path`, other adapters' resources left closed."""
    settings = load_settings({"DATABASE_PATH": str(database_path), **(env or {})}, dotenv=None)
    container = Container(settings=settings)
    _storage_only(container)
    return create_app(container)
