"""RedisRunEventLog: run events in Redis Streams, so any replica can join, replay and follow a run.

Each run has a stream whose entry ids are `0-<seq>`, so `Last-Event-ID: n` becomes
`XREAD ... 0-n`. A Lua script numbers and appends atomically. Streams are capped by length
(`max_events`; trimming drops the oldest events, never the newest) and by time: every append
renews a `live_ttl`, and `RunFinished` shortens it to `retention_seconds`. After that, a finished
run is rebuilt from the database (`stored_run_replay`, as the in-memory log does) while its
counter, a few bytes kept `replay_ttl`, still says how it was numbered. The replica that executes
a run also keeps it in a local InMemoryRunEventLog, so its own followers (the common case) never
wait on Redis reads.
"""

import logging
from collections.abc import AsyncIterator
from typing import Any

import msgspec

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.redis_coordination import RedisCoordination, translated
from movie_analyst.adapters.stored_run_replay import stored_events
from movie_analyst.application.errors import CoordinationUnavailable
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.run_events import RunEventLog
from movie_analyst.domain.run_event import RunEvent, RunEventBody, RunFinished

log = logging.getLogger(__name__)

BLOCK_MS = 1000
READ_COUNT = 200

# KEYS: stream, counter. ARGV: body, max_events, stream ttl, session id, counter ttl (seconds).
# Returns the new seq.
_APPEND = """
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], '0-' .. seq, 'b', ARGV[1], 's', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return seq
"""

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(RunEventBody)


class RedisRunEventLog(RunEventLog):
    def __init__(
        self,
        *,
        redis: RedisCoordination,
        local: InMemoryRunEventLog,
        retention_seconds: float = 600.0,
        live_ttl_seconds: float = 6 * 3600.0,
        max_events: int = 20_000,
        repository: ChatRepository | None = None,
        replay_ttl_seconds: float = 7 * 24 * 3600.0,
    ) -> None:
        self._redis = redis
        self._local = local
        self._retention = max(1, int(retention_seconds))
        self._live_ttl = max(1, int(live_ttl_seconds))
        self._repository = repository  # without it, a run is forgotten after retention
        self._replay_ttl = max(1, int(replay_ttl_seconds)) if repository else self._retention
        self._max_events = max_events
        self._script = redis.client.register_script(_APPEND)

    def open(self, run_id: str, session_id: str) -> None:
        self._local.open(run_id, session_id)

    async def knows(self, run_id: str) -> bool:
        if self._local.has(run_id):
            return True
        keys = [self._stream(run_id), self._counter(run_id)]
        async with translated("look up a run's events"):
            return bool(await self._redis.client.exists(*keys[: 2 if self._repository else 1]))

    async def append(self, run_id: str, session_id: str, body: RunEventBody) -> RunEvent:
        ttl, counter_ttl = self._live_ttl, self._live_ttl
        if isinstance(body, RunFinished):
            ttl, counter_ttl = self._retention, self._replay_ttl
        payload = _encoder.encode(body)
        try:
            async with translated("append a run event"):
                seq = await self._script(
                    keys=[self._stream(run_id), self._counter(run_id)],
                    args=[payload, self._max_events, ttl, session_id, counter_ttl],
                )
        except CoordinationUnavailable:
            # The run fails on this error (ExecuteRun), and its followers here still hear how
            # it ends: only the local log is numbered from now on.
            if self._local.has(run_id):
                await self._local.append(run_id, session_id, body)
            raise
        event = RunEvent(run_id=run_id, session_id=session_id, seq=int(seq), body=body)
        if self._local.has(run_id):
            await self._local.append(run_id, session_id, body)
        return event

    async def follow(self, run_id: str, after: int = 0) -> AsyncIterator[RunEvent]:
        if self._local.has(run_id):
            async for event in self._local.follow(run_id, after):
                yield event
            return
        async for event in self._follow_stream(run_id, after):
            yield event

    async def _follow_stream(self, run_id: str, after: int) -> AsyncIterator[RunEvent]:
        stream, position = self._stream(run_id), f"0-{max(0, after)}"
        block: int | None = None  # first, what is stored, at once: a joiner's first events
        while True:
            async with translated("read a run's events"):
                reply = await self._redis.client.xread(
                    {stream: position}, count=READ_COUNT, block=block
                )
            entries = _entries(reply)
            if block is None and not entries:
                if await self._ended_by(stream, after):
                    return  # it ended at or before `after`: nothing will come
                replayed = await self._from_storage(run_id, after)
                if replayed is not None:
                    for event in replayed:
                        yield event
                    return
            block = BLOCK_MS
            for entry in entries:
                position = f"0-{entry.seq}"
                yield RunEvent(
                    run_id=run_id, session_id=entry.session_id, seq=entry.seq, body=entry.body
                )
                if isinstance(entry.body, RunFinished):
                    return

    async def _ended_by(self, stream: str, after: int) -> bool:
        """Whether the run already finished at or before event `after` (nothing left to send)."""
        async with translated("read a run's last event"):
            last = await self._redis.client.xrevrange(stream, count=1)
        entries = _entries([(stream, last)])
        if not entries:
            return False
        return entries[0].seq <= after and isinstance(entries[0].body, RunFinished)

    async def _from_storage(self, run_id: str, after: int) -> list[RunEvent] | None:
        """A finished run whose stream has expired, rebuilt from the database; None when its
        events are still to come (or it is unknown, or there is no database to read)."""
        if self._repository is None:
            return None
        async with translated("read a run's event count"):
            final = await self._redis.client.get(self._counter(run_id))
            if final is None or await self._redis.client.exists(self._stream(run_id)):
                return None
        return await stored_events(self._repository, run_id, int(final), after)

    def _stream(self, run_id: str) -> str:
        return self._redis.key("run", run_id, "events")

    def _counter(self, run_id: str) -> str:
        return self._redis.key("run", run_id, "seq")


class _Entry:
    """One stream entry: id `0-<seq>`, fields `b` (the body as JSON) and `s` (the session)."""

    def __init__(self, entry_id: bytes | str, fields: dict[bytes, bytes]) -> None:
        self.seq = int(_text(entry_id).partition("-")[2])
        self.body: RunEventBody = _decoder.decode(fields[b"b"])
        self.session_id = _text(fields[b"s"])


def _entries(reply: Any) -> list[_Entry]:
    """The entries of an XREAD reply on one stream (redis-py types these replies loosely)."""
    return [
        _Entry(entry_id, fields) for _stream, items in reply or () for entry_id, fields in items
    ]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
