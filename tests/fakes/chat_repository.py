"""InMemoryChatRepository: the ChatRepository port held in dicts, with state tests can inspect.

The shared contract suite (tests/*/test_storage_contract*.py) runs against this fake and the
SQLite adapter alike, so the two cannot drift. Duplicate ids raise `InvalidRequest` in both.
Search splits words on anything but letters and digits; SQLite's FTS5 (unicode61, Unicode 6.1)
agrees on ASCII and common scripts but may split rarer symbols differently.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from msgspec.structs import replace

from movie_analyst.application.errors import (
    InvalidRequest,
    MessageNotFound,
    RunNotFound,
    SessionBusy,
    SessionNotFound,
)
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage, SearchHit
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import Feedback, Message, NewMessage, Role, estimate_tokens
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session, SessionSummary


def _utc(moment: datetime) -> datetime:
    """Naive times count as UTC, as in the SQLite adapter."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class InMemoryChatRepository(ChatRepository):
    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        self.clock = clock
        self.sessions: dict[str, Session] = {}  # insertion order breaks updated_at ties
        self.messages: dict[int, Message] = {}  # ordered by id
        self.runs: dict[str, Run] = {}
        self.next_message_id = 1  # never reused, like AUTOINCREMENT
        self.started = False
        self.closed = False

    async def start(self) -> None:
        self.started = True

    async def aclose(self) -> None:
        self.closed = True

    async def add_session(self, session: Session) -> None:
        if session.id in self.sessions:
            raise InvalidRequest(f"session {session.id} already exists")
        self.sessions[session.id] = replace(
            session,
            created_at=_utc(session.created_at),
            updated_at=_utc(session.updated_at),
            metadata=dict(session.metadata),
        )

    async def get_session(self, session_id: str, *, owner: str | None = None) -> Session | None:
        session = self.sessions.get(session_id)
        return session if session is not None and _owned(session, owner) else None

    async def rename_session(
        self, session_id: str, title: str, *, owner: str | None = None
    ) -> Session:
        session = self._session(session_id, owner)
        renamed = replace(session, title=title)
        self.sessions[session_id] = renamed
        return renamed

    async def delete_session(self, session_id: str, *, owner: str | None = None) -> None:
        self._session(session_id, owner)
        del self.sessions[session_id]
        self.messages = {k: m for k, m in self.messages.items() if m.session_id != session_id}
        self.runs = {k: r for k, r in self.runs.items() if r.session_id != session_id}

    async def list_sessions(
        self, *, limit: int, offset: int, owner: str | None = None
    ) -> list[SessionSummary]:
        order = [(n, s) for n, s in enumerate(self.sessions.values()) if _owned(s, owner)]
        order.sort(key=lambda pair: (pair[1].updated_at, pair[0]), reverse=True)
        page = [s for _, s in order][max(0, offset) : max(0, offset) + max(0, limit)]
        return [SessionSummary(session=s, message_count=self._count(s.id)) for s in page]

    async def count_sessions(self, *, owner: str | None = None) -> int:
        return sum(1 for s in self.sessions.values() if _owned(s, owner))

    async def size_bytes(self) -> int:
        """The bytes of the message texts: enough to see a database grow."""
        return sum(len(m.content.encode()) for m in self.messages.values())

    async def add_message(self, message: NewMessage) -> Message:
        now = _utc(self.clock())  # read first, as the SQLite adapter does, even if it fails
        return self._store_message(message, now)

    def _store_message(self, message: NewMessage, now: datetime) -> Message:
        session = self._session(message.session_id)
        stored = Message(
            id=self.next_message_id,
            session_id=message.session_id,
            role=message.role,
            content=message.content,
            created_at=now,
            run_id=message.run_id,
            stopped=message.stopped,
            steps=message.steps,
        )
        self.next_message_id += 1
        self.messages[stored.id] = stored
        self.sessions[session.id] = replace(session, updated_at=max(session.updated_at, now))
        return stored

    async def last_messages(
        self, session_id: str, limit: int, *, owner: str | None = None
    ) -> list[Message]:
        self._session(session_id, owner)
        mine = self._of(session_id)
        return mine[-limit:] if limit > 0 else []

    async def remembered_turns(
        self, session_id: str, token_budget: int, *, before_message_id: int
    ) -> list[ChatTurn]:
        self._session(session_id)
        turns: list[ChatTurn] = []
        spent = 0
        for message in reversed(self._of(session_id)):
            if message.id >= before_message_id or message.role is Role.SYSTEM:
                continue
            if not message.content:
                continue
            spent += estimate_tokens(message.content)
            if spent > token_budget:
                break
            role = "user" if message.role is Role.USER else "assistant"
            turns.append(ChatTurn(role=role, content=message.content))
        return turns[::-1]

    async def clear_messages(self, session_id: str, *, owner: str | None = None) -> int:
        doomed = [m.id for m in self._of(self._session(session_id, owner).id)]
        for message_id in doomed:
            del self.messages[message_id]
        return len(doomed)

    async def set_feedback(
        self, message_id: int, feedback: Feedback | None, *, owner: str | None = None
    ) -> Message:
        message = self.messages.get(message_id)
        if message is None or not _owned(self.sessions[message.session_id], owner):
            raise MessageNotFound(message_id)
        updated = replace(message, feedback=feedback)
        self.messages[message_id] = updated
        return updated

    async def add_run(self, run: Run) -> None:
        self._session(run.session_id)
        if run.id in self.runs:
            raise InvalidRequest(f"run {run.id} already exists")
        self.runs[run.id] = _normalized_run(run)

    async def admit_run(self, run: Run, message: NewMessage, *, owner: str | None = None) -> Run:
        now = _utc(self.clock())  # read first, as the real adapters do
        self._session(run.session_id, owner)
        busy = await self.active_run(run.session_id)
        if busy is not None:
            raise SessionBusy(run.session_id, busy.id)
        if run.id in self.runs:
            raise InvalidRequest(f"run {run.id} already exists")
        stored = self._store_message(message, now)
        admitted = replace(run, user_message_id=stored.id)
        await self.add_run(admitted)
        return admitted

    async def save_partial_answer(self, run_id: str, text: str) -> None:
        stored = self.runs.get(run_id)
        if stored is not None and stored.status is RunStatus.RUNNING:
            self.runs[run_id] = replace(stored, partial_answer=text)

    async def save_run(self, run: Run) -> None:
        stored = self.runs.get(run.id)
        if stored is None:
            raise RunNotFound(run.id)
        self.runs[run.id] = _normalized_run(run, session_id=stored.session_id)

    async def finish_run(self, run: Run, reply: NewMessage | None) -> Run:
        if reply is not None:  # as the real stores: the reply's insert fails first
            self._session(reply.session_id)
        if run.id not in self.runs:
            raise RunNotFound(run.id)  # all or nothing: the reply is not stored either
        if reply is not None:
            stored = self._store_message(reply, _utc(self.clock()))
            run = replace(run, answer_message_id=stored.id)
        await self.save_run(run)
        return run

    async def get_run(self, run_id: str, *, owner: str | None = None) -> Run | None:
        run = self.runs.get(run_id)
        return run if run is not None and _owned(self.sessions[run.session_id], owner) else None

    async def active_run(self, session_id: str) -> Run | None:
        active = (r for r in self.runs.values() if r.session_id == session_id)
        return next((r for r in active if r.status.is_active), None)

    async def runs_with_status(self, statuses: Sequence[RunStatus]) -> list[Run]:
        return [r for r in self.runs.values() if r.status in statuses]

    async def import_session(self, session: Session, messages: Sequence[ArchivedMessage]) -> int:
        await self.add_session(session)
        for archived in messages:
            stored = Message(
                id=self.next_message_id,
                session_id=session.id,
                role=archived.role,
                content=archived.content,
                created_at=_utc(archived.created_at),
                stopped=archived.stopped,
                feedback=archived.feedback,
            )
            self.next_message_id += 1
            self.messages[stored.id] = stored
            current = self.sessions[session.id]
            updated_at = max(current.updated_at, stored.created_at)
            self.sessions[session.id] = replace(current, updated_at=updated_at)
        return len(messages)

    async def search(self, query: str, *, limit: int, owner: str | None = None) -> list[SearchHit]:
        words = _words(query)
        if not words or limit <= 0:
            return []
        mine = {k: s for k, s in self.sessions.items() if _owned(s, owner)}
        titles = [s for s in mine.values() if _matches(words, s.title)][:limit]
        found = [
            m for m in self.messages.values() if m.session_id in mine and _matches(words, m.content)
        ][:limit]
        hits = [SearchHit(session_id=s.id, title=s.title, snippet=s.title) for s in titles]
        for m in found:
            title = self.sessions[m.session_id].title
            hit = SearchHit(
                session_id=m.session_id,
                title=title,
                message_id=m.id,
                role=m.role,
                snippet=m.content[:160],
            )
            hits.append(hit)
        return hits

    def _session(self, session_id: str, owner: str | None = None) -> Session:
        session = self.sessions.get(session_id)
        if session is None or not _owned(session, owner):
            raise SessionNotFound(session_id)
        return session

    def _of(self, session_id: str) -> list[Message]:
        return [m for m in self.messages.values() if m.session_id == session_id]

    def _count(self, session_id: str) -> int:
        return sum(1 for m in self.messages.values() if m.session_id == session_id)


def _owned(session: Session, owner: str | None) -> bool:
    """None sees every session (the shared space); a user id only that user's."""
    return owner is None or session.owner == owner


def _words(text: str) -> list[str]:
    """FTS5 unicode61 in miniature: letters and digits, case-folded, diacritics removed."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [word.casefold() for word in re.findall(r"[^\W_]+", bare)]


def _matches(query_words: list[str], text: str) -> bool:
    words = _words(text)
    return all(any(w.startswith(q) for w in words) for q in query_words)


def _normalized_run(run: Run, *, session_id: str | None = None) -> Run:
    def maybe(moment: datetime | None) -> datetime | None:
        return None if moment is None else _utc(moment)

    return replace(
        run,
        session_id=session_id or run.session_id,
        created_at=_utc(run.created_at),
        started_at=maybe(run.started_at),
        finished_at=maybe(run.finished_at),
    )
