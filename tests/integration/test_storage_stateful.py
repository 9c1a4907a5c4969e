"""Stateful contract test: random operation sequences on the fake and on a real adapter side by
side (SQLite, then PostgreSQL).

Both start empty with the same ticking clock, so every answer (ids, timestamps, errors) must be
identical; any divergence is the fake drifting from the real adapter (or a bug in either).
"""

import asyncio
import shutil
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from movie_analyst.adapters.postgres_chat_repository import PostgresChatRepository
from movie_analyst.adapters.sqlite_chat_repository import SqliteChatRepository
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.message import Feedback, NewMessage, Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.support.postgres import create_database, drop_database
from tests.support.storage import EPOCH, TickingClock

Operation = Callable[[ChatRepository], Awaitable[object]]

plain = st.text(alphabet="abc 12,.-_\x00", max_size=30)
texts = plain | st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
missing_ids = st.builds(lambda: str(uuid.uuid4()))


class SideBySide(RuleBasedStateMachine):
    sessions = Bundle("sessions")
    messages = Bundle("messages")
    runs = Bundle("runs")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = tempfile.mkdtemp(prefix="storage-stateful-")
        self.fake = InMemoryChatRepository(clock=TickingClock())
        self.real = self.loop.run_until_complete(self.open_real())
        # Search is compared on ASCII text only: beyond it, which characters separate words is
        # SQLite's unicode61 table (Unicode 6.1), which the fake does not copy.
        self.plain_titles: set[str] = set()
        self.plain_messages: set[int] = set()

    async def open_real(self) -> ChatRepository:
        real = SqliteChatRepository(str(Path(self.folder) / "s.db"), clock=TickingClock())
        await real.start()
        return real

    def teardown(self) -> None:
        self.loop.run_until_complete(self.real.aclose())  # type: ignore[attr-defined]
        self.loop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def both(self, operation: Operation) -> object:
        outcomes = [self._outcome(operation, repo) for repo in (self.fake, self.real)]
        assert outcomes[0] == outcomes[1], outcomes
        return outcomes[0]

    def _outcome(self, operation: Operation, repo: ChatRepository) -> object:
        try:
            return self.loop.run_until_complete(operation(repo))
        except Exception as exc:  # the error class is part of the contract
            return type(exc).__name__

    @rule(target=sessions, title=texts, minutes=st.integers(-5, 5))
    def add_session(self, title: str, minutes: int) -> str:
        at = EPOCH.replace(minute=10 + minutes)
        session = Session(id=str(uuid.uuid4()), title=title, created_at=at, updated_at=at)
        self.both(lambda repo: repo.add_session(session))
        self._note_title(session.id, title)
        return session.id

    @rule(
        target=messages,
        session_id=sessions | missing_ids,
        content=texts,
        role=st.sampled_from(Role),
    )
    def add_message(self, session_id: str, content: str, role: Role) -> int:
        new = NewMessage(session_id=session_id, role=role, content=content)
        stored = self.both(lambda repo: repo.add_message(new))
        message_id: int = getattr(stored, "id", -1)
        if content.isascii():
            self.plain_messages.add(message_id)
        return message_id

    @rule(session_id=sessions, title=texts)
    def rename(self, session_id: str, title: str) -> None:
        self.both(lambda repo: repo.rename_session(session_id, title))
        self._note_title(session_id, title)

    def _note_title(self, session_id: str, title: str) -> None:
        if title.isascii():
            self.plain_titles.add(session_id)
        else:
            self.plain_titles.discard(session_id)

    @rule(session_id=sessions | missing_ids)
    def delete(self, session_id: str) -> None:
        self.both(lambda repo: repo.delete_session(session_id))

    @rule(session_id=sessions | missing_ids)
    def clear(self, session_id: str) -> None:
        self.both(lambda repo: repo.clear_messages(session_id))

    @rule(message_id=messages | st.integers(-1, 500), feedback=st.sampled_from([*Feedback, None]))
    def rate(self, message_id: int, feedback: Feedback | None) -> None:
        self.both(lambda repo: repo.set_feedback(message_id, feedback))

    @rule(session_id=sessions | missing_ids, limit=st.integers(0, 8))
    def last(self, session_id: str, limit: int) -> None:
        self.both(lambda repo: repo.last_messages(session_id, limit))

    @rule(
        session_id=sessions | missing_ids,
        budget=st.integers(-1, 60),
        before=messages | st.integers(-1, 500),
    )
    def remembered(self, session_id: str, budget: int, before: int) -> None:
        self.both(lambda repo: repo.remembered_turns(session_id, budget, before_message_id=before))

    @rule(limit=st.integers(-1, 6), offset=st.integers(-1, 6))
    def page(self, limit: int, offset: int) -> None:
        self.both(lambda repo: repo.list_sessions(limit=limit, offset=offset))

    @rule(target=runs, session_id=sessions | missing_ids, status=st.sampled_from(RunStatus))
    def add_run(self, session_id: str, status: RunStatus) -> str:
        run = Run(
            id=uuid.uuid4().hex,
            session_id=session_id,
            status=status,
            model="m",
            user_message_id=1,
            created_at=EPOCH,
        )
        self.both(lambda repo: repo.add_run(run))
        return run.id

    @rule(run_id=runs, status=st.sampled_from(RunStatus), error=st.none() | texts)
    def save_run(self, run_id: str, status: RunStatus, error: str | None) -> None:
        async def change(repo: ChatRepository) -> object:
            run = await repo.get_run(run_id)
            if run is None:
                return None
            updated = Run(**{**_fields(run), "status": status, "error": error})
            await repo.save_run(updated)
            return await repo.get_run(run_id)

        self.both(change)

    @rule(session_id=sessions | missing_ids)
    def active(self, session_id: str) -> None:
        self.both(lambda repo: repo.active_run(session_id))

    @rule(statuses=st.lists(st.sampled_from(RunStatus), max_size=3))
    def by_status(self, statuses: list[RunStatus]) -> None:
        self.both(lambda repo: repo.runs_with_status(statuses))

    @rule(
        target=sessions,
        title=texts,
        contents=st.lists(texts, max_size=4),
        feedback=st.sampled_from([*Feedback, None]),
    )
    def import_session(self, title: str, contents: list[str], feedback: Feedback | None) -> str:
        session = Session(id=str(uuid.uuid4()), title=title, created_at=EPOCH, updated_at=EPOCH)
        archived = [
            ArchivedMessage(role=Role.USER, content=c, created_at=EPOCH, feedback=feedback)
            for c in contents
        ]
        self.both(lambda repo: repo.import_session(session, archived))
        return session.id

    @rule(query=plain)
    def search(self, query: str) -> None:
        async def ids(repo: ChatRepository) -> object:  # snippets and ranking are the adapter's
            hits = await repo.search(query, limit=1000)
            return sorted(
                (h.session_id, h.message_id or 0)
                for h in hits
                if h.message_id in self.plain_messages
                or (h.message_id is None and h.session_id in self.plain_titles)
            )

        self.both(ids)

    @invariant()
    def same_listing(self) -> None:
        self.both(lambda repo: repo.list_sessions(limit=500, offset=0))


def _fields(run: Run) -> dict[str, object]:
    return {name: getattr(run, name) for name in run.__struct_fields__}


SideBySide.TestCase.settings = settings(max_examples=30, stateful_step_count=25, deadline=None)
TestSideBySide = SideBySide.TestCase


class PostgresSideBySide(SideBySide):
    """The same machine on PostgreSQL: one database per run, emptied for every example."""

    url = ""

    async def open_real(self) -> ChatRepository:
        real = PostgresChatRepository(self.url, clock=TickingClock())
        await real.start()
        async with real.pool.connection() as connection:
            await connection.execute("TRUNCATE sessions, messages, runs RESTART IDENTITY CASCADE")
        return real


class TestPostgresSideBySide(PostgresSideBySide.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        PostgresSideBySide.url = create_database()

    @classmethod
    def tearDownClass(cls) -> None:
        drop_database(PostgresSideBySide.url)


TestPostgresSideBySide.settings = SideBySide.TestCase.settings
