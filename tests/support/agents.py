"""Both Agent engines built alike, for the shared agent contract suite (`AGENT_ENGINE`)."""

import asyncio
from collections.abc import Callable

from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.application.errors import UpstreamUnavailable
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from tests.fakes.media_catalog import FakeMediaCatalog

ENGINES = ("react-loop", "workflow")
AgentFactory = Callable[..., Agent]


def build_agent(
    engine: str,
    gateway: LLMGateway,
    catalog: MediaCatalog | None = None,
    *,
    max_iterations: int = 4,
    memory_token_limit: int = 4000,
    mimic: MimicStreaming | None = None,
) -> Agent:
    from movie_analyst.adapters.llama_index_agent import LlamaIndexAgent
    from movie_analyst.adapters.llama_index_loop_agent import LlamaIndexLoopAgent

    engine_type = LlamaIndexLoopAgent if engine == "react-loop" else LlamaIndexAgent
    return engine_type(
        gateway=gateway,
        catalog=catalog or FakeMediaCatalog(),
        max_iterations=max_iterations,
        mimic=mimic or MimicStreaming(batch_words=2, delay_seconds=0.001),
        memory_token_limit=memory_token_limit,
    )


class SlowCatalog(FakeMediaCatalog):
    """`search` takes `delay` seconds; records whether a search was cancelled or finished."""

    def __init__(self, delay: float = 5.0) -> None:
        super().__init__()
        self.delay = delay
        self.entered = asyncio.Event()
        self.cancelled = 0
        self.finished = 0

    async def search(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        self.entered.set()
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        self.finished += 1
        return await super().search(*args, **kwargs)  # type: ignore[arg-type]


class FailingCatalog(FakeMediaCatalog):
    async def search(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise UpstreamUnavailable("the catalog is down", upstream="tmdb")
