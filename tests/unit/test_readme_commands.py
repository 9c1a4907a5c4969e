"""The README tells the truth: its commands parse or run, its tables match the code."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import msgspec
import pytest

import bench.__main__ as bench_runner
from movie_analyst.entrypoints.cli import build_parser
from movie_analyst.entrypoints.settings import Settings

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text()
ROUTE = re.compile(r"`(GET|POST|PATCH|DELETE) (/[^`\s]*)`")


def _commands() -> list[list[str]]:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    return [argv for line in lines if (argv := shlex.split(line, comments=True))]


def _app_routes(tmp_path: Path) -> set[tuple[str, str]]:
    from movie_analyst.entrypoints.container import Container
    from movie_analyst.entrypoints.http.app import create_app

    # AUTH_MODE=users: the mode with every route (the admin routes need users to exist).
    settings = Settings(
        database_path=str(tmp_path / "x.db"), auth_mode="users", auth_secret="s" * 32
    )
    app = create_app(Container(settings=settings))
    return {
        (method, _normal(route.path))
        for route in app.routes
        for method in getattr(route, "methods", ())
        if method not in ("HEAD", "OPTIONS") and not route.path.startswith("/schema")
    }


def _normal(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_the_readme_has_commands() -> None:
    programs = {argv[0] for argv in _commands()}
    assert {"make", "movie-analyst", "docker", "curl"} <= programs


@pytest.mark.parametrize("argv", _commands(), ids=lambda argv: " ".join(argv)[:60])
def test_every_command_is_checked(argv: list[str], tmp_path: Path) -> None:
    program = Path(argv[0]).name
    if program == "movie-analyst":
        build_parser().parse_args(argv[1:])  # a usage error raises SystemExit(2)
    elif program == "make":
        _check_make(argv[1:])
    elif program == "python" and argv[1:3] == ["-m", "bench"]:
        assert set(argv[3:]) <= set(bench_runner.available())
    elif program == "docker":
        compose, profiles = argv[1:], []
        while compose[1:2] == ["--profile"]:
            profiles.append(compose[2])
            compose = compose[:1] + compose[3:]
        assert compose[:2] == ["compose", "up"] and (REPO / "docker-compose.yml").is_file()
        assert set(profiles) <= {"scale"}  # the profiles docker-compose.yml defines
        # the file itself is validated by tests/unit/test_docker_files.py and test_compose_scale
    elif program == "curl":
        path = "/" + argv[-1].split("://", 1)[1].split("/", 1)[1]
        assert ("GET", _normal(path)) in _app_routes(tmp_path)
    else:
        pytest.fail(f"no check for README command {argv}: add one here")


def _check_make(targets: list[str]) -> None:
    makefile = (REPO / "Makefile").read_text()
    for target in targets:
        assert re.search(rf"^{target}:", makefile, re.M), target
    if shutil.which("make") is None:
        pytest.skip("make is not installed; targets were found in the Makefile")
    done = subprocess.run(
        ["make", "-n", *targets], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_the_configuration_table_lists_every_setting_with_its_default() -> None:
    defaults = msgspec.to_builtins(Settings())
    for name, value in defaults.items():
        if isinstance(value, list | tuple):
            value = ",".join(value)
        shown = "*(unset)*" if value in (None, "") else f"`{value}`"
        assert f"| `{name.upper()}` | {shown} |" in README, name


def test_the_api_table_matches_the_routes(tmp_path: Path) -> None:
    documented = {(method, _normal(path)) for method, path in ROUTE.findall(README)}
    served = _app_routes(tmp_path)
    assert documented - served == set(), "documented but not served"
    assert {r for r in served if r[1].startswith("/api/v1")} - documented == set(), "undocumented"


def test_the_screenshot_and_example_files_are_referenced() -> None:
    assert "docs/screenshot.png" in README
    pictures = set(re.findall(r"docs/[\w-]+\.png", README))
    assert {"docs/ui-phone.png", "docs/ui-phone-light.png", "docs/ui-light.png"} <= pictures
    assert all((REPO / picture).is_file() for picture in pictures), pictures
    assert {f"docs/{p.name}" for p in (REPO / "docs").glob("*.png")} == pictures  # none stale
    assert "cp .env.example .env" in README and (REPO / ".env.example").is_file()
