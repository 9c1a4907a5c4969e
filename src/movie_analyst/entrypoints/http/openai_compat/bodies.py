"""OpenAI's chat-completion wire format, as much of it as the facade reads and writes.

Requests keep unknown fields (clients send temperature, tools, ...; the agent decides those),
so these Structs do not forbid them.
"""

import time
from typing import Annotated, Any

import msgspec

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.domain.conversation import Turn
from movie_analyst.domain.message import Role
from movie_analyst.domain.run_event import RunFinished

_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT, "system": Role.SYSTEM}
_ROLES["developer"] = Role.SYSTEM  # the newer name of the system role


class ContentPart(msgspec.Struct, kw_only=True):
    type: str
    text: str | None = None


class MessageIn(msgspec.Struct, kw_only=True):
    role: str
    content: str | list[ContentPart] | None = None


class StreamOptions(msgspec.Struct, kw_only=True):
    include_usage: bool = False


class ChatCompletionBody(msgspec.Struct, kw_only=True):
    model: str
    messages: Annotated[list[MessageIn], msgspec.Meta(min_length=1)]
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = None
    metadata: dict[str, str] | None = None


def turns_of(messages: list[MessageIn]) -> list[Turn]:
    return [Turn(role=_role(m.role), content=_text(m)) for m in messages]


def _role(role: str) -> Role:
    if role not in _ROLES:
        raise InvalidRequest(f"messages with role {role!r} are not supported (no client tools)")
    return _ROLES[role]


def _text(message: MessageIn) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    if any(part.type != "text" for part in parts):
        raise InvalidRequest("only text content parts are supported")
    return "".join(part.text or "" for part in parts)


class Completion:
    """The fields every response object of one completion shares (id, created, model)."""

    def __init__(self, run_id: str, model: str) -> None:
        self.id = f"chatcmpl-{run_id}"
        self.model = model
        self.created = int(time.time())

    def whole(self, done: RunFinished) -> dict[str, Any]:
        message = {"role": "assistant", "content": done.content}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return self._object("chat.completion", [choice], usage=usage_of(done))

    def delta(self, delta: dict[str, str], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return self._object("chat.completion.chunk", [choice])

    def usage_chunk(self, usage: dict[str, int] | None) -> dict[str, Any]:
        """The last chunk when `stream_options.include_usage` asks for it: no choices."""
        return {**self._object("chat.completion.chunk", []), "usage": usage}

    def _object(
        self, kind: str, choices: list[Any], usage: dict[str, int] | None = None
    ) -> dict[str, Any]:
        found = {"id": self.id, "object": kind, "created": self.created, "model": self.model}
        found["choices"] = choices
        return found if usage is None else {**found, "usage": usage}


def usage_of(done: RunFinished) -> dict[str, int] | None:
    if done.input_tokens is None or done.output_tokens is None:
        return None
    return {
        "prompt_tokens": done.input_tokens,
        "completion_tokens": done.output_tokens,
        "total_tokens": done.input_tokens + done.output_tokens,
    }
