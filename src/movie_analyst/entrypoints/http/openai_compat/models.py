"""Model ids of the facade: `movie-analyst` (the gateway's default model) and
`movie-analyst:<model>` for each model the gateway offers."""

from typing import Any

from movie_analyst.application.use_cases.models.list_models import ModelChoices
from movie_analyst.entrypoints.http.openai_compat.errors import UnknownModel

AGENT_MODEL = "movie-analyst"
_PREFIX = f"{AGENT_MODEL}:"


def model_list(choices: ModelChoices) -> dict[str, Any]:
    ids = [AGENT_MODEL, *(_PREFIX + model.id for model in choices.models)]
    owned = [{"id": i, "object": "model", "created": 0, "owned_by": AGENT_MODEL} for i in ids]
    return {"object": "list", "data": owned}


def gateway_model(requested: str, choices: ModelChoices) -> str | None:
    """The gateway model a facade id names (None: the default). Raises `UnknownModel`."""
    if requested == AGENT_MODEL:
        return None
    name = requested.removeprefix(_PREFIX)
    if name != requested and any(model.id == name for model in choices.models):
        return name
    raise UnknownModel(requested)
