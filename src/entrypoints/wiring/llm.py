"""LLM gateway wiring. OWNER: LLM helpers."""

from dependency_injector import containers, providers

from movie_analyst.entrypoints.settings import Settings


class LLMContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    catalog: providers.Dependency[object] = providers.Dependency()
    gateway: providers.Provider[object] = providers.Object(None)  # placeholder
    managed = providers.List()
