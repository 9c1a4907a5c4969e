"""The composition root: binds every port to the adapter chosen by `Settings`.

Sub-containers live in `entrypoints/wiring/`; each owns one concern. Tests override providers
(`container.storage.repository.override(fake)`) instead of patching modules.
"""

from dependency_injector import containers, providers

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.metered_run_event_log import MeteredRunEventLog
from movie_analyst.adapters.prometheus_metrics import PrometheusMetrics
from movie_analyst.entrypoints.settings import Settings
from movie_analyst.entrypoints.wiring.catalog import CatalogContainer
from movie_analyst.entrypoints.wiring.llm import LLMContainer
from movie_analyst.entrypoints.wiring.runs import EVENT_RETENTION_SECONDS, RunsContainer
from movie_analyst.entrypoints.wiring.storage import StorageContainer


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    # The Metrics port (application/ports/metrics.py); pass `metrics=metrics` to whatever counts.
    metrics = providers.Singleton(PrometheusMetrics)

    storage = providers.Container(StorageContainer, settings=settings)
    catalog = providers.Container(
        CatalogContainer, settings=settings, cache_db=storage.database_path, metrics=metrics
    )
    llm = providers.Container(
        LLMContainer, settings=settings, catalog=catalog.catalog, metrics=metrics
    )
    runs = providers.Container(
        RunsContainer,
        settings=settings,
        repository=storage.repository,
        llm=llm.gateway,
        catalog=catalog.catalog,
        # Runs are counted from their events: the same in-memory log, wrapped by a meter.
        events=providers.Singleton(
            MeteredRunEventLog,
            inner=providers.Singleton(
                InMemoryRunEventLog,
                retention_seconds=EVENT_RETENTION_SECONDS,
                repository=storage.repository,
            ),
            metrics=metrics,
            repository=storage.repository,
        ),
    )

    # Opened in this order at startup, closed in reverse at shutdown.
    managed = providers.List(storage.managed, catalog.managed, llm.managed, runs.managed)


def build_container(settings: Settings) -> Container:
    container = Container(settings=settings)
    return container
