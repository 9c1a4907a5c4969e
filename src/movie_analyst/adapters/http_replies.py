"""What an upstream's response says about itself: a short error message from its body, and the
pause it asks for before a retry (`Retry-After`, or a JSON `retry_after`)."""

import email.utils
import json
import time

import httpx

_MESSAGE_LIMIT = 300


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: the `Retry-After` header (seconds or HTTP date),
    else a numeric `retry_after` in a JSON body that has been read. None when absent."""
    header = response.headers.get("retry-after")
    if header:
        parsed = _parse_retry_after(header.strip())
        if parsed is not None:
            return parsed
    body = _json_body(response)
    value = body.get("retry_after") if isinstance(body, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def _parse_retry_after(value: str) -> float | None:
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_message(response: httpx.Response) -> str:
    """A short message from an error body, whatever its shape.

    Understands flat `{"error": "Type", "message": "Detail"}` (Concentrate), nested
    `{"error": {"message": ...}}` (OpenAI), `{"status_message": ...}` (TMDB), `{"message": ...}`
    and `{"detail": ...}`; otherwise the body text or the reason phrase. An unread streamed
    body yields the reason phrase.
    """
    body = _json_body(response)
    if isinstance(body, dict):
        found = _message_from_dict(body)
        if found:
            return _clip(found)
    text = _text_body(response).strip()
    return _clip(text) if text else (response.reason_phrase or f"HTTP {response.status_code}")


def _message_from_dict(body: dict[str, object]) -> str:
    error = body.get("error")
    detail = body.get("message") or body.get("status_message") or body.get("detail")
    if isinstance(error, dict):
        nested = error.get("message") or error.get("type") or error.get("code")
        return str(nested) if nested else ""
    if isinstance(error, str) and error:
        return f"{error}: {detail}" if isinstance(detail, str) and detail else error
    return str(detail) if isinstance(detail, str | int | float) and detail else ""


def _text_body(response: httpx.Response) -> str:
    try:
        return response.text
    except httpx.ResponseNotRead:
        return ""


def _json_body(response: httpx.Response) -> object:
    text = _text_body(response)
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _clip(text: str) -> str:
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"
