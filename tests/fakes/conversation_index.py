"""DictConversationIndex: the ConversationIndex port as two dicts you can look into."""

from movie_analyst.application.ports.conversation_index import ConversationIndex


class DictConversationIndex(ConversationIndex):
    def __init__(self) -> None:
        self.sessions: dict[str, str] = {}  # key -> session id
        self.keys: dict[str, str] = {}  # session id -> its key

    async def find(self, key: str) -> str | None:
        return self.sessions.get(key)

    async def remember(self, session_id: str, key: str) -> None:
        previous = self.keys.pop(session_id, None)
        if previous is not None and self.sessions.get(previous) == session_id:
            del self.sessions[previous]
        self.keys.pop(self.sessions.get(key, ""), None)
        self.sessions[key] = session_id
        self.keys[session_id] = key
