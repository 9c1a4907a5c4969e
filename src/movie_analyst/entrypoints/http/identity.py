"""`owner`, the route dependency of whose space a request works in (`Session.owner`): the
signed-in user's id (see `me.signed_in_user`, the `user` dependency), or None when AUTH_MODE
is none or token (nobody signs in: one shared space)."""

from typing import Any

from litestar import Request
from litestar.di import Provide

from movie_analyst.domain.user import owner_of
from movie_analyst.entrypoints.http.me import signed_in_user


def _owner(request: Request[Any, Any, Any]) -> str | None:
    return owner_of(signed_in_user(request))


IDENTITY = {
    "user": Provide(signed_in_user, sync_to_thread=False),
    "owner": Provide(_owner, sync_to_thread=False),
}
