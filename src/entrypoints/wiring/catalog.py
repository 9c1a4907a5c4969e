"""Catalog wiring. OWNER: catalog helpers."""

from dependency_injector import containers, providers

from movie_analyst.entrypoints.settings import Settings


class CatalogContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    cache_db = providers.Dependency(instance_of=str)
    catalog: providers.Provider[object] = providers.Object(None)  # placeholder
    managed = providers.List()
