"""Routes: GET /v1/models and POST /v1/chat/completions, OpenAI's API over our sessions.

Which session a request continues: the `X-Session-ID` header or `metadata.session_id` when
given, else the one holding the conversation so far (see `ContinueConversation`). `user` names
a person, not a conversation, so it picks nothing. Every answer says its session in
`X-Session-ID`. Left out of our OpenAPI document: OpenAI's own reference describes this API.
"""

from typing import Annotated, Any

from litestar import Response, Router, get, post
from litestar.params import Parameter
from litestar.response import Stream

from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
)
from movie_analyst.application.use_cases.models.list_models import ListModels
from movie_analyst.domain.user import User
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.openai_compat.bodies import (
    ChatCompletionBody,
    Completion,
    turns_of,
)
from movie_analyst.entrypoints.http.openai_compat.errors import EXCEPTION_HANDLERS
from movie_analyst.entrypoints.http.openai_compat.models import gateway_model, model_list
from movie_analyst.entrypoints.http.openai_compat.stream import completion_chunks
from movie_analyst.entrypoints.http.provide import provide

SESSION_HEADER = "X-Session-ID"
# Clients resend the whole conversation every turn: far more than our own API's bodies.
MAX_BODY_BYTES = 8 * 1024 * 1024
SessionHeader = Annotated[str | None, Parameter(header=SESSION_HEADER, required=False)]


@get("/models")
async def list_models(list_all_models: ListModels) -> dict[str, Any]:
    return model_list(await list_all_models.execute())


@post("/chat/completions", status_code=200, request_max_body_size=MAX_BODY_BYTES)
async def chat_completions(
    data: ChatCompletionBody,
    conversation: ContinueConversation,
    list_all_models: ListModels,
    user: User | None,
    session_header: SessionHeader = None,
) -> Response[Any] | Stream:
    model = gateway_model(data.model, await list_all_models.execute())
    session_id = session_header or (data.metadata or {}).get("session_id")
    turns = turns_of(data.messages)
    if data.stream:
        started = await conversation.start(turns, session_id=session_id, model=model, user=user)
        chunks = completion_chunks(
            conversation,
            started,
            Completion(started.run.id, data.model),
            include_usage=bool(data.stream_options and data.stream_options.include_usage),
        )
        headers = {"Cache-Control": "no-cache", SESSION_HEADER: started.run.session_id}
        return Stream(chunks, media_type="text/event-stream", headers=headers)
    started, done = await conversation.answer(turns, session_id=session_id, model=model, user=user)
    body = Completion(started.run.id, data.model).whole(done)
    return Response(body, headers={SESSION_HEADER: started.run.session_id})


def build(container: Container) -> Router:
    use_cases = container.use_cases
    return Router(
        path="/v1",
        tags=["openai"],
        route_handlers=[list_models, chat_completions],
        dependencies={
            "conversation": provide(use_cases.continue_conversation),
            "list_all_models": provide(use_cases.list_models),
        },
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        include_in_schema=False,
    )
