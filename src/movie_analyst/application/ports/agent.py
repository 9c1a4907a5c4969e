from collections.abc import AsyncGenerator
from typing import Protocol

import msgspec

from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.run_event import AnswerToken, ToolStep


class AgentFinal(msgspec.Struct, frozen=True, kw_only=True):
    """The agent's whole final answer, the last event of a successful run, with the tokens its
    model calls used (the gateway's counts, else an estimate from the text; None if unknown)."""

    text: str
    input_tokens: int | None = None
    output_tokens: int | None = None


AgentEvent = AnswerToken | ToolStep | AgentFinal


class Agent(Protocol):
    """A tool-using research agent that answers one user message.

    Contract:
    - `run` yields answer tokens as the model writes them (only the answer, never the reasoning
      scratchpad), tool steps as tools are called and return, and ends with one `AgentFinal`
      whose text is the complete clean answer (it may differ from the joined tokens when the
      model skipped the answer marker).
    - `history` is the earlier conversation, oldest first, without the new `message`.
    - `stream=False` (a client that waits for the whole answer) may skip token streaming: then
      the run yields its tool steps and the `AgentFinal` only.
    - Closing the iterator early or cancelling the task consuming it stops the agent and aborts
      the model call in flight before `aclose()` returns.
    - Model failures raise `UpstreamError` subclasses; a run that exceeds its step budget raises
      `AgentGaveUp`.
    """

    def run(
        self, *, history: list[ChatTurn], message: str, model: str | None, stream: bool = True
    ) -> AsyncGenerator[AgentEvent, None]: ...
