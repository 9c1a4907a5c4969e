import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import msgspec

from movie_analyst.application.errors import InvalidRequest, StorageFull
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.use_cases.runs.submit_message import MAX_MESSAGE_LENGTH
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.message import Role
from movie_analyst.domain.session import Session, validate_title

MAX_IMPORTED_MESSAGES = 10_000  # the ceiling; `ImportLimits.max_messages` may set a lower one
_MB = 1024 * 1024


class ImportLimits(msgspec.Struct, frozen=True, kw_only=True):
    max_messages: int = MAX_IMPORTED_MESSAGES
    max_answer_chars: int = 20_000  # assistant and system messages; a user's: as in chat
    max_database_bytes: int = 2 * 1024 * _MB


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ImportSession:
    """Store an exported conversation as a NEW session (a fresh UUID: ids are never trusted).

    Rules: the title follows the usual rules (`InvalidValue`); at most `max_messages` messages,
    a user message at most MAX_MESSAGE_LENGTH characters (as in chat), any other at most
    `max_answer_chars` (`InvalidRequest`); refused with `StorageFull` when the database would
    grow past `max_database_bytes`; all or nothing. Message times are kept, and the session's
    `updated_at` follows the newest of them. Without a creation time the first message's is
    used; one in the future is clamped to now. The new session belongs to `owner`.
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        limits: ImportLimits | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._repository = repository
        self._limits = limits or ImportLimits()
        self._clock = clock

    async def execute(
        self,
        *,
        title: str,
        created_at: datetime | None,
        metadata: dict[str, str],
        messages: list[ArchivedMessage],
        owner: str | None = None,
    ) -> tuple[Session, int]:
        self._check_messages(messages)
        await self._check_room(sum(len(m.content.encode()) for m in messages))
        now = self._clock()
        first = messages[0].created_at if messages else now
        created = min(created_at or first, now)
        session = Session(
            id=str(uuid.uuid4()),
            title=validate_title(title),
            created_at=created,
            updated_at=created,
            metadata=dict(metadata),
            owner=owner,
        )
        imported = await self._repository.import_session(session, messages)
        return session, imported

    def _check_messages(self, messages: list[ArchivedMessage]) -> None:
        if len(messages) > self._limits.max_messages:
            raise InvalidRequest(f"at most {self._limits.max_messages} messages per import")
        for number, message in enumerate(messages, start=1):
            cap = MAX_MESSAGE_LENGTH if message.role is Role.USER else self._limits.max_answer_chars
            if len(message.content) > cap:
                raise InvalidRequest(
                    f"message {number} ({message.role.value}) is longer than {cap} characters"
                )

    async def _check_room(self, incoming: int) -> None:
        limit = self._limits.max_database_bytes
        size = await self._repository.size_bytes()
        if size + incoming > limit:
            raise StorageFull(
                f"the database holds {size / _MB:.1f} MB of its {limit / _MB:.1f} MB "
                f"(DATABASE_MAX_BYTES); this import needs {incoming / _MB:.1f} MB more"
            )
