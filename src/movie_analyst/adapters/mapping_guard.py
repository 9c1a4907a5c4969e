"""Turn a third-party body we cannot map into an error a user can read.

Adapters map upstream JSON with plain dict access; a 200 whose shape changed would otherwise
surface as a bare KeyError ("internal error"). The class decorator wraps every public coroutine
so such slips become `UpstreamBadResponse` naming the upstream.
"""

import functools
import inspect
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from movie_analyst.application.errors import UpstreamBadResponse

C = TypeVar("C", bound=type)

_MAPPING_SLIPS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def guard_mapping(upstream: str) -> Callable[[C], C]:
    def decorate(cls: C) -> C:
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.iscoroutinefunction(member):
                setattr(cls, name, _guarded(member, upstream))
        return cls

    return decorate


def _guarded(
    method: Callable[..., Coroutine[Any, Any, Any]], upstream: str
) -> Callable[..., Coroutine[Any, Any, Any]]:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except _MAPPING_SLIPS as exc:
            raise UpstreamBadResponse(
                f"{upstream} sent data in a shape we could not read ({type(exc).__name__}: {exc})",
                upstream=upstream,
            ) from exc

    return call
