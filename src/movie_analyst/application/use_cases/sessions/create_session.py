import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.session import DEFAULT_TITLE, Session, validate_title


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


class CreateSession:
    """Start an empty conversation.

    Rules: the id is a fresh UUID (never chosen by the caller); the title defaults to
    "New chat" and must be a string of at most 200 characters (`InvalidValue`); it belongs
    to `owner` (None: the shared space).
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        clock: Callable[[], datetime] = _utc_now,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self._repository = repository
        self._clock = clock
        self._new_id = new_id

    async def execute(
        self,
        *,
        title: str | None = None,
        metadata: dict[str, str] | None = None,
        owner: str | None = None,
    ) -> Session:
        now = self._clock()
        session = Session(
            id=self._new_id(),
            title=DEFAULT_TITLE if title is None else validate_title(title),
            created_at=now,
            updated_at=now,
            metadata=dict(metadata or {}),
            owner=owner,
        )
        await self._repository.add_session(session)
        return session
