"""The token use of the run in progress, counted where the model is called.

One ReAct workflow serves every concurrent run, so the count cannot live on the LLM object. A
context variable set before a run starts its workflow is inherited by the workflow's tasks, so
each run's model calls add to that run's own tally.
"""

from contextvars import ContextVar

from movie_analyst.domain.message import estimate_tokens


class TokenUsage:
    __slots__ = ("input_tokens", "output_tokens")

    def __init__(self) -> None:
        self.input_tokens = 0
        self.output_tokens = 0


CURRENT_USAGE: ContextVar[TokenUsage | None] = ContextVar("current_usage", default=None)


def count_input(prompt: str, reported: int | None = None) -> None:
    """A model call's prompt: the gateway's count when it gave one, else an estimate."""
    usage = CURRENT_USAGE.get()
    if usage is not None:
        usage.input_tokens += reported if reported is not None else estimate_tokens(prompt)


def count_output(text: str, reported: int | None = None) -> None:
    usage = CURRENT_USAGE.get()
    if usage is not None:
        usage.output_tokens += reported if reported is not None else estimate_tokens(text)
