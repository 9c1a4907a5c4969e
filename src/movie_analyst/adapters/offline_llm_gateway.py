"""OfflineLLMGateway: the LLM gateway that needs no key — a deterministic analyst (see
`offline_analyst`) that speaks the ReAct protocol, so the real agent loop and tools run unchanged.
"""

import asyncio
import re
from collections.abc import AsyncIterator

from movie_analyst.adapters.offline_analyst.analyst import next_step
from movie_analyst.adapters.offline_analyst.lexicon import Lexicon
from movie_analyst.application.errors import ApplicationError
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import LLMReply, LLMRequest, ModelInfo
from movie_analyst.domain.media import MediaKind
from movie_analyst.domain.message import estimate_tokens

MODEL_ID = "offline-analyst"
_TOKEN = re.compile(r"\s*\S+|\s+")
_YIELD_EVERY = 16  # tokens between event-loop yields when no delay is set, so cancels land


class OfflineLLMGateway(LLMGateway):
    """Answers from the catalog's tool observations only; never fails for lack of a network.

    `token_delay` (seconds) paces the stream like a real model; 0 streams as fast as possible.
    The catalog is used only for its genre names (parsing help), read once; `names` (titles
    and people to find in questions) defaults to the offline catalog file's.
    """

    provider = "offline"
    default_model = MODEL_ID
    can_stream = True

    def __init__(
        self, catalog: MediaCatalog, token_delay: float = 0.0, names: Lexicon | None = None
    ) -> None:
        self._catalog = catalog
        self._token_delay = token_delay
        self._names = names  # None: the offline catalog file's titles and people
        self._genres: list[str] | None = None

    async def complete(self, request: LLMRequest) -> LLMReply:
        text = await self._reply(request)
        return LLMReply(
            text=text,
            model=MODEL_ID,
            input_tokens=sum(estimate_tokens(m.content) for m in request.messages),
            output_tokens=estimate_tokens(text),
        )

    async def stream(self, request: LLMRequest) -> AsyncIterator[str]:
        text = await self._reply(request)
        for index, token in enumerate(tokens(text)):
            if self._token_delay > 0:
                await asyncio.sleep(self._token_delay)
            elif index % _YIELD_EVERY == _YIELD_EVERY - 1:
                await asyncio.sleep(0)
            yield token

    async def list_models(self) -> list[ModelInfo]:
        return [ModelInfo(id=MODEL_ID, name="Offline analyst (no key needed)", provider="offline")]

    async def _reply(self, request: LLMRequest) -> str:
        return next_step(request.messages, await self._known_genres(), self._names)

    async def _known_genres(self) -> list[str]:
        if self._genres is None:
            try:
                self._genres = [g.name for g in await self._catalog.genres(MediaKind.MOVIE)]
            except ApplicationError:  # no genre list: genre words keep their usual spelling
                self._genres = []
        return self._genres


def tokens(text: str) -> list[str]:
    """Word-sized pieces that concatenate back to `text` exactly."""
    return _TOKEN.findall(text)
