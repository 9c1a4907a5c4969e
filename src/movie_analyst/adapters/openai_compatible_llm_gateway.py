"""`LLMGateway` over any OpenAI-compatible server (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp).

`POST {base}/chat/completions` with an optional Bearer key; streams are `data:` lines of
`chat.completion.chunk` objects closed by `data: [DONE]`; an error may arrive inside a stream as
`{"error": {...}}`. Like the Concentrate gateway, a stream that yields no text falls back once to
a non-stream call. `GET {base}/models` returns `{data: [{id}]}`.
"""

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

import httpx
import msgspec

from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.llm_http import Upstream, drain, stream_with_fallback
from movie_analyst.application.errors import UpstreamUnavailable
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import (
    ChatTurn,
    LLMReply,
    LLMRequest,
    ModelInfo,
    ToolCall,
    ToolDefinition,
)


class _Function(msgspec.Struct):
    name: str = ""
    arguments: str = ""


class _ToolCall(msgspec.Struct):
    id: str = ""
    function: _Function | None = None


class _Message(msgspec.Struct):
    content: str | None = None
    tool_calls: list[_ToolCall] | None = None


class _Choice(msgspec.Struct):
    message: _Message | None = None
    delta: _Message | None = None
    finish_reason: str | None = None


class _Problem(msgspec.Struct):
    message: str | None = None
    type: str | None = None


class _Usage(msgspec.Struct):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class _Completion(msgspec.Struct):
    model: str = ""
    choices: list[_Choice] = []
    usage: _Usage | None = None
    error: _Problem | str | None = None


class _Model(msgspec.Struct):
    id: str
    name: str | None = None


class _ModelList(msgspec.Struct):
    data: list[_Model] = []


_completion_decoder = msgspec.json.Decoder(_Completion)
_models_decoder = msgspec.json.Decoder(_ModelList | list[_Model])
DEFAULT_POLICY = RetryPolicy(attempts=4)


class OpenAICompatibleLLMGateway(LLMGateway):
    provider = "openai"
    can_stream = True
    can_call_tools = True  # chat-completions `tools`; a server without them answers in text

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        base_url: str,
        api_key: str | None = None,
        default_model: str = "gpt-4o-mini",
        max_output_tokens: int = 1024,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        self.default_model = default_model
        self._max_output_tokens = max_output_tokens
        self._upstream = Upstream(
            name="the OpenAI-compatible server",
            client=client,
            base_url=base_url,
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
            policy=policy,
            key_setting="OPENAI_API_KEY",
        )

    def _body(self, request: LLMRequest, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": request.model or self.default_model,
            "messages": [chat_message(turn) for turn in request.messages],
            "stream": stream,
            "max_tokens": request.max_output_tokens or self._max_output_tokens,
        }
        if request.tools:
            body["tools"] = [function_tool(tool) for tool in request.tools]
        if request.temperature is not None:
            body["temperature"] = request.temperature
        return body

    async def complete(self, request: LLMRequest) -> LLMReply:
        body = self._body(request, stream=False)
        response = await self._upstream.post("/chat/completions", body, stream=False)
        parsed = self._decode(response.content)
        text = "".join(c.message.content or "" for c in parsed.choices if c.message)
        calls = [call for c in parsed.choices if c.message for call in _calls(c.message)]
        if not text and not calls:
            raise self._upstream.bad_response(f"an empty answer from model {parsed.model or '?'}")
        usage = parsed.usage or _Usage()
        return LLMReply(
            text=text,
            model=parsed.model or body["model"],
            input_tokens=usage.prompt_tokens,
            output_tokens=usage.completion_tokens,
            tool_calls=calls,
        )

    def stream(self, request: LLMRequest) -> AsyncIterator[str]:
        return stream_with_fallback(
            lambda: self._stream_once(request), lambda: self.complete(request)
        )

    async def _stream_once(self, request: LLMRequest) -> AsyncGenerator[str, None]:
        body = self._body(request, stream=True)
        response = await self._upstream.post("/chat/completions", body, stream=True)
        try:
            async with aclosing(self._upstream.events(response)) as events:
                async for sse in events:
                    if sse.data.strip() == "[DONE]":
                        break
                    chunk = self._decode(sse.data.encode())
                    for choice in chunk.choices:
                        if choice.delta and choice.delta.content:
                            yield choice.delta.content
                await drain(events)  # to the body's end, so the connection goes back to the pool
        finally:
            await response.aclose()

    def _decode(self, data: bytes) -> _Completion:
        try:
            parsed = _completion_decoder.decode(data)
        except msgspec.DecodeError as exc:
            raise self._upstream.bad_response("a reply that is not valid JSON") from exc
        if parsed.error:
            problem = parsed.error
            detail = problem if isinstance(problem, str) else (problem.message or problem.type)
            name = self._upstream.name
            raise UpstreamUnavailable(f"{name} failed mid-answer ({detail})", upstream=name)
        return parsed

    async def list_models(self) -> list[ModelInfo]:
        response = await self._upstream.get("/models")
        try:
            decoded = _models_decoder.decode(response.content)
        except msgspec.DecodeError as exc:
            raise self._upstream.bad_response("an unreadable model list") from exc
        entries = decoded.data if isinstance(decoded, _ModelList) else decoded
        return [ModelInfo(id=m.id, name=m.name or m.id, provider=self.provider) for m in entries]


def chat_message(turn: ChatTurn) -> dict[str, Any]:
    """A turn in chat-completions form, tool calls and tool results included."""
    if not turn.tool_calls and turn.role != "tool":  # nearly every turn: who said what
        return {"role": turn.role, "content": turn.content}
    if turn.role == "tool":
        return {"role": "tool", "tool_call_id": turn.tool_call_id, "content": turn.content}
    message: dict[str, Any] = {"role": turn.role, "content": turn.content}
    if turn.tool_calls:
        message["content"] = turn.content or None
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in turn.tool_calls
        ]
    return message


def function_tool(tool: ToolDefinition) -> dict[str, Any]:
    function = {"name": tool.name, "description": tool.description, "parameters": tool.parameters}
    return {"type": "function", "function": function}


def _calls(message: _Message) -> list[ToolCall]:
    return [
        ToolCall(id=call.id, name=call.function.name, arguments=call.function.arguments or "{}")
        for call in message.tool_calls or ()
        if call.function and call.function.name
    ]
