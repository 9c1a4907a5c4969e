"""ContinueConversation: a chat client's whole conversation in, the run answering it out."""

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime

import msgspec

from movie_analyst.application.errors import InvalidRequest
from movie_analyst.application.ports.chat_repository import ChatRepository
from movie_analyst.application.ports.conversation_index import ConversationIndex
from movie_analyst.application.ports.usage_limits import UsageLimits
from movie_analyst.application.use_cases.runs.cancel_run import CancelRun
from movie_analyst.application.use_cases.runs.chat import failure_of
from movie_analyst.application.use_cases.runs.follow_run import FollowRun
from movie_analyst.application.use_cases.runs.submit_message import SubmitMessage
from movie_analyst.application.use_cases.sessions.import_session import ImportSession
from movie_analyst.domain.archive import ArchivedMessage
from movie_analyst.domain.conversation import Turn, conversation_key, title_of
from movie_analyst.domain.message import Role
from movie_analyst.domain.run import Run, RunStatus
from movie_analyst.domain.run_event import RunEvent, RunFinished
from movie_analyst.domain.usage import budget_owner
from movie_analyst.domain.user import User, owner_of

CLIENT_METADATA = {"client": "openai-compatible"}


class ConversationRun(msgspec.Struct, frozen=True, kw_only=True):
    run: Run
    turns: list[Turn]  # the conversation up to and including the message the run answers
    owner: str | None = None


class ContinueConversation:
    """Answer the last user turn of a conversation a client keeps itself (OpenAI-style).

    Rules:
    - The turns end with a user turn (else `InvalidRequest`); system turns are ignored: the
      agent has its own instructions.
    - The session is the one named (`SessionNotFound` when it does not exist, or is another
      user's); else the one whose conversation so far is every turn before the last, found
      through the `ConversationIndex` among `user`'s own (the key includes the owner); else a
      new session of theirs, titled by the first user turn and seeded with the earlier turns,
      so the agent reads them as its memory.
    - With limits, `user`'s budgets are checked before anything is stored (`UsageLimitReached`).
    - Only the last turn is submitted (`SubmitMessage`'s rules apply); a known session keeps
      its own record of what was said before.
    - A run that succeeds is remembered under the conversation including its answer, so the
      next turn, sent with the whole history, lands in the same session.
    - A client that stops reading a streamed run before its end abandons it: `abandon`
      cancels the run (cancelling an ended run changes nothing).
    """

    def __init__(
        self,
        *,
        repository: ChatRepository,
        index: ConversationIndex,
        submit: SubmitMessage,
        follow: FollowRun,
        cancel: CancelRun,
        import_session: ImportSession,
        clock: Callable[[], datetime],
        limits: UsageLimits | None = None,
    ) -> None:
        self._limits = limits
        self._repository = repository
        self._index = index
        self._submit = submit
        self._follow = follow
        self._cancel = cancel
        self._import = import_session
        self._clock = clock

    async def start(
        self,
        turns: Sequence[Turn],
        *,
        session_id: str | None = None,
        model: str | None = None,
        stream: bool = True,
        user: User | None = None,
    ) -> ConversationRun:
        said = [t for t in turns if t.role is not Role.SYSTEM]
        if not said or said[-1].role is not Role.USER:
            raise InvalidRequest("the conversation must end with a user message")
        if self._limits is not None:  # before a new conversation is seeded
            await self._limits.admit(budget_owner(user))
        owner = owner_of(user)
        session = session_id or await self._known(said[:-1], owner) or await self._seed(said, owner)
        run = await self._submit.execute(
            session_id=session, message=said[-1].content, model=model, stream=stream, user=user
        )
        return ConversationRun(run=run, turns=said, owner=owner)

    async def events(self, started: ConversationRun) -> AsyncIterator[RunEvent]:
        """The run's events to its end; a success is remembered before the last one."""
        async for event in await self._follow.execute(started.run.id):
            if isinstance(event.body, RunFinished):
                await self._remember(started, event.body)
            yield event

    async def answer(
        self,
        turns: Sequence[Turn],
        *,
        session_id: str | None = None,
        model: str | None = None,
        user: User | None = None,
    ) -> tuple[ConversationRun, RunFinished]:
        started = await self.start(
            turns, session_id=session_id, model=model, stream=False, user=user
        )
        outcome = await self._follow.outcome(started.run.id)
        if outcome.status is RunStatus.FAILED:
            raise failure_of(outcome)
        await self._remember(started, outcome)
        return started, outcome

    async def abandon(self, started: ConversationRun) -> None:
        await self._cancel.execute(started.run.id)

    async def _known(self, before: list[Turn], owner: str | None) -> str | None:
        if not before:
            return None  # a first message is a new conversation, however often it was asked
        found = await self._index.find(_key(before, owner))
        if found is None or await self._repository.get_session(found, owner=owner) is None:
            return None
        return found

    async def _seed(self, said: list[Turn], owner: str | None) -> str:
        now = self._clock()
        earlier = [ArchivedMessage(role=t.role, content=t.content, created_at=now) for t in said]
        session, _ = await self._import.execute(
            title=title_of(said),
            created_at=now,
            metadata=CLIENT_METADATA,
            messages=earlier[:-1],
            owner=owner,
        )
        return session.id

    async def _remember(self, started: ConversationRun, outcome: RunFinished) -> None:
        if outcome.status is RunStatus.SUCCEEDED:
            answered = [*started.turns, Turn(role=Role.ASSISTANT, content=outcome.content)]
            key = _key(answered, started.owner)
            await self._index.remember(started.run.session_id, key)


def _key(turns: Sequence[Turn], owner: str | None) -> str:
    """Two users who say the same things still hold two conversations."""
    key = conversation_key(turns)
    return key if owner is None else f"{owner}:{key}"
