"""ListModels: default always offered, brief caching, fallback when the upstream fails."""

import asyncio

from movie_analyst.application.errors import UpstreamError, UpstreamUnavailable
from movie_analyst.application.use_cases.models.list_models import ListModels
from movie_analyst.domain.llm import ModelInfo
from tests.fakes.llm_gateway import ScriptedLLMGateway


class ListingGateway(ScriptedLLMGateway):
    """The scripted gateway with a scriptable model list (a list, or an error to raise)."""

    def __init__(self, *listings: list[ModelInfo] | UpstreamError) -> None:
        super().__init__(default_model="house-model")
        self.listings = list(listings)
        self.calls = 0

    async def list_models(self) -> list[ModelInfo]:
        self.calls += 1
        await asyncio.sleep(0)
        listing = self.listings.pop(0)
        if isinstance(listing, UpstreamError):
            raise listing
        return listing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def model(model_id: str) -> ModelInfo:
    return ModelInfo(id=model_id, name=model_id.title(), provider="scripted")


async def test_the_default_is_added_when_the_upstream_omits_it() -> None:
    gateway = ListingGateway([model("a"), model("b")])

    choices = await ListModels(gateway=gateway).execute()

    assert choices.default == "house-model"
    assert [m.id for m in choices.models] == ["house-model", "a", "b"]


async def test_the_list_is_cached_for_the_ttl_and_callers_share_one_fetch() -> None:
    clock = Clock()
    gateway = ListingGateway([model("house-model")], [model("house-model"), model("new")])
    use_case = ListModels(gateway=gateway, ttl=60, clock=clock)

    first, second = await asyncio.gather(use_case.execute(), use_case.execute())
    assert first == second and gateway.calls == 1

    clock.now += 61
    assert [m.id for m in (await use_case.execute()).models] == ["house-model", "new"]
    assert gateway.calls == 2


async def test_an_upstream_failure_falls_back_to_the_default_briefly() -> None:
    clock = Clock()
    failure = UpstreamUnavailable("down", upstream="fake")
    gateway = ListingGateway(failure, [model("house-model"), model("x")])
    use_case = ListModels(gateway=gateway, ttl=60, failure_ttl=5, clock=clock)

    choices = await use_case.execute()
    assert [(m.id, m.provider) for m in choices.models] == [("house-model", "scripted")]

    clock.now += 6
    assert [m.id for m in (await use_case.execute()).models] == ["house-model", "x"]
