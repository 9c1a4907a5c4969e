"""Pure parts of adapters/http_support: error messages and server-requested pauses."""

import email.utils
import time

import httpx
import pytest

from movie_analyst.adapters.http_support import error_message, retry_after_seconds


def response(
    status: int, body: object = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    if isinstance(body, str):
        return httpx.Response(status, text=body, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": "Unauthorized", "message": "Invalid API key"}, "Unauthorized: Invalid API key"),
        ({"error": "Rate limit exceeded"}, "Rate limit exceeded"),
        (
            {"error": {"message": "Incorrect API key provided", "type": "x"}},
            "Incorrect API key provided",
        ),
        ({"error": {"type": "invalid_request_error"}}, "invalid_request_error"),
        (
            {"status_code": 7, "status_message": "Invalid API key: denied."},
            "Invalid API key: denied.",
        ),
        ({"detail": "Not Found"}, "Not Found"),
        ("upstream exploded", "upstream exploded"),
        ("", "Bad Gateway"),
    ],
)
def test_error_message_understands_flat_nested_and_plain_bodies(
    body: object, expected: str
) -> None:
    assert error_message(response(502 if body == "" else 400, body)) == expected


def test_error_message_is_clipped() -> None:
    assert len(error_message(response(500, "x" * 5000))) == 300


def test_an_unread_stream_yields_the_reason_phrase() -> None:
    streamed = httpx.Response(503, stream=httpx.ByteStream(b"{}"))
    assert error_message(streamed) == "Service Unavailable"


def test_retry_after_reads_seconds_dates_and_bodies() -> None:
    assert retry_after_seconds(response(429, {}, {"Retry-After": "7"})) == 7
    assert retry_after_seconds(response(429, {"retry_after": 60})) == 60
    assert retry_after_seconds(response(429, {"retry_after": 1}, {"Retry-After": "2.5"})) == 2.5
    assert retry_after_seconds(response(429, {"error": "x"})) is None
    assert retry_after_seconds(response(429, {"retry_after": "soon"})) is None
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (retry_after_seconds(response(429, {}, {"Retry-After": later})) or 0) <= 30
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert retry_after_seconds(response(429, {}, {"Retry-After": past})) == 0
