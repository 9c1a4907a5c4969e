from datetime import UTC, datetime

import msgspec

from movie_analyst.application.use_cases.runs.hydrate_memory import HydrateMemory
from movie_analyst.application.use_cases.runs.notices import PENDING_MESSAGE_ID
from movie_analyst.application.use_cases.runs.recover_interrupted_runs import (
    RecoverInterruptedRuns,
)
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session
from tests.fakes.chat_repository import InMemoryChatRepository

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def _session(repository: InMemoryChatRepository, session_id: str = "s1") -> None:
    await repository.add_session(Session(id=session_id, title="t", created_at=NOW, updated_at=NOW))


async def _say(repository: InMemoryChatRepository, role: Role, content: str) -> int:
    message = NewMessage(session_id="s1", role=role, content=content)
    return (await repository.add_message(message)).id


def _run(run_id: str, status: RunStatus, user_message_id: int) -> Run:
    return Run(
        id=run_id,
        session_id="s1",
        status=status,
        model="m",
        user_message_id=user_message_id,
        created_at=NOW,
    )


async def test_recovery_interrupts_active_runs_and_closes_the_conversation() -> None:
    repository = InMemoryChatRepository()
    await _session(repository)
    asked = await _say(repository, Role.USER, "question")
    await repository.add_run(_run("running", RunStatus.RUNNING, asked))
    await repository.add_run(_run("queued", RunStatus.QUEUED, PENDING_MESSAGE_ID))
    await repository.add_run(_run("done", RunStatus.SUCCEEDED, asked))

    recovered = await RecoverInterruptedRuns(repository=repository, clock=lambda: NOW).execute()

    assert recovered == 2
    runs = repository.runs
    assert runs["running"].status is RunStatus.INTERRUPTED
    assert runs["queued"].status is RunStatus.INTERRUPTED
    assert runs["done"].status is RunStatus.SUCCEEDED
    assert runs["running"].finished_at == NOW and runs["running"].error
    messages = list(repository.messages.values())
    assert [(m.role, m.stopped) for m in messages] == [(Role.USER, False), (Role.ASSISTANT, True)]
    assert runs["running"].answer_message_id == messages[-1].id
    assert await RecoverInterruptedRuns(repository=repository, clock=lambda: NOW).execute() == 0


async def test_recovery_keeps_a_queued_message_and_answers_it_with_a_notice() -> None:
    repository = InMemoryChatRepository()
    await _session(repository)
    asked = await _say(repository, Role.USER, "first question")
    await repository.add_run(_run("running", RunStatus.RUNNING, asked))
    waiting = msgspec.structs.replace(
        _run("queued", RunStatus.QUEUED, PENDING_MESSAGE_ID), pending_message="second question"
    )
    await repository.add_run(waiting)

    await RecoverInterruptedRuns(repository=repository, clock=lambda: NOW).execute()

    messages = list(repository.messages.values())
    assert [(m.role, m.content) for m in messages][2] == (Role.USER, "second question")
    assert [m.role for m in messages] == [Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT]
    queued = repository.runs["queued"]
    assert queued.user_message_id == messages[2].id and queued.pending_message is None
    assert queued.answer_message_id == messages[3].id


async def test_hydration_keeps_the_tail_within_budget_and_drops_the_new_message() -> None:
    repository = InMemoryChatRepository()
    await _session(repository)
    for index in range(50):
        await _say(repository, Role.USER, f"question {index} " + "x" * 40)
        await _say(repository, Role.ASSISTANT, f"answer {index} " + "y" * 40)
    newest = await _say(repository, Role.USER, "the new question")

    history = await HydrateMemory(repository=repository, token_limit=100).execute(
        "s1", before_message_id=newest
    )

    assert 0 < len(history) < 10
    assert history[-1] == ChatTurn(role="assistant", content="answer 49 " + "y" * 40)
    assert all(turn.content != "the new question" for turn in history)
