"""Routes: GET /api/v1/models -> {default, models: [{id, name, provider}]} for the UI's picker.

Never fails because the upstream's model list does: `ListModels` falls back to the default.
"""

import msgspec
from litestar import Router, get

from movie_analyst.application.use_cases.models.list_models import ListModels
from movie_analyst.entrypoints.container import Container
from movie_analyst.entrypoints.http.provide import provide


class ModelOut(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    provider: str


class ModelsOut(msgspec.Struct, frozen=True, kw_only=True):
    default: str
    models: list[ModelOut]


@get("/models")
async def list_models(list_all_models: ListModels) -> ModelsOut:
    choices = await list_all_models.execute()
    return ModelsOut(
        default=choices.default,
        models=[ModelOut(id=m.id, name=m.name, provider=m.provider) for m in choices.models],
    )


def build(container: Container) -> Router:
    return Router(
        path="/api/v1",
        tags=["models"],
        route_handlers=[list_models],
        dependencies={
            "list_all_models": provide(container.use_cases.list_models),
        },
    )
