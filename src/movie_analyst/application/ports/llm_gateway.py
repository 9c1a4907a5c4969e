from collections.abc import AsyncIterator
from typing import Protocol

from movie_analyst.domain.llm import LLMReply, LLMRequest, ModelInfo


class LLMGateway(Protocol):
    """A door to a language model.

    Contract:
    - `complete` returns the whole reply; `stream` yields text deltas as the model writes them,
      and concatenated they equal what `complete` would have returned.
    - `can_stream` is False for a gateway that cannot stream; callers then use `complete` and
      may mimic streaming themselves.
    - Closing the `stream` iterator early (or cancelling the task consuming it) aborts the
      upstream request within 100 ms.
    - `can_call_tools` (False unless a gateway says otherwise): `complete` then honours
      `request.tools`, and its reply may carry `tool_calls` with or without text. Assistant
      turns with `tool_calls` and "tool" turns (one call's result, by `tool_call_id`) are sent in
      the provider's own format. Other gateways never receive tools or tool turns.
    - Failures after bounded retries raise a subclass of `UpstreamError`
      (`UpstreamAuthError`, `UpstreamRateLimited`, `UpstreamUnavailable`, `UpstreamTimeout`,
      `UpstreamBadResponse`) whose message a user can act on.
    """

    provider: str
    default_model: str
    can_stream: bool
    can_call_tools: bool = False

    async def complete(self, request: LLMRequest) -> LLMReply: ...

    def stream(self, request: LLMRequest) -> AsyncIterator[str]: ...

    async def list_models(self) -> list[ModelInfo]: ...
