"""The ChatRepository contract, run against the in-memory fake AND the SQLite adapter.

Every test takes the parametrized `repo` fixture, so a behaviour the fake gets wrong fails here
next to the real adapter's result. The stateful test drives both side by side.
"""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from movie_analyst.application.errors import (
    InvalidRequest,
    MessageNotFound,
    RunNotFound,
    SessionNotFound,
)
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import Feedback, NewMessage, Role, estimate_tokens
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import ToolStep
from tests.support.storage import EPOCH, contract_repo, new_session

repo = contract_repo  # the fake and the SQLite adapter, in turn


def _msg(session_id: str, content: str, role: Role = Role.USER) -> NewMessage:
    return NewMessage(session_id=session_id, role=role, content=content)


def _run(session_id: str, run_id: str, status: RunStatus = RunStatus.QUEUED) -> Run:
    return Run(
        id=run_id,
        session_id=session_id,
        status=status,
        model="m",
        user_message_id=1,
        created_at=EPOCH,
    )


async def test_a_session_round_trips_exactly(repo: ChatRepository) -> None:
    session = replace(new_session("שלום \x00 world"), metadata={"k": "v\x00"})
    await repo.add_session(session)
    assert await repo.get_session(session.id) == session
    assert await repo.get_session("not-a-uuid") is None


