"""A fake Concentrate AI gateway (`/v1/responses`, `/v1/models`) on 127.0.0.1.

Built from contracts/CONCENTRATE.md §9. Usage mirrors `openai_server`:

    with FakeConcentrateServer() as server:       # or the `concentrate_server` fixture
        server.base_url                            # "http://127.0.0.1:<port>/v1"
        server.api_key                             # Bearer key it accepts ("sk-cn-v1-test")
        server.push(Reply(mode="truncated"), Reply(text="fallback"))
        server.models_shape = "data"               # GET /models as {"data": [...]} ("array")
        server.completions[-1].body["input"]

Wire format: POST /responses needs `Authorization: Bearer <key>` (else 401, flat error body),
`model` and `input` (else 400). Replies echo `model` as `provider/slug` (`auto` becomes a concrete
model), use bare UUID ids and no top-level `output_text`. Streams are `event:`/`data:` pairs with
increasing `sequence_number`, ending with `response.completed` and no `[DONE]`. Error bodies
are flat `{"error": "...", "message": ...}` as documented (429 adds `retry_after`, 424 `model`).
Fault modes: see `llm_script`. Native tools (§6): a `Reply(tool_calls=[{"name", "arguments"}])`
adds `function_call` output items; a `function_call_output` whose `call_id` no earlier
`function_call` item carries gets 400.
"""

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from tests.fakes.http.llm_script import Reply, ScriptedLLMServer, orphan_result, tokens
from tests.fakes.http.loopback import RecordedRequest, Response

_ERRORS = {
    400: ("Bad Request", "Missing required field"),
    401: ("Unauthorized", "Invalid API key"),
    402: (
        "Insufficient funds",
        "Your account has insufficient credits. Please add credits to continue.",
    ),
    429: ("Rate limit exceeded", "Too many requests. Please retry after 60 seconds."),
    500: ("Internal server error", "An unexpected error occurred. Please try again."),
}


def concentrate_error(
    status: int, model: str = "openai/gpt-4o", retry_after: float | None = None
) -> dict[str, Any]:
    if status == 424:
        return {
            "error": f"Model '{model}' Errored",
            "message": f"Request to {model} failed because provider was unavailable",
            "model": model,
        }
    error, message = _ERRORS.get(status, ("Error", f"HTTP {status}"))
    body: dict[str, Any] = {"error": error, "message": message}
    if status == 429:
        body["retry_after"] = 60 if retry_after is None else retry_after
    return body


def served_model(requested: str) -> str:
    if requested == "auto":
        return "openai/gpt-4o-mini"
    return requested if "/" in requested else f"openai/{requested}"


class FakeConcentrateServer(ScriptedLLMServer):
    def __init__(self, *, api_key: str = "sk-cn-v1-test", models: list[str] | None = None) -> None:
        super().__init__()
        self.api_key = api_key
        self.models = models or ["gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro"]
        self.models_shape: Literal["array", "data"] = "array"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    async def handle(self, request: RecordedRequest, response: Response) -> None:
        path = request.path.rstrip("/")
        if request.method == "GET" and path.endswith("/responses/health"):
            await response.send_bytes(200, b"", "application/json")
        elif request.method == "GET" and path.endswith("/models"):
            await self._models(response)
        elif request.method == "POST" and path.endswith("/responses"):
            await self._respond(request, response)
        else:
            await response.send_json(404, {"error": "Not Found", "message": request.path})

    async def _models(self, response: Response) -> None:
        reply = self.models_reply
        if reply and reply.mode == "error":
            await response.send_json(reply.status, reply.body or concentrate_error(reply.status))
            return
        if self.models_shape == "array":
            native = [_native_model(slug) for slug in self.models]
            await response.send_json(200, native)
        else:
            data = [{"id": slug, "object": "model", "name": slug.upper()} for slug in self.models]
            await response.send_json(200, {"object": "list", "data": data})

    async def _respond(self, request: RecordedRequest, response: Response) -> None:
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            await response.send_json(401, concentrate_error(401))
            return
        body = request.body if isinstance(request.body, dict) else {}
        if not body.get("model") or not body.get("input"):
            await response.send_json(400, concentrate_error(400))
            return
        orphan = orphan_result(list(_call_events(body["input"])))
        if orphan:
            problem = {"error": "Bad Request", "message": f"No function_call for {orphan}"}
            await response.send_json(400, problem)
            return
        reply = self.next_reply(request)
        model = reply.model or served_model(str(body["model"]))
        if not await self.sleep_then_maybe_hang(reply, response):
            return
        if reply.mode == "error":
            error_body = reply.body or concentrate_error(reply.status, model, reply.retry_after)
            await response.send_json(reply.status, error_body, reply.headers)
        elif body.get("stream"):
            await _Stream(reply, response, model).run()
        elif reply.mode == "malformed":
            await response.send_bytes(200, b'{"id": "x", "output": [', "application/json")
        else:
            answer = snapshot(model, _status(reply), _text_for(reply))
            answer["output"] += [_function_call(call) for call in reply.tool_calls]
            await response.send_json(200, answer)


