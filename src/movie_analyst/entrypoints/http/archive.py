"""Routes: export a session (JSON or Markdown), import one, and search every chat.

The JSON export is exactly what the import accepts, so a chat moves between installations
with `GET .../export` then `POST /sessions/import` (it arrives under a new session id).
"""

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from litestar import Response, Router, get, post
from litestar.params import Parameter

from movie_analyst.application.use_cases.sessions.export_session import (
    ExportSession,
    SessionExport,
)
from movie_analyst.application.use_cases.sessions.import_session import (
    MAX_IMPORTED_MESSAGES,
    ImportSession,
)
from movie_analyst.application.use_cases.sessions.search_chats import (
    MAX_QUERY_LENGTH,
    MAX_RESULTS,
    SearchChats,
)
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.session import Title
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.provide import provide

MAX_IMPORT_BYTES = 16 * 1024 * 1024  # a long chat is far beyond the API's usual 64 KiB
FORMAT_VERSION: Literal[1] = 1
IMPORT_LIMITS = (
    "Limits: a body of at most 16 MiB (else 413); at most IMPORT_MAX_MESSAGES messages "
    "(10,000); a user message at most 4,000 characters, as in chat, and any other at most "
    "IMPORT_MAX_ANSWER_CHARS (20,000), else 400; 507 when the database would grow past "
    "DATABASE_MAX_BYTES (2 GiB)."
)


class ArchivedSession(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    format_version: Literal[1] = FORMAT_VERSION
    session_id: str | None = None  # informational: an import always gets a new id
    title: Title
    created_at: datetime | None = None
    updated_at: datetime | None = None
    metadata: dict[str, str] = {}
    messages: Annotated[list[ArchivedMessage], msgspec.Meta(max_length=MAX_IMPORTED_MESSAGES)]


class ImportedOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    imported: int


class SearchHitOut(msgspec.Struct, frozen=True, kw_only=True):
    session_id: str
    title: str
    message_id: int | None
    role: Literal["user", "assistant", "system"] | None
    snippet: str


class SearchOut(msgspec.Struct, frozen=True, kw_only=True):
    query: str
    results: list[SearchHitOut]


def _archived(export: SessionExport) -> ArchivedSession:
    session = export.session
    messages = [
        ArchivedMessage(
            role=m.role,
            content=m.content,
            created_at=m.created_at,
            stopped=m.stopped,
            feedback=m.feedback,
        )
        for m in export.messages
    ]
    return ArchivedSession(
        session_id=session.id,
        title=session.title,
        created_at=session.created_at,
        updated_at=session.updated_at,
        metadata=session.metadata,
        messages=messages,
    )


def to_markdown(export: SessionExport) -> str:
    """A readable transcript: the title, then each message under its role and time."""
    session = export.session
    lines = [
        f"# {session.title}",
        "",
        f"_Session {session.id}, started {session.created_at:%Y-%m-%d %H:%M} UTC_",
    ]
    for message in export.messages:
        stopped = " (stopped)" if message.stopped else ""
        lines += [
            "",
            f"## {message.role.value.title()}{stopped} · {message.created_at:%Y-%m-%d %H:%M}",
        ]
        lines += ["", message.content]
    return "\n".join(lines) + "\n"


@get("/session/{session_id:str}/export", media_type="application/json")
async def export_session(
    session_id: str,
    exporter: ExportSession,
    owner: str | None,
    format: Literal["json", "markdown"] = "json",
) -> Response[ArchivedSession] | Response[str]:
    export = await exporter.execute(session_id, owner=owner)
    if format == "markdown":
        return Response(to_markdown(export), media_type="text/markdown")
    return Response(_archived(export))


@post(
    "/sessions/import",
    status_code=200,
    request_max_body_size=MAX_IMPORT_BYTES,
    description=IMPORT_LIMITS,
)
async def import_session(
    data: ArchivedSession, importer: ImportSession, owner: str | None
) -> ImportedOut:
    session, imported = await importer.execute(
        title=data.title,
        created_at=data.created_at,
        metadata=data.metadata,
        messages=data.messages,
        owner=owner,
    )
    return ImportedOut(session_id=session.id, imported=imported)


@get("/search")
async def search(
    q: Annotated[str, Parameter(max_length=MAX_QUERY_LENGTH, description="words to find")],
    searcher: SearchChats,
    owner: str | None,
    limit: Annotated[int, Parameter(ge=1, le=MAX_RESULTS)] = 20,
) -> SearchOut:
    hits = await searcher.execute(q, limit=limit, owner=owner)
    results = [
        SearchHitOut(
            session_id=h.session_id,
            title=h.title,
            message_id=h.message_id,
            role=None if h.role is None else h.role.value,
            snippet=h.snippet,
        )
        for h in hits
    ]
    return SearchOut(query=q, results=results)


def build(container: Container) -> Router:
    use_cases = container.use_cases

    return Router(
        path="/api/v1",
        tags=["archive"],
        route_handlers=[export_session, import_session, search],
        dependencies={
            "exporter": provide(use_cases.export_session),
            "importer": provide(use_cases.import_session),
            "searcher": provide(use_cases.search_chats),
        },
    )
