"""JSON and text log lines: `extra=` fields, and the request id from the middleware's contextvar."""

import io
import json
import logging
from collections.abc import Iterator

import pytest

from movie_analyst.entrypoints.http.middleware import request_id_var
from movie_analyst.entrypoints.logging import JsonFormatter, TextFormatter, logging_config


@pytest.fixture
def request_id() -> Iterator[str]:
    token = request_id_var.set("req-42")
    yield "req-42"
    request_id_var.reset(token)


def _record(msg: str = "request", **extra: object) -> logging.LogRecord:
    logger = logging.getLogger("movie_analyst.test")
    return logger.makeRecord(logger.name, logging.INFO, __file__, 1, msg, (), None, extra=extra)


def test_a_json_line_carries_extra_fields_and_the_request_id(request_id: str) -> None:
    line = JsonFormatter().format(_record(route="/api/v1/sessions", status=200, duration_ms=1.5))
    parsed = json.loads(line)
    assert "\n" not in line
    assert parsed["msg"] == "request"
    assert parsed["level"] == "INFO"
    assert parsed["logger"] == "movie_analyst.test"
    assert parsed["request_id"] == request_id
    assert (parsed["route"], parsed["status"], parsed["duration_ms"]) == (
        "/api/v1/sessions",
        200,
        1.5,
    )
    assert parsed["ts"].endswith("+00:00")


def test_outside_a_request_there_is_no_request_id() -> None:
    assert "request_id" not in json.loads(JsonFormatter().format(_record()))


def test_exceptions_stay_on_one_json_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.getLogger("x").makeRecord("x", 40, "f", 1, "failed", (), sys.exc_info())
    line = JsonFormatter().format(record)
    assert len(line.splitlines()) == 1
    assert "ValueError: boom" in json.loads(line)["exc"]


def test_uvicorns_coloured_copy_is_dropped() -> None:
    assert "color_message" not in json.loads(JsonFormatter().format(_record(color_message="x")))


def test_text_lines_append_key_value_pairs(request_id: str) -> None:
    line = TextFormatter().format(_record("run", run_id="r1", tool_calls=2))
    assert line.endswith("run request_id=req-42 run_id=r1 tool_calls=2")
    assert "INFO" in line


def test_the_config_routes_everything_to_one_handler() -> None:
    import logging.config

    stream = io.StringIO()
    config = logging_config("INFO", "json")
    config["handlers"]["stderr"]["stream"] = stream
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        logging.config.dictConfig(config)
        logging.getLogger("uvicorn.error").info("started")
        logging.getLogger("uvicorn.access").info("GET / 200")  # ours replaces uvicorn's
        logging.getLogger("movie_analyst.x").debug("hidden at INFO")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["msg"] for line in lines] == ["started"]
