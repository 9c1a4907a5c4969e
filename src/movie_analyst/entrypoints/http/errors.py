"""The one table that maps application errors to HTTP statuses and JSON bodies."""

import logging
import math
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

from movie_analyst.application.errors import (
    AdminRequired,
    ApplicationError,
    CoordinationUnavailable,
    InvalidRequest,
    LiveDataUnavailable,
    NotFound,
    SessionBusy,
    StorageError,
    StorageFull,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
    UsageLimitReached,
)
from movie_analyst.domain.errors import DomainError

log = logging.getLogger(__name__)

# Most specific first: the first matching class wins.
STATUS_BY_ERROR: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFound, 404, "not_found"),
    (AdminRequired, 403, "forbidden"),
    (SessionBusy, 409, "session_busy"),
    (InvalidRequest, 400, "invalid_request"),
    (UsageLimitReached, 429, "usage_limit_reached"),
    (DomainError, 400, "invalid_request"),
    (LiveDataUnavailable, 422, "live_data_unavailable"),
    (UpstreamAuthError, 502, "upstream_auth"),
    (UpstreamRateLimited, 503, "upstream_rate_limited"),
    (UpstreamTimeout, 504, "upstream_timeout"),
    (UpstreamUnavailable, 503, "upstream_unavailable"),
    (UpstreamBadResponse, 502, "upstream_bad_response"),
    (UpstreamError, 502, "upstream_error"),
    (StorageFull, 507, "storage_full"),
    (StorageError, 503, "storage_unavailable"),
    (CoordinationUnavailable, 503, "coordination_unavailable"),
)

# The `error` code of the framework's own errors (unknown route, wrong method, body too big...).
ERROR_CODES: dict[int, str] = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "live_data_unavailable",
    429: "rate_limited",
    500: "internal_error",
    502: "upstream_error",
    503: "unavailable",
    504: "upstream_timeout",
    507: "storage_full",
}


def all_error_codes() -> list[str]:
    """Every `error` value a response can carry (for the OpenAPI error schema)."""
    return sorted({*ERROR_CODES.values(), *(code for _, _, code in STATUS_BY_ERROR), "http_error"})


def status_for(exc: Exception) -> tuple[int, str]:
    for error_type, status, code in STATUS_BY_ERROR:
        if isinstance(exc, error_type):
            return status, code
    return 500, "internal_error"


def error_body(exc: Exception) -> tuple[int, dict[str, object]]:
    status, code = status_for(exc)
    body: dict[str, object] = {"status_code": status, "error": code, "detail": str(exc)}
    if isinstance(exc, SessionBusy):
        body["run_id"] = exc.run_id
    if isinstance(exc, UpstreamError):
        body["upstream"] = exc.upstream
    retry_after = retry_after_of(exc)
    if retry_after is not None:
        body["retry_after"] = retry_after
    return status, body


def retry_after_of(exc: Exception) -> float | None:
    """Seconds a client should wait before trying again, when the error says."""
    if isinstance(exc, UpstreamRateLimited | UsageLimitReached):
        return exc.retry_after
    return None


def retry_headers(exc: Exception) -> dict[str, str]:
    retry_after = retry_after_of(exc)
    return {} if retry_after is None else {"Retry-After": str(math.ceil(retry_after))}


def application_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[object]:
    status, body = error_body(exc)
    return Response(body, status_code=status, headers=retry_headers(exc))


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[object]:
    if isinstance(exc, HTTPException):
        body: dict[str, object] = {
            "status_code": exc.status_code,
            "error": ERROR_CODES.get(exc.status_code, "http_error"),
            "detail": exc.detail,
        }
        if exc.extra:
            body["extra"] = exc.extra
        return Response(body, status_code=exc.status_code, headers=exc.headers)
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return Response(
        {"status_code": 500, "error": "internal_error", "detail": "internal server error"},
        status_code=500,
    )


EXCEPTION_HANDLERS = {
    ApplicationError: application_error_handler,
    DomainError: application_error_handler,
    Exception: unexpected_error_handler,
}
