"""Builds the run use cases over fakes, the way `entrypoints/use_cases.py` builds them."""

import asyncio
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.application.ports.agent import Agent
from movie_analyst.application.ports.conversation_index import ConversationIndex
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
)
from movie_analyst.application.use_cases.runs.cancel_run import CancelRun
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession
from movie_analyst.application.use_cases.runs.execute_run import ExecuteRun
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.get_session_status import GetSessionStatus
from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.session_runs import SessionRuns
from movie_analyst.application.use_cases.runs.submit_message import Policy, SubmitMessage
from movie_analyst.application.use_cases.sessions.import_session import ImportSession
from movie_analyst.domain.message import Message
from movie_analyst.domain.run import Run
from movie_analyst.domain.run_event import RunEvent, RunEventBody, RunFinished
from movie_analyst.domain.session import Session
from tests.fakes.agent import ScriptedAgent
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.fakes.task_runner import RecordingTaskRunner


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RunsKit:
    repository: InMemoryChatRepository
    runner: RecordingTaskRunner
    agent: Agent
    events: InMemoryRunEventLog
    sessions: SessionRuns
    submit: SubmitMessage
    execute: ExecuteRun
    follow: FollowRun
    cancel_run: CancelRun
    cancel_session: CancelSession
    session_status: GetSessionStatus

    async def ask(self, message: str, session_id: str = "s1") -> Run:
        if session_id not in self.repository.sessions:
            now = utc_now()
            session = Session(id=session_id, title="chat", created_at=now, updated_at=now)
            await self.repository.add_session(session)
        return await self.submit.execute(session_id=session_id, message=message)

    async def finish(self, run: Run) -> Run:
        """Wait for the run's end event, then return the stored run."""
        await collect(self.events, run.id)
        stored = await self.repository.get_run(run.id)
        assert stored is not None
        return stored

    def conversation(self, session_id: str = "s1") -> list[Message]:
        return [m for m in self.repository.messages.values() if m.session_id == session_id]


def make_kit(
    agent: Agent | None = None,
    *,
    policy: Policy = "reject",
    timeout_seconds: float = 5.0,
    token_limit: int = 4000,
    autostart: bool = True,
    events: InMemoryRunEventLog | None = None,
    max_event_bytes: int = 64 * 1024 * 1024,
) -> RunsKit:
    repository = InMemoryChatRepository()
    runner = RecordingTaskRunner(autostart=autostart)
    agent = agent or ScriptedAgent()
    events = events or InMemoryRunEventLog(repository=repository, max_bytes=max_event_bytes)
    sessions = SessionRuns()
    counter = itertools.count(1)
    execute = ExecuteRun(
        repository=repository,
        agent=agent,
        events=events,
        sessions=sessions,
        hydrate=HydrateMemory(repository=repository, token_limit=token_limit),
        timeout_seconds=timeout_seconds,
        clock=utc_now,
    )
    submit = SubmitMessage(
        repository=repository,
        runner=runner,
        events=events,
        execute_run=execute,
        sessions=sessions,
        policy=policy,
        default_model=lambda: "default-model",
        new_id=lambda: f"run-{next(counter)}",
        clock=utc_now,
    )
    return RunsKit(
        repository=repository,
        runner=runner,
        agent=agent,
        events=events,
        sessions=sessions,
        submit=submit,
        execute=execute,
        follow=FollowRun(repository=repository, events=events),
        cancel_run=CancelRun(repository=repository, runner=runner),
        cancel_session=CancelSession(runner=runner, sessions=sessions, repository=repository),
        session_status=GetSessionStatus(repository=repository, sessions=sessions),
    )


def conversation_of(kit: RunsKit, index: ConversationIndex) -> ContinueConversation:
    """ContinueConversation over the kit's runs and `index`."""
    return ContinueConversation(
        repository=kit.repository,
        index=index,
        submit=kit.submit,
        follow=kit.follow,
        cancel=kit.cancel_run,
        import_session=ImportSession(repository=kit.repository),
        clock=utc_now,
    )


async def collect(
    events: RunEventLog, run_id: str, after: int = 0, seconds: float = 5.0
) -> list[RunEvent]:
    """Every event of the run after `after`, up to its end, within `seconds`."""
    async with asyncio.timeout(seconds):
        return [event async for event in events.follow(run_id, after=after)]


def unreported(body: RunEventBody) -> RunEventBody:
    """An event body without what an ending run reports for metrics (its model, wall time)."""
    if isinstance(body, RunFinished):
        return msgspec.structs.replace(body, model="", run_seconds=None)
    return body
