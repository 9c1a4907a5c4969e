"""GET-only access to TMDB v3: credentials, a concurrency cap, bounded retries, error mapping."""

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx
import msgspec

from movie_analyst.adapters.http_support import RetryPolicy, error_message, send_with_retries
from movie_analyst.application.errors import (
    LiveDataUnavailable,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamUnavailable,
)

Json = dict[str, Any]
Params = Mapping[str, str | int | float | bool | None]
UPSTREAM = "TMDB"


class TmdbClient:
    """One shared pooled `httpx.AsyncClient`; at most `max_concurrency` requests in flight.

    `get` returns the decoded JSON object, or None for 404 (an unknown id is an answer, not an
    error). 401/403 raise `UpstreamAuthError` naming TMDB_API_KEY; 400/422 raise
    `LiveDataUnavailable` with TMDB's reason (the tools pass it on to the model);
    429/5xx/transport failures are retried by `send_with_retries`, then raise `UpstreamError`s.
    """

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        policy: RetryPolicy,
        max_concurrency: int = 8,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._policy = policy
        self._gate = asyncio.Semaphore(max_concurrency)
        # A v4 read-access token is a JWT ("eyJ..."); it goes in a header, a v3 key in the query.
        self._bearer = api_key.startswith("eyJ")
        self._key = api_key

    async def get(self, path: str, params: Params | None = None) -> Json | None:
        query = {k: _text(v) for k, v in (params or {}).items() if v is not None}
        headers = {"Accept": "application/json"}
        if self._bearer:
            headers["Authorization"] = f"Bearer {self._key}"
        else:
            query["api_key"] = self._key
        url = self._base + path
        async with self._gate:
            response = await send_with_retries(
                self._http,
                lambda: self._http.build_request("GET", url, params=query, headers=headers),
                policy=self._policy,
                upstream=UPSTREAM,
            )
        return _read(response)


def _text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read(response: httpx.Response) -> Json | None:
    status = response.status_code
    if status == 404:
        return None
    if status in (401, 403):
        raise UpstreamAuthError(
            f"TMDB refused our credentials (HTTP {status}: {error_message(response)}); "
            "check TMDB_API_KEY",
            upstream=UPSTREAM,
        )
    if status in (400, 422):
        # The model's request was wrong (bad page, empty query): a sentence it can act on.
        raise LiveDataUnavailable(f"TMDB rejected the request: {_reason(response)}")
    if status != 200:
        raise UpstreamUnavailable(
            f"TMDB answered HTTP {status}: {error_message(response)}", upstream=UPSTREAM
        )
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError as exc:
        raise UpstreamBadResponse("TMDB sent a body that is not JSON", upstream=UPSTREAM) from exc
    if not isinstance(body, dict):
        raise UpstreamBadResponse("TMDB sent an unexpected JSON shape", upstream=UPSTREAM)
    return body


def _reason(response: httpx.Response) -> str:
    # 422 bodies use {"errors": [...]} instead of TMDB's usual status_message.
    try:
        body = msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
        return "; ".join(str(e) for e in body["errors"])
    return error_message(response)
