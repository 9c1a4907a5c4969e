import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.llms import CustomLLM

from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index.usage import count_input, count_output
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import ChatTurn, LLMRequest, TurnRole


class GatewayLLM(CustomLLM):
    """A llama-index LLM over our `LLMGateway` port, natively async.

    The agent uses only `achat` and `astream_chat`; the sync methods exist because llama-index
    requires them and refuse to run (they would block the event loop).
    """

    _gateway: LLMGateway = PrivateAttr()
    _model: str | None = PrivateAttr(default=None)
    _max_output_tokens: int | None = PrivateAttr(default=None)
    _mimic: MimicStreaming = PrivateAttr()

    def __init__(
        self,
        *,
        gateway: LLMGateway,
        model: str | None,
        mimic: MimicStreaming,
        max_output_tokens: int | None = None,
    ) -> None:
        super().__init__()
        self._gateway = gateway
        self._model = model
        self._mimic = mimic
        self._max_output_tokens = max_output_tokens

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(
            context_window=32768,
            num_output=self._max_output_tokens or 1024,
            is_chat_model=True,
            is_function_calling_model=False,
            model_name=self._model or self._gateway.default_model,
        )

    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        request = self._request(messages)
        reply = await self._gateway.complete(request)
        count_input(_prompt_text(request), reply.input_tokens)
        count_output(reply.text, reply.output_tokens)
        return ChatResponse(message=ChatMessage(role="assistant", content=reply.text))

    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        # A coroutine returning the generator: the agent does `await llm.astream_chat(...)`.
        request = self._request(messages)
        if self._gateway.can_stream:
            # A stream reports no usage: estimate it from the text, as it is read.
            count_input(_prompt_text(request))
            return _cumulative(self._gateway.stream(request), on_end=count_output)
        return _cumulative(self._replay(request))

    async def _replay(self, request: LLMRequest) -> AsyncIterator[str]:
        reply = await self._gateway.complete(request)
        count_input(_prompt_text(request), reply.input_tokens)
        count_output(reply.text, reply.output_tokens)
        for index, chunk in enumerate(self._mimic.chunks(reply.text)):
            if index > 1:  # the reasoning and the first batch at once, then paced
                await asyncio.sleep(self._mimic.delay_seconds)
            yield chunk

    def _request(self, messages: Sequence[ChatMessage]) -> LLMRequest:
        return LLMRequest(
            messages=[_turn(message) for message in messages],
            model=self._model,
            max_output_tokens=self._max_output_tokens,
        )

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        raise NotImplementedError("GatewayLLM is async only; use achat")

    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        raise NotImplementedError("GatewayLLM is async only; use astream_chat")


def _turn(message: ChatMessage) -> ChatTurn:
    role = str(message.role.value if hasattr(message.role, "value") else message.role)
    # Observations come back as user messages; any other role is folded into "user" too.
    mapped: TurnRole = role if role in ("system", "assistant") else "user"  # type: ignore[assignment]
    return ChatTurn(role=mapped, content=message.content or "")


def _prompt_text(request: LLMRequest) -> str:
    return "\n".join(turn.content for turn in request.messages)


async def _cumulative(
    pieces: AsyncIterator[str], on_end: Callable[[str], None] | None = None
) -> AsyncGenerator[ChatResponse, None]:
    """ChatResponses whose `message.content` is the text so far and `delta` the new piece.

    Closing this generator closes the gateway's stream, which aborts the upstream request.
    `on_end` gets the text produced, however the stream ended."""
    text = ""
    try:
        async for piece in pieces:
            text += piece
            yield ChatResponse(message=ChatMessage(role="assistant", content=text), delta=piece)
    finally:
        if on_end is not None:
            on_end(text)
        aclose = getattr(pieces, "aclose", None)
        if aclose is not None:
            await aclose()
