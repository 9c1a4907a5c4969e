"""Who may call the protected routes, by AUTH_MODE: a `Guard` admits a request or not.

`token`: the one shared API_AUTH_TOKEN. `users`: a personal API key, checked through the
`Authenticate` use case. `proxy`: the user a reverse proxy names in PROXY_USER_HEADER, believed
only when the connection itself comes from TRUSTED_PROXIES (uvicorn's X-Forwarded-For rewrite
is off in this mode, so `scope["client"]` is the real peer). The user is put in
`scope["state"]["user"]`. Secrets are compared in constant time and never logged.
"""

import hmac
import ipaddress
from collections.abc import Iterable
from typing import Protocol

from litestar.types import Scope

from movie_analyst.application.use_cases.users.authenticate import Authenticate
from movie_analyst.application.use_cases.users.proxy_user import ProxyUser
from movie_analyst.domain.user import User


class Guard(Protocol):
    """`bearer`: what followed `Authorization: Bearer`, or None. `hint` names what the 401
    answer asks for."""

    hint: str

    async def admits(self, scope: Scope, bearer: str | None) -> bool: ...


class TokenGuard(Guard):
    hint = "an Authorization: Bearer <API_AUTH_TOKEN> header"

    def __init__(self, token: str) -> None:
        self._token = token.encode()

    async def admits(self, scope: Scope, bearer: str | None) -> bool:
        return bearer is not None and hmac.compare_digest(bearer.encode(), self._token)


class UserKeyGuard(Guard):
    hint = "an Authorization: Bearer <your API key> header (movie-analyst users add NAME)"

    def __init__(self, authenticate: Authenticate) -> None:
        self._authenticate = authenticate

    async def admits(self, scope: Scope, bearer: str | None) -> bool:
        user = await self._authenticate.execute(bearer) if bearer is not None else None
        return _signed_in(scope, user)


class ProxyGuard(Guard):
    def __init__(self, users: ProxyUser, *, trusted: Iterable[str], header: str) -> None:
        self._users = users
        self._trusted = [ipaddress.ip_network(entry, strict=False) for entry in trusted]
        self._header = header.lower().encode()
        self.hint = f"a {header} header set by a trusted proxy (TRUSTED_PROXIES)"

    async def admits(self, scope: Scope, bearer: str | None) -> bool:
        if not self._from_trusted(scope):
            return False  # whatever headers it sent, they are not the proxy's
        name = next((v.decode("latin-1") for k, v in scope["headers"] if k == self._header), "")
        user = await self._users.execute(name.strip()) if name.strip() else None
        return _signed_in(scope, user)

    def _from_trusted(self, scope: Scope) -> bool:
        client = scope.get("client")
        try:
            peer = ipaddress.ip_address(client[0]) if client else None
        except ValueError:
            return False
        return peer is not None and any(peer in network for network in self._trusted)


def _signed_in(scope: Scope, user: User | None) -> bool:
    if user is None:
        return False
    scope.setdefault("state", {})["user"] = user
    return True
