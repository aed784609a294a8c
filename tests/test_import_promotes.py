"""An import attaching a vehicle, repair order, financing or accepted proposal to a prospect
makes them a client (a DMS client file without a Type column creates prospects)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.cli import run_relance

CLIENTS = ("N° client;Nom;Prénom\n"
           "X1;Lefèvre;Jérôme\nX2;Roux;Léa\nX3;Martin;Paul\nX4;Durand;Anne\nX5;Petit;Luc\n")

# (import kind, file, the client numbers made clients)
FILES = [
    ("vehicles", "VIN;N° client;Marque\nVF1AAAAAAAAAAAA01;X1;Renault\n"
                 "VF1AAAAAAAAAAAA02;NOPE;Renault\n", ["X1"]),
    ("repair-orders", "N° OR;N° client;Date;CA HT\nOR1;X2;20/11/2026;120,00\n"
                      "OR2;X3;32/11/2026;99,00\n", ["X2"]),  # OR2's date is wrong: rejected
    ("financing", "N° contrat;N° client;Type;Date début;Durée\nF1;X4;loa;01/02/2024;48\n", ["X4"]),
    ("proposals", "N° offre;N° client;Date;Statut\nP1;X5;10/11/2026;acceptée\n"
                  "P2;X1;10/11/2026;refusée\nP3;X3;10/11/2026;remise\n", ["X5"]),
]


def _kinds(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT external_id, kind FROM clients ORDER BY external_id").fetchall())


def _import(db_path: Path, path: Path, kind: str, *extra: str) -> Any:
    result = run_relance("import", kind, str(path), "--db", str(db_path), "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("kind", "text", "made"), FILES, ids=[f[0] for f in FILES])
def test_an_import_makes_clients_of_the_prospects_it_attaches_a_purchase_to(
        conn: sqlite3.Connection, db_path: Path, tmp_path: Path, kind: str, text: str,
        made: list[str]) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    _import(db_path, clients, "clients")
    assert set(_kinds(conn).values()) == {"prospect"}
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    dry = _import(db_path, path, kind, "--dry-run")
    assert "create" in {row["action"] for row in dry}  # the dry run read rows it would create
    assert set(_kinds(conn).values()) == {"prospect"}  # a dry run writes nothing
    summary = _import(db_path, path, kind)
    assert summary["prospects_made_clients"] == len(made)
    assert [number for number, k in _kinds(conn).items() if k == "client"] == made
    audited = conn.execute("SELECT c.external_id, a.old_value, a.new_value FROM audit a"
                           " JOIN clients c ON c.id = a.row_id"
                           " WHERE a.table_name = 'clients' AND a.field = 'kind'").fetchall()
    assert audited == [(number, "prospect", "client") for number in made]
    again = _import(db_path, path, kind)  # nothing left to promote
    assert again["prospects_made_clients"] == 0
    table = run_relance("import", kind, str(path), "--db", str(db_path))
    assert "devenu(s) client(s)" not in table.stdout


def test_the_summary_says_how_many_prospects_became_clients(db_path: Path, tmp_path: Path) -> None:
    clients = tmp_path / "clients.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    _import(db_path, clients, "clients")
    vehicles = tmp_path / "vehicles.csv"
    vehicles.write_text("VIN;N° client\nVF1AAAAAAAAAAAA01;X1\nVF1AAAAAAAAAAAA03;X2\n", encoding="utf-8")
    result = run_relance("import", "vehicles", str(vehicles), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "2 prospect(s) devenu(s) client(s)" in result.stdout
