"""What a run tells its listeners, in order. Each event carries the run's own sequence number."""

import msgspec

from movie_analyst.domain.run import RunStatus


class AnswerToken(msgspec.Struct, frozen=True, kw_only=True, tag="token", tag_field="event"):
    content: str


class ToolStep(msgspec.Struct, frozen=True, kw_only=True, tag="step", tag_field="event"):
    type: str  # "tool_call" | "tool_result"
    tool: str
    summary: str
    data: str | None = None  # compact JSON of a tool result, for the UI's cards


class RunFinished(msgspec.Struct, frozen=True, kw_only=True, tag="done", tag_field="event"):
    status: RunStatus
    content: str = ""
    error: str | None = None
    error_kind: str | None = None  # the failure's class, e.g. "UpstreamTimeout" (maps to HTTP)
    input_tokens: int | None = None  # what the run's model calls used, when known
    output_tokens: int | None = None
    model: str = ""  # the run's model, when the ending run reports it (for metrics)
    run_seconds: float | None = None  # started -> finished, when the run had started
    user_id: str = "-"  # whose run it was (a User.id, "-": nobody signed in), for metrics


RunEventBody = AnswerToken | ToolStep | RunFinished


class RunEvent(msgspec.Struct, frozen=True, kw_only=True):
    run_id: str
    session_id: str
    seq: int
    body: RunEventBody
