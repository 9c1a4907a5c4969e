"""httpx's client for the JSON APIs we call, with a short send path.

`httpx.AsyncClient.send` takes every request through its auth flow, its redirect loop, its
event hooks and its cookie jar (a `urllib` request and `http.cookiejar` for every response),
none of which an API call configured without them uses. Measured in the server (yappi, CPU
clock, one-tool chats): that machinery was over a third of the cost of an LLM call on our
side. `ApiClient.send` hands such a request straight to the transport; a client or call that
does configure one of them (TVMaze follows redirects) gets httpx's full path.
"""

from typing import Any

import httpx

_DEFAULT = httpx.USE_CLIENT_DEFAULT


class ApiClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` given its transport; cookies from responses are not kept."""

    def __init__(self, *, transport: httpx.AsyncBaseTransport, **options: Any) -> None:
        super().__init__(transport=transport, **options)
        self._direct = transport

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = _DEFAULT,  # httpx's own types for these are private
        follow_redirects: Any = _DEFAULT,
    ) -> httpx.Response:
        if (
            auth is not _DEFAULT
            or follow_redirects is not _DEFAULT
            or self.follow_redirects
            or self.auth is not None
            or any(self.event_hooks.values())
            or self.is_closed
        ):
            return await super().send(
                request, stream=stream, auth=auth, follow_redirects=follow_redirects
            )
        response = await self._direct.handle_async_request(request)
        response.request = request
        if not stream:
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        return response
