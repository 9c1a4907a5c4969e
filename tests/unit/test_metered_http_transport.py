import httpx
import pytest

from movie_analyst.adapters.metered_http_transport import MeteredTransport
from tests.fakes.metrics import RecordingMetrics


def client_answering(handler: httpx.MockTransport, metrics: RecordingMetrics) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=MeteredTransport("tmdb", metrics, inner=handler))


@pytest.mark.parametrize(
    ("status", "ok"), [(200, True), (404, True), (401, True), (429, False), (503, False)]
)
async def test_each_request_is_counted_with_its_outcome(status: int, ok: bool) -> None:
    metrics = RecordingMetrics()
    answer = httpx.MockTransport(lambda _: httpx.Response(status))
    async with client_answering(answer, metrics) as client:
        await client.get("http://upstream.test/movie/1")
    assert metrics.upstream == [("tmdb", ok)]


async def test_a_transport_error_counts_as_a_failed_call_and_still_raises() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    metrics = RecordingMetrics()
    async with client_answering(httpx.MockTransport(refuse), metrics) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("http://upstream.test/movie/1")
    assert metrics.upstream == [("tmdb", False)]
