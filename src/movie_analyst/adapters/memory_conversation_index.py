"""The ConversationIndex in this process's memory, bounded: the oldest entries go first."""

from collections import OrderedDict

from movie_analyst.application.ports.conversation_index import ConversationIndex

DEFAULT_CAPACITY = 10_000


class InMemoryConversationIndex(ConversationIndex):
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._capacity = capacity
        self._session_by_key: OrderedDict[str, str] = OrderedDict()
        self._key_by_session: dict[str, str] = {}

    async def find(self, key: str) -> str | None:
        return self._session_by_key.get(key)

    async def remember(self, session_id: str, key: str) -> None:
        previous = self._key_by_session.pop(session_id, None)
        if previous is not None:
            self._session_by_key.pop(previous, None)
        owner = self._session_by_key.get(key)
        if owner is not None and owner != session_id:  # the same turns, newer session wins
            self._key_by_session.pop(owner, None)
        self._session_by_key[key] = session_id
        self._session_by_key.move_to_end(key)
        self._key_by_session[session_id] = key
        while len(self._session_by_key) > self._capacity:
            _, evicted = self._session_by_key.popitem(last=False)
            self._key_by_session.pop(evicted, None)
