from movie_analyst.application.errors import SessionNotFound
from movie_analyst.application.ports.chat_repository import ChatRepository


async def require_owned(repository: ChatRepository, session_id: str, owner: str | None) -> None:
    """Raise `SessionNotFound` unless the session is `owner`'s (any session with no owner).

    For the use cases that act on a session's runs before the store sees the request: another
    user must not stop them, and learns nothing the missing session would not tell.
    """
    if owner is not None and await repository.get_session(session_id, owner=owner) is None:
        raise SessionNotFound(session_id)
