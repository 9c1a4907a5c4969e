"""Errors of the /v1 facade in OpenAI's shape: {"error": {message, type, param, code}}.

The status and `code` are those of our one table (`http/errors.py`); only the body differs, so
an OpenAI SDK raises its usual typed errors (`AuthenticationError`, `NotFoundError`, ...).
"""

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

from movie_analyst.application.errors import ApplicationError, NotFound
from movie_analyst.domain.errors import DomainError
from movie_analyst.entrypoints.http.errors import ERROR_CODES, error_body, retry_headers

log = logging.getLogger(__name__)


class UnknownModel(NotFound):
    def __init__(self, model: str) -> None:
        super().__init__(f"the model {model!r} does not exist; GET /v1/models lists the ids")
        self.model = model


def openai_error(message: str, *, status: int, code: str, param: str | None = None) -> Any:
    """The body; `type` is OpenAI's coarse class of the error."""
    kind = "server_error" if status >= 500 else "invalid_request_error"
    if status == 429:
        kind = "rate_limit_error"
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _application_error(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status, body = error_body(exc)
    code, param = str(body["error"]), None
    if isinstance(exc, UnknownModel):
        code, param = "model_not_found", "model"
    message = openai_error(str(body["detail"]), status=status, code=code, param=param)
    return Response(message, status_code=status, headers=retry_headers(exc))


def _other_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if not isinstance(exc, HTTPException):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        body = openai_error("internal server error", status=500, code="internal_error")
        return Response(body, status_code=500)
    status = exc.status_code
    details = [str(item.get("message")) for item in exc.extra or [] if isinstance(item, dict)]
    message = ": ".join([exc.detail, *details])
    code = ERROR_CODES.get(status, "http_error")
    return Response(openai_error(message, status=status, code=code), status_code=status)


EXCEPTION_HANDLERS = {
    ApplicationError: _application_error,
    DomainError: _application_error,
    Exception: _other_error,
}
