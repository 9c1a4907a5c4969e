"""The standard src layout: the installed package imports from anywhere, `src` never does."""

import subprocess
import sys
from pathlib import Path

import movie_analyst

REPO = Path(__file__).resolve().parents[2]


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # -I: no current directory or PYTHON* variables on sys.path, as from a fresh shell elsewhere.
    return subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_the_installed_package_imports_from_another_directory(tmp_path: Path) -> None:
    done = _python(
        "import movie_analyst, movie_analyst_ui; print(movie_analyst.__file__)", tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == REPO / "src" / "movie_analyst" / "__init__.py"


def test_src_is_not_importable_from_outside_the_repo(tmp_path: Path) -> None:
    # From the repo root itself `import src` would find the folder as a namespace package
    # (any directory does); what matters is that the install never maps `src` to a module.
    done = _python("import src", tmp_path)
    assert done.returncode != 0 and "No module named 'src'" in done.stderr
    assert not (REPO / "src" / "__init__.py").exists()


def test_the_folder_is_the_import_name() -> None:
    assert Path(movie_analyst.__file__).parent == REPO / "src" / "movie_analyst"
