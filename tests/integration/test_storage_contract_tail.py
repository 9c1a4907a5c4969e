"""The ChatRepository contract for `tail_within_budget` over long histories, on every engine:
an engine that reads the history in chunks must give the same tail across chunk boundaries."""

import pytest

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import NewMessage, Role
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
    assert await repo.tail_within_budget(session.id, budget) == stored[-budget:]