async def test_a_duplicate_session_is_refused(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    with pytest.raises(InvalidRequest):
        await repo.add_session(session)


async def test_unknown_sessions_raise_not_found(repo: ChatRepository) -> None:
    missing = new_session().id
    with pytest.raises(SessionNotFound):
        await repo.rename_session(missing, "x")
    with pytest.raises(SessionNotFound):
        await repo.delete_session(missing)
    with pytest.raises(SessionNotFound):
        await repo.add_message(_msg(missing, "hi"))
    with pytest.raises(SessionNotFound):
        await repo.last_messages(missing, 10)
    with pytest.raises(SessionNotFound):
        await repo.remembered_turns(missing, 100, before_message_id=2**63 - 1)
    with pytest.raises(SessionNotFound):
        await repo.clear_messages(missing)
    with pytest.raises(SessionNotFound):
        await repo.add_run(_run(missing, "r1"))


async def test_messages_keep_their_sequence_and_content(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    texts = ["first", "مرحبا\u200f", "nul\x00byte", ""]
    stored = [await repo.add_message(_msg(session.id, t)) for t in texts]
    assert [m.id for m in stored] == sorted(m.id for m in stored)
    assert len({m.id for m in stored}) == len(stored)
    assert await repo.last_messages(session.id, 10) == stored
    assert await repo.last_messages(session.id, 2) == stored[-2:]
    assert await repo.last_messages(session.id, 0) == []
    assert await repo.last_messages(session.id, -3) == []
    assert await repo.last_messages(session.id, 2**80) == stored


async def test_an_answer_keeps_the_tool_steps_it_rests_on(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    steps = [
        ToolStep(type="tool_call", tool="search_media", summary="Searching for “Alien”…"),
        ToolStep(type="tool_result", tool="search_media", summary="Found 1", data='{"r":[1]}'),
    ]
    answer = NewMessage(session_id=session.id, role=Role.ASSISTANT, content="Alien.", steps=steps)
    stored = await repo.add_message(answer)
    assert stored.steps == steps
    assert await repo.last_messages(session.id, 1) == [stored]
    memory = await repo.remembered_turns(session.id, 10_000, before_message_id=stored.id + 1)
    assert memory[-1] == ChatTurn(role="assistant", content="Alien.")  # who said what, no steps
    assert (await repo.set_feedback(stored.id, Feedback.UP)).steps == steps


async def test_adding_a_message_touches_the_session(repo: ChatRepository) -> None:
    older, newer = new_session("older"), new_session("newer", at=EPOCH + timedelta(hours=1))
    await repo.add_session(older)
    await repo.add_session(newer)
    first = await repo.list_sessions(limit=10, offset=0)
    assert [s.session.id for s in first] == [newer.id, older.id]
    message = await repo.add_message(_msg(older.id, "bump"))
    touched = await repo.get_session(older.id)
    assert touched is not None and touched.updated_at == max(message.created_at, older.updated_at)


async def test_list_sessions_counts_pages_and_orders(repo: ChatRepository) -> None:
    sessions = [new_session(f"s{i}", at=EPOCH - timedelta(minutes=5 - i)) for i in range(5)]
    for session in sessions:
        await repo.add_session(session)
    for _ in range(3):
        await repo.add_message(_msg(sessions[1].id, "x"))
    listed = await repo.list_sessions(limit=10, offset=0)
    counts = {s.session.id: s.message_count for s in listed}
    assert counts[sessions[1].id] == 3 and counts[sessions[0].id] == 0
    assert listed[0].session.id == sessions[1].id  # the most recent activity
    page = await repo.list_sessions(limit=2, offset=1)
    assert [s.session.id for s in page] == [s.session.id for s in listed[1:3]]
    assert await repo.list_sessions(limit=0, offset=0) == []
    assert await repo.list_sessions(limit=5, offset=50) == []
    assert await repo.list_sessions(limit=2**80, offset=2**80) == []
    assert len(await repo.list_sessions(limit=2**80, offset=-1)) == 5


async def test_equal_update_times_list_the_later_insert_first(repo: ChatRepository) -> None:
    first, second = new_session("a"), new_session("b")
    await repo.add_session(first)
    await repo.add_session(second)
    listed = await repo.list_sessions(limit=10, offset=0)
    assert [s.session.id for s in listed] == [second.id, first.id]


async def test_delete_cascades_to_messages_and_runs(repo: ChatRepository) -> None:
    session, other = new_session(), new_session()
    await repo.add_session(session)
    await repo.add_session(other)
    message = await repo.add_message(_msg(session.id, "bye"))
    kept = await repo.add_message(_msg(other.id, "stay"))
    await repo.add_run(_run(session.id, "r1"))
    await repo.delete_session(session.id)
    assert await repo.get_session(session.id) is None
    assert await repo.get_run("r1") is None
    with pytest.raises(MessageNotFound):
        await repo.set_feedback(message.id, Feedback.UP)
    assert await repo.last_messages(other.id, 5) == [kept]


async def test_clear_messages_counts_and_ids_are_never_reused(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    before = [await repo.add_message(_msg(session.id, str(i))) for i in range(3)]
    assert await repo.clear_messages(session.id) == 3
    assert await repo.clear_messages(session.id) == 0
    after = await repo.add_message(_msg(session.id, "again"))
    assert after.id > before[-1].id
    assert await repo.get_session(session.id) is not None


async def test_feedback_sets_and_clears(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    message = await repo.add_message(_msg(session.id, "answer", Role.ASSISTANT))
    assert (await repo.set_feedback(message.id, Feedback.DOWN)).feedback is Feedback.DOWN
    assert (await repo.last_messages(session.id, 1))[0].feedback is Feedback.DOWN
    assert (await repo.set_feedback(message.id, None)).feedback is None
    for missing in (10_000, 0, -5, 2**70, -(2**70)):
        with pytest.raises(MessageNotFound):
            await repo.set_feedback(missing, Feedback.UP)


async def test_remembered_turns_take_the_longest_fitting_tail(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    stored = [await repo.add_message(_msg(session.id, f"{i:040}")) for i in range(200)]
    turns = [ChatTurn(role="user", content=m.content) for m in stored]
    end = stored[-1].id + 1
    # 10 tokens each: a budget of 95 fits the last 9.
    assert await repo.remembered_turns(session.id, 95, before_message_id=end) == turns[-9:]
    assert await repo.remembered_turns(session.id, 10_000, before_message_id=end) == turns
    assert await repo.remembered_turns(session.id, 5, before_message_id=end) == []
    assert await repo.remembered_turns(session.id, 0, before_message_id=end) == []
    # Only what came before the given message is remembered.
    before = stored[150].id
    assert await repo.remembered_turns(session.id, 95, before_message_id=before) == turns[141:150]
    assert await repo.remembered_turns(session.id, 95, before_message_id=stored[0].id) == []
    assert await repo.remembered_turns(session.id, 95, before_message_id=-(2**70)) == []
    assert await repo.remembered_turns(session.id, 95, before_message_id=2**70) == turns[-9:]


async def test_remembered_turns_are_who_said_what(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    steps = [ToolStep(type="tool_result", tool="search_media", summary="1", data="{}")]
    await repo.add_message(_msg(session.id, "Alien?"))
    await repo.add_message(_msg(session.id, "You are terse.", Role.SYSTEM))
    await repo.add_message(_msg(session.id, "", Role.ASSISTANT))  # a stopped, empty answer
    answer = NewMessage(session_id=session.id, role=Role.ASSISTANT, content="Alien.", steps=steps)
    last = await repo.add_message(answer)
    assert await repo.remembered_turns(session.id, 4, before_message_id=last.id + 1) == [
        ChatTurn(role="user", content="Alien?"),
        ChatTurn(role="assistant", content="Alien."),
    ]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    messages=st.lists(st.tuples(st.text(max_size=120), st.sampled_from(Role)), max_size=150),
    budget=st.integers(min_value=-1, max_value=600),
    cut=st.integers(min_value=0, max_value=160),
)
async def test_remembered_turns_match_a_reference(
    repo: ChatRepository, messages: list[tuple[str, Role]], budget: int, cut: int
) -> None:
    session = new_session()
    await repo.add_session(session)
    stored = [await repo.add_message(_msg(session.id, c, role)) for c, role in messages]
    before = stored[cut].id if cut < len(stored) else 2**63 - 1
    expected = []
    spent = 0
    for message in reversed(stored):
        if message.id >= before or message.role is Role.SYSTEM or not message.content:
            continue
        spent += estimate_tokens(message.content)
        if spent > budget:
            break
        role = "user" if message.role is Role.USER else "assistant"
        expected.insert(0, ChatTurn(role=role, content=message.content))
    assert await repo.remembered_turns(session.id, budget, before_message_id=before) == expected


async def test_runs_round_trip_and_are_found_by_status(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    first, second = _run(session.id, "r1"), _run(session.id, "r2", RunStatus.RUNNING)
    first = replace(first, pending_message="a queued question \x00 كلمة")
    await repo.add_run(first)
    await repo.add_run(second)
    with pytest.raises(InvalidRequest):
        await repo.add_run(first)
    assert await repo.get_run("r1") == first
    assert await repo.active_run(session.id) == first  # the oldest active one
    await repo.save_partial_answer("r2", "what was \x00 streamed")
    second = replace(second, partial_answer="what was \x00 streamed")
    assert await repo.get_run("r2") == second
    checkpoint = replace(second, partial_answer="what was streamed \x00 so far")
    await repo.save_run(checkpoint)
    assert await repo.get_run("r2") == checkpoint
    second = checkpoint
    done = replace(
        first,
        status=RunStatus.SUCCEEDED,
        started_at=EPOCH,
        finished_at=EPOCH + timedelta(seconds=2),
        answer_message_id=7,
        pending_message=None,
    )
    await repo.save_run(done)
    await repo.save_partial_answer("r1", "a checkpoint that lands after the end")
    await repo.save_partial_answer("nope", "an unknown run")
    assert await repo.get_run("r1") == done
    assert await repo.active_run(session.id) == second
    assert await repo.runs_with_status([RunStatus.SUCCEEDED, RunStatus.RUNNING]) == [done, second]
    assert await repo.runs_with_status([]) == []
    with pytest.raises(RunNotFound):
        await repo.save_run(_run(session.id, "nope"))
    assert await repo.get_run("nope") is None


async def test_a_run_ends_with_its_reply_in_one_write(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    asked = await repo.add_message(_msg(session.id, "Alien?"))
    run = replace(_run(session.id, "r1", RunStatus.RUNNING), user_message_id=asked.id)
    await repo.add_run(replace(run, partial_answer="Alien (1979)"))
    steps = [ToolStep(type="tool_result", tool="search_media", summary="1 result", data="{}")]
    reply = NewMessage(
        session_id=session.id, role=Role.ASSISTANT, content="Alien (1979) is a classic.",
        run_id="r1", steps=steps,
    )  # fmt: skip
    done = replace(run, status=RunStatus.SUCCEEDED, finished_at=EPOCH + timedelta(seconds=1))
    finished = await repo.finish_run(done, reply)
    [_, answer] = await repo.last_messages(session.id, 10)
    assert finished == replace(done, answer_message_id=answer.id)
    assert await repo.get_run("r1") == finished  # partial_answer cleared with the rest
    assert (answer.role, answer.content, answer.run_id, answer.steps) == (
        Role.ASSISTANT, "Alien (1979) is a classic.", "r1", steps,
    )  # fmt: skip
    stored = await repo.get_session(session.id)
    assert stored is not None and stored.updated_at >= answer.created_at


async def test_a_run_without_a_reply_ends_alone(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    queued = _run(session.id, "r1")
    await repo.add_run(queued)
    cancelled = replace(queued, status=RunStatus.CANCELLED, finished_at=EPOCH)
    assert await repo.finish_run(cancelled, None) == cancelled
    assert await repo.get_run("r1") == cancelled
    assert await repo.last_messages(session.id, 10) == []


async def test_ending_an_unknown_run_stores_nothing(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    with pytest.raises(RunNotFound):
        await repo.finish_run(_run(session.id, "nope"), _msg(session.id, "an orphan reply"))
    assert await repo.last_messages(session.id, 10) == []
    await repo.delete_session(session.id)
    with pytest.raises(SessionNotFound):
        await repo.finish_run(_run(session.id, "nope"), _msg(session.id, "too late"))
