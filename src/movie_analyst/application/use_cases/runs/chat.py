"""Chat: send a message and get its answer, either as live events or as the final outcome."""

from collections.abc import AsyncIterator

import msgspec

from movie_analyst.application.errors import (
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.submit_message import SubmitMessage
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import RunEvent, RunFinished
from movie_analyst.domain.usage import budget_owner
from movie_analyst.domain.user import User

_FAILURES: dict[str, type[UpstreamError]] = {
    "UpstreamTimeout": UpstreamTimeout,
    "UpstreamUnavailable": UpstreamUnavailable,
    "UpstreamRateLimited": UpstreamRateLimited,
    "UpstreamAuthError": UpstreamAuthError,
    "UpstreamBadResponse": UpstreamBadResponse,
    "AgentGaveUp": UpstreamBadResponse,
}


class ChatAnswer(msgspec.Struct, frozen=True, kw_only=True):
    run: Run
    outcome: RunFinished


class Chat:
    """One message in, its answer out: `SubmitMessage` then `FollowRun`.

    Rules:
    - Everything `SubmitMessage` checks (session exists, one run at a time, message length).
    - With limits, `user`'s budgets (nobody signed in: the shared space's) are checked first:
      a spent one raises `UsageLimitReached` and nothing is stored.
    - `answer` waits for the run's end. A failed run raises the `UpstreamError` its error kind
      names, so a waiting client learns what a direct call would have told it; a cancelled run
      is an answer (with what was said before the cancel), not an error.
    - `answer`'s run does not stream internally (nobody reads its words one by one): its events
      are the tool steps and the whole answer at once, for anyone who joins it too.
    """

    def __init__(
        self, *, submit: SubmitMessage, follow: FollowRun, limits: UsageLimits | None = None
    ) -> None:
        self._submit = submit
        self._follow = follow
        self._limits = limits

    async def events(
        self, session_id: str, message: str, model: str | None = None, user: User | None = None
    ) -> AsyncIterator[RunEvent]:
        """Starts the run; the returned iterator yields its events until the final one."""
        if self._limits is not None:
            await self._limits.admit(budget_owner(user))
        run = await self._submit.execute(
            session_id=session_id, message=message, model=model, user=user
        )
        return await self._follow.execute(run.id)

    async def answer(
        self, session_id: str, message: str, model: str | None = None, user: User | None = None
    ) -> ChatAnswer:
        if self._limits is not None:
            await self._limits.admit(budget_owner(user))
        run = await self._submit.execute(
            session_id=session_id, message=message, model=model, stream=False, user=user
        )
        outcome = await self._follow.outcome(run.id)
        if outcome.status is RunStatus.FAILED:
            raise failure_of(outcome)
        return ChatAnswer(run=run, outcome=outcome)


def failure_of(done: RunFinished) -> UpstreamError:
    """The error a failed run answers a waiting client with: 502/503/504."""
    error_type = _FAILURES.get(done.error_kind or "", UpstreamError)
    return error_type(done.error or "the answer failed", upstream="agent")
