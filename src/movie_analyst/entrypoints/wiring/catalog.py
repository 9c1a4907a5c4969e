"""Catalog wiring: `MEDIA_CATALOG=auto|tmdb|offline` picks the adapter.

auto = the live catalog when TMDB_API_KEY is set, else the offline film table. The live catalog
is TMDB + TVMaze behind the persistent response cache (`<DATABASE_PATH stem>-cache.db`); each
upstream gets one pooled `httpx.AsyncClient` (HTTP_TIMEOUT), closed at shutdown via `managed`.
"""

import httpx
from dependency_injector import containers, providers

from movie_analyst import __version__
from movie_analyst.adapters.cached_media_catalog import CachedMediaCatalog
from movie_analyst.adapters.catalog_cache.store import SqliteResponseStore, cache_path_for
from movie_analyst.adapters.http_pool import pool_transport
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.live_media_catalog import LiveMediaCatalog
from movie_analyst.adapters.metered_http_transport import MeteredTransport
from movie_analyst.adapters.offline_media_catalog import OfflineMediaCatalog
from movie_analyst.adapters.tmdb.client import TmdbClient
from movie_analyst.adapters.tvmaze_media_catalog import TvmazeMediaCatalog
from movie_analyst.application.ports.metrics import Metrics, NoMetrics
from movie_analyst.entrypoints.cli.catalog import catalog_path
from movie_analyst.entrypoints.settings import Settings, SettingsError
from movie_analyst.entrypoints.wiring.managed import Managed

# TVMaze asks clients to identify themselves with a distinctive User-Agent.
USER_AGENT = f"movie-analyst/{__version__} (open-source movie & TV research agent)"


def choose_catalog(settings: Settings) -> str:
    if settings.media_catalog != "auto":
        return settings.media_catalog
    return "tmdb" if settings.tmdb_api_key else "offline"


class CatalogHttp(Managed):
    """One pooled client per upstream. Creating them opens nothing; `aclose` drops sockets."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        timeout = httpx.Timeout(settings.http_timeout)
        size = settings.http_max_connections
        self.tmdb = httpx.AsyncClient(
            timeout=timeout, transport=MeteredTransport("tmdb", metrics, pool_transport(size))
        )
        # /lookup/shows answers 301 -> /shows/{id}.
        self.tvmaze = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
            transport=MeteredTransport("tvmaze", metrics, pool_transport(size)),
        )

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        await self.tmdb.aclose()
        await self.tvmaze.aclose()


def _live(settings: Settings, http: CatalogHttp, cache_db: str) -> CachedMediaCatalog:
    if not settings.tmdb_api_key:
        raise SettingsError("MEDIA_CATALOG=tmdb needs TMDB_API_KEY")
    policy = RetryPolicy(attempts=settings.http_retries + 1)
    tmdb = TmdbClient(
        http=http.tmdb, base_url=settings.tmdb_base_url, api_key=settings.tmdb_api_key,
        policy=policy,
    )  # fmt: skip
    tvmaze = TvmazeMediaCatalog(http=http.tvmaze, base_url=settings.tvmaze_base_url, policy=policy)
    live = LiveMediaCatalog(tmdb, tvmaze, region=settings.default_region)
    return CachedMediaCatalog(live, SqliteResponseStore(cache_path_for(cache_db)))


def _offline(settings: Settings) -> OfflineMediaCatalog:
    return OfflineMediaCatalog(str(catalog_path(settings)))


def _managed(http: CatalogHttp | None, catalog: object) -> list[Managed]:
    return [item for item in (http, catalog) if isinstance(item, Managed)]


class CatalogContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    cache_db = providers.Dependency(instance_of=str)
    metrics: providers.Dependency[Metrics] = providers.Dependency(default=NoMetrics())

    choice = providers.Callable(choose_catalog, settings)
    http = providers.Selector(
        choice,
        tmdb=providers.Singleton(CatalogHttp, settings, metrics),
        offline=providers.Object(None),
    )
    catalog: providers.Provider[object] = providers.Selector(
        choice,
        tmdb=providers.Singleton(_live, settings, http, cache_db),
        offline=providers.Singleton(_offline, settings),
    )
    managed = providers.Callable(_managed, http, catalog)
