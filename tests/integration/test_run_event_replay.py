"""Once a finished run's events are past retention, a follower on any replica still gets the run,
rebuilt from the database with its original numbering: in-process and over Redis alike."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.redis_coordination import RedisCoordination
from movie_analyst.adapters.redis_run_event_log import RedisRunEventLog
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished, ToolStep
from movie_analyst.domain.session import Session
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.support.redis_server import redis_prefix, redis_url
from tests.support.runs import collect, utc_now

__all__ = ["redis_prefix", "redis_url"]  # fixtures

RETENTION = 1.0
STEP = ToolStep(type="tool_call", tool="search_media", summary="Alien")
ANSWER = "Alien (1979)."
DONE = RunFinished(status=RunStatus.SUCCEEDED, content=ANSWER)


async def _stored_run(repo: InMemoryChatRepository) -> None:
    now = utc_now()
    await repo.add_session(Session(id="s1", title="chat", created_at=now, updated_at=now))
    user = await repo.add_message(NewMessage(session_id="s1", role=Role.USER, content="Alien?"))
    reply = NewMessage(session_id="s1", role=Role.ASSISTANT, content=ANSWER, steps=[STEP])
    answer = await repo.add_message(reply)
    run = Run(id="r1", session_id="s1", status=RunStatus.SUCCEEDED, model="m",
              user_message_id=user.id, created_at=now, finished_at=now,
              answer_message_id=answer.id)  # fmt: skip
    await repo.add_run(run)


@asynccontextmanager
async def _logs(
    kind: str, repo: InMemoryChatRepository, url: str, prefix: str
) -> AsyncIterator[tuple[RunEventLog, RunEventLog]]:
    if kind == "in-process":
        log = InMemoryRunEventLog(retention_seconds=RETENTION, repository=repo)
        yield log, log
        return
    clients = [RedisCoordination(url=url, prefix=prefix, replica_id=n) for n in "ab"]
    try:
        yield tuple(  # type: ignore[misc]
            RedisRunEventLog(
                redis=client,
                local=InMemoryRunEventLog(retention_seconds=RETENTION),
                retention_seconds=RETENTION,
                repository=repo,
            )
            for client in clients
        )
    finally:
        for client in clients:
            await client.aclose()


@pytest.mark.parametrize("kind", ["in-process", "redis"])
async def test_a_finished_run_is_rebuilt_from_the_database_after_retention(
    kind: str, redis_url: str, redis_prefix: str
) -> None:
    repo = InMemoryChatRepository()
    await _stored_run(repo)
    async with _logs(kind, repo, redis_url, redis_prefix) as (a, b):
        a.open("r1", "s1")
        for body in (STEP, AnswerToken(content="Alien "), AnswerToken(content="(1979)."), DONE):
            await a.append("r1", "s1", body)
        await asyncio.sleep(RETENTION + 0.5)
        await a.append("later", "s1", DONE)  # the in-process log prunes as a run finishes

        assert await b.knows("r1")
        events = await collect(b, "r1")
        assert [(e.seq, e.body) for e in events] == [
            (2, STEP),
            (3, AnswerToken(content=ANSWER)),
            (4, RunFinished(status=RunStatus.SUCCEEDED, content=ANSWER)),
        ]
        assert [e.seq for e in await collect(b, "r1", after=3)] == [4]
