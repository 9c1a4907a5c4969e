"""uvicorn's h11 protocol with deadlines for slow clients and a connection cap.

uvicorn alone waits forever for a request's headers (its keep-alive timer runs only between
requests, and any byte cancels it) and for its body, so sockets that trickle half a request
hold a file descriptor each until the server runs out (a slowloris). Here:
- a request's headers must be complete `header_seconds` after the connection opens, or after
  the first byte of a later request on a kept-alive connection (trickling does not extend it);
- its body must be complete `body_seconds` after its headers;
- past a deadline the client gets a 408 (unless its response has started) and is closed;
- beyond `max_connections` open connections a new one gets a 503 and is closed at once.
Every refusal carries the API's error body and an `X-Request-ID`.
"""

import asyncio
import uuid
from typing import Any

import h11
import msgspec
from uvicorn.protocols.http.h11_impl import H11Protocol


def _refusal(status: int, reason: str, error: str, detail: str) -> bytes:
    body = msgspec.json.encode({"status_code": status, "error": error, "detail": detail})
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nx-request-id: {uuid.uuid4().hex}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class DeadlineH11Protocol(H11Protocol):
    header_seconds = 10.0
    body_seconds = 30.0
    max_connections = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: Any = None  # the h11 client state the deadline is for
        self._refused = False  # over the cap: closed in connection_made, never counted

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.max_connections:
            transport.write(
                _refusal(503, "Service Unavailable", "unavailable", "too many open connections")
            )
            transport.close()
            self._refused = True
            return
        super().connection_made(transport)
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._clear()
        if not self._refused:
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._clear()  # the keep-alive timer takes over until the next request's first byte
        if self._request_begun():
            self._watch()

    def _watch(self) -> None:
        """Arm the deadline the client's state needs; keep one already running for it."""
        state = self.conn.their_state
        if state is self._waiting_for or self.transport.is_closing():
            return
        self._clear()
        seconds = {h11.IDLE: self.header_seconds, h11.SEND_BODY: self.body_seconds}.get(state)
        if seconds is None:
            return  # the request is complete: the response has no deadline here
        if state is h11.IDLE and self.cycle is not None and not self._request_begun():
            return  # kept alive between requests: uvicorn's keep-alive timer closes it
        self._waiting_for = state
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _request_begun(self) -> bool:
        return bool(self.conn.trailing_data[0])

    def _clear(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._waiting_for = None, None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        part = "headers" if self._waiting_for is h11.IDLE else "body"
        if self.cycle is None or not self.cycle.response_started:
            detail = f"the request {part} did not arrive in time"
            self.transport.write(_refusal(408, "Request Timeout", "request_timeout", detail))
        if self.cycle is not None:
            self.cycle.disconnected = True  # the app sees the client gone
            self.cycle.message_event.set()
        self.transport.close()


def deadline_protocol(
    *, header_seconds: float, body_seconds: float, max_connections: int
) -> type[DeadlineH11Protocol]:
    """The protocol class for `uvicorn.Config(http=...)`, with these limits."""
    limits = {
        "header_seconds": header_seconds,
        "body_seconds": body_seconds,
        "max_connections": max_connections,
    }
    return type("ConfiguredDeadlineH11Protocol", (DeadlineH11Protocol,), limits)
