import asyncio
import contextlib
import logging
import math
from collections.abc import Callable
from datetime import datetime

import msgspec

from movie_analyst.application.errors import UpstreamError, UpstreamTimeout
from movie_analyst.application.ports.agent import Agent, AgentFinal
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import SHUTDOWN_REASON
from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.notices import (
    INTERRUPTED_ERROR,
    PENDING_MESSAGE_ID,
    STILL_QUEUED_ERROR,
    failure_notice,
    stopped_text,
)
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished, ToolStep

log = logging.getLogger(__name__)

# How often, at most, a running run saves the answer it has streamed so far (`partial_answer`):
# a crash then loses at most this much of what the user saw, for at most 2 writes a second.
CHECKPOINT_SECONDS = 0.5


class _Progress:
    """What the run has produced so far, kept for whichever way it ends."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.answer = ""
        self.usage: tuple[int | None, int | None] = (None, None)
        self.steps: list[ToolStep] = []  # stored with the answer, so history can show them
        self.saved_at = -math.inf  # loop time of the last checkpoint


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
    - While it streams, the answer so far is saved on the run every `checkpoint_seconds` at most,
      so after a crash the interrupted run keeps what the user had seen.
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
    ) -> None:
        self._checkpoint_every = checkpoint_seconds
        self._repository = repository
        self._agent = agent
        self._events = events
        self._sessions = sessions
        self._hydrate = hydrate
        self._timeout = timeout_seconds
        self._clock = clock

    async def execute(self, run: Run, message: str, *, stream: bool = True) -> None:
        progress = _Progress(run)
        try:
            async with self._sessions.turn(run.session_id, run.id):
                await self._start(progress, message)
                async with asyncio.timeout(self._timeout):
                    await self._answer(progress, message, stream)
        except asyncio.CancelledError as exc:
            shutdown = SHUTDOWN_REASON in exc.args
            if shutdown and progress.run.user_message_id == PENDING_MESSAGE_ID:
                await self._leave_queued(progress)
                raise
            await self._stop(progress, RunStatus.INTERRUPTED if shutdown else RunStatus.CANCELLED)
            raise
        except TimeoutError:
            error = UpstreamTimeout(
                f"the answer took longer than {self._timeout:g} s and was stopped", upstream="agent"
            )
            await self._fail(progress, error)
        except UpstreamError as exc:
            await self._fail(progress, exc)
        except Exception as exc:
            log.exception("run %s failed unexpectedly", run.id)
            await self._fail(progress, exc, public="an internal error stopped this answer")
        else:
            await self._finish(progress, RunStatus.SUCCEEDED, progress.answer)

    async def _start(self, progress: _Progress, message: str) -> None:
        run = progress.run
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

    async def _answer(self, progress: _Progress, message: str, stream: bool) -> None:
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

    async def _checkpoint(self, progress: _Progress) -> None:
        now = asyncio.get_running_loop().time()
        if now - progress.saved_at < self._checkpoint_every:
            return
        progress.saved_at = now
        await self._repository.save_partial_answer(progress.run.id, progress.answer)

    async def _complete_answer(self, progress: _Progress, final: str) -> None:
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

    async def _stop(self, progress: _Progress, status: RunStatus) -> None:
        error = INTERRUPTED_ERROR if status is RunStatus.INTERRUPTED else None
        text = stopped_text(progress.answer, status)
        await self._finish(progress, status, text, stopped=True, error=error)

    async def _leave_queued(self, progress: _Progress) -> None:
        done = RunFinished(status=RunStatus.INTERRUPTED, error=STILL_QUEUED_ERROR)
        await self._events.append(progress.run.id, progress.run.session_id, done)

    async def _fail(self, progress: _Progress, exc: Exception, public: str | None = None) -> None:
        error = public or str(exc)
        text = failure_notice(error, progress.answer)
        await self._finish(
            progress, RunStatus.FAILED, text, stopped=True, error=error, kind=type(exc).__name__
        )

    async def _finish(
        self,
        progress: _Progress,
        status: RunStatus,
        text: str,
        *,
        stopped: bool = False,
        error: str | None = None,
        kind: str | None = None,
    ) -> None:
        run = progress.run
        try:
            answer_id = await self._store_answer(run, text, stopped, progress.steps)
            run = msgspec.structs.replace(
                run,
                status=status,
                finished_at=self._clock(),
                error=error,
                answer_message_id=answer_id,
                partial_answer=None,  # the answer message holds it now
            )
            await self._repository.save_run(run)
        except Exception:
            log.exception("run %s: could not store its outcome (%s)", run.id, status)
        input_tokens, output_tokens = progress.usage
        done = RunFinished(
            status=status,
            content=progress.answer,
            error=error,
            error_kind=kind,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            model=run.model,
            run_seconds=run.run_seconds,
        )
        await self._events.append(run.id, run.session_id, done)

    async def _store_answer(
        self, run: Run, text: str, stopped: bool, steps: list[ToolStep]
    ) -> int | None:
        if run.user_message_id == PENDING_MESSAGE_ID:
            return None  # cancelled while queued: no user message, so no reply either
        message = NewMessage(
            session_id=run.session_id,
            role=Role.ASSISTANT,
            content=text,
            run_id=run.id,
            stopped=stopped,
            steps=steps,
        )
        return (await self._repository.add_message(message)).id
