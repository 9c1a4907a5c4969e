"""Scripted replies shared by the fake LLM servers (`openai_server`, `concentrate_server`).

A fake answers each completion request with the next queued `Reply` (`server.push(...)`), or,
when the queue is empty, with `server.responder(request)` if set, else `server.default`.

Modes (a `Reply.mode`; a fault applies to the kind of call it names, otherwise the reply is normal):
- "ok": a normal answer, streamed token by token when the request asked for `stream`.
- "error": HTTP `status` before any streaming, with `body` (default: the service's documented
  error body for that status) and `headers` (e.g. `Retry-After`). See `Reply.http_error`.
- "truncated" (stream): the opening events only, then a clean end of stream (the Concentrate
  "3 events then EOF" fault; for OpenAI the role chunk only, without `[DONE]`).
- "eof" (stream): the opening events, then the socket is cut (no terminating chunk).
- "midstream_eof" (stream): half of the tokens, then the socket is cut.
- "failed" (stream): a few tokens, then a failure event (`response.failed` / an error chunk).
- "error_event" (stream): the opening events, then an `error` event.
- "incomplete": a partial answer marked incomplete (max tokens).
- "hang": accept the request and never answer (until the client gives up).
- "hang_midstream" (stream): a few tokens, then silence until the client gives up.
- "malformed": 200 with a body (or a stream event) that is not JSON.
- "empty": a completed reply that holds no text.
"""

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from tests.fakes.http.loopback import LoopbackServer, RecordedRequest, Response

Mode = Literal[
    "ok",
    "error",
    "truncated",
    "eof",
    "midstream_eof",
    "failed",
    "error_event",
    "incomplete",
    "hang",
    "hang_midstream",
    "malformed",
    "empty",
]

STREAM_FAULTS = frozenset(
    {"truncated", "eof", "midstream_eof", "failed", "error_event", "hang_midstream"}
)


@dataclass
class Reply:
    text: str = "Hello from the fake model."
    mode: Mode = "ok"
    status: int = 200
    body: Any = None  # the JSON body of an "error" reply; None: the documented default
    headers: dict[str, str] = field(default_factory=dict)
    token_delay: float = 0.0  # seconds between streamed tokens
    delay: float = 0.0  # seconds before the response starts (a slow upstream)
    model: str | None = None  # the model the reply claims; None: derived from the request
    retry_after: float | None = None  # put in the default error body of an "error" reply
    piece_words: int = 1  # words per streamed delta (a long answer in fewer, bigger pieces)
    # Native tool calls of a non-stream reply: [{"name": ..., "arguments": {...}}, ...]
    tool_calls: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def http_error(
        cls, status: int, *, retry_after: float | None = None, body: Any = None
    ) -> "Reply":
        """An HTTP error; `retry_after` sets both the `Retry-After` header and the body field."""
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        return cls(mode="error", status=status, body=body, headers=headers, retry_after=retry_after)


def orphan_result(events: list[tuple[str, str]]) -> str | None:
    """In ("call" | "result", call id) order, the first result whose call was not sent before
    it (real servers reject such a request with 400); None when every result has its call."""
    seen: set[str] = set()
    for kind, call_id in events:
        if kind == "call":
            seen.add(call_id)
        elif call_id not in seen:
            return call_id or "(missing)"
    return None


def tokens(text: str, words: int = 1) -> list[str]:
    """Pieces of `words` words that concatenate back to `text`."""
    found = re.findall(r"\s*\S+|\s+$", text) or ([text] if text else [])
    return (
        found
        if words <= 1
        else ["".join(found[i : i + words]) for i in range(0, len(found), words)]
    )


class ScriptedLLMServer(LoopbackServer):
    """Base of the fake LLM servers: a reply queue, models and request routing by path suffix."""

    def __init__(self) -> None:
        super().__init__()
        self.models: list[str] = ["fake-model"]
        self.replies: deque[Reply] = deque()
        self.default = Reply()
        self.responder: Callable[[RecordedRequest], Reply] | None = None
        self.models_reply: Reply | None = None  # e.g. Reply.http_error(500) for GET /models

    def push(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def next_reply(self, request: RecordedRequest) -> Reply:
        if self.replies:
            return self.replies.popleft()
        return self.responder(request) if self.responder else self.default

    @property
    def completions(self) -> list[RecordedRequest]:
        """Recorded completion requests (not model listings), oldest first."""
        return [r for r in self.requests if r.method == "POST"]

    async def sleep_then_maybe_hang(self, reply: Reply, response: Response) -> bool:
        """Apply `delay` and "hang"; True when the caller should go on answering."""
        await response.sleep(reply.delay)
        if reply.mode == "hang":
            await response.hang()
            return False
        return True
