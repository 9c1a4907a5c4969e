"""`provide(container.x)`: a container provider as a Litestar dependency, built per request."""

from typing import Any

from dependency_injector import providers
from litestar.di import Provide


def provide(provider: providers.Provider[Any]) -> Provide:
    # Litestar reads a dependency's signature, which a Cython provider has not: wrap it.
    return Provide(lambda: provider(), sync_to_thread=False)
