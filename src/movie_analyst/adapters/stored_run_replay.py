"""A finished run's events rebuilt from storage, for the in-memory log after it evicted them.

The rebuild is compact: the tool steps, the whole answer as one token, then the end. A client
that saw none of the run gets all of it; one resuming mid-run gets the events numbered after its
Last-Event-ID, the last one keeping the run's original final sequence number.
"""

from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.domain.message import Message, Role
from movie_analyst.domain.run import Run
from movie_analyst.domain.run_event import AnswerToken, RunEvent, RunEventBody, RunFinished

_SEARCH_DEPTHS = (20, 200, 2000)  # the answer is almost always among a session's newest


async def stored_events(
    repository: ChatRepository, run_id: str, final_seq: int, after: int
) -> list[RunEvent]:
    run = await repository.get_run(run_id)
    if run is None or run.status.is_active:
        return []
    answer = await _answer(repository, run)
    bodies: list[RunEventBody] = list(answer.steps) if answer else []
    content = answer.content if answer else ""
    if content:
        bodies.append(AnswerToken(content=content))
    bodies.append(RunFinished(status=run.status, content=content, error=run.error))
    first = max(1, final_seq - len(bodies) + 1)
    events = [
        RunEvent(run_id=run_id, session_id=run.session_id, seq=first + index, body=body)
        for index, body in enumerate(bodies)
    ]
    return [event for event in events if event.seq > after]


async def _answer(repository: ChatRepository, run: Run) -> Message | None:
    if run.answer_message_id is None:
        return None
    for depth in _SEARCH_DEPTHS:
        messages = await repository.last_messages(run.session_id, depth)
        for message in messages:
            if message.id == run.answer_message_id and message.role is Role.ASSISTANT:
                return message
        if len(messages) < depth:
            return None
    return None
