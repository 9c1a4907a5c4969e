"""ScriptedAgent: the Agent port replaying scripted events, recording every call it gets.

A script is a list of `AgentEvent`s, `Exception`s (raised when reached) and floats (seconds to
sleep there, so a test can cancel mid-run). `closed` counts runs whose iterator was closed or
cancelled before the script's end."""

import asyncio
from collections import deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass

from movie_analyst.application.ports.agent import Agent, AgentEvent, AgentFinal
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.run_event import AnswerToken

Step = AgentEvent | Exception | float


@dataclass
class AgentCall:
    history: list[ChatTurn]
    message: str
    model: str | None
    stream: bool = True


def answering(text: str) -> list[Step]:
    """A plain script: the answer word by word, then the final event."""
    words = text.split(" ")
    pieces = [word + (" " if i < len(words) - 1 else "") for i, word in enumerate(words)]
    return [*(AnswerToken(content=piece) for piece in pieces), AgentFinal(text=text)]


class ScriptedAgent(Agent):
    def __init__(self, *scripts: list[Step], default: list[Step] | None = None) -> None:
        self.scripts: deque[list[Step]] = deque(scripts)
        self.default = default if default is not None else answering("Hello there.")
        self.calls: list[AgentCall] = []
        self.closed = 0
        self.started = asyncio.Event()

    def push(self, *scripts: list[Step]) -> None:
        self.scripts.extend(scripts)

    def run(
        self, *, history: list[ChatTurn], message: str, model: str | None, stream: bool = True
    ) -> AsyncGenerator[AgentEvent, None]:
        call = AgentCall(history=list(history), message=message, model=model, stream=stream)
        self.calls.append(call)
        script = self.scripts.popleft() if self.scripts else self.default
        return self._play(script)

    async def _play(self, script: list[Step]) -> AsyncGenerator[AgentEvent, None]:
        self.started.set()
        finished = False
        try:
            for step in script:
                if isinstance(step, Exception):
                    finished = True
                    raise step
                if isinstance(step, float):
                    await asyncio.sleep(step)
                    continue
                yield step
            finished = True
        finally:
            if not finished:
                self.closed += 1
