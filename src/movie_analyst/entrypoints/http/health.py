"""Routes: `GET /health` and `GET /api/v1/health`, open even when API_AUTH_TOKEN is set.

A probe touches only our own database (one indexed lookup). The LLM and catalog are reported
by configured name, never called: a health check must not spend third-party quota. The engines
in use are named (database, run coordination); `/ready` is the one that checks Redis.
`auth_mode` tells a client (the UI) whether it must ask for an API key before anything else.
"""

import logging
from collections.abc import Callable
from typing import Any, Literal

import msgspec
from litestar import Response, Router, get
from litestar.di import Provide

from movie_analyst import __version__
from movie_analyst.application.errors import StorageError
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.settings import AuthMode

log = logging.getLogger(__name__)

PROBE_SESSION_ID = "00000000-0000-0000-0000-000000000000"  # never issued: ids are uuid4


class DatabaseHealth(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ok", "unavailable"]
    engine: Literal["sqlite", "postgresql"]
    detail: str | None = None


class RunsHealth(msgspec.Struct, frozen=True, kw_only=True):
    """Where runs are coordinated; `replica` names this process when several share them."""

    coordination: Literal["in-process", "redis"]
    replica: str | None = None


class LLMHealth(msgspec.Struct, frozen=True, kw_only=True):
    provider: str


class CatalogHealth(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    attribution: str = ""  # the notice to show wherever this catalog's data is shown


class Components(msgspec.Struct, frozen=True, kw_only=True):
    database: DatabaseHealth
    llm: LLMHealth
    catalog: CatalogHealth
    runs: RunsHealth


class HealthOut(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ok", "degraded"]
    version: str
    components: Components
    auth_mode: AuthMode = "none"  # what a client must send (users: a key; proxy: nothing)


class HealthProbe:
    def __init__(
        self,
        *,
        repository: ChatRepository,
        database_engine: Literal["sqlite", "postgresql"],
        runs: RunsHealth,
        llm_provider: str,
        catalog_name: str,
        catalog_attribution: str = "",
        auth_mode: AuthMode = "none",
    ) -> None:
        self._auth_mode: AuthMode = auth_mode
        self._repository = repository
        self._engine: Literal["sqlite", "postgresql"] = database_engine
        catalog = CatalogHealth(name=catalog_name, attribution=catalog_attribution)
        self._components = (LLMHealth(provider=llm_provider), catalog, runs)

    async def check(self) -> HealthOut:
        try:
            await self._repository.get_session(PROBE_SESSION_ID)
            database = DatabaseHealth(status="ok", engine=self._engine)
        except StorageError as exc:
            database = DatabaseHealth(status="unavailable", engine=self._engine, detail=str(exc))
        llm, catalog, runs = self._components
        components = Components(database=database, llm=llm, catalog=catalog, runs=runs)
        status: Literal["ok", "degraded"] = "ok" if database.status == "ok" else "degraded"
        return HealthOut(
            status=status, version=__version__, components=components, auth_mode=self._auth_mode
        )


async def _report(probe: HealthProbe) -> Response[HealthOut]:
    health = await probe.check()
    return Response(health, status_code=200 if health.status == "ok" else 503)


@get("/health", include_in_schema=True, operation_id="health")
async def health_root(probe: HealthProbe) -> Response[HealthOut]:
    return await _report(probe)


@get("/api/v1/health", operation_id="health_v1")
async def health_v1(probe: HealthProbe) -> Response[HealthOut]:
    return await _report(probe)


def _configured_name(build: Callable[[], Any], attribute: str, fallback: str) -> str:
    """The adapter's own name when it can be built, else the configured choice."""
    try:
        name = getattr(build(), attribute, None)
    except Exception:  # a broken adapter must not take the health route down with it
        log.warning("health: no adapter to read its %s from; using the setting", attribute)
        return fallback
    return name if isinstance(name, str) and name else fallback


def build(container: Container) -> Router:
    settings = container.settings()
    probes: list[HealthProbe] = []

    def probe() -> HealthProbe:
        # Built on first use, after the lifespan opened the adapters, then reused.
        if not probes:
            llm = _configured_name(container.llm_gateway, "provider", settings.llm_provider)
            catalog = _configured_name(container.media_catalog, "name", settings.media_catalog)
            attribution = _configured_name(container.media_catalog, "attribution", "")
            redis = container.runs.redis()
            runs = RunsHealth(
                coordination=settings.coordination,
                replica=redis.replica_id if redis is not None else None,
            )
            probes.append(
                HealthProbe(
                    repository=container.chat_repository(),
                    database_engine=settings.database.engine,
                    runs=runs,
                    llm_provider=llm,
                    catalog_name=catalog,
                    catalog_attribution=attribution,
                    auth_mode=settings.auth,
                )
            )
        return probes[0]

    return Router(
        path="/",
        tags=["health"],
        route_handlers=[health_root, health_v1],
        dependencies={"probe": Provide(probe, sync_to_thread=False)},
    )
