from movie_analyst.application.use_cases.admin.audit import admitted_admin
from movie_analyst.application.use_cases.sessions.list_messages import ListMessages
from movie_analyst.domain.message import Message
from movie_analyst.domain.user import User


class ReadSessionMessages:
    """Every message of anyone's session, oldest first, for an admin; read-only and logged.

    Rules: the caller must be an admin (`AdminRequired`); a missing session is
    `SessionNotFound`. Nothing is written: an admin cannot add to, rate or clear the chat.
    """

    def __init__(self, *, list_messages: ListMessages) -> None:
        self._list_messages = list_messages

    async def execute(self, caller: User | None, session_id: str, *, route: str) -> list[Message]:
        admitted_admin(caller, route=route, target=f"session {session_id}")
        return await self._list_messages.execute(session_id, owner=None)
