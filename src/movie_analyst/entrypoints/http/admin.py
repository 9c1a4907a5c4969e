"""Routes: /api/v1/admin, how an admin reads other people's users and chats (read-only).

Each read is one use case, which refuses a non-admin (403, `AdminRequired`) and logs one INFO
line naming the admin, the route and the target. They exist in AUTH_MODE users and proxy only:
with none or token nobody signs in, there are no users to administer and every caller already
shares one space, so the routes are not registered (404, and absent from the OpenAPI document).
"""

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, Router, get

from movie_analyst.application.use_cases.admin.list_user_sessions import ListUserSessions
from movie_analyst.application.use_cases.admin.list_users import ListUsers
from movie_analyst.application.use_cases.admin.read_session_messages import ReadSessionMessages
from movie_analyst.application.use_cases.sessions.list_sessions import DEFAULT_PAGE
from movie_analyst.domain.user import User
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.provide import provide
from movie_analyst.entrypoints.http.session_bodies import (
    MessagesOut,
    SessionsOut,
)
from movie_analyst.entrypoints.http.sessions import Limit, Offset

LOGGED = " Admins only (403 for anyone else); each call logs one audit line."


class AdminUserOut(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    is_admin: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "AdminUserOut":
        return cls(
            id=user.id,
            name=user.name,
            is_admin=user.is_admin,
            created_at=user.created_at,
        )


class AdminUsersOut(msgspec.Struct, frozen=True, kw_only=True):
    users: list[AdminUserOut]


def _route(request: Request[Any, Any, Any]) -> str:
    return f"{request.method} {request.scope.get('path_template') or request.url.path}"


@get("/users", summary="List every user", description="Oldest first." + LOGGED)
async def list_users(
    request: Request[Any, Any, Any], user: User | None, list_all: ListUsers
) -> AdminUsersOut:
    users = await list_all.execute(user, route=_route(request))
    return AdminUsersOut(users=[AdminUserOut.of(u) for u in users])


@get(
    "/users/{name:str}/sessions",
    summary="List a user's sessions",
    description="The sessions the named user owns, newest-updated first, paged like "
    "GET /api/v1/sessions; 404 for an unknown name." + LOGGED,
)
async def list_user_sessions(
    request: Request[Any, Any, Any],
    name: str,
    user: User | None,
    list_page: ListUserSessions,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> SessionsOut:
    route = _route(request)
    page = await list_page.execute(user, name, route=route, limit=limit, offset=offset)
    return SessionsOut.of(page, limit=limit, offset=offset)


@get(
    "/sessions/{session_id:str}/messages",
    summary="Read anyone's session",
    description="Every message of the session, oldest first; read-only (there is no admin "
    "route that writes to a chat); 404 for an unknown session." + LOGGED,
)
async def read_session_messages(
    request: Request[Any, Any, Any], session_id: str, user: User | None, read: ReadSessionMessages
) -> MessagesOut:
    messages = await read.execute(user, session_id, route=_route(request))
    return MessagesOut.of(session_id, messages)


def build(container: Container) -> Router:
    auth = container.auth
    signs_in = container.settings().auth in ("users", "proxy")
    return Router(
        path="/api/v1/admin",
        tags=["admin"],
        route_handlers=[list_users, list_user_sessions, read_session_messages] if signs_in else [],
        dependencies={
            "list_all": provide(auth.list_users),
            "list_page": provide(auth.list_user_sessions),
            "read": provide(auth.read_session_messages),
        },
    )
