"""Routes: GET /api/v1/me, who the request signed in as (and `user`, the dependency for it).

The auth middleware (`http/auth.py`) leaves the signed-in `User` in `scope["state"]["user"]`
(AUTH_MODE users or proxy); with none or token nobody is signed in, so `user` is null. A
client learns the mode before signing in from the open `GET /api/v1/health` (`auth_mode`).
"""

from typing import Any

import msgspec
from litestar import Request, Router, get
from litestar.di import Provide

from movie_analyst.domain.user import User
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.settings import AuthMode


class UserOut(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    is_admin: bool


class LimitsOut(msgspec.Struct, frozen=True, kw_only=True):
    """The budgets a user's questions count against (0: no limit)."""

    runs_per_minute: int
    tokens_per_day: int


class MeOut(msgspec.Struct, frozen=True, kw_only=True):
    auth_mode: AuthMode
    user: UserOut | None
    limits: LimitsOut


def signed_in_user(request: Request[Any, Any, Any]) -> User | None:
    """The `user` dependency of any route: who signed in, or None."""
    found = request.scope.get("state", {}).get("user")
    return found if isinstance(found, User) else None


@get("/me")
async def me(user: User | None, me_out: MeOut) -> MeOut:
    if user is None:
        return me_out
    return msgspec.structs.replace(
        me_out, user=UserOut(id=user.id, name=user.name, is_admin=user.is_admin)
    )


def build(container: Container) -> Router:
    settings = container.settings()
    anonymous = MeOut(
        auth_mode=settings.auth,
        user=None,
        limits=LimitsOut(
            runs_per_minute=settings.user_runs_per_minute,
            tokens_per_day=settings.user_tokens_per_day,
        ),
    )
    return Router(
        path="/api/v1",
        tags=["users"],
        route_handlers=[me],
        dependencies={"me_out": Provide(lambda: anonymous, sync_to_thread=False)},
    )
