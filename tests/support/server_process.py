"""`movie-analyst serve` as a real process on 127.0.0.1, against a fake LLM server."""

import json
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.cli import CLI, closed_port, http_ok, offline_env, wait_until

START_TIMEOUT = 180.0  # the first run imports the offline catalog (~15 s on 2 busy cores)


@dataclass
class ServerProcess:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def log_records(self) -> list[dict[str, object]]:
        lines = self.log_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def errors(self) -> list[str]:
        """ERROR lines and tracebacks in the log."""
        records = self.log_records()
        bad = [str(r["msg"]) for r in records if r.get("level") in ("ERROR", "CRITICAL")]
        bad += [str(r["exc"]) for r in records if "exc" in r]
        return bad + [line for line in self.log_text().splitlines() if "Traceback" in line]


@contextmanager
def serve_process(directory: Path, llm_url: str, **env: str) -> Iterator[ServerProcess]:
    """The server on its own port with the OpenAI-compatible provider at `llm_url`; its
    database in `directory` unless `env` names another. Stopped with SIGTERM if still up."""
    port = closed_port()
    log = directory / f"server-{port}.log"
    settings = {"LLM_PROVIDER": "openai", "OPENAI_BASE_URL": llm_url, "HTTP_RETRIES": "0", **env}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port)],
            env={**offline_env(directory), **settings},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    served = ServerProcess(url, log, process)
    try:
        started = wait_until(
            lambda: http_ok(f"{url}/ready") or process.poll() is not None, START_TIMEOUT
        )
        assert started and process.poll() is None, served.log_text()[-3000:]
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
