"""Routes: sessions and their messages. Each handler decodes, calls one use case, encodes.

Unknown (or non-UUID) session ids come back from the use cases as `SessionNotFound` -> 404,
and no route ever creates a session except `POST /session/new`.
"""

from typing import Annotated

from litestar import Router, delete, get, patch, post
from litestar.params import Parameter

from movie_analyst.application.use_cases.sessions.clear_messages import ClearMessages
from movie_analyst.application.use_cases.sessions.create_session import CreateSession
from movie_analyst.application.use_cases.sessions.delete_session import DeleteSession
from movie_analyst.application.use_cases.sessions.get_session import GetSession
from movie_analyst.application.use_cases.sessions.list_messages import ListMessages
from movie_analyst.application.use_cases.sessions.list_sessions import (
    DEFAULT_PAGE,
    MAX_PAGE,
    ListSessions,
)
from movie_analyst.application.use_cases.sessions.rename_session import RenameSession
from movie_analyst.application.use_cases.sessions.set_feedback import SetFeedback
from movie_analyst.domain.message import Feedback
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.provide import provide
from movie_analyst.entrypoints.http.session_bodies import (
    ClearedOut,
    DeletedOut,
    FeedbackBody,
    MessageOut,
    MessagesOut,
    NewSessionBody,
    RenameBody,
    SessionIdOut,
    SessionOut,
    SessionsOut,
)

Limit = Annotated[
    int, Parameter(ge=1, le=MAX_PAGE, description="page size (default 50, at most 500)")
]
Offset = Annotated[int, Parameter(ge=0)]
MessageLimit = Annotated[int | None, Parameter(ge=1, description="only the newest N messages")]


@post("/session/new", status_code=200)
async def create_session(
    create: CreateSession, owner: str | None, data: NewSessionBody | None = None
) -> SessionIdOut:
    body = data or NewSessionBody()
    session = await create.execute(title=body.title, metadata=body.metadata, owner=owner)
    return SessionIdOut(session_id=session.id)


@get("/session/{session_id:str}")
async def get_session(session_id: str, get_one: GetSession, owner: str | None) -> SessionOut:
    return SessionOut.of(await get_one.execute(session_id, owner=owner))


@patch("/session/{session_id:str}")
async def rename_session(
    session_id: str, data: RenameBody, rename: RenameSession, owner: str | None
) -> SessionOut:
    return SessionOut.of(await rename.execute(session_id, data.title, owner=owner))


@delete("/session/{session_id:str}", status_code=200)
async def delete_session(session_id: str, remove: DeleteSession, owner: str | None) -> DeletedOut:
    await remove.execute(session_id, owner=owner)
    return DeletedOut(session_id=session_id)


@get("/session/{session_id:str}/messages")
async def list_messages(
    session_id: str, list_all: ListMessages, owner: str | None, limit: MessageLimit = None
) -> MessagesOut:
    messages = await list_all.execute(session_id, limit=limit, owner=owner)
    return MessagesOut.of(session_id, messages)


@delete("/session/{session_id:str}/messages", status_code=200)
async def clear_messages(session_id: str, clear: ClearMessages, owner: str | None) -> ClearedOut:
    deleted = await clear.execute(session_id, owner=owner)
    return ClearedOut(session_id=session_id, deleted=deleted)


@get("/sessions")
async def list_sessions(
    list_page: ListSessions, owner: str | None, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> SessionsOut:
    page = await list_page.execute(limit=limit, offset=offset, owner=owner)
    return SessionsOut.of(page, limit=limit, offset=offset)


@post("/messages/{message_id:int}/feedback", status_code=200)
async def set_feedback(
    message_id: int, data: FeedbackBody, rate: SetFeedback, owner: str | None
) -> MessageOut:
    feedback = None if data.feedback is None else Feedback(data.feedback)
    return MessageOut.of(await rate.execute(message_id, feedback, owner=owner))


def build(container: Container) -> Router:
    use_cases = container.use_cases

    return Router(
        path="/api/v1",
        tags=["sessions"],
        route_handlers=[
            create_session,
            get_session,
            rename_session,
            delete_session,
            list_messages,
            clear_messages,
            list_sessions,
            set_feedback,
        ],
        dependencies={
            "create": provide(use_cases.create_session),
            "get_one": provide(use_cases.get_session),
            "rename": provide(use_cases.rename_session),
            "remove": provide(use_cases.delete_session),
            "list_all": provide(use_cases.list_messages),
            "clear": provide(use_cases.clear_messages),
            "list_page": provide(use_cases.list_sessions),
            "rate": provide(use_cases.set_feedback),
        },
    )
