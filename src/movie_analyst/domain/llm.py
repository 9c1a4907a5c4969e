from typing import Any, Literal

import msgspec

TurnRole = Literal["system", "user", "assistant", "tool"]


class ToolCall(msgspec.Struct, frozen=True, kw_only=True):
    """A model's request to run one tool; `arguments` is the JSON text the model wrote."""

    id: str
    name: str
    arguments: str


class ToolDefinition(msgspec.Struct, frozen=True, kw_only=True):
    """A tool offered to a model that calls tools natively; `parameters` is a JSON schema."""

    name: str
    description: str
    parameters: dict[str, Any]


class ChatTurn(msgspec.Struct, frozen=True, kw_only=True):
    """One message. Native tool calling adds two kinds: an assistant turn carrying the
    `tool_calls` it made, and a "tool" turn holding one call's result (`tool_call_id`)."""

    role: TurnRole
    content: str
    tool_calls: list[ToolCall] = []
    tool_call_id: str | None = None


class LLMRequest(msgspec.Struct, frozen=True, kw_only=True):
    messages: list[ChatTurn]
    model: str | None = None  # None: the gateway's default
    max_output_tokens: int | None = None
    temperature: float | None = None
    tools: list[ToolDefinition] = []  # only for a gateway with `can_call_tools`


class LLMReply(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    model: str
    input_tokens: int | None = None
    output_tokens: int | None = None
    tool_calls: list[ToolCall] = []  # what the model asked to run instead of (or with) text


class ModelInfo(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    provider: str
