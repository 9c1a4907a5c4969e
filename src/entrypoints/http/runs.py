"""Routes: runs. Placeholder until its owner fills it in."""

from litestar import Router

from movie_analyst.entrypoints.container import Container


def build(container: Container) -> Router:
    return Router(path="/api/v1", route_handlers=[])
