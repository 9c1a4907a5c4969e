import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

import msgspec

from movie_analyst.application.errors import UpstreamError, UpstreamTimeout
from movie_analyst.application.ports.agent import Agent, AgentFinal
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.notices import PENDING_MESSAGE_ID
from movie_analyst.application.use_cases.runs.run_outcome import RunOutcome, RunProgress
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import AnswerToken, ToolStep
from movie_analyst.domain.usage import SHARED_SPACE

log = logging.getLogger(__name__)

# How often, at most, a running run saves the answer it has streamed so far (`partial_answer`):
# a crash then loses at most this much of what the user saw, for at most 2 writes a second.
CHECKPOINT_SECONDS = 0.5


class ExecuteRun:
    """The background job of one run: answer the user's message and store the outcome.

    Rules:
    - Waits for the session's earlier runs (FIFO), then marks the run `running`; a run queued
      behind another stores its user message only now (see `PENDING_MESSAGE_ID`).
    - Streams every answer token and tool step to the run's event log as it happens; with
      `stream=False` the agent is asked not to stream, and the answer arrives as one token.
    - Ends with exactly one stored assistant entry and one `RunFinished` event: the answer
      (`succeeded`), a notice (`failed`), or the partial answer marked `stopped` (`cancelled`,
      or `interrupted` when the server shuts down).
    - The whole run is bounded by `timeout_seconds`; exceeding it fails the run (UpstreamTimeout).
    - The outcome is stored before the session's turn passes on, so a queued run's message
      always follows the answer before it.
    - While it streams, the answer so far is saved on the run every `checkpoint_seconds` at most,
      so after a crash the interrupted run keeps what the user had seen.
    - Its LLM tokens count against `user_id`'s daily budget (`UsageLimits`), before its end
      is announced.
    - A shutdown that finds the run still waiting with its message leaves it `queued` in the
      store (the next start runs it); its followers are told it was interrupted.
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        agent: Agent,
        events: RunEventLog,
        sessions: SessionRunRegistry,
        hydrate: HydrateMemory,
        timeout_seconds: float,
        clock: Callable[[], datetime],
        checkpoint_seconds: float = CHECKPOINT_SECONDS,
        limits: UsageLimits | None = None,
    ) -> None:
        self._checkpoint_every = checkpoint_seconds
        self._repository = repository
        self._agent = agent
        self._events = events
        self._sessions = sessions
        self._hydrate = hydrate
        self._timeout = timeout_seconds
        self._clock = clock
        self._outcome = RunOutcome(repository=repository, events=events, clock=clock, limits=limits)

    async def execute(
        self, run: Run, message: str, *, stream: bool = True, user_id: str = SHARED_SPACE
    ) -> None:
        progress = RunProgress(run, user_id)
        try:
            async with self._sessions.turn(run.session_id, run.id):
                # The outcome is stored before the turn passes on: the next queued run's
                # message must come after this run's answer.
                await self._run(progress, message, stream)
        except asyncio.CancelledError as exc:
            if not progress.ended:  # cancelled while waiting for its turn
                await self._outcome.stopped(progress, exc)
            raise

    async def _run(self, progress: RunProgress, message: str, stream: bool) -> None:
        try:
            await self._start(progress, message)
            async with asyncio.timeout(self._timeout):
                await self._answer(progress, message, stream)
        except asyncio.CancelledError as exc:
            await self._outcome.stopped(progress, exc)
            raise
        except TimeoutError:
            error = UpstreamTimeout(
                f"the answer took longer than {self._timeout:g} s and was stopped", upstream="agent"
            )
            await self._outcome.failed(progress, error)
        except UpstreamError as exc:
            await self._outcome.failed(progress, exc)
        except Exception as exc:
            log.exception("run %s failed unexpectedly", progress.run.id)
            await self._outcome.failed(
                progress, exc, public="an internal error stopped this answer"
            )
        else:
            await self._outcome.succeeded(progress)

    async def _start(self, progress: RunProgress, message: str) -> None:
        run = progress.run
        if run.status is RunStatus.RUNNING:
            return  # an idle session's run: admitted running, with its message
        if run.user_message_id == PENDING_MESSAGE_ID:
            stored = await self._repository.add_message(
                NewMessage(
                    session_id=run.session_id, role=Role.USER, content=message, run_id=run.id
                )
            )
            # Recorded at once: from here on, every ending stores a reply to this message.
            progress.run = run = msgspec.structs.replace(
                run, user_message_id=stored.id, pending_message=None
            )
        progress.run = msgspec.structs.replace(
            run, status=RunStatus.RUNNING, started_at=self._clock()
        )
        await self._repository.save_run(progress.run)

    async def _answer(self, progress: RunProgress, message: str, stream: bool) -> None:
        run = progress.run
        history = await self._hydrate.execute(run.session_id, before_message_id=run.user_message_id)
        events = self._agent.run(
            history=history, message=message, model=run.model or None, stream=stream
        )
        # Closed explicitly: a cancel or timeout landing outside the generator would otherwise
        # leave the agent (and its model call) running until garbage collection.
        async with contextlib.aclosing(events):
            async for event in events:
                if isinstance(event, AgentFinal):
                    progress.usage = (event.input_tokens, event.output_tokens)
                    await self._complete_answer(progress, event.text)
                    continue
                if isinstance(event, ToolStep):
                    progress.steps.append(event)
                await self._events.append(run.id, run.session_id, event)
                if isinstance(event, AnswerToken):
                    progress.answer += event.content
                    if stream:  # else the whole answer comes at once, just before its end
                        await self._checkpoint(progress)

    async def _checkpoint(self, progress: RunProgress) -> None:
        now = asyncio.get_running_loop().time()
        if now - progress.saved_at < self._checkpoint_every:
            return
        progress.saved_at = now
        await self._repository.save_partial_answer(progress.run.id, progress.answer)

    async def _complete_answer(self, progress: RunProgress, final: str) -> None:
        """Send whatever the token stream missed (a reply without the `Answer:` marker)."""
        missing = ""
        if final.startswith(progress.answer):
            missing = final[len(progress.answer) :]
        elif not progress.answer.strip():
            missing = final
        if missing:
            await self._events.append(
                progress.run.id, progress.run.session_id, AnswerToken(content=missing)
            )
        progress.answer = final
