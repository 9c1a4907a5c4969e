"""Run child processes (the API, the UI) together and stop them together.

Children start in their own session, so a terminal Ctrl-C reaches only us and each child gets
exactly one SIGTERM from us (uvicorn treats a second signal as "force exit, skip cleanup").
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

POLL_SECONDS = 0.2
STOP_GRACE_SECONDS = 10.0


class Child:
    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: dict[str, str] | None = None,
        pass_fds: Sequence[int] = (),
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = env
        self.pass_fds = tuple(pass_fds)  # e.g. the listening socket `serve --workers` shares
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.argv, env=self.env, start_new_session=True, pass_fds=self.pass_fds
        )

    def exited(self) -> int | None:
        """The exit code once the child has ended, else None."""
        return None if self.process is None else self.process.poll()

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait_or_kill(self, deadline: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Supervisor:
    """Start children in order, each after its readiness check; stop all when one ends.

    `run()` returns 0 when a signal (SIGINT/SIGTERM) asked us to stop, 1 when a child ended
    on its own or never became ready.
    """

    def __init__(self, *, grace: float = STOP_GRACE_SECONDS) -> None:
        self.children: list[Child] = []
        self.stop_requested = False
        self.grace = grace

    def run(self, plan: Sequence[tuple[Child, Callable[[], bool] | None, float]]) -> int:
        """`plan`: (child, ready check or None, seconds to wait for it), started in order."""
        previous = self._install_signal_handlers()
        try:
            return self._run(plan)
        finally:
            self.stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _run(self, plan: Sequence[tuple[Child, Callable[[], bool] | None, float]]) -> int:
        for child, ready, timeout in plan:
            self.children.append(child)
            child.start()
            if ready is not None and not self._wait_ready(child, ready, timeout):
                return 0 if self.stop_requested else 1
        while not self.stop_requested:
            for child in self.children:
                code = child.exited()
                if code is not None:
                    _say(f"{child.name} exited with code {code}; stopping the others")
                    return 1
            time.sleep(POLL_SECONDS)
        return 0

    def _wait_ready(self, child: Child, ready: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.stop_requested and time.monotonic() < deadline:
            if child.exited() is not None:
                _say(f"{child.name} exited with code {child.exited()} before it was ready")
                return False
            if ready():
                _say(f"{child.name} is ready")
                return True
            time.sleep(POLL_SECONDS)
        if not self.stop_requested:
            _say(f"{child.name} was not ready after {timeout:.0f} s")
        return False

    def stop_all(self) -> None:
        for child in reversed(self.children):
            child.terminate()
        deadline = time.monotonic() + self.grace
        for child in reversed(self.children):
            child.wait_or_kill(deadline)

    def _install_signal_handlers(self) -> dict[int, Any]:
        def request_stop(signum: int, _: FrameType | None) -> None:
            self.stop_requested = True

        previous: dict[int, Any] = {}
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, request_stop)
        return previous


def _say(message: str) -> None:
    print(f"movie-analyst: {message}", file=sys.stderr, flush=True)
