"""Storage wiring. OWNER: foundation helper (replace the placeholder providers)."""

from dependency_injector import containers, providers

from movie_analyst.entrypoints.settings import Settings


def _database_path(settings: Settings) -> str:
    return settings.database_path


class StorageContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_path = providers.Callable(_database_path, settings)
    repository: providers.Provider[object] = providers.Object(None)  # placeholder
    managed = providers.List()
