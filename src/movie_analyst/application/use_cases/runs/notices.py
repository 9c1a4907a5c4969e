"""The assistant entries a run stores when it cannot store a full answer.

Every run whose user message was stored ends with exactly one assistant entry, so the stored
conversation never has two user messages in a row.
"""

from movie_analyst.domain.run import RunStatus

# A queued run whose user message is stored only when it starts (CONCURRENT_MESSAGE_POLICY=enqueue
# while another run is active), so the conversation keeps alternating.
PENDING_MESSAGE_ID = 0

STOPPED_EMPTY = "(Stopped before any answer was written.)"
INTERRUPTED = "(The server stopped before this answer was finished; please ask again.)"
INTERRUPTED_ERROR = "the server stopped before this run finished"
STILL_QUEUED_ERROR = (
    "the server stopped before this message's turn; it runs when the server is back"
)


def failure_notice(error: str, partial: str = "") -> str:
    notice = f"(Sorry, I could not finish this answer: {error})"
    return f"{partial.rstrip()}\n\n{notice}" if partial.strip() else notice


def stopped_text(partial: str, status: RunStatus) -> str:
    if partial.strip():
        return partial
    return INTERRUPTED if status is RunStatus.INTERRUPTED else STOPPED_EMPTY
