import asyncio
from collections.abc import AsyncIterator

import msgspec

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

    seen = [e async for e in with_keepalive(slow(), every=0.01)]
    assert seen[0] is None and seen[-1] is not None and seen[-1].seq == 4

    async def one() -> AsyncIterator[RunEvent]:
        yield _event(AnswerToken(content="x"), seq=7)

    [message] = [m async for m in _messages(one())]
    assert message.id == 7 and msgspec.json.decode(str(message.data))["content"] == "x"


def test_failed_runs_map_to_upstream_errors() -> None:
    timeout = failure_of(
        RunFinished(status=RunStatus.FAILED, error="slow", error_kind="UpstreamTimeout")
    )
    assert isinstance(timeout, UpstreamTimeout) and str(timeout) == "slow"
    gave_up = failure_of(RunFinished(status=RunStatus.FAILED, error="x", error_kind="AgentGaveUp"))
    assert isinstance(gave_up, UpstreamBadResponse)
