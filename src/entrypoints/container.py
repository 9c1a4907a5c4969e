"""The composition root: binds every port to the adapter chosen by `Settings`.

Sub-containers live in `entrypoints/wiring/`; each owns one concern. Tests override providers
(`container.storage.repository.override(fake)`) instead of patching modules.
"""

from dependency_injector import containers, providers

from movie_analyst.entrypoints.settings import Settings
from movie_analyst.entrypoints.wiring.catalog import CatalogContainer
from movie_analyst.entrypoints.wiring.llm import LLMContainer
from movie_analyst.entrypoints.wiring.runs import RunsContainer
from movie_analyst.entrypoints.wiring.storage import StorageContainer


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    storage = providers.Container(StorageContainer, settings=settings)
    catalog = providers.Container(
        CatalogContainer, settings=settings, cache_db=storage.database_path
    )
    llm = providers.Container(LLMContainer, settings=settings, catalog=catalog.catalog)
    runs = providers.Container(
        RunsContainer,
        settings=settings,
        repository=storage.repository,
        llm=llm.gateway,
        catalog=catalog.catalog,
    )

    # Opened in this order at startup, closed in reverse at shutdown.
    managed = providers.List(storage.managed, catalog.managed, llm.managed, runs.managed)


def build_container(settings: Settings) -> Container:
    container = Container(settings=settings)
    return container
