import asyncio
from collections.abc import AsyncIterator

import msgspec
from litestar.response import ServerSentEventMessage

from movie_analyst.application.errors import UpstreamBadResponse, UpstreamTimeout
from movie_analyst.application.use_cases.runs.chat import failure_of
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import (
    AnswerToken,
    RunEvent,
    RunEventBody,
    RunFinished,
    ToolStep,
)
from movie_analyst.entrypoints.http.run_bodies import wire_event
from movie_analyst.entrypoints.http.run_stream import _messages, with_keepalive


def _event(body: RunEventBody, seq: int = 1) -> RunEvent:
    return RunEvent(run_id="r1", session_id="s1", seq=seq, body=body)


def test_the_wire_keys_old_clients_depend_on() -> None:
    assert wire_event(_event(AnswerToken(content="Hi"))) == {"content": "Hi", "session_id": "s1"}
    step = ToolStep(type="tool_call", tool="search_media", summary="Searching…")
    assert wire_event(_event(step)) == {
        "step": {"type": "tool_call", "tool": "search_media", "summary": "Searching…"},
        "session_id": "s1",
    }
    done = RunFinished(status=RunStatus.SUCCEEDED, content="Hi")
    assert wire_event(_event(done)) == {
        "done": True,
        "session_id": "s1",
        "run_id": "r1",
        "status": "succeeded",
    }
    failed = RunFinished(status=RunStatus.FAILED, error="model down")
    assert wire_event(_event(failed))["error"] == "model down"


async def test_quiet_streams_get_keepalives_and_every_event_has_an_id() -> None:
    async def slow() -> AsyncIterator[RunEvent]:
        await asyncio.sleep(0.05)
        yield _event(AnswerToken(content="late"), seq=4)

    seen = [batch async for batch in with_keepalive(slow(), every=0.01)]
    assert seen[0] == [] and seen[-1][-1].seq == 4

    async def one() -> AsyncIterator[RunEvent]:
        yield _event(AnswerToken(content="x"), seq=7)

    [(seq, data)] = await _wire(one())
    assert seq == 7 and data["content"] == "x"


def test_failed_runs_map_to_upstream_errors() -> None:
    timeout = failure_of(
        RunFinished(status=RunStatus.FAILED, error="slow", error_kind="UpstreamTimeout")
    )
    assert isinstance(timeout, UpstreamTimeout) and str(timeout) == "slow"
    gave_up = failure_of(RunFinished(status=RunStatus.FAILED, error="x", error_kind="AgentGaveUp"))
    assert isinstance(gave_up, UpstreamBadResponse)


async def _wire(events: AsyncIterator[RunEvent]) -> list[tuple[int, dict[str, object]]]:
    """What a client parses from the bytes the stream writes: (id, data) of each event."""
    written = b"".join([m.encode() async for m in _messages(events)]).decode()
    parsed = []
    for block in written.split("\r\n\r\n")[:-1]:
        fields = dict(line.split(": ", 1) for line in block.split("\r\n"))
        parsed.append((int(fields["id"]), msgspec.json.decode(fields["data"])))
    return parsed


def _tokens(*texts: str, start: int = 1) -> list[RunEvent]:
    return [_event(AnswerToken(content=t), seq=start + i) for i, t in enumerate(texts)]


async def test_events_waiting_together_are_written_at_once_each_as_its_own_event() -> None:
    step = _event(ToolStep(type="tool_call", tool="search_media", summary="Searching…"), seq=4)
    done = _event(RunFinished(status=RunStatus.SUCCEEDED, content="Hi there.\nOk"), seq=7)
    script = [*_tokens("Hi", " there", "."), step, *_tokens("\nOk", "", start=5), done]

    async def burst() -> AsyncIterator[RunEvent]:  # all at once: nothing awaits in between
        for event in script:
            yield event

    writes = [m async for m in _messages(burst())]
    assert len(writes) == 1
    wire = await _wire(burst())
    assert [seq for seq, _ in wire] == [1, 2, 3, 4, 5, 6, 7]
    assert [data for _, data in wire] == [wire_event(e) for e in script]
    # byte for byte what Litestar writes for one message per event
    assert writes[0].encode() == b"".join(
        ServerSentEventMessage(id=e.seq, data=msgspec.json.encode(wire_event(e)).decode()).encode()
        for e in script
    )


async def test_events_that_come_apart_are_written_apart() -> None:
    async def paced() -> AsyncIterator[RunEvent]:
        for event in _tokens("a", "b", "c"):
            await asyncio.sleep(0.01)
            yield event

    assert len([m async for m in _messages(paced())]) == 3
    assert [seq for seq, _ in await _wire(paced())] == [1, 2, 3]


async def test_a_failing_event_source_fails_the_stream_and_a_gone_client_stops_reading() -> None:
    async def broken() -> AsyncIterator[RunEvent]:
        yield _tokens("a")[0]
        raise RuntimeError("event log gone")

    seen: list[object] = []
    try:
        async for batch in with_keepalive(broken(), every=5):
            seen.append(batch)
    except RuntimeError as exc:
        assert str(exc) == "event log gone"
    else:
        raise AssertionError("the error was swallowed")
    assert len(seen) == 1

    read: list[int] = []

    async def endless() -> AsyncIterator[RunEvent]:
        for seq in range(1, 10_000):
            read.append(seq)
            await asyncio.sleep(0)
            yield _tokens("x", start=seq)[0]

    stream = with_keepalive(endless(), every=5)
    await anext(stream)
    await stream.aclose()
    stopped_at = len(read)
    await asyncio.sleep(0.05)
    assert len(read) == stopped_at < 10_000
