"""`movie-analyst serve` as a real child process on 127.0.0.1, for signal and socket tests."""

import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.cli import CLI, offline_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RealServer:
    process: "subprocess.Popen[bytes]"
    base_url: str
    port: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 60) -> int:
        """Send `sig` and wait for the exit code (kill -9 after `timeout`)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
                raise
        return int(self.process.returncode)


@contextmanager
def real_server(directory: Path, env: Mapping[str, str] | None = None) -> Iterator[RealServer]:
    """The API on the offline defaults, its database and log in `directory`; stopped after."""
    port = free_port()
    log_path = directory / f"server-{port}.log"
    command = [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=directory, env=offline_env(directory, **(env or {})),
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = RealServer(process, f"http://127.0.0.1:{port}", port, log_path)
    try:
        _wait_until_up(server)
        yield server
    finally:
        if process.poll() is None:
            server.stop(signal.SIGKILL)


def _wait_until_up(server: RealServer, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"the server exited during startup:\n{server.log()[-3000:]}")
        try:
            httpx.get(f"{server.base_url}/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start within {seconds:g} s")
