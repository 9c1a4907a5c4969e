"""`serve` (the API; `--workers N`: see `workers`), `ui` (Streamlit) and `up` (both, what
`make run` uses)."""

import argparse
import importlib.util
import os
import sys
from pathlib import Path

import httpx

from movie_analyst.entrypoints.cli.common import CliError, Exit, local_url, settings_or_exit
from movie_analyst.entrypoints.cli.supervisor import STOP_GRACE_SECONDS, Child, Supervisor
from movie_analyst.entrypoints.cli.workers import THIS_CLI, inherited_socket, serve_workers
from movie_analyst.entrypoints.exposure import warn_if_exposed
from movie_analyst.entrypoints.logging import configure_logging

UI_PORT = 8501
API_READY_TIMEOUT = 120.0  # a cold first start imports llama-index without bytecode (~7 s)
UI_READY_TIMEOUT = 60.0


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    serve = sub.add_parser("serve", help="run the API (uvicorn) on HOST:PORT")
    serve.add_argument("--host", help="bind address (default: HOST setting)")
    serve.add_argument("--port", type=int, help="port (default: PORT setting)")
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="server processes (default 1); more need REDIS_URL and a PostgreSQL DATABASE_URL",
    )
    serve.add_argument("--fd", type=int, help=argparse.SUPPRESS)  # a --workers child's socket
    serve.set_defaults(handler=serve_command)

    ui = sub.add_parser("ui", help="run the Streamlit UI against a running API")
    _ui_arguments(ui)
    ui.add_argument(
        "--backend-url", help="the API the UI calls (default: BACKEND_URL or HOST:PORT)"
    )
    ui.set_defaults(handler=ui_command)

    up = sub.add_parser("up", help="run the API and, once it answers, the UI; Ctrl-C stops both")
    up.add_argument("--host", help="API bind address (default: HOST setting)")
    up.add_argument("--port", type=int, help="API port (default: PORT setting)")
    _ui_arguments(up)
    up.set_defaults(handler=up_command)


def _ui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ui-host", default="127.0.0.1", help="UI bind address")
    parser.add_argument("--ui-port", type=int, default=UI_PORT, help="UI port (default: 8501)")
    parser.add_argument(
        "--app", type=Path, help="Streamlit script (default: the UI package's app.py)"
    )


def serve_command(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    host, port = args.host or settings.host, args.port or settings.port
    configure_logging(settings.log_level, settings.log_format)
    if args.fd is None:  # a `--workers` child: its parent, which bound the socket, warned
        warn_if_exposed(settings, host, port)
    if args.workers > 1:
        return serve_workers(settings, host, port, args.workers)
    # imported here so `--help` and the HTTP commands stay fast
    from movie_analyst.entrypoints.container import Container
    from movie_analyst.entrypoints.http.server import build_server

    server = build_server(Container(settings=settings), host, port)
    server.run(sockets=None if args.fd is None else [inherited_socket(args.fd)])
    return int(Exit.OK if server.started else Exit.FAILURE)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def ui_command(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    backend = (
        args.backend_url or os.environ.get("BACKEND_URL") or local_url(settings.host, settings.port)
    )
    child = Child("ui", _streamlit_argv(args), env=_ui_env(backend))
    return Supervisor().run([(child, None, 0.0)])


def up_command(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    host, port = args.host or settings.host, args.port or settings.port
    api_url = local_url(host, port)
    api = Child("api", [*THIS_CLI, "serve", "--host", host, "--port", str(port)])
    ui = Child("ui", _streamlit_argv(args), env=_ui_env(api_url))
    ui_url = f"http://{args.ui_host}:{args.ui_port}"
    print(
        f"movie-analyst: starting the API on {api_url} and then the UI on {ui_url}",
        file=sys.stderr,
        flush=True,
    )
    # The API may take its whole grace to stop; the supervisor waits for that, and more.
    return Supervisor(grace=settings.shutdown_grace_seconds + STOP_GRACE_SECONDS).run(
        [
            (api, lambda: answers(f"{api_url}/health"), API_READY_TIMEOUT),
            (ui, lambda: answers(f"{ui_url}/_stcore/health"), UI_READY_TIMEOUT),
        ]
    )


def answers(url: str) -> bool:
    """True once anything answers HTTP at `url` (a 503 still means the server is up)."""
    try:
        httpx.get(url, timeout=1.0)
    except httpx.HTTPError:
        return False
    return True


def _streamlit_argv(args: argparse.Namespace) -> list[str]:
    app = args.app or default_ui_script()
    if not app.is_file():
        raise CliError(f"no Streamlit script at {app} (use --app PATH)", Exit.USAGE)
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless=true",
        f"--server.address={args.ui_host}",
        f"--server.port={args.ui_port}",
        "--browser.gatherUsageStats=false",
    ]


def default_ui_script() -> Path:
    """The installed UI package's app.py, found without importing it (the server never does)."""
    spec = importlib.util.find_spec("movie_analyst_ui")
    if spec is None or spec.origin is None:
        return Path("src/movie_analyst_ui/app.py")
    return Path(spec.origin).with_name("app.py")


def _ui_env(backend_url: str) -> dict[str, str]:
    return {**os.environ, "BACKEND_URL": backend_url}
