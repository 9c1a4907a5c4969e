"""A `FakeBackend` behind the server's AUTH_MODE: keys (users) or a proxy's user (proxy).

`/health` says the mode (open, like the server's); `/api/v1/me` says who the key is; any other
/api/v1 call without a known key gets the API's 401. Removing a key from `keys` revokes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from movie_analyst_ui.api_client import ApiClient
from tests.support.frontend import BASE_URL, FakeBackend

ALICE = {"id": "u-alice", "name": "alice", "is_admin": False}
ALICE_KEY = "ma_0123456789ab_alice-secret-key-for-the-ui-tests-only"
UNAUTHORIZED = {"status_code": 401, "error": "unauthorized", "detail": "this API needs a key"}


@dataclass
class SignedInBackend:
    inner: FakeBackend
    mode: str = "users"
    keys: dict[str, dict[str, Any]] = field(default_factory=lambda: {ALICE_KEY: ALICE})
    proxy_user: dict[str, Any] = field(default_factory=lambda: ALICE)
    presented: list[str | None] = field(default_factory=list)  # each request's bearer key

    def client(self) -> ApiClient:
        return ApiClient(BASE_URL, transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path in ("/health", "/api/v1/health"):
            answer = self.inner.handle(request)
            return httpx.Response(200, json={**answer.json(), "auth_mode": self.mode})
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ") or None
        self.presented.append(bearer)
        user = self.proxy_user if self.mode == "proxy" else self.keys.get(bearer or "")
        if user is None:
            return httpx.Response(401, content=json.dumps(UNAUTHORIZED))
        if path == "/api/v1/me":
            limits = {"runs_per_minute": 0, "tokens_per_day": 0}
            return httpx.Response(
                200, json={"auth_mode": self.mode, "user": user, "limits": limits}
            )
        return self.inner.handle(request)
