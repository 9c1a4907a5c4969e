import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.session import Session, validate_title

MAX_IMPORTED_MESSAGES = 10_000


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ImportSession:
    """Store an exported conversation as a NEW session (a fresh UUID: ids are never trusted).

    Rules: the title follows the usual rules (`InvalidValue`); at most 10,000 messages
    (`InvalidRequest`); all or nothing. Message times are kept, and the session's `updated_at`
    follows the newest of them. Without a creation time the first message's is used; one in
    the future is clamped to now.
    """

    def __init__(
        self, *, repository: ChatRepository, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self._repository = repository
        self._clock = clock

    async def execute(
        self,
        *,
        title: str,
        created_at: datetime | None,
        metadata: dict[str, str],
        messages: list[ArchivedMessage],
    ) -> tuple[Session, int]:
        if len(messages) > MAX_IMPORTED_MESSAGES:
            raise InvalidRequest(f"at most {MAX_IMPORTED_MESSAGES} messages per import")
        now = self._clock()
        first = messages[0].created_at if messages else now
        created = min(created_at or first, now)
        session = Session(
            id=str(uuid.uuid4()),
            title=validate_title(title),
            created_at=created,
            updated_at=created,
            metadata=dict(metadata),
        )
        imported = await self._repository.import_session(session, messages)
        return session, imported
