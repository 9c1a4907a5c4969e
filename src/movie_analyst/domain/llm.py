from typing import Literal

import msgspec

TurnRole = Literal["system", "user", "assistant"]


class ChatTurn(msgspec.Struct, frozen=True, kw_only=True):
    role: TurnRole
    content: str


class LLMRequest(msgspec.Struct, frozen=True, kw_only=True):
    messages: list[ChatTurn]
    model: str | None = None  # None: the gateway's default
    max_output_tokens: int | None = None
    temperature: float | None = None


class LLMReply(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    model: str
    input_tokens: int | None = None
    output_tokens: int | None = None


class ModelInfo(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    provider: str
