"""Agent-run wiring. OWNER: agent-runs helper."""

from dependency_injector import containers, providers

from movie_analyst.entrypoints.settings import Settings


class RunsContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    repository: providers.Dependency[object] = providers.Dependency()
    llm: providers.Dependency[object] = providers.Dependency()
    catalog: providers.Dependency[object] = providers.Dependency()
    managed = providers.List()
