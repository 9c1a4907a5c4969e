"""One model call of a run: streamed when the gateway can, else one whole reply (replayed in
word batches when the run streams), with the run's token use counted as it goes."""

import asyncio
from collections.abc import AsyncGenerator

from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index.usage import TokenUsage
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import LLMReply, LLMRequest
from movie_analyst.domain.message import estimate_tokens


class ModelCall:
    """Yields the reply's text pieces; closing the iterator closes the gateway stream (which
    aborts the upstream request). `streaming=False` makes one non-stream call and yields the
    whole reply at once: a client that waits for the whole answer cannot tell the difference."""

    def __init__(self, gateway: LLMGateway, mimic: MimicStreaming, usage: TokenUsage) -> None:
        self._gateway = gateway
        self._mimic = mimic
        self._usage = usage

    async def pieces(self, request: LLMRequest, *, streaming: bool) -> AsyncGenerator[str, None]:
        if streaming and self._gateway.can_stream:
            async for piece in self._stream(request):
                yield piece
            return
        text = await self._complete(request)
        chunks = self._mimic.chunks(text) if streaming else [text]
        for index, chunk in enumerate(chunks):
            if index > 1:  # the reasoning and the first batch at once, then paced
                await asyncio.sleep(self._mimic.delay_seconds)
            yield chunk

    async def _stream(self, request: LLMRequest) -> AsyncGenerator[str, None]:
        # A stream reports no usage: estimate it from the text.
        self._usage.input_tokens += estimate_tokens(prompt_text(request))
        produced: list[str] = []
        stream = self._gateway.stream(request)
        try:
            async for piece in stream:
                produced.append(piece)
                yield piece
        finally:
            self._usage.output_tokens += estimate_tokens("".join(produced))
            aclose = getattr(stream, "aclose", None)  # the port promises an abort on close
            if aclose is not None:
                await aclose()

    async def _complete(self, request: LLMRequest) -> str:
        return (await self.reply(request)).text

    async def reply(self, request: LLMRequest) -> LLMReply:
        """One whole reply (tool calls included), its token use counted."""
        reply = await self._gateway.complete(request)
        self._usage.input_tokens += (
            reply.input_tokens
            if reply.input_tokens is not None
            else estimate_tokens(prompt_text(request))
        )
        self._usage.output_tokens += (
            reply.output_tokens if reply.output_tokens is not None else estimate_tokens(reply.text)
        )
        return reply


def prompt_text(request: LLMRequest) -> str:
    return "\n".join(turn.content for turn in request.messages)
