"""The windows a user's budgets are counted in: runs per minute, LLM tokens per UTC day.

Fixed windows (the clock's minute, the UTC day) rather than sliding ones: every replica counts
in the same window from its own clock with one shared counter per window, and a refused user
knows exactly when the budget comes back (`seconds_left`).
"""

import math

from movie_analyst.domain.user import User

MINUTE_SECONDS = 60
DAY_SECONDS = 86_400
# Who a limit counts against when nobody signed in (AUTH_MODE none/token): the shared space.
SHARED_SPACE = "-"


def window(now: float, length: int) -> tuple[int, int]:
    """The window `now` (epoch seconds) falls in, and the whole seconds until the next one."""
    index = int(now // length)
    return index, max(1, math.ceil((index + 1) * length - now))


def runs_refusal(limit: int, seconds_left: int) -> str:
    return (
        f"run limit reached: at most {limit} questions a minute per user; "
        f"try again in {seconds_left} s"
    )


def tokens_refusal(limit: int, used: int, seconds_left: int) -> str:
    hours, minutes = divmod(math.ceil(seconds_left / 60), 60)
    return (
        f"daily LLM token limit reached: {used} of {limit} tokens used today (UTC); "
        f"the budget renews in {hours} h {minutes} min"
    )


def budget_owner(user: User | None) -> str:
    """Whose budgets a run counts against: the signed-in user, else the shared space."""
    return user.id if user is not None else SHARED_SPACE
