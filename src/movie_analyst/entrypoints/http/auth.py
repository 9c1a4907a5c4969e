"""Who may call the protected routes, by AUTH_MODE: a `Guard` admits a request or not.

`token`: the one shared API_AUTH_TOKEN. `users`: a personal API key, checked through the
`Authenticate` use case; the user it belongs to is put in `scope["state"]["user"]`.
Both compare in constant time and never log what was presented.
"""

import hmac
from typing import Protocol

from litestar.types import Scope

from movie_analyst.application.use_cases.users.authenticate import Authenticate


class Guard(Protocol):
    """`hint` names what the 401 answer asks for."""

    hint: str

    async def admits(self, scope: Scope, presented: str) -> bool: ...


class TokenGuard(Guard):
    hint = "Authorization: Bearer <API_AUTH_TOKEN>"

    def __init__(self, token: str) -> None:
        self._token = token.encode()

    async def admits(self, scope: Scope, presented: str) -> bool:
        return hmac.compare_digest(presented.encode(), self._token)


class UserKeyGuard(Guard):
    hint = "Authorization: Bearer <your API key> (movie-analyst users add NAME)"

    def __init__(self, authenticate: Authenticate) -> None:
        self._authenticate = authenticate

    async def admits(self, scope: Scope, presented: str) -> bool:
        user = await self._authenticate.execute(presented)
        if user is None:
            return False
        scope.setdefault("state", {})["user"] = user
        return True
