"""MeteredRunEventLog: runs counted from their events, with the stored run's model and times."""

from datetime import UTC, datetime, timedelta

from movie_analyst.adapters.memory_run_event_log import InMemoryRunEventLog
from movie_analyst.adapters.metered_run_event_log import MeteredRunEventLog
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished, ToolStep
from tests.fakes.chat_repository import InMemoryChatRepository
from tests.fakes.metrics import RecordingMetrics

T0 = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _log() -> tuple[MeteredRunEventLog, RecordingMetrics, InMemoryChatRepository, Clock]:
    metrics, repository, clock = RecordingMetrics(), InMemoryChatRepository(), Clock()
    log = MeteredRunEventLog(
        inner=InMemoryRunEventLog(), metrics=metrics, repository=repository, clock=clock
    )
    return log, metrics, repository, clock


async def _store_run(repository: InMemoryChatRepository, status: RunStatus) -> None:
    from movie_analyst.domain.session import Session

    await repository.add_session(Session(id="s1", title="t", created_at=T0, updated_at=T0))
    run = Run(
        id="r1", session_id="s1", status=status, model="gpt-x", user_message_id=1,
        created_at=T0, started_at=T0, finished_at=T0 + timedelta(seconds=3),
    )  # fmt: skip
    await repository.add_run(run)


async def test_a_run_is_in_flight_from_open_to_its_finish_and_reports_its_costs() -> None:
    log, metrics, repository, clock = _log()
    await _store_run(repository, RunStatus.SUCCEEDED)
    log.open("r1", "s1")
    assert metrics.in_flight == 1 and await log.knows("r1")
    await log.append("r1", "s1", ToolStep(type="tool_call", tool="search", summary="Alien"))
    clock.now += 0.5
    await log.append("r1", "s1", ToolStep(type="tool_result", tool="search", summary="1 film"))
    await log.append("r1", "s1", ToolStep(type="tool_call", tool="details", summary="Alien"))
    clock.now += 0.25
    await log.append("r1", "s1", ToolStep(type="tool_result", tool="details", summary="ok"))
    await log.append("r1", "s1", AnswerToken(content="Ridley Scott."))
    assert metrics.in_flight == 1
    done = RunFinished(
        status=RunStatus.SUCCEEDED, content="Ridley Scott.", input_tokens=900, output_tokens=40
    )
    await log.append("r1", "s1", done)
    assert metrics.in_flight == 0
    [report] = metrics.reports
    assert (report.run_id, report.model, report.status) == ("r1", "gpt-x", "succeeded")
    assert report.tool_calls == 2
    assert report.tool_seconds == 0.75
    assert report.total_seconds == 3.0 and report.llm_seconds == 2.25
    assert (report.input_tokens, report.output_tokens) == (900, 40)


async def test_a_run_without_a_stored_record_still_balances_the_gauge() -> None:
    log, metrics, _, clock = _log()
    await log.append("r9", "s9", AnswerToken(content="x"))
    clock.now += 2
    await log.append("r9", "s9", RunFinished(status=RunStatus.CANCELLED))
    assert metrics.in_flight == 0
    [report] = metrics.reports
    assert (report.status, report.model, report.total_seconds) == ("cancelled", "", 2.0)


async def test_events_still_reach_followers() -> None:
    log, _, _, _ = _log()
    log.open("r1", "s1")
    await log.append("r1", "s1", AnswerToken(content="hi"))
    await log.append("r1", "s1", RunFinished(status=RunStatus.SUCCEEDED, content="hi"))
    seen = [event.body async for event in log.follow("r1")]
    assert seen == [
        AnswerToken(content="hi"),
        RunFinished(status=RunStatus.SUCCEEDED, content="hi"),
    ]
