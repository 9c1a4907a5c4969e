"""Run events as Server-Sent Events, with keepalive comments while a run is quiet."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

import msgspec
from litestar.response import ServerSentEvent, ServerSentEventMessage

from movie_analyst.domain.run_event import RunEvent
from movie_analyst.entrypoints.http.run_bodies import wire_event

KEEPALIVE_SECONDS = 15.0

_encoder = msgspec.json.Encoder()


def sse_response(events: AsyncIterator[RunEvent]) -> ServerSentEvent:
    # A client that disconnects only stops this generator; the run goes on in the task runner.
    return ServerSentEvent(_messages(events), headers={"Cache-Control": "no-cache"})


async def _messages(events: AsyncIterator[RunEvent]) -> AsyncIterator[ServerSentEventMessage]:
    async for event in with_keepalive(events, KEEPALIVE_SECONDS):
        if event is None:
            yield ServerSentEventMessage(comment="keepalive", data=None)
        else:
            data = _encoder.encode(wire_event(event)).decode()
            yield ServerSentEventMessage(id=event.seq, data=data)


async def with_keepalive(
    events: AsyncIterator[RunEvent], every: float
) -> AsyncIterator[RunEvent | None]:
    """The events, with a None each time `every` seconds pass without one."""
    pending: asyncio.Future[RunEvent] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(events))
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield None
                continue
            try:
                event = pending.result()
            except StopAsyncIteration:
                return
            pending = None
            yield event
    finally:
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await pending
