import asyncio

from movie_analyst.application.errors import UpstreamUnavailable
from movie_analyst.application.ports.agent import AgentFinal
from movie_analyst.application.use_cases.runs.notices import INTERRUPTED_ERROR
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import Role
from movie_analyst.domain.run import RunStatus
from movie_analyst.domain.run_event import AnswerToken, RunFinished, ToolStep
from tests.fakes.agent import ScriptedAgent, Step, answering
from tests.support.runs import collect, make_kit, unreported


async def test_tool_steps_are_streamed_but_never_stored() -> None:
    call = ToolStep(type="tool_call", tool="search_media", summary="Searching for Alien")
    result = ToolStep(type="tool_result", tool="search_media", summary="Found 1 title", data="{}")
    kit = make_kit(ScriptedAgent([call, result, *answering("Found it.")]))
    run = await kit.ask("Alien?")
    events = await collect(kit.events, run.id)

    assert [e.body for e in events[:2]] == [call, result]
    assert [m.content for m in kit.conversation()] == ["Alien?", "Found it."]
    # Not messages of their own: they ride on the answer, so history can show its cards.
    assert kit.conversation()[-1].steps == [call, result]


async def test_a_final_answer_without_streamed_tokens_is_sent_as_one_token() -> None:
    kit = make_kit(ScriptedAgent([AgentFinal(text="I just ramble.")]))
    run = await kit.ask("hi")
    events = await collect(kit.events, run.id)

    assert [unreported(e.body) for e in events] == [
        AnswerToken(content="I just ramble."),
        RunFinished(status=RunStatus.SUCCEEDED, content="I just ramble."),
    ]


async def test_the_runs_token_use_is_reported_when_it_finishes() -> None:
    final = AgentFinal(text="Alien (1979).", input_tokens=812, output_tokens=31)
    kit = make_kit(ScriptedAgent([final]))
    events = await collect(kit.events, (await kit.ask("hi")).id)
    done = events[-1].body
    assert isinstance(done, RunFinished) and done.status is RunStatus.SUCCEEDED
    assert (done.input_tokens, done.output_tokens) == (812, 31)


async def test_the_final_answer_completes_a_partial_token_stream() -> None:
    script: list[Step] = [AnswerToken(content="Alien "), AgentFinal(text="Alien (1979).")]
    kit = make_kit(ScriptedAgent(script))
    events = await collect(kit.events, (await kit.ask("hi")).id)
    assert [e.body.content for e in events if isinstance(e.body, AnswerToken)] == [
        "Alien ",
        "(1979).",
    ]


async def test_an_upstream_failure_fails_the_run_with_a_notice() -> None:
    error = UpstreamUnavailable("the model service is down", upstream="llm")
    kit = make_kit(ScriptedAgent([AnswerToken(content="Part"), error]))
    run = await kit.ask("hi")
    done = await kit.finish(run)

    assert done.status is RunStatus.FAILED
    assert done.error == "the model service is down"
    _user, notice = kit.conversation()
    assert notice.role is Role.ASSISTANT and notice.stopped
    assert notice.content.startswith("Part") and "the model service is down" in notice.content
    [finished] = [
        e.body for e in await collect(kit.events, run.id) if isinstance(e.body, RunFinished)
    ]
    assert finished.error_kind == "UpstreamUnavailable" and finished.status is RunStatus.FAILED


async def test_an_unexpected_error_fails_the_run_without_leaking_details() -> None:
    kit = make_kit(ScriptedAgent([RuntimeError("secret internals")]))
    done = await kit.finish(await kit.ask("hi"))
    assert done.status is RunStatus.FAILED
    assert done.error is not None and "secret" not in done.error
    assert "secret" not in kit.conversation()[-1].content


async def test_the_run_timeout_fails_the_run_and_stops_the_agent() -> None:
    agent = ScriptedAgent([AnswerToken(content="Slow "), 5.0, *answering("never")])
    kit = make_kit(agent, timeout_seconds=0.1)
    done = await kit.finish(await kit.ask("hi"))

    assert done.status is RunStatus.FAILED
    assert done.error is not None and "0.1 s" in done.error
    assert agent.closed == 1
    assert kit.conversation()[-1].content.startswith("Slow")


async def test_history_is_the_stored_tail_without_the_new_message() -> None:
    agent = ScriptedAgent(answering("first"), answering("second"))
    kit = make_kit(agent)
    await kit.finish(await kit.ask("q1"))
    await kit.finish(await kit.ask("q2"))

    assert agent.calls[0].history == []
    assert agent.calls[1].history == [
        ChatTurn(role="user", content="q1"),
        ChatTurn(role="assistant", content="first"),
    ]
    assert agent.calls[1].message == "q2"


async def test_shutdown_marks_runs_interrupted_and_keeps_the_partial_answer() -> None:
    agent = ScriptedAgent([AnswerToken(content="Half an "), 5.0, *answering("answer")])
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await agent.started.wait()
    await asyncio.sleep(0.01)
    await kit.runner.shutdown(grace_seconds=0)

    stored = kit.repository.runs[run.id]
    assert stored.status is RunStatus.INTERRUPTED and stored.error == INTERRUPTED_ERROR
    reply = kit.conversation()[-1]
    assert (reply.content, reply.stopped) == ("Half an ", True)


async def test_shutdown_lets_a_run_that_ends_within_the_grace_finish() -> None:
    agent = ScriptedAgent([AnswerToken(content="Quick "), 0.2, *answering("answer")])
    kit = make_kit(agent)
    run = await kit.ask("hi")
    await agent.started.wait()
    await kit.runner.shutdown(grace_seconds=3)
    stored = kit.repository.runs[run.id]
    assert (stored.status, stored.error) == (RunStatus.SUCCEEDED, None)
    assert kit.conversation()[-1].content == "answer"
