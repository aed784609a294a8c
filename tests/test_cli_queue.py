"""``relance queue`` and the options every command shares."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli import run_relance
from tests.factories import add_client, add_reminder, add_user


def _seed(conn: sqlite3.Connection) -> None:
    paul = add_user(conn, "paul")
    dupont = add_client(conn, last_name="Dupont", first_name="Éric", phone="+33612345678",
                        assigned_user_id=paul)
    add_reminder(conn, dupont, tier=3, due_on="2026-11-20", assigned_user_id=paul,
                 reason="LOA Peugeot 308 GH-456-JK : fin le 14/01/2027, dans 2 mois",
                 reason_en="LOA Peugeot 308 GH-456-JK: ends 14/01/2027, in 2 months")
    other = add_client(conn, last_name="Zola", first_name="Émile", phone="0147000000")
    add_reminder(conn, other, subject_id=other, tier=1, due_on="2026-11-23", reason="Lead site")
    add_reminder(conn, other, subject_id=other, occurrence_on="2026-11-30", tier=1,
                 due_on="2026-11-30", reason="Plus tard")
    add_reminder(conn, other, subject_id=other, occurrence_on="2026-01-01", tier=4,
                 due_on="2026-11-01", reason="Fidélité 12 mois",
                 held_reason="téléphone : consentement refusé")


def test_json_has_the_documented_fields(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    result = run_relance("queue", "--db", str(db_path), "--today", "2026-11-23", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["client_name"] for r in rows] == ["ZOLA Émile", "DUPONT Éric"]
    first = rows[1]
    assert first["tier"] == 3
    assert first["rule"] == "financing_end_2m"
    assert first["due"] == "2026-11-20"
    assert first["phone"] == "06 12 34 56 78"
    assert first["reason"].startswith("LOA Peugeot 308")
    assert isinstance(first["client_id"], int)


def test_environment_gives_the_database_and_the_day(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-30"}
    rows = json.loads(run_relance("queue", "--format", "json", env=env).stdout)
    assert "Plus tard" in [r["reason"] for r in rows]


def test_user_filter_csv_and_english(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    result = run_relance("queue", "--db", str(db_path), "--today", "2026-11-23", "--user", "paul",
                         "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=";"))
    assert rows[0] == ["rang", "client", "motif", "échéance", "téléphone"]
    assert len(rows) == 2
    assert rows[1][2] == "LOA Peugeot 308 GH-456-JK: ends 14/01/2027, in 2 months"


def test_held_reminders_say_why(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    result = run_relance("queue", "--held", "--db", str(db_path), "--today", "2026-11-23")
    assert "téléphone : consentement refusé" in result.stdout
    assert "Lead site" not in result.stdout


def test_table_output_never_carries_terminal_escapes(conn: sqlite3.Connection, db_path: Path) -> None:
    evil = add_client(conn, last_name="\x1b]0;pwned\x07Martin", first_name="\x1b[2J")
    add_reminder(conn, evil, reason="\x1b[31mrouge")
    result = run_relance("queue", "--db", str(db_path), "--today", "2026-11-23")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout


def _one_line_failure(result: object, *fragments: str) -> None:
    import subprocess

    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_a_text_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("nom;prénom\nDupont;Éric\n")
    _one_line_failure(run_relance("queue", "--db", str(path)), "clients.csv", "pas une base")
    assert path.read_text() == "nom;prénom\nDupont;Éric\n"


def test_a_directory_is_refused_in_one_line(tmp_path: Path) -> None:
    _one_line_failure(run_relance("--db", str(tmp_path)), "dossier")


def test_a_newer_database_is_refused_in_one_line(db_path: Path, conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA user_version=999")
    _one_line_failure(run_relance("queue", "--db", str(db_path)), "plus récente")


@pytest.mark.parametrize("day", ["23/11/2026", "2026-13-01", "demain"])
def test_a_bad_day_is_refused_in_one_line(db_path: Path, day: str) -> None:
    _one_line_failure(run_relance("queue", "--db", str(db_path), "--today", day), "--today", day)
    assert not db_path.exists()


def test_a_bad_day_in_the_environment_names_the_variable(db_path: Path) -> None:
    result = run_relance("queue", "--db", str(db_path), env={"RELANCE_TODAY": "lundi"})
    _one_line_failure(result, "RELANCE_TODAY", "lundi")


@pytest.mark.parametrize("mode", [0o555, 0o000])
def test_an_unwritable_folder_is_refused_in_one_line(mode: int) -> None:
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as top:
        os.chmod(top, 0o755)  # pytest's own folders are private to their owner
        locked = Path(top) / "locked"
        locked.mkdir()
        locked.chmod(mode)
        args = ["queue", "--db", str(locked / "relance.db")]
        # root writes anywhere: ask as an ordinary account instead
        result = _as_nobody(args) if os.geteuid() == 0 else run_relance(*args)
        if "can't open file" in str(getattr(result, "stderr", "")):
            locked.chmod(0o755)
            pytest.skip("the ordinary account cannot read this checkout's .venv (private folder)")
        locked.chmod(0o755)
        _one_line_failure(result, "locked")
        assert list(locked.iterdir()) == []


def _as_nobody(args: list[str]) -> object:
    import os
    import subprocess

    from tests.cli import relance_command

    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *relance_command(), *args],
        capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "HOME": "/tmp"},
    )


def test_the_table_shows_due_dates_as_people_read_them_csv_and_json_keep_iso(
        conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    db = ("--db", str(db_path), "--today", "2026-11-23")
    table = run_relance("queue", *db).stdout
    assert "20/11/2026" in table
    assert "2026-11-20" not in table
    rows = list(csv.reader(io.StringIO(run_relance("queue", *db, "--format", "csv").stdout),
                           delimiter=";"))
    assert rows[2][3] == "2026-11-20"
    assert json.loads(run_relance("queue", *db, "--format", "json").stdout)[1]["due"] == "2026-11-20"
