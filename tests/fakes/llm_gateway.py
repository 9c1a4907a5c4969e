"""ScriptedLLMGateway: the LLMGateway port answering from a script, with state to inspect.

Each call takes the next queued reply (`push`), else `responder(request)` if set, else `default`.
A reply is text (ReAct format, see `action` / `answer`) or a `Scripted` with an error to raise,
a latency before the first token and a per-token delay. Streams record whether they were
aborted (closed before their last token), which is how tests prove a cancel reached the model.
"""

import asyncio
import re
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import msgspec

from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.domain.llm import LLMReply, LLMRequest, ModelInfo

_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass
class Scripted:
    text: str = ""
    error: Exception | None = None
    latency: float | None = None  # seconds before the first token; None: the gateway's
    token_delay: float | None = None  # seconds between tokens; None: the gateway's


def action(tool: str, args: dict[str, object], thought: str = "I should look this up.") -> str:
    return f"Thought: {thought}\nAction: {tool}\nAction Input: {msgspec.json.encode(args).decode()}"


def answer(text: str, thought: str = "I can answer now.") -> str:
    return f"Thought: {thought}\nAnswer: {text}"


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


class ScriptedLLMGateway(LLMGateway):
    provider = "scripted"

    def __init__(
        self,
        *replies: str | Scripted,
        can_stream: bool = True,
        latency: float = 0.0,
        token_delay: float = 0.0,
        default: str = answer("Hello from the scripted model."),
        responder: Callable[[LLMRequest], str | Scripted] | None = None,
        default_model: str = "scripted-model",
    ) -> None:
        self.can_stream = can_stream
        self.default_model = default_model
        self.latency = latency
        self.token_delay = token_delay
        self.default = default
        self.responder = responder
        self.queue: deque[str | Scripted] = deque(replies)
        self.requests: list[LLMRequest] = []
        self.streams_started = 0
        self.streams_completed = 0
        self.streams_aborted = 0
        self.aborted = asyncio.Event()
        self.first_token_at: list[float] = []  # loop time each stream sent its first token

    def push(self, *replies: str | Scripted) -> None:
        self.queue.extend(replies)

    async def complete(self, request: LLMRequest) -> LLMReply:
        reply = self._next(request)
        await asyncio.sleep(self._latency(reply))
        if reply.error is not None:
            raise reply.error
        return LLMReply(text=reply.text, model=request.model or self.default_model)

    def stream(self, request: LLMRequest) -> AsyncIterator[str]:
        return self._stream(request)

    async def list_models(self) -> list[ModelInfo]:
        return [ModelInfo(id=self.default_model, name="Scripted", provider=self.provider)]

    async def _stream(self, request: LLMRequest) -> AsyncIterator[str]:
        reply = self._next(request)
        self.streams_started += 1
        finished = False
        try:
            await asyncio.sleep(self._latency(reply))
            if reply.error is not None:
                finished = True
                raise reply.error
            delay = self.token_delay if reply.token_delay is None else reply.token_delay
            for index, token in enumerate(tokens(reply.text)):
                if index and delay:
                    await asyncio.sleep(delay)
                if not index:
                    self.first_token_at.append(asyncio.get_running_loop().time())
                yield token
            finished = True
            self.streams_completed += 1
        finally:
            if not finished:
                self.streams_aborted += 1
                self.aborted.set()

    def _next(self, request: LLMRequest) -> Scripted:
        self.requests.append(request)
        if self.queue:
            reply = self.queue.popleft()
        elif self.responder is not None:
            reply = self.responder(request)
        else:
            reply = self.default
        return reply if isinstance(reply, Scripted) else Scripted(text=reply)

    def _latency(self, reply: Scripted) -> float:
        return self.latency if reply.latency is None else reply.latency
