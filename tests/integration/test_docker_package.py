"""The Dockerfile's `pip install .` step, checked offline: the wheel holds code, SQL and the CLI."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_wheel_the_image_installs_is_complete(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("movie_analyst-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    assert "movie-analyst = movie_analyst.entrypoints.cli:main" in scripts
    assert "movie_analyst/entrypoints/http/app.py" in names
    assert "movie_analyst/py.typed" in names
    assert any(n.startswith("movie_analyst/adapters/") and n.endswith(".sql") for n in names)
    assert {"movie_analyst_ui/app.py", "movie_analyst_ui/.streamlit/config.toml"} <= names
    assert not any(n.startswith(("src/", "tests/", "bench/")) for n in names)
