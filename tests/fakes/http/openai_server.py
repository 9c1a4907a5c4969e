"""A fake OpenAI-compatible server (`/v1/chat/completions`, `/v1/models`) on 127.0.0.1.

Usage (any test, sync or async; the server runs in its own thread):

    from tests.fakes.http.openai_server import FakeOpenAIServer
    from tests.fakes.http.llm_script import Reply

    with FakeOpenAIServer() as server:            # or the `openai_server` fixture
        server.base_url                           # "http://127.0.0.1:<port>/v1" -> OPENAI_BASE_URL
        server.push(Reply(text="Answer: hi", token_delay=0.05))   # the next completion's reply
        server.push(Reply.http_error(429, retry_after=1))          # then a rate limit ...
        server.default = Reply(text="...")        # used when the queue is empty
        server.responder = lambda request: Reply(...)              # or decide per request
        ...
        server.completions[-1].body["messages"]   # what the client sent (decoded JSON)
        server.completions[-1].aborted            # True if the client hung up mid-reply
        server.wait_for(lambda: server.completions[-1].aborted, timeout=2)

For a real server process: set `LLM_PROVIDER=openai`, `OPENAI_BASE_URL=server.base_url` (and
`DEFAULT_MODEL` if you like) in its environment. When that process is killed, the kernel closes
its sockets and the in-flight request is recorded with `aborted=True`.

`api_key=None` (the default) accepts any or no `Authorization`; with a key, other keys get 401.
Wire format: chat.completion / chat.completion.chunk objects, `data: [DONE]` at the end of a
stream, errors as `{"error": {"message", "type", "code"}}`. Fault modes: see `llm_script`.
Native tools: a `Reply(tool_calls=[{"name", "arguments"}])` answers with `message.tool_calls`
(finish_reason "tool_calls"); a `tool` message whose `tool_call_id` no earlier assistant
`tool_calls` entry carries gets 400, as OpenAI answers.
"""

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from tests.fakes.http.llm_script import Reply, ScriptedLLMServer, orphan_result, tokens
from tests.fakes.http.loopback import RecordedRequest, Response

_ERRORS = {
    400: ("Invalid request", "invalid_request_error", None),
    401: ("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
    402: ("You exceeded your current quota.", "insufficient_quota", "insufficient_quota"),
    424: ("The model errored.", "server_error", "model_error"),
    429: ("Rate limit reached for requests.", "requests", "rate_limit_exceeded"),
    500: ("The server had an error while processing your request.", "server_error", None),
}


def openai_error(status: int, message: str | None = None) -> dict[str, Any]:
    default, kind, code = _ERRORS.get(status, (f"HTTP {status}", "server_error", None))
    return {"error": {"message": message or default, "type": kind, "param": None, "code": code}}


class FakeOpenAIServer(ScriptedLLMServer):
    def __init__(self, *, api_key: str | None = None, models: list[str] | None = None) -> None:
        super().__init__()
        self.api_key = api_key
        self.models = models or ["gpt-4o-mini", "llama3.1:8b"]

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    async def handle(self, request: RecordedRequest, response: Response) -> None:
        if self.api_key and request.headers.get("authorization") != f"Bearer {self.api_key}":
            await response.send_json(401, openai_error(401))
        elif request.method == "GET" and request.path.endswith("/models"):
            await self._models(response)
        elif request.method == "POST" and request.path.endswith("/chat/completions"):
            await self._complete(request, response)
        else:
            await response.send_json(404, openai_error(404, "Not found"))

    async def _models(self, response: Response) -> None:
        reply = self.models_reply
        if reply and reply.mode == "error":
            await response.send_json(reply.status, reply.body or openai_error(reply.status))
            return
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.models]
        await response.send_json(200, {"object": "list", "data": data})

    async def _complete(self, request: RecordedRequest, response: Response) -> None:
        body = request.body if isinstance(request.body, dict) else {}
        if not body.get("model") or not isinstance(body.get("messages"), list):
            await response.send_json(400, openai_error(400, "model and messages are required"))
            return
        orphan = orphan_result(list(_call_events(body["messages"])))
        if orphan:
            message = f"tool message {orphan} does not follow an assistant tool_calls entry"
            await response.send_json(400, openai_error(400, message))
            return
        reply = self.next_reply(request)
        if not await self.sleep_then_maybe_hang(reply, response):
            return
        if reply.mode == "error":
            error_body = reply.body or openai_error(reply.status)
            await response.send_json(reply.status, error_body, reply.headers)
        elif body.get("stream"):
            await _Stream(reply, response, reply.model or body["model"]).run()
        else:
            await self._whole(reply, response, reply.model or body["model"])

    async def _whole(self, reply: Reply, response: Response, model: str) -> None:
        if reply.mode == "malformed":
            await response.send_bytes(200, b'{"id": "chatcmpl-1", "choices": [', "application/json")
            return
        text = _text_for(reply)
        finish = "length" if reply.mode == "incomplete" else "stop"
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if reply.tool_calls:
            finish, message["content"] = "tool_calls", text or None
            message["tool_calls"] = [_tool_call(i, call) for i, call in enumerate(reply.tool_calls)]
        usage = {"prompt_tokens": 10, "completion_tokens": len(tokens(text))}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        await response.send_json(
            200,
            {
                "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": usage,
            },
        )


