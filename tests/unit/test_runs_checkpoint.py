"""What a run leaves behind when its process stops: checkpoints of the streamed answer, and
queued messages that survive to be answered after the restart."""

import asyncio

from movie_analyst.application.use_cases.runs.recover_interrupted_runs import (
    RecoverInterruptedRuns,
)
from movie_analyst.application.use_cases.runs.resume_queued_run import ResumeQueuedRun
from movie_analyst.domain.message import Message, NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished
from tests.fakes.agent import ScriptedAgent, answering
from tests.support.runs import RunsKit, collect, make_kit, utc_now


def _counting_saves(kit: RunsKit) -> list[str]:
    """What the run writes, in order: each saved run's status, and "partial" per checkpoint."""
    saved: list[str] = []
    save, checkpoint = kit.repository.save_run, kit.repository.save_partial_answer

    async def recording(run: Run) -> None:
        saved.append(run.status.value)
        await save(run)

    async def recording_partial(run_id: str, text: str) -> None:
        saved.append("partial")
        await checkpoint(run_id, text)

    kit.repository.save_run = recording  # type: ignore[method-assign]
    kit.repository.save_partial_answer = recording_partial  # type: ignore[method-assign]
    return saved


async def test_the_streamed_answer_is_saved_on_the_run_while_it_runs() -> None:
    agent = ScriptedAgent([AnswerToken(content="Half "), 5.0, *answering("done")])
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await agent.started.wait()
    await asyncio.sleep(0.05)
    assert kit.repository.runs[run.id].partial_answer == "Half "
    await kit.cancel_run.execute(run.id)
    assert kit.repository.runs[run.id].partial_answer is None  # the answer message holds it


async def test_checkpoints_are_bounded_however_fast_the_tokens_come() -> None:
    tokens = [AnswerToken(content=f"w{i} ") for i in range(300)]
    agent = ScriptedAgent([*tokens, *answering("".join(t.content for t in tokens))])
    kit = make_kit(agent)
    saved = _counting_saves(kit)
    run = await kit.finish(await kit.ask("hi"))
    # the first checkpoint and the end (it was admitted running): nothing per token
    assert saved == ["partial", "succeeded"]
    assert run.partial_answer is None and kit.conversation()[-1].content.startswith("w0 w1")


async def test_a_run_that_does_not_stream_saves_no_checkpoint() -> None:
    kit = make_kit(ScriptedAgent(answering("all at once")))
    saved = _counting_saves(kit)
    await kit.ask("hi")  # creates the session
    await kit.runner.wait_all()
    saved.clear()
    run = await kit.submit.execute(session_id="s1", message="again", stream=False)
    await kit.finish(run)
    assert saved == ["succeeded"]  # admitted running; no checkpoint


async def test_recovery_answers_an_interrupted_run_with_its_saved_partial_answer() -> None:
    agent = ScriptedAgent([AnswerToken(content="What I saw "), 30.0, *answering("x")])
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await agent.started.wait()
    await asyncio.sleep(0.05)
    crashed = kit.repository.runs[run.id]  # as a kill -9 leaves it
    for task in kit.runner.tasks.values():
        task.cancel()
    await kit.runner.wait_all()
    await kit.repository.save_run(crashed)
    kit.repository.messages.pop(max(kit.repository.messages))  # the stop's own reply: never made

    await RecoverInterruptedRuns(repository=kit.repository, clock=utc_now).execute()

    stored = kit.repository.runs[run.id]
    assert stored.status is RunStatus.INTERRUPTED and stored.error
    reply = kit.conversation()[-1]
    assert (reply.role, reply.content, reply.stopped) == (Role.ASSISTANT, "What I saw ", True)


async def test_recovery_runs_queued_messages_in_order_instead_of_interrupting_them() -> None:
    agent = ScriptedAgent(answering("nothing"), answering("one"), answering("two"))
    kit = make_kit(agent, policy="enqueue")
    await kit.ask("zero")
    now = utc_now()
    waiting = [
        Run(id=f"q{i}", session_id="s1", status=RunStatus.QUEUED, model="m", user_message_id=0,
            created_at=now, pending_message=text)
        for i, text in enumerate(("first", "second"))
    ]  # fmt: skip
    await kit.runner.wait_all()
    for run in waiting:
        await kit.repository.add_run(run)
    resume = ResumeQueuedRun(
        events=kit.events, runner=kit.runner, sessions=kit.sessions, execute_run=kit.execute
    )
    recover = RecoverInterruptedRuns(
        repository=kit.repository, clock=utc_now, resume=resume.execute
    )

    assert await recover.execute() == 0
    await collect(kit.events, "q1")

    assert [(m.role.value, m.content) for m in kit.conversation()][2:] == [
        ("user", "first"),
        ("assistant", "one"),
        ("user", "second"),
        ("assistant", "two"),
    ]
    assert {kit.repository.runs[r.id].status for r in waiting} == {RunStatus.SUCCEEDED}


async def test_shutdown_leaves_a_waiting_message_queued_for_the_next_start() -> None:
    agent = ScriptedAgent([AnswerToken(content="Half "), 5.0, *answering("x")])
    kit = make_kit(agent, policy="enqueue")
    first = await kit.ask("q1")
    queued = await kit.ask("q2")
    await agent.started.wait()

    await kit.runner.shutdown(grace_seconds=0)

    assert kit.repository.runs[first.id].status is RunStatus.INTERRUPTED
    left = kit.repository.runs[queued.id]
    assert (left.status, left.pending_message) == (RunStatus.QUEUED, "q2")
    done = (await collect(kit.events, queued.id))[-1].body
    assert isinstance(done, RunFinished) and done.status is RunStatus.INTERRUPTED
    assert [m.content for m in kit.conversation()] == ["q1", "Half "]


async def test_a_queued_run_starts_only_once_the_previous_answer_is_stored() -> None:
    kit = make_kit(ScriptedAgent(answering("one"), answering("two")), policy="enqueue")
    store = kit.repository.add_message

    async def slow_answers(message: NewMessage) -> Message:
        if message.role is Role.ASSISTANT:
            await asyncio.sleep(0.05)  # a store round trip, during which others may write
        return await store(message)

    kit.repository.add_message = slow_answers  # type: ignore[method-assign]
    await kit.ask("first")
    await kit.finish(await kit.ask("second"))
    assert [m.content for m in kit.conversation()] == ["first", "one", "second", "two"]
