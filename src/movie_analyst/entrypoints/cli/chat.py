"""`chat`: a terminal conversation with streaming output, against a server or in-process.

Answer text goes to stdout as it streams; tool steps and notices go to stderr, so
`movie-analyst chat -m "..." > answer.txt` captures only the answer.
"""

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from movie_analyst.entrypoints.cli.api_client import (
    API,
    ApiClient,
    add_url_argument,
    client_from_args,
)
from movie_analyst.entrypoints.cli.common import CliError, Exit
from movie_analyst.entrypoints.cli.inprocess import in_process_server

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    chat = sub.add_parser("chat", help="chat with the agent in the terminal (streaming)")
    add_url_argument(chat)
    chat.add_argument(
        "--in-process", action="store_true", help="start the API inside this process instead"
    )
    chat.add_argument("--session", help="continue this session id (default: a new session)")
    chat.add_argument("--model", help="model id (default: the server's default)")
    chat.add_argument(
        "-m", "--message", action="append", help="send this message and exit (repeatable)"
    )
    chat.set_defaults(handler=chat_command)


def chat_command(args: argparse.Namespace) -> int:
    with _client(args) as client:
        session_id = args.session or client.json("POST", f"{API}/session/new")["session_id"]
        print(f"session {session_id}", file=sys.stderr)
        messages = args.message or _prompts(sys.stdin)
        failed = False
        for message in messages:
            failed = not ask(client, session_id, message, model=args.model) or failed
    return int(Exit.FAILURE if failed else Exit.OK)


@contextmanager
def _client(args: argparse.Namespace) -> Iterator[ApiClient]:
    if not args.in_process:
        with client_from_args(args) as client:
            yield client
        return
    with in_process_server() as url, ApiClient(url) as client:
        yield client


def _prompts(stream: TextIO) -> Iterator[str]:
    interactive = stream.isatty()
    while True:
        if interactive:
            print("you> ", end="", file=sys.stderr, flush=True)
        line = stream.readline()
        if not line:
            return
        text = line.strip()
        if text in QUIT_WORDS:
            return
        if text:
            yield text


def ask(client: ApiClient, session_id: str, message: str, *, model: str | None) -> bool:
    """Stream one answer to stdout; False when the run ended in an error. Ctrl-C cancels it."""
    body: dict[str, Any] = {"session_id": session_id, "message": message, "stream": True}
    if model:
        body["model"] = model
    try:
        return _stream(client, body)
    except KeyboardInterrupt:
        # Ctrl-C stops the answer on the server too, not just its display here.
        client.request("POST", f"{API}/session/{session_id}/cancel", ok=(404, 409))
        print("\n(stopped)", file=sys.stderr)
        return True


def _stream(client: ApiClient, body: dict[str, Any]) -> bool:
    for event in client.events(f"{API}/chat", body):
        if "content" in event:
            print(event["content"], end="", flush=True)
        elif "step" in event:
            _show_step(event["step"])
        if event.get("done"):
            print(flush=True)
            if event.get("error"):
                print(f"error: {event['error']}", file=sys.stderr)
                return False
            return True
    raise CliError("the answer stream ended without a final event")


def _show_step(step: dict[str, Any]) -> None:
    kind = "→" if step.get("type") == "tool_call" else "←"
    print(f"  {kind} {step.get('tool', '?')}: {step.get('summary', '')}", file=sys.stderr)
