"""The process supervisor behind `up` and `ui`, with small Python children."""

import sys
import threading
import time

from movie_analyst.entrypoints.cli.supervisor import Child, Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
STUBBORN = [
    sys.executable,
    "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)",
]


def _stop_later(supervisor: Supervisor, seconds: float) -> None:
    timer = threading.Timer(seconds, lambda: setattr(supervisor, "stop_requested", True))
    timer.start()


def test_a_child_that_dies_stops_the_others_and_fails() -> None:
    sleeper = Child("api", SLEEPER)
    crasher = Child("ui", [sys.executable, "-c", "raise SystemExit(4)"])
    started = time.monotonic()
    code = Supervisor().run([(sleeper, None, 0), (crasher, None, 0)])
    assert code == 1
    assert sleeper.exited() is not None  # terminated, not left behind
    assert crasher.exited() == 4
    assert time.monotonic() - started < 15


def test_a_stop_request_stops_every_child_and_succeeds() -> None:
    supervisor = Supervisor()
    first, second = Child("api", SLEEPER), Child("ui", SLEEPER)
    _stop_later(supervisor, 0.5)
    assert supervisor.run([(first, None, 0), (second, None, 0)]) == 0
    assert first.exited() is not None and second.exited() is not None


def test_the_next_child_waits_for_the_previous_one_to_be_ready() -> None:
    checks: list[float] = []

    def ready() -> bool:
        checks.append(time.monotonic())
        return len(checks) >= 3

    supervisor = Supervisor()
    first, second = Child("api", SLEEPER), Child("ui", SLEEPER)
    _stop_later(supervisor, 1.5)
    assert supervisor.run([(first, ready, 10), (second, None, 0)]) == 0
    assert len(checks) == 3
    assert second.process is not None


def test_a_child_that_never_gets_ready_fails_and_the_next_never_starts() -> None:
    first, second = Child("api", SLEEPER), Child("ui", SLEEPER)
    assert Supervisor().run([(first, lambda: False, 0.5), (second, None, 0)]) == 1
    assert first.exited() is not None
    assert second.process is None


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period() -> None:
    supervisor = Supervisor(grace=0.5)
    stubborn = Child("api", STUBBORN)
    _stop_later(supervisor, 0.5)
    started = time.monotonic()
    assert supervisor.run([(stubborn, None, 0)]) == 0
    assert stubborn.exited() is not None
    assert time.monotonic() - started < 10
