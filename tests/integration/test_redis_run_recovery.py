"""A replica dies mid-run (its lease lapses): a survivor interrupts its running run, with the
notice after the kept user message, ends the run's followers, and runs the message it had queued.
"""

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.redis_coordination import RedisCoordination
from movie_analyst.adapters.redis_replica_leases import RedisReplicaLeases
from movie_analyst.adapters.redis_run_event_log import RedisRunEventLog
from movie_analyst.adapters.redis_run_owners import RedisRunOwners
from movie_analyst.adapters.redis_session_runs import RedisSessionRuns
from movie_analyst.application.use_cases.runs.execute_run import ExecuteRun
from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.notices import INTERRUPTED_ERROR
from movie_analyst.application.use_cases.runs.recover_orphaned_run import RecoverOrphanedRun
from movie_analyst.application.use_cases.runs.resume_queued_run import ResumeQueuedRun
from movie_analyst.application.use_cases.runs.submit_message import SubmitMessage
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished
from movie_analyst.domain.session import Session
from tests.fakes.agent import ScriptedAgent, answering
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.fakes.task_runner import RecordingTaskRunner
from tests.support.coordination import eventually
from tests.support.redis_server import redis_prefix, redis_url
from tests.support.runs import collect, utc_now

__all__ = ["redis_prefix", "redis_url"]  # fixtures

LEASE = 1.0
_ids = itertools.count(1)


@dataclass
class Kit:
    redis: RedisCoordination
    events: RedisRunEventLog
    sessions: RedisSessionRuns
    runner: RecordingTaskRunner
    submit: SubmitMessage
    leases: RedisReplicaLeases


def _kit(url: str, prefix: str, name: str, repo: InMemoryChatRepository, agent: ScriptedAgent,
         runner: RecordingTaskRunner) -> Kit:  # fmt: skip
    redis = RedisCoordination(url=url, prefix=prefix, replica_id=name)
    events = RedisRunEventLog(redis=redis, local=InMemoryRunEventLog())
    sessions = RedisSessionRuns(redis=redis)
    execute = ExecuteRun(
        repository=repo, agent=agent, events=events, sessions=sessions,
        hydrate=HydrateMemory(repository=repo, token_limit=4000), timeout_seconds=30,
        clock=utc_now,
    )  # fmt: skip
    submit = SubmitMessage(
        repository=repo, runner=runner, events=events, execute_run=execute, sessions=sessions,
        policy="enqueue", default_model=lambda: "m", new_id=lambda: f"run-{next(_ids)}",
        clock=utc_now,
    )  # fmt: skip
    resume = ResumeQueuedRun(events=events, runner=runner, sessions=sessions, execute_run=execute)
    recover = RecoverOrphanedRun(
        repository=repo, events=events, sessions=sessions, resume=resume, clock=utc_now
    )
    leases = RedisReplicaLeases(redis=redis, recover=recover, lease_seconds=LEASE)
    return Kit(redis, events, sessions, runner, submit, leases)


async def _repository_with_a_session() -> InMemoryChatRepository:
    repo, now = InMemoryChatRepository(), utc_now()
    await repo.add_session(Session(id="s1", title="chat", created_at=now, updated_at=now))
    return repo


@asynccontextmanager
async def _closing(*kits: Kit) -> AsyncIterator[None]:
    try:
        yield
    finally:
        for kit in kits:
            await kit.leases.aclose()
            for task in kit.runner.tasks.values():
                task.cancel()
            await kit.runner.wait_all(2)
            await kit.redis.aclose()


async def test_a_survivor_interrupts_a_dead_replicas_run_and_runs_its_queued_message(
    redis_url: str, redis_prefix: str
) -> None:
    repo = await _repository_with_a_session()
    doomed = ScriptedAgent(default=[AnswerToken(content="partial "), 3600.0])
    survivor_agent = ScriptedAgent(default=answering("Second answer."))
    a = _kit(redis_url, redis_prefix, "a", repo, doomed, RecordingTaskRunner(autostart=False))
    b = _kit(redis_url, redis_prefix, "b", repo, survivor_agent, RecordingTaskRunner())
    async with _closing(a, b):
        await a.leases.renew()  # A announces itself once, then never again: it "dies"
        first = await a.submit.execute(session_id="s1", message="first")
        a.runner.start_pending()
        await eventually(lambda: doomed.calls)
        second = await a.submit.execute(session_id="s1", message="second")  # queued, never run
        follower = asyncio.create_task(collect(b.events, first.id, seconds=10))
        assert await b.sessions.active("s1") == [first.id, second.id]

        await b.leases.start()
        await eventually(lambda: b.leases.recovered == 2, seconds=LEASE * 3)
        ended = await asyncio.wait_for(follower, 5)
        assert ended[0].body == AnswerToken(content="partial ")
        assert ended[-1].body == RunFinished(status=RunStatus.INTERRUPTED, error=INTERRUPTED_ERROR)
        await b.runner.wait_all()

        stored = await repo.get_run(first.id)
        assert stored is not None and stored.status is RunStatus.INTERRUPTED
        rerun = await repo.get_run(second.id)
        assert rerun is not None and rerun.status is RunStatus.SUCCEEDED
        conversation = [(m.role, m.content) for m in repo.messages.values()]
        assert [content for _, content in conversation] == [
            "first",
            "partial ",  # the checkpoint of what its followers saw
            "second",
            "Second answer.",
        ]
        assert [call.message for call in survivor_agent.calls] == ["second"]
        assert await b.sessions.active("s1") == []


async def test_startup_recovery_leaves_runs_that_a_replica_owns(
    redis_url: str, redis_prefix: str
) -> None:
    repo = await _repository_with_a_session()
    a = _kit(
        redis_url, redis_prefix, "a", repo, ScriptedAgent(), RecordingTaskRunner(autostart=False)
    )
    async with _closing(a):
        run = await a.submit.execute(session_id="s1", message="first")
        owners = RedisRunOwners(redis=a.redis, lease_seconds=LEASE)
        assert await owners.still_running(run)  # young, and owned
        old = msgspec.structs.replace(run, created_at=datetime(2020, 1, 1, tzinfo=UTC))
        assert await owners.still_running(old)  # owned by a replica
        await a.sessions.release("s1", run.id)
        assert not await owners.still_running(old)
