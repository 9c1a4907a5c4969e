"""The ChatRepository contract for `remembered_turns` over long histories, on every engine: an
engine that reads the history in chunks must give the same tail across chunk boundaries, and the
model's memory is who said what, without the tool steps."""

import pytest

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.run_event import ToolStep
from tests.support.storage import contract_repo, new_session

repo = contract_repo  # the fake, SQLite and PostgreSQL, in turn


@pytest.mark.parametrize("budget", [255, 256, 257, 1_300, 1_500, 10_000])
async def test_a_long_history_gives_the_tail_that_fits(repo: ChatRepository, budget: int) -> None:
    session = new_session()
    await repo.add_session(session)
    stored = [
        await repo.add_message(NewMessage(session_id=session.id, role=Role.USER, content="x"))
        for _ in range(1_500)
    ]  # one token each
    turns = await repo.remembered_turns(session.id, budget, before_message_id=stored[-1].id + 1)
    assert turns == [ChatTurn(role="user", content="x")] * min(budget, 1_500)
    older = await repo.remembered_turns(session.id, budget, before_message_id=stored[-100].id)
    assert len(older) == min(budget, 1_400)


async def test_the_tail_leaves_the_tool_steps_out(repo: ChatRepository) -> None:
    session = new_session()
    await repo.add_session(session)
    step = ToolStep(type="tool_result", tool="search_media", summary="1 result", data="{}" * 500)
    stored = await repo.add_message(
        NewMessage(session_id=session.id, role=Role.ASSISTANT, content="Alien.", steps=[step])
    )
    [remembered] = await repo.remembered_turns(session.id, 100, before_message_id=stored.id + 1)
    assert remembered == ChatTurn(role="assistant", content="Alien.")
    assert (await repo.last_messages(session.id, 1))[0].steps == [step]
