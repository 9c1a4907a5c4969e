"""PostgreSQL stopped and started again under a live repository: clear errors, nothing
half-written, and the pool heals by itself once the server is back."""

import time

import pytest

from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.application.errors import StorageError
from movie_analyst.domain.message import NewMessage, Role
from tests.integration.test_storage_contract_admission import _run
from tests.support.postgres import ThrowawayServer
from tests.support.storage import new_session

HEAL_SECONDS = 30.0


def _ask(session_id: str, text: str) -> NewMessage:
    return NewMessage(session_id=session_id, role=Role.USER, content=text)


async def _until_it_answers(repo: PostgresChatRepository, session_id: str) -> int:
    deadline = time.monotonic() + HEAL_SECONDS
    while True:
        try:
            return len(await repo.last_messages(session_id, 100))
        except StorageError:
            if time.monotonic() > deadline:
                raise


async def test_a_restart_fails_requests_clearly_then_heals(
    throwaway_server: ThrowawayServer,
) -> None:
    repo = PostgresChatRepository(throwaway_server.url, pool_size=2)
    await repo.start()
    try:
        session = new_session()
        await repo.add_session(session)
        await repo.add_message(_ask(session.id, "before"))
        assert await repo.writable() == "ok"

        throwaway_server.stop()
        started = time.monotonic()
        with pytest.raises(StorageError, match="unreachable"):
            await repo.admit_run(_run(session.id, "r1"), _ask(session.id, "during"))
        assert time.monotonic() - started < 15  # the pool's wait, not a hang
        assert (await repo.writable()).startswith("error: chat storage unreachable")

        throwaway_server.start()
        assert await _until_it_answers(repo, session.id) == 1  # "during" left nothing behind
        assert await repo.get_run("r1") is None
        admitted = await repo.admit_run(_run(session.id, "r2"), _ask(session.id, "after"))
        assert admitted.user_message_id > 1 and await repo.writable() == "ok"
    finally:
        await repo.aclose()

    throwaway_server.stop()  # and a server that is down at startup stops it with the reason
    with pytest.raises(StorageError, match="unreachable"):
        await PostgresChatRepository(throwaway_server.url).start()
