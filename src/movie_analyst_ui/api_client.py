"""The UI's only door to the backend: every HTTP call lives here.

Each method returns plain JSON-shaped data (dicts and lists, exactly what the API sent) or raises
`ApiError`, whose `code` says what went wrong in terms the UI can explain to a person.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from httpx_sse import SSEError, connect_sse

from movie_analyst_ui.events import RunEvent, decode_event

JSON = dict[str, Any]
DEFAULT_BACKEND_URL = "http://127.0.0.1:8000"
API = "/api/v1"


class ApiError(Exception):
    """A failed call. `code`: the API's `error` field, or `unreachable`/`timeout`/`http_<n>`."""

    def __init__(
        self, code: str, detail: str, *, status: int | None = None, body: JSON | None = None
    ):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status
        self.body = body or {}


class ApiClient:
    """A thin synchronous client, as Streamlit scripts are synchronous; thread-safe like httpx."""

    def __init__(
        self,
        base_url: str = DEFAULT_BACKEND_URL,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.base_url = base_url.rstrip("/")
        self._timeout, self._transport = timeout, transport
        self._http = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=timeout, transport=transport
        )

    def with_key(self, key: str | None) -> ApiClient:
        """The same server with another bearer key (a user's API key; None: none)."""
        return ApiClient(self.base_url, token=key, timeout=self._timeout, transport=self._transport)

    @classmethod
    def from_env(cls) -> ApiClient:
        return cls(
            os.environ.get("BACKEND_URL") or DEFAULT_BACKEND_URL,
            token=os.environ.get("API_AUTH_TOKEN") or None,
        )

    def health(self) -> JSON:
        return self._json("GET", "/health")

    def me(self) -> JSON:
        """{auth_mode, user: {id, name, is_admin} | None, limits}: who this key signs in as."""
        return self._json("GET", f"{API}/me")

    def models(self) -> JSON:
        return self._json("GET", f"{API}/models")

    def sessions(self, *, page_size: int = 100, at_most: int = 1000) -> list[JSON]:
        """Newest first, fetched page by page (the API's `next_offset`), at most `at_most`."""
        found: list[JSON] = []
        offset = 0
        while len(found) < at_most:
            params = {"limit": page_size, "offset": offset}
            body = self._json("GET", f"{API}/sessions", params=params)
            found += body.get("sessions", [])
            following = body.get("next_offset")
            if not isinstance(following, int) or following <= offset:
                break  # the last page (or a server that does not page)
            offset = following
        return found[:at_most]

    def new_session(self) -> str:
        return str(self._json("POST", f"{API}/session/new")["session_id"])

    def rename_session(self, session_id: str, title: str) -> JSON:
        return self._json("PATCH", f"{API}/session/{session_id}", json={"title": title})

    def delete_session(self, session_id: str) -> None:
        self._json("DELETE", f"{API}/session/{session_id}")

    def messages(self, session_id: str) -> list[JSON]:
        return list(self._json("GET", f"{API}/session/{session_id}/messages").get("messages", []))

    def search(self, query: str, *, limit: int = 20) -> list[JSON]:
        """Messages and titles matching `query`: [{session_id, title, message_id, snippet}]."""
        body = self._json("GET", f"{API}/search", params={"q": query, "limit": limit})
        return list(body.get("results", []))

    def export_session(self, session_id: str, fmt: str = "json") -> bytes:
        """The chat as the API archives it (`json`, importable) or as `markdown` to read."""
        with _translated():
            response = self._http.get(f"{API}/session/{session_id}/export", params={"format": fmt})
        _raise_for_status(response)
        return response.content

    def import_session(self, archive: JSON) -> JSON:
        """A chat from an export (a new session id); {session_id, imported}."""
        return self._json("POST", f"{API}/sessions/import", json=archive)

    def send_feedback(self, message_id: int, feedback: str | None) -> None:
        self._json("POST", f"{API}/messages/{message_id}/feedback", json={"feedback": feedback})

    def status(self, session_id: str) -> JSON:
        return self._json("GET", f"{API}/session/{session_id}/status")

    def cancel_session(self, session_id: str) -> JSON:
        return self._json("POST", f"{API}/session/{session_id}/cancel")

    def run(self, run_id: str) -> JSON:
        """{run_id, status, error, ...}: how a run ended (`failed`, `cancelled`, ...)."""
        return self._json("GET", f"{API}/runs/{run_id}")

    def cancel_run(self, run_id: str) -> JSON:
        return self._json("POST", f"{API}/runs/{run_id}/cancel")

    def chat(self, session_id: str, message: str, model: str | None, *, timeout: float) -> JSON:
        """Waits for the whole answer: {content, session_id, run_id, status}."""
        body = _chat_body(session_id, message, model, stream=False)
        return self._json("POST", f"{API}/chat", json=body, timeout=timeout)

    def stream_chat(self, session_id: str, message: str, model: str | None) -> Iterator[RunEvent]:
        """Starts a run and yields its events as they arrive; raises ApiError before the first."""
        body = _chat_body(session_id, message, model, stream=True)
        return self._events("POST", f"{API}/chat", json=body)

    def join_run(self, run_id: str, last_event_id: str | None = None) -> Iterator[RunEvent]:
        """Replays a run's events from the start (or after `last_event_id`), then follows live."""
        headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
        return self._events("GET", f"{API}/runs/{run_id}/events", headers=headers)

    def close(self) -> None:
        self._http.close()

    def _json(self, method: str, path: str, **kwargs: Any) -> JSON:
        with _translated():
            response = self._http.request(method, path, **kwargs)
        _raise_for_status(response)
        if not response.content:
            return {}
        data = response.json()
        return data if isinstance(data, dict) else {"items": data}

    def _events(self, method: str, path: str, **kwargs: Any) -> Iterator[RunEvent]:
        # A long read timeout: the server sends a keepalive comment every 15 s.
        timeout = httpx.Timeout(10.0, read=45.0)
        with _translated(), connect_sse(self._http, method, path, timeout=timeout, **kwargs) as src:
            if src.response.status_code >= 400:
                src.response.read()
                _raise_for_status(src.response)
            try:
                for sse in src.iter_sse():
                    event = decode_event(sse.id, sse.data)
                    if event is not None:
                        yield event
            except SSEError as exc:
                raise ApiError("bad_stream", str(exc)) from exc


def _chat_body(session_id: str, message: str, model: str | None, *, stream: bool) -> JSON:
    body: JSON = {"session_id": session_id, "message": message, "stream": stream}
    if model:
        body["model"] = model
    return body


@contextmanager
def _translated() -> Iterator[None]:
    """Turns transport failures into ApiError so callers handle one exception type."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise ApiError("timeout", "the server did not answer in time") from exc
    except httpx.TransportError as exc:
        raise ApiError("unreachable", str(exc) or type(exc).__name__) from exc


def _raise_for_status(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("error") or f"http_{response.status_code}")
    detail = str(body.get("detail") or response.reason_phrase or "request failed")
    raise ApiError(code, detail, status=response.status_code, body=body)
