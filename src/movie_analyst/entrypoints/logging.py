"""Process-wide logging: one JSON object per line (LOG_FORMAT=json) or readable text.

Fields passed with `log.info("...", extra={...})` become top-level JSON keys, so a request line
is `{"ts": ..., "level": "INFO", "logger": ..., "msg": "request", "request_id": ..., "route": ...}`.
Every line carries the current request id when one is set (the X-Request-ID middleware's
contextvar), so a run's lines can be grepped together.
"""

import json
import logging
import logging.config
import sys
from datetime import UTC, datetime
from typing import Any, Literal

from movie_analyst.entrypoints.http.middleware import request_id_var

LogFormat = Literal["json", "text"]

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's ANSI-coloured copy of the message
    "request_id",  # see request_id_of (RequestIdFilter may have set "-")
}


def request_id_of(record: logging.LogRecord) -> str | None:
    """The id stamped on the record (survives queue handlers), else the current request's."""
    stamped = getattr(record, "request_id", None)
    if isinstance(stamped, str) and stamped != "-":
        return stamped
    return request_id_var.get()


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = request_id_of(record)
        if request_id:
            line["request_id"] = request_id
        line.update(extra_fields(record))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time level logger [request id] message key=value ...` for people reading a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = extra_fields(record)
        request_id = request_id_of(record)
        if request_id:
            fields = {"request_id": request_id, **fields}
        if not fields:
            return text
        head, sep, tail = text.partition("\n")
        pairs = " ".join(f"{k}={v}" for k, v in fields.items())
        return f"{head} {pairs}{sep}{tail}"


def logging_config(level: str, fmt: LogFormat) -> dict[str, Any]:
    """A `dictConfig` for the root logger; uvicorn's loggers propagate into it."""
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": sys.stderr,
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            # Our access-log middleware writes one line per request; uvicorn's would duplicate it.
            "uvicorn.access": {"level": "WARNING"},
            "uvicorn": {"level": level, "handlers": [], "propagate": True},
            "uvicorn.error": {"level": level, "handlers": [], "propagate": True},
        },
    }


def configure_logging(level: str = "INFO", fmt: LogFormat = "json") -> None:
    logging.config.dictConfig(logging_config(level, fmt))
