"""`db migrate|check|backup` and `catalog stats` on real SQLite files in a temp directory."""

import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import isolate_settings, run_cli


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_settings(monkeypatch, tmp_path)


def test_migrate_creates_a_database_that_checks_ok(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "nested" / "chat.db"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    migrated = run_cli(capsys, ["db", "migrate"])
    assert migrated.code == 0, migrated.err
    assert "schema version" in migrated.out
    checked = run_cli(capsys, ["db", "check"])
    assert checked.code == 0 and checked.out.strip().endswith(")")
    assert "ok" in checked.out
    assert run_cli(capsys, ["db", "migrate"]).code == 0  # idempotent


def test_check_of_a_missing_database_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcome = run_cli(capsys, ["db", "check", "--database", str(tmp_path / "none.db")])
    assert outcome.code == 1
    assert "db migrate" in outcome.err


def test_check_reports_dangling_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        connection.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, p REFERENCES parent(id))")
        connection.execute("INSERT INTO child VALUES (1, 99)")  # foreign keys are off here
    outcome = run_cli(capsys, ["db", "check", "--database", str(path)])
    assert outcome.code == 1
    assert "child row 1 points at a missing parent" in outcome.err


def test_check_reports_a_corrupt_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database" * 100)
    outcome = run_cli(capsys, ["db", "check", "--database", str(path)])
    assert outcome.code == 1
    assert "not a database" in outcome.err
    assert (
        run_cli(capsys, ["db", "backup", str(tmp_path / "b.db"), "--database", str(path)]).code == 1
    )
    assert not (tmp_path / "b.db").exists()


def test_backup_copies_the_data_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "chat.db"
    assert run_cli(capsys, ["db", "migrate", "--database", str(source)]).code == 0
    with sqlite3.connect(source) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    copy = tmp_path / "backups" / "copy.db"
    argv = ["db", "backup", str(copy), "--database", str(source)]
    assert run_cli(capsys, argv).code == 0
    with sqlite3.connect(copy) as connection:
        assert (
            connection.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall() == tables
        )
    assert run_cli(capsys, argv).code == 2
    assert run_cli(capsys, [*argv, "--force"]).code == 0


def test_catalog_stats_without_a_catalog_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcome = run_cli(capsys, ["catalog", "stats", "--catalog", str(tmp_path / "none.db")])
    assert outcome.code == 1
    assert "catalog import" in outcome.err


def test_catalog_import_without_a_source_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = ["catalog", "import", "--source", str(tmp_path / "no.db"), "--catalog", "x.db"]
    assert run_cli(capsys, argv).code == 1
