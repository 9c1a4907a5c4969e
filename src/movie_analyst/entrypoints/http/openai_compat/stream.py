"""A run as OpenAI chat-completion chunks: `data: {chunk}` lines, then `data: [DONE]`.

A client that disconnects before the end abandons the run, which cancels it (unlike our own
SSE endpoint, whose runs outlive their readers): an OpenAI client has no way to join it later.
Tool steps go out as `reasoning_content` deltas, the field chat UIs (Open WebUI, LibreChat)
show as the model's folded-away thinking; other clients ignore it.
"""

from collections.abc import AsyncIterator
from typing import Any

import anyio
import msgspec

from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
    ConversationRun,
)
from movie_analyst.application.use_cases.runs.chat import failure_of
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished, ToolStep
from movie_analyst.entrypoints.http.errors import status_for
from movie_analyst.entrypoints.http.openai_compat.bodies import Completion, usage_of
from movie_analyst.entrypoints.http.openai_compat.errors import openai_error
from movie_analyst.entrypoints.http.run_stream import KEEPALIVE_SECONDS, with_keepalive

_encoder = msgspec.json.Encoder()
DONE = b"data: [DONE]\n\n"
KEEPALIVE = b": keepalive\n\n"


def _data(payload: Any) -> bytes:
    return b"data: " + _encoder.encode(payload) + b"\n\n"


async def completion_chunks(
    conversation: ContinueConversation,
    started: ConversationRun,
    completion: Completion,
    *,
    include_usage: bool,
) -> AsyncIterator[bytes]:
    finished = False
    try:
        yield _data(completion.delta({"role": "assistant", "content": ""}))
        events = conversation.events(started)
        async for batch in with_keepalive(events, KEEPALIVE_SECONDS):
            if not batch:
                yield KEEPALIVE
                continue
            chunks: list[bytes] = []  # what waited together is written together
            for event in batch:
                if isinstance(event.body, AnswerToken):
                    chunks.append(_data(completion.delta({"content": event.body.content})))
                elif isinstance(event.body, ToolStep):
                    chunks.append(_data(completion.delta({"reasoning_content": _said(event.body)})))
                elif isinstance(event.body, RunFinished):
                    finished = True
                    chunks += _ending(completion, event.body, include_usage)
                    break
            if chunks:
                yield b"".join(chunks)
            if finished:
                return
    finally:
        if not finished:
            with anyio.CancelScope(shield=True):
                await conversation.abandon(started)


def _said(step: ToolStep) -> str:
    """A tool step as reasoning text (chat UIs fold it away), never in the answer's `content`."""
    return f"{step.summary}\n"


def _ending(completion: Completion, done: RunFinished, include_usage: bool) -> list[bytes]:
    if done.status is RunStatus.FAILED:
        failure = failure_of(done)
        status, code = status_for(failure)
        return [_data(openai_error(str(failure), status=status, code=code))]
    usage = usage_of(done)
    finish = completion.delta({}, "stop")
    if usage is not None and not include_usage:
        finish["usage"] = usage  # when asked for, usage comes in a chunk of its own
    chunks = [_data(finish)]
    if include_usage:
        chunks.append(_data(completion.usage_chunk(usage)))
    return [*chunks, DONE]
