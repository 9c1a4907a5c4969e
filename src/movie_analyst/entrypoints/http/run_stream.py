"""Run events as Server-Sent Events, with keepalive comments while a run is quiet.

Events that are already waiting when the client is next written to go out in one write, each
still its own SSE event with its own id and data: a reader sees exactly the events a reader of
one event per write would, while a fast model or a slow client costs one write (one task wake-up
and one send) per batch instead of per word.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import msgspec
from litestar.response import ServerSentEvent, ServerSentEventMessage

from movie_analyst.domain.run_event import RunEvent
from movie_analyst.entrypoints.http.run_bodies import wire_event

KEEPALIVE_SECONDS = 15.0
# Read-ahead between the run's events and a client that writes slower than they come.
READ_AHEAD = 256
_SEP = b"\r\n"  # Litestar's own separator, so the bytes match what it would write
KEEPALIVE = b": keepalive" + _SEP + _SEP

_encoder = msgspec.json.Encoder()


@dataclass
class Frames(ServerSentEventMessage):
    """Already-encoded SSE events, written as they are (Litestar writes `encode()`)."""

    frames: bytes = b""

    def encode(self) -> bytes:
        return self.frames


def sse_response(events: AsyncIterator[RunEvent]) -> ServerSentEvent:
    # A client that disconnects only stops this generator; the run goes on in the task runner.
    return ServerSentEvent(_messages(events), headers={"Cache-Control": "no-cache"})


async def _messages(events: AsyncIterator[RunEvent]) -> AsyncIterator[ServerSentEventMessage]:
    async for batch in with_keepalive(events, KEEPALIVE_SECONDS):
        yield Frames(frames=b"".join(map(frame, batch)) if batch else KEEPALIVE)


def frame(event: RunEvent) -> bytes:
    """One event as SSE (the JSON data holds no line break: msgspec escapes them)."""
    data = _encoder.encode(wire_event(event))
    return b"id: %d%sdata: %s%s%s" % (event.seq, _SEP, data, _SEP, _SEP)


async def with_keepalive(
    events: AsyncIterator[RunEvent], every: float
) -> AsyncIterator[list[RunEvent]]:
    """The events in batches (all that have arrived since the last batch was taken), with an
    empty batch each time `every` seconds pass without one. One reader task feeds a bounded
    queue, so waiting costs a timer per batch, not a task per event."""
    queue: asyncio.Queue[RunEvent | None] = asyncio.Queue(READ_AHEAD)
    reader = asyncio.create_task(_read(events, queue))
    try:
        while True:
            try:
                async with asyncio.timeout(every):
                    first = await queue.get()
            except TimeoutError:
                yield []
                continue
            batch: list[RunEvent] = []
            item = first
            while item is not None:
                batch.append(item)
                if queue.empty():
                    break
                item = queue.get_nowait()
            if batch:
                yield batch
            if item is None:
                reader.result()  # re-raise what stopped the events, if anything did
                return
    finally:
        if not reader.done():
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader


async def _read(events: AsyncIterator[RunEvent], queue: "asyncio.Queue[RunEvent | None]") -> None:
    """Feeds the queue, then None once the events end (or fail: the caller reads the error)."""
    try:
        async for event in events:
            await queue.put(event)
    except asyncio.CancelledError:
        raise
    except BaseException:
        await queue.put(None)
        raise
    await queue.put(None)
