from collections.abc import Callable
from typing import Any

from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.memory import BaseMemory

Tokenizer = Callable[[str], list[int]]


class RunMemory(BaseMemory):
    """The agent's memory for one run: a plain list, rebuilt from our database for each run.

    llama-index's buffers hop to a worker thread on every async call (`asyncio.to_thread`),
    which costs more than the whole list work; this one stays on the loop. `get` keeps the
    newest messages that fit `token_limit` by the injected offline tokenizer.
    """

    _messages: list[ChatMessage] = PrivateAttr(default_factory=list)
    _token_limit: int = PrivateAttr()
    _tokenizer: Tokenizer = PrivateAttr()

    def __init__(self, *, token_limit: int, tokenizer_fn: Tokenizer) -> None:
        super().__init__()
        self._token_limit = token_limit
        self._tokenizer = tokenizer_fn

    @classmethod
    def from_defaults(cls, **kwargs: Any) -> "RunMemory":
        return cls(token_limit=kwargs["token_limit"], tokenizer_fn=kwargs["tokenizer_fn"])

    def get(self, input: str | None = None, **kwargs: Any) -> list[ChatMessage]:
        kept: list[ChatMessage] = []
        budget = self._token_limit
        for message in reversed(self._messages):
            budget -= len(self._tokenizer(message.content or ""))
            if budget < 0 and kept:
                break
            kept.append(message)
        return kept[::-1]

    async def aget(self, input: str | None = None, **kwargs: Any) -> list[ChatMessage]:
        return self.get(input)

    def get_all(self) -> list[ChatMessage]:
        return list(self._messages)

    async def aget_all(self) -> list[ChatMessage]:
        return self.get_all()

    def put(self, message: ChatMessage) -> None:
        self._messages.append(message)

    async def aput(self, message: ChatMessage) -> None:
        self.put(message)

    async def aput_messages(self, messages: list[ChatMessage]) -> None:
        self._messages.extend(messages)

    def set(self, messages: list[ChatMessage]) -> None:
        self._messages = list(messages)

    async def aset(self, messages: list[ChatMessage]) -> None:
        self.set(messages)

    def reset(self) -> None:
        self._messages = []

    async def areset(self) -> None:
        self.reset()
