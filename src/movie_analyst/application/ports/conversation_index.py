from typing import Protocol


class ConversationIndex(Protocol):
    """Which session holds a conversation, by the key of its turns so far (`conversation_key`).

    Contract:
    - `remember(session_id, key)` makes `key` find the session and the session's previous key
      find nothing: a session is found only by the conversation it holds now, so two clients
      whose chats start alike and then part do not end up in one session.
    - `find` answers None for a key never remembered, or forgotten (an index may keep only
      its newest entries, or none across restarts). Neither method raises for a missing key.
    """

    async def find(self, key: str) -> str | None: ...

    async def remember(self, session_id: str, key: str) -> None: ...
