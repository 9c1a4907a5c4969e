"""`sessions list|export|import|delete`, over HTTP against a running server."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from movie_analyst.entrypoints.cli.api_client import (
    API,
    ApiClient,
    add_url_argument,
    client_from_args,
)
from movie_analyst.entrypoints.cli.common import CliError, Exit

MISSING_ROUTE = (404, 405)


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    sessions = sub.add_parser("sessions", help="list, export, import or delete conversations")
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="newest-updated first")
    listing.add_argument("--json", action="store_true", help="print the API's JSON")
    listing.add_argument("--limit", type=int, default=50, help="page size (default 50)")
    listing.add_argument("--offset", type=int, default=0, help="skip this many (default 0)")
    listing.add_argument("--all", action="store_true", help="every conversation, page by page")
    listing.set_defaults(handler=list_command)

    export = actions.add_parser("export", help="write one conversation as JSON or Markdown")
    export.add_argument("session_id")
    export.add_argument("--format", choices=("json", "markdown"), default="json")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=export_command)

    imports = actions.add_parser("import", help="create a conversation from an exported JSON file")
    imports.add_argument("file", type=Path)
    imports.set_defaults(handler=import_command)

    delete = actions.add_parser("delete", help="delete a conversation and its messages")
    delete.add_argument("session_id")
    delete.set_defaults(handler=delete_command)

    for parser in (listing, export, imports, delete):
        add_url_argument(parser)


def list_command(args: argparse.Namespace) -> int:
    with client_from_args(args) as client:
        body = list_pages(client, args.limit, args.offset, every=args.all)
    if args.json:
        print(json.dumps(body, indent=2))
        return int(Exit.OK)
    for item in body.get("sessions", []):
        count, title = item.get("message_count", "?"), item.get("title", "")
        print(f"{item['session_id']}  {item.get('updated_at', '')}  {count:>4}  {title}")
    if isinstance(body.get("next_offset"), int):
        more = f"{body['total'] - body['next_offset']} more" if "total" in body else "more"
        print(f"({more}: --offset {body['next_offset']}, or --all)", file=sys.stderr)
    return int(Exit.OK)


def list_pages(client: ApiClient, limit: int, offset: int, *, every: bool) -> dict[str, Any]:
    """One page of `GET /sessions`; with `every`, the pages from `offset` on, merged into one."""
    params = {"limit": limit, "offset": offset}
    body: dict[str, Any] = client.json("GET", f"{API}/sessions", params=params)
    while every and isinstance(body.get("next_offset"), int) and body["next_offset"] > offset:
        offset = body["next_offset"]
        page = client.json("GET", f"{API}/sessions", params={"limit": limit, "offset": offset})
        body = {**page, "sessions": body["sessions"] + page.get("sessions", [])}
    return body


def export_command(args: argparse.Namespace) -> int:
    with client_from_args(args) as client:
        text = export_text(client, args.session_id, args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return int(Exit.OK)


def export_text(client: ApiClient, session_id: str, fmt: str) -> str:
    """The server's export route; on servers without it, built from the session and messages."""
    session = client.json("GET", f"{API}/session/{session_id}")
    response = client.request(
        "GET", f"{API}/session/{session_id}/export", params={"format": fmt}, ok=MISSING_ROUTE
    )
    if response.status_code not in MISSING_ROUTE:
        return response.text
    messages = client.json("GET", f"{API}/session/{session_id}/messages")["messages"]
    document = archive_document(session, messages)
    return json.dumps(document, indent=2) + "\n" if fmt == "json" else as_markdown(document)


def archive_document(session: dict[str, Any], messages: list[dict[str, Any]]) -> dict[str, Any]:
    """The server's export format (what `POST /sessions/import` accepts): messages without ids."""
    kept = ("role", "content", "created_at", "stopped", "feedback")
    return {
        "format_version": 1,
        "session_id": session["session_id"],
        "title": session.get("title") or "Imported chat",
        "created_at": session.get("created_at"),
        "metadata": session.get("metadata") or {},
        "messages": [{k: m[k] for k in kept if m.get(k) is not None} for m in messages],
    }


def as_markdown(document: dict[str, Any]) -> str:
    lines = [f"# {document.get('title') or document['session_id']}", ""]
    for message in document["messages"]:
        lines += [
            f"**{message['role']}** ({message.get('created_at', '')}):",
            "",
            message["content"],
            "",
        ]
    return "\n".join(lines)


def import_command(args: argparse.Namespace) -> int:
    try:
        document = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read {args.file}: {exc}", Exit.USAGE) from None
    with client_from_args(args) as client:
        response = client.request("POST", f"{API}/sessions/import", json=document, ok=MISSING_ROUTE)
    if response.status_code in MISSING_ROUTE:
        raise CliError("this server has no import route (POST /api/v1/sessions/import)")
    print(response.json().get("session_id", response.text))
    return int(Exit.OK)


def delete_command(args: argparse.Namespace) -> int:
    with client_from_args(args) as client:
        client.request("DELETE", f"{API}/session/{args.session_id}")
    print(f"deleted {args.session_id}", file=sys.stderr)
    return int(Exit.OK)
