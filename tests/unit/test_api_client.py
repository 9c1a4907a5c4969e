"""ApiClient: httpx's client with the short send path for plain API calls."""

import httpx
import pytest

from movie_analyst.adapters.api_client import ApiClient


class Streamed(httpx.AsyncByteStream):
    def __init__(self, *chunks: bytes, fail: bool = False) -> None:
        self.chunks, self.fail, self.closed = chunks, fail, False

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for chunk in self.chunks:
            yield chunk
        if self.fail:
            raise httpx.ReadError("the peer went away")

    async def aclose(self) -> None:
        self.closed = True


def answering(body: httpx.AsyncByteStream, seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        headers = {"Set-Cookie": "track=1; Path=/", "Content-Type": "application/json"}
        return httpx.Response(200, headers=headers, stream=body)

    return httpx.MockTransport(handler)


async def test_a_plain_call_is_read_whole_and_keeps_no_cookie() -> None:
    seen: list[httpx.Request] = []
    body = Streamed(b'{"ok"', b": true}")
    async with ApiClient(transport=answering(body, seen), timeout=5) as client:
        response = await client.post("http://api.test/v1/x", content=b"{}")
        again = await client.get("http://api.test/v1/y")
    assert response.json() == {"ok": True}
    assert response.request is seen[0]
    assert seen[0].extensions["timeout"]["read"] == 5  # the client's timeout still applies
    assert body.closed
    assert not client.cookies and "cookie" not in again.request.headers


async def test_a_streamed_call_comes_back_open_and_unread() -> None:
    seen: list[httpx.Request] = []
    body = Streamed(b"data: 1\n\n", b"data: 2\n\n")
    async with ApiClient(transport=answering(body, seen), timeout=5) as client:
        request = client.build_request("POST", "http://api.test/v1/stream")
        response = await client.send(request, stream=True)
        assert not body.closed
        assert [chunk async for chunk in response.aiter_bytes()] == [b"data: 1\n\n", b"data: 2\n\n"]
        await response.aclose()
    assert body.closed


async def test_a_body_that_breaks_while_read_closes_the_response() -> None:
    body = Streamed(b"{", fail=True)
    async with ApiClient(transport=answering(body, []), timeout=5) as client:
        with pytest.raises(httpx.ReadError):
            await client.get("http://api.test/v1/x")
    assert body.closed


async def test_redirects_and_auth_still_take_httpx_full_path() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "/new"})
        return httpx.Response(200, json={"auth": request.headers.get("authorization")})

    transport = httpx.MockTransport(handler)
    async with ApiClient(transport=transport, follow_redirects=True) as client:
        followed = await client.get("http://api.test/old")
    assert followed.url.path == "/new"
    async with ApiClient(transport=transport) as client:
        authed = await client.get("http://api.test/x", auth=("me", "secret"))
        unfollowed = await client.get("http://api.test/old")
    assert authed.json()["auth"].startswith("Basic ")
    assert unfollowed.status_code == 301


async def test_a_closed_client_refuses_to_send() -> None:
    client = ApiClient(transport=answering(Streamed(b"{}"), []))
    await client.aclose()
    with pytest.raises(RuntimeError):
        await client.get("http://api.test/x")
