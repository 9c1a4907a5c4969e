from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.llm import ChatTurn


class HydrateMemory:
    """The conversation the agent remembers before answering a new message.

    Rules:
    - Only the stored tail that fits `token_limit` is read (the repository reads about as many
      rows as it returns), so the cost does not grow with the history's length.
    - The new user message and anything stored after it are left out: the agent gets it apart.
    - Only clean user/assistant turns are returned; the ReAct scratchpad was never stored.
    """

    def __init__(self, *, repository: ChatRepository, token_limit: int) -> None:
        self._repository = repository
        self._token_limit = token_limit

    async def execute(self, session_id: str, *, before_message_id: int) -> list[ChatTurn]:
        return await self._repository.remembered_turns(
            session_id, self._token_limit, before_message_id=before_message_id
        )
