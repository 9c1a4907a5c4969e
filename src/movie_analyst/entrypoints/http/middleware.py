"""Request ids and the optional bearer check (a `Guard`, by AUTH_MODE), as one ASGI middleware.

Every HTTP request gets an id: the client's `X-Request-ID` when it is sane, else a new one. It
is echoed on the response, kept in `request_id_var` for the duration of the request (log
formatters read it, see `RequestIdFilter`) and in `scope["state"]["request_id"]`.

With a guard (AUTH_MODE token, users or proxy), every `/api/v1` route except health, the
OpenAI-compatible `/v1` routes and the MCP server at `/mcp` need `Authorization: Bearer <token
or key>` (proxy: a trusted proxy's user header); anything else gets a 401 JSON error (with the
request id), in OpenAI's error shape under `/v1`.
List this middleware first so that every other middleware runs inside it and sees the id.
"""

import logging
import re
import uuid
from contextvars import ContextVar

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from movie_analyst.entrypoints.http.auth import Guard

REQUEST_ID_HEADER = b"x-request-id"
PROTECTED_PREFIXES = ("/api/v1/", "/v1/", "/mcp")
OPENAI_PREFIX = "/v1/"
OPEN_PATHS = frozenset({"/api/v1/health"})

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Echoed back in a header and written to logs, so only a short, plain token is trusted.
_SANE_ID = re.compile(r"[A-Za-z0-9._:+=/-]{1,128}")


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (or "-") to every record that passes a handler it is on."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, guard: Guard | None = None) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        send_with_id = _echo_id(send, request_id)
        try:
            if self.guard is not None and not await self._admitted(scope, self.guard):
                await _send_unauthorized(send_with_id, scope["path"], self.guard.hint)
                return
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)

    async def _admitted(self, scope: Scope, guard: Guard) -> bool:
        if scope.get("method") == "OPTIONS":
            return True
        path = scope["path"].rstrip("/") or "/"
        if not path.startswith(PROTECTED_PREFIXES) or path in OPEN_PATHS:
            return True
        scheme, _, presented = _header(scope, b"authorization").partition(" ")
        return await guard.admits(scope, presented.strip() if scheme.lower() == "bearer" else None)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _incoming_id(scope: Scope) -> str | None:
    candidate = _header(scope, REQUEST_ID_HEADER).strip()
    return candidate if _SANE_ID.fullmatch(candidate) else None


def _echo_id(send: Send, request_id: str) -> Send:
    async def send_with_id(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [h for h in message.get("headers", []) if h[0].lower() != REQUEST_ID_HEADER]
            headers.append((REQUEST_ID_HEADER, request_id.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return send_with_id


def _unauthorized_body(path: str, hint: str) -> bytes:
    message = f"this API needs {hint}"
    if path.startswith(OPENAI_PREFIX):  # what OpenAI answers a wrong key with
        error = {"message": message, "type": "invalid_request_error", "param": None}
        return msgspec.json.encode({"error": {**error, "code": "invalid_api_key"}})
    body = {"status_code": 401, "error": "unauthorized", "detail": message}
    return msgspec.json.encode(body)


async def _send_unauthorized(send: Send, path: str, hint: str) -> None:
    body = _unauthorized_body(path, hint)
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b"Bearer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
