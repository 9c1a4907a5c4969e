"""`LLMGateway` over Concentrate AI's Responses API (`POST {base}/responses`).

Wire facts (../shared/contracts/CONCENTRATE.md): text lives in
`output[type=message].content[type=output_text].text`, never in a top-level `output_text`; a stream
is `event:`/`data:` pairs ending with `response.completed|failed|incomplete` or `error`, no
`[DONE]`; a known fault ends a stream after three events with no text, so a stream that yields
no text falls back once to a non-stream call. `GET {base}/models` is a bare array or `{data}`,
items keyed by `slug` or `id`.
"""

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Any

import httpx
import msgspec

from movie_analyst.adapters.concentrate_tools import function_tool, input_items
from movie_analyst.adapters.concentrate_wire import (
    Event,
    ModelList,
    Problem,
    Response,
    Usage,
    event_decoder,
    models_decoder,
    response_decoder,
)
from movie_analyst.adapters.http_support import RetryPolicy
from movie_analyst.adapters.llm_http import Upstream, drain, stream_with_fallback
from movie_analyst.application.errors import UpstreamUnavailable
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import LLMReply, LLMRequest, ModelInfo, ToolCall

DEFAULT_POLICY = RetryPolicy(attempts=4)
_TERMINAL_OK = ("response.completed", "response.incomplete")
_TERMINAL_FAILED = ("response.failed", "error")


class ConcentrateLLMGateway(LLMGateway):
    provider = "concentrate"
    can_stream = True
    can_call_tools = True  # Responses function tools (CONCENTRATE.md §6)

    def __init__(
        self,
        *,
        client: httpx.AsyncClient,
        api_key: str,
        base_url: str = "https://api.concentrate.ai/v1",
        default_model: str = "auto",
        max_output_tokens: int = 1024,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> None:
        self.default_model = default_model
        self._max_output_tokens = max_output_tokens
        self._upstream = Upstream(
            name="Concentrate AI",
            client=client,
            base_url=base_url,
            headers={"Authorization": f"Bearer {api_key}"},
            policy=policy,
            key_setting="CONCENTRATE_API_KEY",
        )

    def _body(self, request: LLMRequest, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": request.model or self.default_model,
            "input": [item for turn in request.messages for item in input_items(turn)],
            "stream": stream,
            "max_output_tokens": request.max_output_tokens or self._max_output_tokens,
            "tool_choice": "auto" if request.tools else "none",  # "none": ReAct in plain text
        }
        if request.tools:
            body["tools"] = [function_tool(tool) for tool in request.tools]
        if request.temperature is not None:
            body["temperature"] = request.temperature
        return body

    async def complete(self, request: LLMRequest) -> LLMReply:
        response = await self._upstream.post(
            "/responses", self._body(request, stream=False), stream=False
        )
        try:
            parsed = response_decoder.decode(response.content)
        except msgspec.DecodeError as exc:
            raise self._upstream.bad_response("a reply that is not valid JSON") from exc
        self._raise_if_failed(parsed)
        text, calls = _output_text(parsed), _tool_calls(parsed)
        if not text and not calls:
            raise self._upstream.bad_response(f"an empty answer from model {parsed.model or '?'}")
        usage = parsed.usage or Usage()
        return LLMReply(
            text=text,
            model=parsed.model or (request.model or self.default_model),
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            tool_calls=calls,
        )

    def stream(self, request: LLMRequest) -> AsyncIterator[str]:
        return stream_with_fallback(
            lambda: self._stream_once(request), lambda: self.complete(request)
        )

    async def _stream_once(self, request: LLMRequest) -> AsyncGenerator[str, None]:
        body = self._body(request, stream=True)
        response = await self._upstream.post("/responses", body, stream=True)
        produced = False
        try:
            async with aclosing(self._upstream.events(response)) as events:
                async for sse in events:
                    event = self._decode_event(sse.data)
                    if event.type == "response.output_text.delta" and event.delta:
                        produced = True
                        yield event.delta
                    elif event.type in _TERMINAL_FAILED:
                        raise self._stream_failure(event)
                    elif event.type in _TERMINAL_OK:
                        if (
                            not produced
                            and event.response
                            and (text := _output_text(event.response))
                        ):
                            yield text  # a stream that sent the text only in its final snapshot
                        break
                # Read to the end of the body: a response closed before its last chunk
                # takes its connection out of the pool (a new TCP connection per call).
                await drain(events)
        finally:
            await response.aclose()

    def _decode_event(self, data: str) -> Event:
        try:
            return event_decoder.decode(data)
        except msgspec.DecodeError as exc:
            raise self._upstream.bad_response("a stream event that is not valid JSON") from exc

    def _stream_failure(self, event: Event) -> UpstreamUnavailable:
        problem = event.response.error if event.response else None
        if isinstance(problem, Problem):
            detail = f"{problem.code or 'error'}: {problem.message or 'no detail'}"
        else:
            detail = f"{event.code or problem or 'error'}: {event.message or 'no detail'}"
        name = self._upstream.name
        return UpstreamUnavailable(f"{name} failed mid-answer ({detail})", upstream=name)

    def _raise_if_failed(self, parsed: Response) -> None:
        if parsed.status == "failed" or parsed.error:
            raise self._stream_failure(Event(type="response.failed", response=parsed))

    async def list_models(self) -> list[ModelInfo]:
        response = await self._upstream.get("/models")
        try:
            decoded = models_decoder.decode(response.content)
        except msgspec.DecodeError as exc:
            raise self._upstream.bad_response("an unreadable model list") from exc
        entries = decoded.data if isinstance(decoded, ModelList) else decoded
        models = [ModelInfo(id="auto", name="Auto (Concentrate routing)", provider=self.provider)]
        for entry in entries:
            model_id = entry.slug or entry.id
            if model_id and model_id != "auto":
                models.append(
                    ModelInfo(id=model_id, name=entry.name or model_id, provider=self.provider)
                )
        return models


def _output_text(parsed: Response) -> str:
    return "".join(
        part.text
        for item in parsed.output
        if item.type == "message"
        for part in item.content or ()
        if part.type == "output_text"
    )


def _tool_calls(parsed: Response) -> list[ToolCall]:
    return [
        ToolCall(id=item.call_id, name=item.name, arguments=item.arguments or "{}")
        for item in parsed.output
        if item.type == "function_call" and item.name
    ]
