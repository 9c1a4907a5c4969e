"""The HTTP client the CLI uses against a running Movie Analyst API.

Connection failures become exit code 3 (server unreachable); HTTP errors become exit code 1
with the server's `detail` message.
"""

import argparse
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
from httpx_sse import connect_sse

from movie_analyst.entrypoints.cli.common import CliError, Exit, default_api_url, settings_or_exit

API = "/api/v1"


class ApiClient:
    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 30.0) -> None:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any status >= 400 raises `CliError`; pass `ok=(404,)` to accept some of them."""
        ok: tuple[int, ...] = kwargs.pop("ok", ())
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None
        if response.status_code >= 400 and response.status_code not in ok:
            raise CliError(f"{method} {path} failed: {describe(response)}")
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.request(method, path, **kwargs).json()

    def events(self, path: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """POST and yield each SSE `data:` object as it arrives (no read timeout on the stream)."""
        try:
            with connect_sse(
                self._http, "POST", path, json=body, timeout=httpx.Timeout(10.0, read=None)
            ) as source:
                if source.response.status_code >= 400:
                    source.response.read()
                    raise CliError(f"POST {path} failed: {describe(source.response)}")
                for event in source.iter_sse():
                    if event.data:
                        yield json.loads(event.data)
        except httpx.TransportError as exc:
            raise self._unreachable(exc) from None

    def _unreachable(self, exc: httpx.TransportError) -> CliError:
        reason = type(exc).__name__
        return CliError(f"cannot reach the API at {self.base_url} ({reason})", Exit.UNREACHABLE)


def describe(response: httpx.Response) -> str:
    """`404 session x not found` from our error bodies, else the status and a short text."""
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} {response.text[:200]}".strip()
    detail = body.get("detail") if isinstance(body, dict) else None
    return f"{response.status_code} {detail or json.dumps(body)[:200]}"


def add_url_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", help="the API's base URL (default: MOVIE_ANALYST_URL, else http://HOST:PORT)"
    )
    parser.add_argument(
        "--api-key",
        help="your key for AUTH_MODE=users (default: MOVIE_ANALYST_API_KEY, else API_AUTH_TOKEN;"
        " the variable keeps it out of the process list)",
    )


def client_from_args(args: argparse.Namespace) -> ApiClient:
    settings = settings_or_exit()
    url = args.url or os.environ.get("MOVIE_ANALYST_URL") or default_api_url(settings)
    key = args.api_key or os.environ.get("MOVIE_ANALYST_API_KEY") or settings.api_auth_token
    return ApiClient(url, token=key)
