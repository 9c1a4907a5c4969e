from collections.abc import Sequence
from typing import Protocol

from movie_analyst.domain.archive import ArchivedMessage, SearchHit
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import Feedback, Message, NewMessage
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.session import Session, SessionSummary


class ChatRepository(Protocol):
    """Durable store of sessions, their messages and their agent runs.

    Contract:
    - Message ids are a strictly increasing sequence per database; every listing of messages is
      ordered by id ascending. Timestamps are informational only.
    - Methods that take a session id raise `SessionNotFound` when it does not exist (reads that
      return `None` say so instead). Deleting a session cascades to its messages and runs.
    - `add_message` touches the session's `updated_at`.
    - Infrastructure failures are raised as `StorageError`.
    - Ownership: a method taking `owner` sees only that user's sessions (and their messages
      and runs) when it is a user id: another user's session, message or run behaves exactly
      as one that does not exist (None, or the NotFound error), so ids never leak. `owner`
      None sees every session: the one shared space of AUTH_MODE none/token, and the
      server's own background work. A session is stored with its `Session.owner`.
    """

    async def add_session(self, session: Session) -> None: ...

    async def get_session(self, session_id: str, *, owner: str | None = None) -> Session | None: ...

    async def rename_session(
        self, session_id: str, title: str, *, owner: str | None = None
    ) -> Session: ...

    async def delete_session(self, session_id: str, *, owner: str | None = None) -> None: ...

    async def list_sessions(
        self, *, limit: int, offset: int, owner: str | None = None
    ) -> list[SessionSummary]:
        """Newest-updated first, each with its message count, in one query."""
        ...

    async def count_sessions(self, *, owner: str | None = None) -> int:
        """How many sessions exist (the total behind `list_sessions`' pages)."""
        ...

    async def size_bytes(self) -> int:
        """How much room the database takes now (its file, or the PostgreSQL database)."""
        ...

    async def add_message(self, message: NewMessage) -> Message: ...

    async def last_messages(
        self, session_id: str, limit: int, *, owner: str | None = None
    ) -> list[Message]:
        """The newest `limit` messages, returned oldest first."""
        ...

    async def remembered_turns(
        self, session_id: str, token_budget: int, *, before_message_id: int
    ) -> list[ChatTurn]:
        """What a model remembers of the conversation before message `before_message_id`: the
        newest user and assistant messages older than it whose estimated tokens fit the budget,
        as turns (who said what, no tool steps), oldest first. The walk stops at the first
        message that does not fit; system and empty messages are skipped and spend nothing.

        Reads only about as many rows as it returns, whatever the history's length.
        """
        ...

    async def clear_messages(self, session_id: str, *, owner: str | None = None) -> int:
        """Delete every message of the session; returns how many were deleted."""
        ...

    async def set_feedback(
        self, message_id: int, feedback: Feedback | None, *, owner: str | None = None
    ) -> Message:
        """Raises `MessageNotFound`."""
        ...

    async def add_run(self, run: Run) -> None: ...

    async def admit_run(self, run: Run, message: NewMessage, *, owner: str | None = None) -> Run:
        """Store the user `message` and `run` together, all or nothing; returns the run as
        stored, its `user_message_id` pointing at the new message.

        Raises `SessionBusy` (storing nothing) when the session already has an active run, and
        `SessionNotFound`. The database enforces it, so of two callers racing in different
        processes exactly one is admitted.
        """
        ...

    async def save_run(self, run: Run) -> None:
        """Overwrite the stored run with the same id. Raises `RunNotFound`."""
        ...

    async def finish_run(self, run: Run, reply: NewMessage | None) -> Run:
        """Store `reply` (the run's assistant entry; None when it has none) and `run`'s final
        state together, all or nothing; returns the run with `answer_message_id` set to the
        stored reply. Raises `RunNotFound`, or `SessionNotFound` once the session is deleted."""
        ...

    async def save_partial_answer(self, run_id: str, text: str) -> None:
        """Record the answer streamed so far on a `running` run; does nothing once the run has
        ended, so a checkpoint that lands late never undoes the run's end."""
        ...

    async def get_run(self, run_id: str, *, owner: str | None = None) -> Run | None: ...

    async def active_run(self, session_id: str) -> Run | None:
        """The oldest queued or running run of the session, if any."""
        ...

    async def runs_with_status(self, statuses: Sequence[RunStatus]) -> list[Run]: ...

    async def import_session(self, session: Session, messages: Sequence[ArchivedMessage]) -> int:
        """Store a session and its messages all or nothing; returns how many messages.

        The messages get new ids in the given order. Raises `InvalidRequest` when the session
        id is taken.
        """
        ...

    async def search(self, query: str, *, limit: int, owner: str | None = None) -> list[SearchHit]:
        """Sessions whose title, and messages whose content, contain every word of `query`
        (each word matches as a prefix, ignoring case): title hits first, at most `limit` of
        each kind. A query with no words finds nothing.
        """
        ...
