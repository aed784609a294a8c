"""``relance import`` as a script runs it: dry-run JSON, a killed import resumed, messages."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

from store.db import connect
from store.import_parsing import WORKER_MIN_BYTES_ENV
from store.imports import BULK_MIN_ROWS
from tests.cli import relance_command, run_relance
from tests.factories import add_client, index_names, repair_orders_csv


def test_dry_run_json_says_row_by_row_what_would_happen(conn: sqlite3.Connection, db_path: Path,
                                                        tmp_path: Path) -> None:
    known = add_client(conn, last_name="Martin", first_name="Claire", phone="+33612345678",
                       external_id="C77")
    path = tmp_path / "clients.csv"
    path.write_text("N° client;Nom;Prénom;Téléphone\n"
                    "C77;Martin;Claire;+33612345678\n"
                    "C78;Durand;Paul;0611223344\n"
                    ";Martin;Claire-Marie;06 12 34 56 78\n"
                    "C79;Roux;Léa;12\n", encoding="utf-8")
    result = run_relance("import", "clients", str(path), "--db", str(db_path), "--dry-run",
                         "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["row"], r["action"], r["external_id"]) for r in rows] == [
        (2, "unchanged", "C77"), (3, "create", "C78"), (4, "duplicate", None),
        (5, "rejected", "C79")]
    # same phone, a close name (the duplicates verdict): a probable duplicate, not a sure one
    assert [(c["client_id"], c["external_id"]) for c in rows[2]["candidates"]] == [(known, "C77")]
    assert 0.7 <= rows[2]["candidates"][0]["score"] < 1.0
    assert "« Téléphone »" in rows[3]["reason"]
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_a_killed_import_resumes_without_duplicates(conn: sqlite3.Connection, db_path: Path,
                                                    tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = repair_orders_csv(tmp_path / "or.csv", 1000, bad_every=97)
    killed = run_relance("import", "repair-orders", str(path), "--db", str(db_path),
                         "--batch-size", "100", env={"RELANCE_TEST_KILL_AFTER_BATCHES": "3"})
    assert killed.returncode == -signal.SIGKILL
    assert conn.execute("SELECT count(*) FROM repair_orders").fetchone()[0] == 300 - 3
    resumed = run_relance("import", "repair-orders", str(path), "--db", str(db_path),
                          "--batch-size", "100")
    assert resumed.returncode == 0, resumed.stderr
    assert "repris après la ligne de données 300" in resumed.stdout
    assert "990 ont été créées" in resumed.stdout
    count, distinct = conn.execute("SELECT count(*), count(DISTINCT number) FROM repair_orders").fetchone()
    assert count == distinct == 1000 - 10
    rejects = (tmp_path / "or.rejets.csv").read_text(encoding="cp1252").splitlines()
    assert len(rejects) == 1 + 10  # header + every bad row exactly once
    again = run_relance("import", "repair-orders", str(path), "--db", str(db_path), "--format", "json")
    summary = json.loads(again.stdout)
    assert summary["counts"] == {"create": 0, "update": 0, "unchanged": 990, "duplicate": 0,
                                 "rejected": 10}
    assert len(summary["problems"]) == 10


def test_an_unusable_file_says_what_and_where(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "or.csv"
    path.write_text("Numéro;Date\n1;14/01/2025\n", encoding="utf-8")
    result = run_relance("import", "repair-orders", str(path), "--db", str(db_path),
                         "--map", "Numero=numero_or")
    assert result.returncode == 1
    assert "champ « numero_or » inconnu" in result.stderr
    result = run_relance("import", "repair-orders", str(tmp_path / "absent.csv"), "--db", str(db_path))
    assert result.returncode == 1
    assert "absent.csv : fichier introuvable" in result.stderr


def test_a_rejects_file_that_is_the_input_or_a_folder_is_refused(db_path: Path, tmp_path: Path) -> None:
    # the run starts by removing an old reject file: it must never be the file being imported
    path = tmp_path / "clients.csv"
    path.write_text("N° client;Nom\nC1;Martin\n", encoding="utf-8")
    for rejects in (path, tmp_path / "." / "clients.csv", tmp_path):
        result = run_relance("import", "clients", str(path), "--db", str(db_path),
                             "--rejects", str(rejects))
        assert result.returncode == 1
        assert "--rejects" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert path.read_text(encoding="utf-8") == "N° client;Nom\nC1;Martin\n"


def test_an_encoding_the_file_cannot_be_read_in_says_so(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("N° client;Nom\nC1;Martin\n", encoding="utf-8")
    result = run_relance("import", "clients", str(path), "--db", str(db_path), "--encoding", "utf-16")
    assert result.returncode == 1
    assert "--encoding" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_header_cut_inside_a_quote_says_so(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text('N° client;"Nom', encoding="utf-8")
    result = run_relance("import", "clients", str(path), "--db", str(db_path))
    assert result.returncode == 1
    assert "ligne 1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_header_with_no_known_column_is_refused_in_one_line(db_path: Path, tmp_path: Path) -> None:
    """Not every row rejected as « nom vide »: the file is refused, saying what was read."""
    path = tmp_path / "autre.csv"
    path.write_text("foo;bar\r\n1;2\r\n3;4\r\n", encoding="utf-8")
    result = run_relance("import", "clients", str(path), "--db", str(db_path))
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "\n" not in message
    assert "aucune colonne reconnue" in message
    assert "foo, bar" in message
    assert not (tmp_path / "autre.csv.rejets.csv").exists()


def _index_names(db_path: Path) -> set[str]:
    with closing(sqlite3.connect(db_path)) as raw:  # not connect(): it would build the indexes again
        return index_names(raw)


def test_an_import_killed_while_the_indexes_are_aside_leaves_a_working_base(
        conn: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    indexes = _index_names(db_path)
    assert len(indexes) == 3
    rows = BULK_MIN_ROWS + 10_000
    path = repair_orders_csv(tmp_path / "or.csv", rows, bad_every=997)
    killed = run_relance("import", "repair-orders", str(path), "--db", str(db_path),
                         "--batch-size", "2000", env={"RELANCE_TEST_KILL_AFTER_BATCHES": "4"})
    assert killed.returncode == -signal.SIGKILL
    assert _index_names(db_path) == set()  # killed in the bulk phase: the indexes were aside
    reopened = connect(db_path)  # what any session does first
    try:
        assert _index_names(db_path) == indexes
        assert reopened.execute("SELECT count(*) FROM deferred_indexes").fetchone()[0] == 0
        assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        reopened.close()
    resumed = run_relance("import", "repair-orders", str(path), "--db", str(db_path),
                          "--batch-size", "2000")
    assert resumed.returncode == 0, resumed.stderr
    assert "repris après la ligne de données 8000" in resumed.stdout
    bad = rows // 997
    count, distinct = conn.execute("SELECT count(*), count(DISTINCT number) FROM repair_orders").fetchone()
    assert count == distinct == rows - bad
    assert _index_names(db_path) == indexes
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT max(opened_on) FROM repair_orders"
                        " WHERE vehicle_id = 1").fetchall()
    assert "repair_orders_vehicle" in str(plan)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rejects = (tmp_path / "or.rejets.csv").read_text(encoding="cp1252").splitlines()
    assert len(rejects) == 1 + bad


def _processes_with(marker: str, command: str) -> list[int]:
    """The live processes whose environment holds ``marker`` and command line ``command``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes()
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if marker.encode() in environ and command.encode() in cmdline and state != "Z":
                found.append(int(entry.name))
    return found


