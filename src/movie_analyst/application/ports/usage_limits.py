from typing import Protocol


class UsageLimits(Protocol):
    """Each user's budgets: runs a minute and LLM tokens a UTC day (`domain/usage.py` windows).

    `user_id` is a `User.id`, or `SHARED_SPACE` when nobody signed in. A limit of 0 is no
    limit on that budget. The counts are shared by every process that shares the adapter's
    store, and they renew by themselves when their window passes.
    """

    async def admit(self, user_id: str) -> None:
        """Count one run for `user_id` now, unless a budget is spent: then raise
        `UsageLimitReached` (with the seconds until it renews) and count nothing. The token
        budget is spent once a day's tokens reach the limit (a run in flight may pass it)."""
        ...

    async def spend(self, user_id: str, tokens: int) -> None:
        """Add a run's LLM tokens (input + output) to `user_id`'s day. May raise the
        adapter's storage error; the caller decides whether that matters."""
        ...