def _tool_call(index: int, call: dict[str, Any]) -> dict[str, Any]:
    arguments = json.dumps(call.get("arguments", {}))
    function = {"name": call["name"], "arguments": arguments}
    return {"id": f"call_{uuid.uuid4().hex[:8]}_{index}", "type": "function", "function": function}


def _call_events(messages: list[Any]) -> Iterator[tuple[str, str]]:
    for message in messages:
        if not isinstance(message, dict):
            continue
        for call in message.get("tool_calls") or ():
            yield "call", str(call.get("id", ""))
        if message.get("role") == "tool":
            yield "result", str(message.get("tool_call_id") or "")


def _text_for(reply: Reply) -> str:
    if reply.mode == "empty":
        return ""
    if reply.mode == "incomplete":
        pieces = tokens(reply.text)
        return "".join(pieces[: max(1, len(pieces) // 2)])
    return reply.text


class _Stream:
    """One streamed chat completion, faults included."""

    def __init__(self, reply: Reply, response: Response, model: str) -> None:
        self.reply, self.response, self.model = reply, response, model
        self.id = f"chatcmpl-{uuid.uuid4().hex[:12]}"

    async def run(self) -> None:
        mode, pieces = self.reply.mode, tokens(_text_for(self.reply), self.reply.piece_words)
        await self.response.start_stream()
        await self._chunk({"role": "assistant", "content": ""})
        if mode in ("truncated", "eof", "error_event"):
            return await self._fault(mode)
        cut = (
            max(1, len(pieces) // 2)
            if mode in ("midstream_eof", "failed", "hang_midstream")
            else None
        )
        for piece in pieces[:cut]:
            await self.response.sleep(self.reply.token_delay)
            await self._chunk({"content": piece})
        if mode == "malformed":
            await self.response.chunk(b"data: {not json\n\n")
        if mode in ("midstream_eof", "failed", "hang_midstream"):
            return await self._fault(mode)
        await self._chunk({}, "length" if mode == "incomplete" else "stop")
        await self.response.chunk(b"data: [DONE]\n\n")
        await self.response.end_stream()

    async def _fault(self, mode: str) -> None:
        if mode == "truncated":
            await self.response.end_stream()
        elif mode in ("eof", "midstream_eof"):
            self.response.cut()
        elif mode == "hang_midstream":
            await self.response.hang()
        else:  # failed, error_event: an error object inside the stream, then the end
            await self._data(openai_error(500))
            await self.response.end_stream()

    async def _chunk(self, delta: dict[str, Any], finish: str | None = None) -> None:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        await self._data(
            {
                "id": self.id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": self.model,
                "choices": [choice],
            }
        )

    async def _data(self, payload: dict[str, Any]) -> None:
        await self.response.chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")