def test_the_process_reading_a_large_file_ends_with_a_killed_import(
        conn: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = repair_orders_csv(tmp_path / "or.csv", 100_000)  # 3 MB: more than the pipe holds
    marker = f"RELANCE_TEST_MARK={tmp_path}"
    env = {**os.environ, WORKER_MIN_BYTES_ENV: "1", "RELANCE_TEST_MARK": str(tmp_path)}
    importing = subprocess.Popen(
        [*relance_command(), "import", "repair-orders", str(path), "--db", str(db_path),
         "--batch-size", "100"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while (not _processes_with(marker, "store.import_parsing") and importing.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.01)
        assert _processes_with(marker, "store.import_parsing"), "no second process read the file"
    finally:
        importing.kill()  # SIGKILL: nothing of the import's own runs
        importing.wait()
    deadline = time.monotonic() + 10
    while _processes_with(marker, "store.import_parsing") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_with(marker, "store.import_parsing") == []
    assert conn.execute("SELECT count(*) FROM repair_orders").fetchone()[0] < 100_000
    resumed = run_relance("import", "repair-orders", str(path), "--db", str(db_path),
                          env={WORKER_MIN_BYTES_ENV: "1"})
    assert resumed.returncode == 0, resumed.stderr
    count, distinct = conn.execute("SELECT count(*), count(DISTINCT number) FROM repair_orders").fetchone()
    assert count == distinct == 100_000
