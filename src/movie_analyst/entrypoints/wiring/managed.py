from typing import Protocol, runtime_checkable


@runtime_checkable
class Managed(Protocol):
    """Something the app lifespan opens at startup and closes at shutdown."""

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...
