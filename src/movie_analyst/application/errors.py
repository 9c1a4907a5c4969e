"""Errors the use cases raise; adapters translate library errors into these.

The HTTP entrypoint maps each class to one status code in a single table.
"""


class ApplicationError(Exception):
    """Base of every error a use case may raise on purpose."""


class NotFound(ApplicationError):
    pass


class SessionNotFound(NotFound):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"session {session_id} not found")
        self.session_id = session_id


class RunNotFound(NotFound):
    def __init__(self, run_id: str) -> None:
        super().__init__(f"run {run_id} not found")
        self.run_id = run_id


class MessageNotFound(NotFound):
    def __init__(self, message_id: int) -> None:
        super().__init__(f"message {message_id} not found")
        self.message_id = message_id


class InvalidRequest(ApplicationError):
    """The request is well-formed but asks for something the rules forbid."""


class SessionBusy(ApplicationError):
    """A run is already active in the session and the policy is to refuse another."""

    def __init__(self, session_id: str, run_id: str) -> None:
        super().__init__(
            f"session {session_id} is still answering (run {run_id}); "
            "wait for it to finish or cancel it"
        )
        self.session_id = session_id
        self.run_id = run_id


class StorageError(ApplicationError):
    """The chat store failed (disk full, locked too long, corrupt)."""


class CoordinationUnavailable(ApplicationError):
    """The store that coordinates runs across server processes (Redis) cannot be reached."""


class StorageFull(StorageError):
    """Storing this would take the database past its configured size (DATABASE_MAX_BYTES)."""


class UpstreamError(ApplicationError):
    """A third-party service (LLM gateway, catalog) failed after bounded retries."""

    def __init__(self, message: str, *, upstream: str) -> None:
        super().__init__(message)
        self.upstream = upstream


class UpstreamAuthError(UpstreamError):
    """The upstream refused our credentials or credits (401/402/403): retrying will not help."""


class UpstreamRateLimited(UpstreamError):
    def __init__(self, message: str, *, upstream: str, retry_after: float | None = None) -> None:
        super().__init__(message, upstream=upstream)
        self.retry_after = retry_after


class UpstreamUnavailable(UpstreamError):
    """5xx, connection refused, or the model itself errored (424)."""


class UpstreamTimeout(UpstreamError):
    pass


class UpstreamBadResponse(UpstreamError):
    """The upstream answered with something we cannot read."""


class LiveDataUnavailable(ApplicationError):
    """The configured catalog cannot answer this kind of question (e.g. trending, offline)."""


class AgentGaveUp(UpstreamBadResponse):
    """The model did not reach an answer within the agent's step budget (malformed replies)."""

    def __init__(self, max_iterations: int) -> None:
        super().__init__(
            f"the model did not produce an answer within {max_iterations} steps; "
            "try rephrasing the question or another model",
            upstream="llm",
        )
        self.max_iterations = max_iterations


class UserNotFound(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(f"no user named {name!r}")
        self.name = name


class UserExists(ApplicationError):
    def __init__(self, name: str) -> None:
        super().__init__(f"a user named {name!r} already exists")
        self.name = name


class AdminRequired(ApplicationError):
    """The signed-in user asked for an admin route and is not an admin: a role refusal (403),
    since the caller's identity is known; other users' resources stay `NotFound`."""

    def __init__(self) -> None:
        super().__init__("this route is for admins (movie-analyst users add NAME --admin)")


class UsageLimitReached(ApplicationError):
    """A user's budget (runs a minute, LLM tokens a day) is spent: refused before anything is
    stored. `retry_after`: whole seconds until the budget renews."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
