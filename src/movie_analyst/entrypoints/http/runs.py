"""Routes: chat (start a run, wait for it or stream it), join, status and cancel of runs."""

from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.params import Parameter
from litestar.response import ServerSentEvent

from movie_analyst.application.use_cases.runs.cancel_run import CancelOutcome, CancelRun
from movie_analyst.application.use_cases.runs.cancel_session import CancelSession
from movie_analyst.application.use_cases.runs.chat import Chat
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.get_run_status import GetRunStatus
from movie_analyst.application.use_cases.runs.get_session_status import (
    GetSessionStatus,
    SessionStatus,
)
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.me import signed_in_user
from movie_analyst.entrypoints.http.provide import provide
from movie_analyst.entrypoints.http.run_bodies import ChatBody, ChatOut, RunOut, SessionCancelOut
from movie_analyst.entrypoints.http.run_stream import sse_response

LastEventId = Annotated[str | None, Parameter(header="Last-Event-ID", required=False)]
After = Annotated[int, Parameter(ge=0, description="replay events after this id")]


@post("/chat", status_code=200)
async def chat(
    data: ChatBody, chat: Chat, request: Request[Any, Any, Any]
) -> Response[ChatOut] | ServerSentEvent:
    # The user is read here, not as a second dependency: Litestar resolves two or more in an
    # anyio task group (two tasks a request), on the path every chat takes.
    user = signed_in_user(request)
    if data.stream:
        return sse_response(await chat.events(data.session_id, data.message, data.model, user))
    answer = await chat.answer(data.session_id, data.message, data.model, user)
    return Response(ChatOut.of(answer))


@get("/runs/{run_id:str}")
async def get_run(run_id: str, status: GetRunStatus, owner: str | None) -> RunOut:
    return RunOut.of(await status.execute(run_id, owner=owner))


@get("/runs/{run_id:str}/events")
async def run_events(
    run_id: str,
    follow: FollowRun,
    owner: str | None,
    last_event_id: LastEventId = None,
    after: After = 0,
) -> ServerSentEvent:
    after = _after(last_event_id, after)
    return sse_response(await follow.execute(run_id, after=after, owner=owner))


@post("/runs/{run_id:str}/cancel", status_code=200)
async def cancel_run(run_id: str, cancel: CancelRun, owner: str | None) -> CancelOutcome:
    return await cancel.execute(run_id, owner=owner)


@get("/session/{session_id:str}/status")
async def session_status(
    session_id: str, session_state: GetSessionStatus, owner: str | None
) -> SessionStatus:
    return await session_state.execute(session_id, owner=owner)


@post("/session/{session_id:str}/cancel", status_code=200)
async def cancel_session(
    session_id: str, cancel_all: CancelSession, owner: str | None
) -> SessionCancelOut:
    stopped = await cancel_all.execute(session_id, owner=owner)
    return SessionCancelOut(session_id=session_id, cancelled=stopped > 0)


def _after(last_event_id: str | None, after: int) -> int:
    """Last-Event-ID (set by reconnecting EventSource clients) wins over `?after=`."""
    if last_event_id and last_event_id.strip().isdigit():
        return int(last_event_id.strip())
    return after


def build(container: Container) -> Router:
    use_cases = container.use_cases

    return Router(
        path="/api/v1",
        tags=["runs"],
        route_handlers=[chat, get_run, run_events, cancel_run, session_status, cancel_session],
        dependencies={
            "chat": provide(use_cases.chat),
            "follow": provide(use_cases.follow_run),
            "status": provide(use_cases.get_run_status),
            "cancel": provide(use_cases.cancel_run),
            "session_state": provide(use_cases.get_session_status),
            "cancel_all": provide(use_cases.cancel_session),
        },
    )
