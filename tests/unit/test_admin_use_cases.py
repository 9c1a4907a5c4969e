"""Admin reads (#18) on fakes: only an admin reads other people's users and chats, through
these use cases, each read logs one line naming the admin, the route and the target, and
nothing is written."""

import logging

import msgspec
import pytest

from movie_analyst.application.errors import AdminRequired, SessionNotFound, UserNotFound
from movie_analyst.application.use_cases.admin.list_user_sessions import ListUserSessions
from movie_analyst.application.use_cases.admin.list_users import ListUsers
from movie_analyst.application.use_cases.admin.read_session_messages import ReadSessionMessages
from movie_analyst.application.use_cases.sessions.list_messages import ListMessages
from movie_analyst.application.use_cases.sessions.list_sessions import ListSessions
from movie_analyst.domain.message import NewMessage, Role
from movie_analyst.domain.user import StoredKey, User
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.fakes.user_directory import DictUserDirectory
from tests.support.storage import EPOCH, new_session

ADMIN = User(id="u-root", name="root", is_admin=True, created_at=EPOCH)
BOB = User(id="u-bob", name="bob", is_admin=False, created_at=EPOCH)
ROUTE = "GET /api/v1/admin/users"


class Team:
    def __init__(self) -> None:
        self.directory = DictUserDirectory()
        self.repository = InMemoryChatRepository()

    async def with_users(self) -> "Team":
        for user in (ADMIN, BOB):
            await self.directory.add(user, StoredKey(key_id=user.id, digest="d"))
        return self

    async def bobs_session(self) -> str:
        session = msgspec.structs.replace(new_session("Bob's noir"), owner=BOB.id)
        await self.repository.add_session(session)
        message = NewMessage(session_id=session.id, role=Role.USER, content="film noir?")
        await self.repository.add_message(message)
        return session.id

    def list_users(self) -> ListUsers:
        return ListUsers(directory=self.directory)

    def list_user_sessions(self) -> ListUserSessions:
        pages = ListSessions(repository=self.repository)
        return ListUserSessions(directory=self.directory, list_sessions=pages)

    def read_messages(self) -> ReadSessionMessages:
        return ReadSessionMessages(list_messages=ListMessages(repository=self.repository))


@pytest.fixture
async def team() -> Team:
    return await Team().with_users()


async def test_an_admin_reads_users_sessions_and_messages_and_each_read_is_logged(
    team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = await team.bobs_session()
    await team.repository.add_session(new_session("nobody's"))  # shared space: not bob's
    with caplog.at_level(logging.INFO, logger="movie_analyst.admin"):
        users = await team.list_users().execute(ADMIN, route=ROUTE)
        page = await team.list_user_sessions().execute(ADMIN, "bob", route="R2")
        messages = await team.read_messages().execute(ADMIN, session_id, route="R3")
    assert [u.name for u in users] == ["root", "bob"]
    assert [s.session.id for s in page.sessions] == [session_id] and page.total == 1
    assert [m.content for m in messages] == ["film noir?"]
    lines = [r.getMessage() for r in caplog.records if r.name == "movie_analyst.admin"]
    assert lines == [
        f"admin read: admin=root route='{ROUTE}' target=all users",
        "admin read: admin=root route='R2' target=user bob",
        f"admin read: admin=root route='R3' target=session {session_id}",
    ]
    assert all(r.levelno == logging.INFO for r in caplog.records)


async def test_a_non_admin_or_nobody_is_refused_before_anything_is_read(
    team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = await team.bobs_session()
    with caplog.at_level(logging.INFO, logger="movie_analyst.admin"):
        for caller in (BOB, None):
            with pytest.raises(AdminRequired):
                await team.list_users().execute(caller, route=ROUTE)
            with pytest.raises(AdminRequired):  # even for an unknown name: names do not leak
                await team.list_user_sessions().execute(caller, "nobody", route=ROUTE)
            with pytest.raises(AdminRequired):
                await team.read_messages().execute(caller, session_id, route=ROUTE)
    assert not caplog.records  # only reads are logged
    assert team.directory.lookups == []


async def test_unknown_users_and_sessions_are_not_found_even_to_an_admin(team: Team) -> None:
    with pytest.raises(UserNotFound):
        await team.list_user_sessions().execute(ADMIN, "nobody", route=ROUTE)
    with pytest.raises(SessionNotFound):
        await team.read_messages().execute(ADMIN, "no-such-session", route=ROUTE)


async def test_reading_a_chat_changes_nothing(team: Team) -> None:
    session_id = await team.bobs_session()
    before = await team.repository.get_session(session_id)
    await team.read_messages().execute(ADMIN, session_id, route=ROUTE)
    assert await team.repository.get_session(session_id) == before
    assert len(await team.repository.last_messages(session_id, 10, owner=BOB.id)) == 1
