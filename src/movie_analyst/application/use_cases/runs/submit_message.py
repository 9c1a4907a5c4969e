from collections.abc import Callable
from datetime import datetime
from typing import Literal

import msgspec

from movie_analyst.application.errors import (
    CoordinationUnavailable,
    InvalidRequest,
    SessionBusy,
    SessionNotFound,
)
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.ports.session_runs import SessionRunRegistry
from movie_analyst.application.ports.task_runner import TaskRunner
from movie_analyst.application.use_cases.runs.execute_run import ExecuteRun
from movie_analyst.application.use_cases.runs.notices import PENDING_MESSAGE_ID
from movie_analyst.application.use_cases.runs.recover_interrupted_runs import interrupt_run
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.usage import budget_owner
from movie_analyst.domain.user import User, owner_of

MAX_MESSAGE_LENGTH = 4000

Policy = Literal["reject", "enqueue"]


class SubmitMessage:
    """Accept a user's message and start the run that answers it; returns without waiting.

    Rules:
    - The message must hold text (at most MAX_MESSAGE_LENGTH characters).
    - The session must exist (`POST /session/new` creates it) and be `user`'s when someone is
      signed in: else `SessionNotFound` (another user's session is never busy, only missing).
    - One active run per session: with policy "reject" another message raises `SessionBusy`;
      with "enqueue" it is queued and runs after the earlier ones, in order. The store admits
      the first run of an idle session (`admit_run`), so this holds across processes too, and
      stores it `running` (it starts at once; a queued run turns running when its turn comes). A run
      whose outcome is stored no longer counts, even before it lets go of its turn (a round
      trip with a shared registry, while its client may already send the next message).
    - Registering the run where every process sees it can fail (`CoordinationUnavailable`):
      the run is then closed `interrupted`, its message kept with a notice, and the error raised.
    - The user message is stored before the run exists, so it survives any crash. A queued
      message is kept with its run (`pending_message`) and enters the conversation when the
      run starts, so user messages never follow each other and a crash still loses nothing.
    - `stream=False`: nobody follows the answer word by word, so the agent need not stream it.
    - The run's LLM tokens count against `user`'s budget (nobody signed in: the shared space);
      the doors check the budgets before this (`Chat`, `ContinueConversation`).
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        runner: TaskRunner,
        events: RunEventLog,
        execute_run: ExecuteRun,
        sessions: SessionRunRegistry,
        policy: Policy,
        default_model: Callable[[], str],
        new_id: Callable[[], str],
        clock: Callable[[], datetime],
    ) -> None:
        self._repository = repository
        self._runner = runner
        self._events = events
        self._execute_run = execute_run
        self._sessions = sessions
        self._policy = policy
        self._default_model = default_model
        self._new_id = new_id
        self._clock = clock

    async def execute(
        self,
        *,
        session_id: str,
        message: str,
        model: str | None = None,
        stream: bool = True,
        user: User | None = None,
    ) -> Run:
        _validate(message)
        owner = owner_of(user)
        async with self._sessions.admission(session_id):
            active = await self._sessions.active(session_id)
            if len(active) == 1 and await self._has_ended(active[0]):
                active = []  # its answer is out and it is letting go of its turn: idle
            # admit_run checks the session in the same statement; only a busy one is read first
            if active and await self._repository.get_session(session_id, owner=owner) is None:
                raise SessionNotFound(session_id)
            if active and self._policy == "reject":
                raise SessionBusy(session_id, active[0])
            run_id = self._new_id()
            run = Run(
                id=run_id,
                session_id=session_id,
                status=RunStatus.QUEUED,
                model=model or self._default_model(),
                user_message_id=PENDING_MESSAGE_ID,
                created_at=self._clock(),
                pending_message=message if active else None,
            )
            if active:
                await self._repository.add_run(run)
            else:  # message and run together; SessionBusy if another process got there first
                # It starts at once, so it is stored running: one write fewer per chat than
                # queued then running (a crash before it starts reads as interrupted).
                run = msgspec.structs.replace(
                    run, status=RunStatus.RUNNING, started_at=run.created_at
                )
                asked = NewMessage(
                    session_id=session_id, role=Role.USER, content=message, run_id=run_id
                )
                run = await self._repository.admit_run(run, asked, owner=owner)
            try:
                await self._sessions.register(session_id, run.id)
            except CoordinationUnavailable:
                # Stored but never to run: closed now, or the store would keep the session busy.
                await interrupt_run(self._repository, run, self._clock())
                raise
            self._events.open(run.id, session_id)
            spender = budget_owner(user)
            self._runner.submit(
                run.id,
                lambda: self._execute_run.execute(run, message, stream=stream, user_id=spender),
            )
        return run

    async def _has_ended(self, run_id: str) -> bool:
        run = await self._repository.get_run(run_id)
        return run is not None and not run.status.is_active


def _validate(message: str) -> None:
    if not message.strip():
        raise InvalidRequest("the message is empty")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise InvalidRequest(f"the message is longer than {MAX_MESSAGE_LENGTH} characters")
