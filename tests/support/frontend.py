"""Helpers for the UI's AppTest tests: an in-memory backend behind httpx.MockTransport.

`FakeBackend` speaks the /api/v1 wire format the UI uses (sessions, messages, models, chat with
SSE, status, run events, cancel, feedback) and records every request, so tests drive the real
`ApiClient` and the real script with no server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from movie_analyst_ui.api_client import ApiClient
from tests.support.frontend_wire import (
    ARRIVAL,
    SICARIO,
    default_script,
    sse_response,
    stalled_response,
)

__all__ = ["APP_SCRIPT", "ARRIVAL", "BASE_URL", "SICARIO", "FakeBackend"]

APP_SCRIPT = Path(__file__).resolve().parents[2] / "src" / "movie_analyst_ui" / "app.py"

BASE_URL = "http://backend.test"


@dataclass
class FakeBackend:
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    script: list[dict[str, Any]] = field(default_factory=default_script)
    final_status: str = "succeeded"
    final_error: str | None = None
    catalog: str = "offline"
    attribution: str = ""  # empty: the health body carries none, as older servers did
    models: list[dict[str, str]] = field(
        default_factory=lambda: [
            {"id": "offline", "name": "Offline scripted", "provider": "offline"},
            {"id": "gpt-5", "name": "GPT-5", "provider": "concentrate"},
        ]
    )
    # session_id -> run_id of a run that stays "running" until cancelled
    running: dict[str, str] = field(default_factory=dict)
    # "METHOD /path" -> (status, body) served instead of the normal answer
    failures: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    down: bool = False
    # the next chat POST meets a run another tab just started (409), as in a real race
    busy_on_next_chat: str | None = None
    # seconds the chat stream stalls after its first event, to exercise the client timeout
    stall_seconds: float = 0.0
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    feedback: dict[int, str | None] = field(default_factory=dict)
    ended: dict[str, dict[str, Any]] = field(default_factory=dict)  # run_id -> GET /runs body
    _next_id: int = 0

    def client(self) -> ApiClient:
        return ApiClient(BASE_URL, transport=httpx.MockTransport(self.handle))

    def add_session(
        self,
        title: str | None = None,
        messages: list[tuple[str, str]] = (),
        updated_at: str = "2026-11-23T00:00:00Z",
    ) -> str:
        sid = f"s{len(self.sessions) + 1:04d}-0000-4000-8000-000000000000"
        self.sessions[sid] = {
            "session_id": sid,
            "title": title,
            "created_at": updated_at,
            "updated_at": updated_at,
        }
        self.messages[sid] = []
        for role, content in messages:
            self._store(sid, role, content)
        return sid

    def calls(self, method: str, prefix: str) -> list[Any]:
        return [body for m, path, body in self.requests if m == method and path.startswith(prefix)]

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        path = request.url.path
        body = json.loads(request.content) if request.content else None
        self.requests.append((request.method, path, body))
        failure = self.failures.get(f"{request.method} {path}")
        if failure is not None:
            return httpx.Response(failure[0], json=failure[1])
        return self._route(request.method, path.removeprefix("/api/v1"), body, request)

    def _route(self, method: str, path: str, body: Any, request: httpx.Request) -> httpx.Response:
        parts = path.strip("/").split("/")
        if path == "/health":
            catalog = {"name": self.catalog, "attribution": self.attribution}
            return _ok({"status": "ok", "components": {"catalog": catalog}})
        if path == "/models":
            return _ok({"default": self.models[0]["id"], "models": self.models})
        if path == "/sessions":
            return _ok({"sessions": [self._summary(s) for s in reversed(self.sessions.values())]})
        if path == "/search":
            return _ok({"query": request.url.params["q"], "results": self._search(request)})
        if path == "/sessions/import":
            sid = self.add_session(
                body["title"], [(m["role"], m["content"]) for m in body["messages"]]
            )
            return _ok({"session_id": sid, "imported": len(body["messages"])})
        if parts[0] == "session" and parts[-1] == "export" and parts[1] in self.sessions:
            return self._export(parts[1], request.url.params.get("format", "json"))
        if path == "/session/new":
            return _ok({"session_id": self.add_session()})
        if path == "/chat":
            return self._chat(body)
        if parts[0] == "messages" and parts[-1] == "feedback":
            self.feedback[int(parts[1])] = body["feedback"]
            return _ok({"ok": True})
        if parts[0] == "runs":
            return self._runs(method, parts, request)
        if parts[0] == "session" and parts[1] in self.sessions:
            return self._session(method, parts[1], parts[2:], body)
        return httpx.Response(
            404, json={"status_code": 404, "error": "not_found", "detail": "session not found"}
        )

    def _session(self, method: str, sid: str, rest: list[str], body: Any) -> httpx.Response:
        if not rest and method == "PATCH":
            self.sessions[sid]["title"] = body["title"]
            return _ok(self.sessions[sid])
        if not rest and method == "DELETE":
            del self.sessions[sid], self.messages[sid]
            return _ok({"status": "deleted", "session_id": sid})
        if rest == ["messages"]:
            return _ok({"session_id": sid, "messages": self.messages[sid]})
        if rest == ["status"]:
            run_id = self.running.get(sid)
            return _ok(
                {
                    "session_id": sid,
                    "pending": run_id is not None,
                    "task_count": int(run_id is not None),
                    "run_id": run_id,
                    "run_status": "running" if run_id else None,
                }
            )
        if rest == ["cancel"]:
            return _ok({"session_id": sid, "cancelled": self._cancel(sid)})
        return _ok(self.sessions[sid])

    def _runs(self, method: str, parts: list[str], request: httpx.Request) -> httpx.Response:
        run_id = parts[1]
        sid = next((s for s, r in self.running.items() if r == run_id), None)
        if parts[-1] == "cancel" and sid:
            return _ok({"run_id": run_id, "cancelled": self._cancel(sid)})
        if len(parts) == 2 and run_id in self.ended:
            return _ok(self.ended[run_id])
        if parts[-1] == "events" and sid:
            # A live run: replay what was written so far; the stream then drops (no `done`).
            after = int(request.headers.get("last-event-id") or 0)
            return sse_response(self.script[:3], sid, run_id, done=False, after=after)
        return httpx.Response(
            404,
            json={"status_code": 404, "error": "not_found", "detail": f"run {run_id} not found"},
        )

    def _chat(self, body: dict[str, Any]) -> httpx.Response:
        sid = body["session_id"]
        if self.busy_on_next_chat:
            self.running[sid], self.busy_on_next_chat = self.busy_on_next_chat, None
        if sid in self.running:
            return httpx.Response(
                409,
                json={
                    "status_code": 409,
                    "error": "session_busy",
                    "detail": "busy",
                    "run_id": self.running[sid],
                },
            )
        self._store(sid, "user", body["message"])
        run_id = f"run-{len(self.requests)}"
        answer = "".join(e["content"] for e in self.script if "content" in e)
        steps = [e["step"] for e in self.script if "step" in e]  # kept with it, as the API does
        failed = self.final_status == "failed"
        if failed:  # as the API stores it: the partial answer and a notice, marked stopped
            answer += f"\n\n(Sorry, I could not finish this answer: {self.final_error})"
        self._store(sid, "assistant", answer, run_id=run_id, steps=steps, stopped=failed)
        ended = {"run_id": run_id, "status": self.final_status, "error": self.final_error}
        self.ended[run_id] = ended
        if not body.get("stream"):
            return _ok(
                {
                    "content": answer,
                    "session_id": sid,
                    "run_id": run_id,
                    "status": self.final_status,
                }
            )
        response = sse_response(
            self.script, sid, run_id, status=self.final_status, error=self.final_error
        )
        if self.stall_seconds:
            return stalled_response(response.content, self.stall_seconds)
        return response

    def _cancel(self, sid: str) -> bool:
        run_id = self.running.pop(sid, None)
        if run_id is None:
            return False
        partial = "".join(e["content"] for e in self.script[:3] if "content" in e)
        self._store(sid, "assistant", partial, run_id=run_id, stopped=True)
        return True

    def _store(self, sid: str, role: str, content: str, **extra: Any) -> None:
        self._next_id += 1
        self.messages[sid].append(
            {
                "id": self._next_id,
                "role": role,
                "content": content,
                "created_at": "2026-11-23T00:00:00Z",
                "run_id": None,
                "stopped": False,
                "feedback": None,
                "steps": [],
                **extra,
            }
        )

    def _export(self, sid: str, fmt: str) -> httpx.Response:
        title, messages = self.sessions[sid]["title"], self.messages[sid]
        if fmt == "markdown":
            text = f"# {title}\n" + "".join(
                f"\n## {m['role']}\n\n{m['content']}\n" for m in messages
            )
            return httpx.Response(200, text=text, headers={"content-type": "text/markdown"})
        kept = [{"role": m["role"], "content": m["content"]} for m in messages]
        return _ok({"format_version": 1, "title": title, "messages": kept})

    def _search(self, request: httpx.Request) -> list[dict[str, Any]]:
        words = request.url.params["q"].lower()
        return [
            {
                "session_id": sid,
                "title": self.sessions[sid]["title"],
                "message_id": m["id"],
                "role": m["role"],
                "snippet": m["content"],
            }
            for sid, messages in self.messages.items()
            for m in messages
            if words in m["content"].lower()
        ]

    def _summary(self, session: dict[str, Any]) -> dict[str, Any]:
        return {**session, "message_count": len(self.messages[session["session_id"]])}


def _ok(body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json=body)
