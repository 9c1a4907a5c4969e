from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.wiring.managed import Managed


@asynccontextmanager
async def open_managed(container: Container) -> AsyncIterator[None]:
    """Start every managed resource in order; close them in reverse, even after a failure."""
    async with AsyncExitStack() as stack:
        for group in container.managed():
            for resource in group:
                await _start(stack, resource)
        yield


async def _start(stack: AsyncExitStack, resource: Managed) -> None:
    await resource.start()
    stack.push_async_callback(resource.aclose)
