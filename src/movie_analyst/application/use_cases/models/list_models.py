import asyncio
import time
from collections.abc import Callable

import msgspec

from movie_analyst.application.errors import UpstreamError
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import ModelInfo


class ModelChoices(msgspec.Struct, frozen=True, kw_only=True):
    default: str
    models: list[ModelInfo]


class ListModels:
    """The models a user may pick, with the gateway's default first-class.

    Rules: the default model is always in the list; the list is cached for `ttl` seconds so UI
    reruns do not hit the upstream each time; when the upstream fails the list is just the
    default (cached for the shorter `failure_ttl`), because a broken model list must not break
    the UI. Concurrent callers share one upstream call.
    """

    def __init__(
        self,
        *,
        gateway: LLMGateway,
        ttl: float = 60.0,
        failure_ttl: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._gateway = gateway
        self._ttl = ttl
        self._failure_ttl = failure_ttl
        self._clock = clock
        self._cached: ModelChoices | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def execute(self) -> ModelChoices:
        async with self._lock:
            if self._cached is None or self._clock() >= self._expires:
                self._cached, ttl = await self._fetch()
                self._expires = self._clock() + ttl
            return self._cached

    async def _fetch(self) -> tuple[ModelChoices, float]:
        default = self._gateway.default_model
        fallback = ModelInfo(id=default, name=default, provider=self._gateway.provider)
        try:
            models = await self._gateway.list_models()
        except UpstreamError:
            return ModelChoices(default=default, models=[fallback]), self._failure_ttl
        if all(model.id != default for model in models):
            models = [fallback, *models]
        return ModelChoices(default=default, models=models), self._ttl
