"""AskAnalyst: one question to the whole agent, its answer and the tool steps it rests on."""

import asyncio
from typing import Annotated, Any

import msgspec

from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
)
from movie_analyst.application.use_cases.runs.chat import failure_of
from movie_analyst.application.use_cases.runs.submit_message import MAX_MESSAGE_LENGTH
from movie_analyst.domain.conversation import Turn
from movie_analyst.domain.message import Role
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import RunFinished, ToolStep
from movie_analyst.domain.user import User

ASK_DESCRIPTION = (
    "Ask Movie Analyst, a movie & TV research agent, a question in plain words. It looks "
    "titles, people, credits, scores and listings up with its own tools and answers, with the "
    "steps it took. Each question is a stored conversation; pass its session_id to follow up."
)
Question = Annotated[
    str, msgspec.Meta(min_length=1, max_length=MAX_MESSAGE_LENGTH, description="The question")
]
SessionRef = Annotated[
    str | None, msgspec.Meta(description="Continue this conversation (from an earlier answer)")
]


class AskArgs(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    question: Question
    session_id: SessionRef = None


def ask_args_schema() -> dict[str, Any]:
    """The JSON schema (an object schema, no `$ref`) of `AskArgs`."""
    body: dict[str, Any] = msgspec.json.schema(AskArgs)["$defs"][AskArgs.__name__]
    body.pop("title", None)
    return body


class AnalystAnswer(msgspec.Struct, frozen=True, kw_only=True):
    answer: str
    session_id: str
    run_id: str
    steps: list[ToolStep]


class AskAnalyst:
    """Rules:
    - `user` asks (nobody signed in: None); their budgets are checked first.
    - A question starts a new stored conversation unless `session_id` names one to continue
      (`SessionNotFound`); `SubmitMessage`'s rules apply to the question.
    - The whole answer is awaited (the agent need not stream it); a failed run raises its
      `UpstreamError`, a cancelled one answers with what was said before the cancel.
    - A caller that gives up (its task is cancelled) cancels the run too.
    """

    def __init__(self, *, conversation: ContinueConversation) -> None:
        self._conversation = conversation

    async def execute(self, args: AskArgs, user: User | None = None) -> AnalystAnswer:
        turns = [Turn(role=Role.USER, content=args.question)]
        started = await self._conversation.start(
            turns, session_id=args.session_id, stream=False, user=user
        )
        steps: list[ToolStep] = []
        try:
            async for event in self._conversation.events(started):
                if isinstance(event.body, ToolStep):
                    steps.append(event.body)
                elif isinstance(event.body, RunFinished):
                    return _answer(started.run.session_id, started.run.id, event.body, steps)
        except asyncio.CancelledError:
            await asyncio.shield(self._conversation.abandon(started))
            raise
        raise RuntimeError(f"run {started.run.id} ended without a final event")


def _answer(
    session_id: str, run_id: str, done: RunFinished, steps: list[ToolStep]
) -> AnalystAnswer:
    if done.status is RunStatus.FAILED:
        raise failure_of(done)
    return AnalystAnswer(answer=done.content, session_id=session_id, run_id=run_id, steps=steps)