def _function_call(call: dict[str, Any]) -> dict[str, Any]:
    arguments = json.dumps(call.get("arguments", {}))
    return {"type": "function_call", "call_id": f"call_{uuid.uuid4().hex[:8]}",
            "name": call["name"], "arguments": arguments, "status": "completed"}  # fmt: skip


def _call_events(items: object) -> Iterator[tuple[str, str]]:
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and item.get("type") == "function_call":
            yield "call", str(item.get("call_id", ""))
        elif isinstance(item, dict) and item.get("type") == "function_call_output":
            yield "result", str(item.get("call_id") or "")


def _native_model(slug: str) -> dict[str, Any]:
    return {
        "slug": slug,
        "aliases": [],
        "name": slug.replace("-", " ").title(),
        "description": f"{slug} served through the fake gateway",
        "author": {"slug": "openai", "display_name": "OpenAI"},
        "providers": {"openai": {"context_window": 128000, "max_output_tokens": 16384}},
    }


def _status(reply: Reply) -> str:
    return "incomplete" if reply.mode == "incomplete" else "completed"


def _text_for(reply: Reply) -> str:
    if reply.mode == "empty":
        return ""
    if reply.mode == "incomplete":
        pieces = tokens(reply.text)
        return "".join(pieces[: max(1, len(pieces) // 2)])
    return reply.text


def snapshot(model: str, status: str, text: str | None, *, rid: str = "") -> dict[str, Any]:
    """A response object as §3 documents it; `text=None` gives the in-progress `output: []`."""
    output = []
    if text is not None:
        part = {"type": "output_text", "text": text, "annotations": []}
        message = {"type": "message", "role": "assistant", "id": str(uuid.uuid4())}
        output = [{**message, "status": "completed", "content": [part] if text else []}]
    words = len(tokens(text or ""))
    return {
        "id": rid or str(uuid.uuid4()),
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if status == "incomplete" else None,
        "instructions": None,
        "reasoning": {"effort": None, "summary": None},
        "model": model,
        "output": output,
        "tools": [],
        "usage": None
        if text is None
        else {"input_tokens": 12, "output_tokens": words, "total_tokens": 12 + words},
    }


class _Stream:
    """One streamed response in the documented event order, faults included."""

    def __init__(self, reply: Reply, response: Response, model: str) -> None:
        self.reply, self.response, self.model = reply, response, model
        self.rid, self.item_id, self.seq = str(uuid.uuid4()), str(uuid.uuid4()), 0

    async def run(self) -> None:
        mode, text = self.reply.mode, _text_for(self.reply)
        await self.response.start_stream()
        await self._opening()
        if mode in ("truncated", "eof", "error_event"):
            return await self._fault(mode)
        at = {"item_id": self.item_id, "output_index": 0, "content_index": 0}
        await self._event(
            "response.content_part.added", **at, part={"type": "output_text", "text": ""}
        )
        pieces = tokens(text)
        cut = (
            max(1, len(pieces) // 2)
            if mode in ("midstream_eof", "failed", "hang_midstream")
            else None
        )
        for piece in pieces[:cut]:
            await self.response.sleep(self.reply.token_delay)
            await self._event("response.output_text.delta", **at, delta=piece)
        if mode == "malformed":
            await self.response.chunk(b"event: response.output_text.delta\ndata: {not json\n\n")
        if mode in ("midstream_eof", "failed", "hang_midstream"):
            return await self._fault(mode)
        await self._closing(text, at)

    async def _opening(self) -> None:
        start = snapshot(self.model, "in_progress", None, rid=self.rid)
        await self._event("response.created", response=start)
        await self._event("response.in_progress", response=start)
        item = {"type": "message", "role": "assistant", "id": self.item_id}
        await self._event(
            "response.output_item.added",
            output_index=0,
            item={**item, "status": "in_progress", "content": []},
        )

    async def _closing(self, text: str, at: dict[str, Any]) -> None:
        final = snapshot(self.model, _status(self.reply), text, rid=self.rid)
        part = {"type": "output_text", "text": text, "annotations": []}
        await self._event("response.output_text.done", **at, text=text)
        await self._event("response.content_part.done", **at, part=part)
        await self._event("response.output_item.done", output_index=0, item=final["output"][0])
        kind = "response.incomplete" if self.reply.mode == "incomplete" else "response.completed"
        await self._event(kind, response=final)
        await self.response.end_stream()

    async def _fault(self, mode: str) -> None:
        if mode == "truncated":
            await self.response.end_stream()
        elif mode in ("eof", "midstream_eof"):
            self.response.cut()
        elif mode == "hang_midstream":
            await self.response.hang()
        elif mode == "failed":
            failed = snapshot(self.model, "failed", None, rid=self.rid)
            failed["error"] = {"code": "server_error", "message": "Internal Server Error"}
            await self._event("response.failed", response=failed)
            await self.response.end_stream()
        else:
            await self._event(
                "error", code="provider_error", message="The provider failed", param=None
            )
            await self.response.end_stream()

    async def _event(self, kind: str, **payload: Any) -> None:
        data = json.dumps({"type": kind, "sequence_number": self.seq, **payload})
        self.seq += 1
        await self.response.chunk(f"event: {kind}\ndata: {data}\n\n".encode())
