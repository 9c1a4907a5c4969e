"""Shared HTTP plumbing for adapters that call third-party services over httpx.

Stable API (used by the LLM gateways and the catalog adapters):

- `RetryPolicy(attempts, base_delay=0.5, max_delay=8.0)`: `attempts` counts every try, the first
  included (settings' `HTTP_RETRIES` maps to `attempts = HTTP_RETRIES + 1`).
- `send_with_retries(client, build, policy=..., upstream=...)`: sends `build()` (a fresh request
  per try) and returns the first response whose status is not in `retry_statuses`. Statuses it
  does not retry (200, 400, 401, 404, 424, ...) are returned untouched for the caller to map.
- `error_message(response)`: a short human message from an error body.
- `retry_after_seconds(response)`: the server's requested pause, if it gave one.

Final failures become application errors, so callers never see httpx exceptions:
timeout -> `UpstreamTimeout`; connect or other transport error -> `UpstreamUnavailable`;
429 -> `UpstreamRateLimited(retry_after)`; 5xx -> `UpstreamUnavailable`.
"""

import asyncio
from collections.abc import Callable, Collection

import httpx
import msgspec
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_any,
)
from tenacity.stop import stop_base

from movie_analyst.adapters.http_replies import error_message, retry_after_seconds
from movie_analyst.application.errors import (
    UpstreamError,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)

__all__ = ["RetryPolicy", "error_message", "retry_after_seconds", "send_with_retries"]

DEFAULT_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RetryPolicy(msgspec.Struct, frozen=True):
    """Bounded exponential backoff: delay n = min(max_delay, base_delay * 2**n).

    A server-requested pause (`Retry-After` header or JSON `retry_after`) replaces the computed
    delay when longer. A pause longer than `max_delay` is not waited out: the call fails at once
    with `UpstreamRateLimited(retry_after=...)` so the user can be told when to come back.
    """

    attempts: int
    base_delay: float = 0.5
    max_delay: float = 8.0


class _RetryableStatus(Exception):
    """Raised inside the retry loop for a status worth retrying; never escapes this module."""

    def __init__(self, status: int, message: str, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.message = message
        self.retry_after = retry_after


async def send_with_retries(
    client: httpx.AsyncClient,
    build: Callable[[], httpx.Request],
    *,
    policy: RetryPolicy,
    upstream: str,
    retry_statuses: Collection[int] = DEFAULT_RETRY_STATUSES,
    stream: bool = False,
    retry_on_timeout: bool = True,
) -> httpx.Response:
    """Send with bounded retries; return the first response with a non-retried status.

    With `stream=True` the returned response is open and unread: the caller must close it
    (`await response.aclose()`), also after reading an error body with `await response.aread()`.
    `retry_on_timeout=False` stops at the first read/write timeout (for costly, non-idempotent
    calls such as LLM completions); connect failures are always retried because nothing was sent.
    Cancellation propagates at once, also during a backoff pause.
    """
    # The first try runs outside tenacity: most calls succeed at once, and setting up its
    # retry state cost more than a tenth of an LLM call's CPU on our side. A failed first try
    # is handed to tenacity as its attempt 1, so every rule below decides exactly as before.
    try:
        return await _send_once(client, build(), retry_statuses, stream)
    except Exception as exc:
        first: Exception | None = exc
    retrying = AsyncRetrying(
        stop=stop_any(stop_after_attempt(max(1, policy.attempts)), _StopOnLongPause(policy)),
        wait=_backoff(policy),
        retry=retry_if_exception(lambda exc: _retryable(exc, retry_on_timeout)),
        sleep=asyncio.sleep,
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                if first is not None:
                    failed, first = first, None
                    raise failed
                return await _send_once(client, build(), retry_statuses, stream)
    except _RetryableStatus as exc:
        raise _status_error(exc, upstream) from None
    except httpx.TimeoutException as exc:
        raise UpstreamTimeout(f"{upstream} did not answer in time", upstream=upstream) from exc
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(
            f"{upstream} could not be reached ({type(exc).__name__})", upstream=upstream
        ) from exc
    raise AssertionError("unreachable: tenacity either returns or re-raises")


async def _send_once(
    client: httpx.AsyncClient, request: httpx.Request, statuses: Collection[int], stream: bool
) -> httpx.Response:
    response = await client.send(request, stream=stream)
    if response.status_code not in statuses:
        return response
    try:
        await response.aread()
    finally:
        await response.aclose()
    raise _RetryableStatus(
        response.status_code, error_message(response), retry_after_seconds(response)
    )


def _retryable(exc: BaseException, retry_on_timeout: bool) -> bool:
    if isinstance(exc, _RetryableStatus):
        return True
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError):
        return True
    if isinstance(exc, httpx.TimeoutException):
        return retry_on_timeout
    return isinstance(exc, httpx.TransportError)


def _server_pause(state: RetryCallState) -> float | None:
    exc = state.outcome.exception() if state.outcome else None
    return exc.retry_after if isinstance(exc, _RetryableStatus) else None


def _backoff(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        computed = min(policy.max_delay, policy.base_delay * 2.0 ** (state.attempt_number - 1))
        pause = _server_pause(state)
        return computed if pause is None else max(computed, pause)

    return wait


class _StopOnLongPause(stop_base):
    """Give up at once when the server asks for a longer pause than the policy allows."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._limit = policy.max_delay

    def __call__(self, retry_state: RetryCallState) -> bool:
        pause = _server_pause(retry_state)
        return pause is not None and pause > self._limit


def _status_error(exc: _RetryableStatus, upstream: str) -> UpstreamError:
    if exc.status == 429:
        when = f"; retry after {exc.retry_after:g} s" if exc.retry_after is not None else ""
        return UpstreamRateLimited(
            f"{upstream} is rate limiting requests{when}: {exc.message}",
            upstream=upstream,
            retry_after=exc.retry_after,
        )
    return UpstreamUnavailable(
        f"{upstream} failed with HTTP {exc.status}: {exc.message}", upstream=upstream
    )
