"""Imports refuse the values the app's forms refuse (days after the import's, implausible
births, negative mileage, ambiguous amounts, a repair order on another client's car), and a
number given twice in one file with other values: rejected row by row, nothing half-written,
and a re-import changes nothing."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from store.imports import ImportOptions, RowOutcome, import_file
from tests.cli import run_relance
from tests.factories import add_client, add_vehicle

TODAY = date(2026, 11, 24)
VIN, OTHER_VIN = "VF1RFB00X66123456", "VF1RFB00X66123457"


def _dealership(conn: sqlite3.Connection) -> None:
    """C1 owns VIN (delivered 14/01/2023), C2 owns OTHER_VIN; C3 owns nothing."""
    first = add_client(conn, external_id="C1", last_name="Dupont")
    second = add_client(conn, external_id="C2", last_name="Durand")
    add_client(conn, external_id="C3", last_name="Roux")
    add_vehicle(conn, first, vin=VIN, delivered_on="2023-01-14")
    add_vehicle(conn, second, vin=OTHER_VIN, plate="AB-456-CD", delivered_on="2023-01-14")


def _import(conn: sqlite3.Connection, kind: str, path: Path, batch_size: int = 5000,
            today: date = TODAY) -> tuple[list[RowOutcome], dict[str, int]]:
    heard: list[RowOutcome] = []
    summary = import_file(conn, kind, path, ImportOptions(today=today, batch_size=batch_size),
                          user="chef", on_outcome=heard.append)
    return heard, summary.counts


def _rejects(path: Path) -> list[str]:
    rejects = path.with_name(f"{path.stem}.rejets.csv")
    if not rejects.exists():
        return []
    return [row[-1] for row in list(csv.reader(rejects.open(encoding="utf-8"), delimiter=";"))[1:]]


VEHICLES = "VIN;N° client;Marque;Date MEC;Date livraison;Kilométrage;Date kilométrage\n"
ORDERS = "N° OR;Date;N° client;VIN;Km;CA HT\n"
CLIENTS = "N° client;Nom;Date de naissance;Année de naissance;Dernier contact entrant\n"
FINANCING = "N° contrat;N° client;Mode;Date début;Date fin\n"
LEADS = "Référence;N° client;Source;Date\n"
PROPOSALS = "Référence;N° client;Date;Montant\n"

# kind, the file (its header and one row), the reason the row is rejected with ("" if kept)
CASES = [
    ("vehicles", VEHICLES + "VF1RFB00X66999999;C3;Renault;01/01/2030;;;\n",
     "colonne « Date MEC » : « 01/01/2030 » est dans le futur (après le 24/11/2026, jour de l'import)"),
    ("vehicles", VEHICLES + "VF1RFB00X66999999;C3;Renault;;;-5;\n",
     "colonne « Kilométrage » : « -5 » n'est pas un kilométrage (négatif)"),
    ("vehicles", VEHICLES + "VF1RFB00X66999999;C3;Renault;;25/11/2026;;\n",
     "colonne « Date livraison » : « 25/11/2026 » est dans le futur"),
    ("vehicles", VEHICLES + "VF1RFB00X66999999;C3;Renault;;;12;25/11/2026\n",
     "colonne « Date kilométrage » : « 25/11/2026 » est dans le futur"),
    ("vehicles", VEHICLES + "VF1RFB00X66999999;C3;Renault;24/11/2026;24/11/2026;0;24/11/2026\n", ""),
    ("repair-orders", ORDERS + f"OR1;20/11/2027;C1;{VIN};45 000;100\n",
     "colonne « Date » : « 20/11/2027 » est dans le futur"),
    ("repair-orders", ORDERS + f"OR1;24/11/2026;C1;{VIN};45 000;100\n", ""),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};-1;100\n",
     "colonne « Km » : « -1 » n'est pas un kilométrage (négatif)"),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;12,345\n",
     "colonne « CA HT » : « 12,345 » : 3 chiffres après la virgule, un montant en a au plus 2"),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;12.5000\n",
     "colonne « CA HT » : « 12.5000 » : 4 chiffres après la virgule"),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;1.234,567\n",
     "colonne « CA HT » : « 1.234,567 » : 3 chiffres après la virgule"),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;1 234,5\n", ""),
    # another client's car: its owner's satisfaction call would be about a stranger's visit
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C3;{VIN};45 000;100\n",
     "colonne « N° client » : le véhicule est au client C1 depuis sa livraison le 14/01/2023,"
     " pas à celui-ci"),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C2;{VIN};45 000;100\n", "le véhicule est au client C1"),
    # before its delivery to C1 the car was someone else's: that visit is C3's history
    ("repair-orders", ORDERS + f"OR1;20/11/2022;C3;{VIN};45 000;100\n", ""),
    ("repair-orders", ORDERS + "OR1;20/11/2026;C3;;;100\n", ""),
    ("clients", CLIENTS + "C9;Martin;01-01-30;;\n",
     "colonne « Date de naissance » : « 01-01-30 » n'est pas plausible (naissance entre 1916 et 2010)"),
    ("clients", CLIENTS + "C9;Martin;01/01/1915;;\n", "n'est pas plausible (naissance entre 1916"),
    ("clients", CLIENTS + "C9;Martin;31/12/2010;1916;\n", ""),
    ("clients", CLIENTS + "C9;Martin;;2011;\n",
     "colonne « Année de naissance » : « 2011 » n'est pas plausible (naissance entre 1916 et 2010)"),
    ("clients", CLIENTS + "C9;Martin;;;25/11/2026\n",
     "colonne « Dernier contact entrant » : « 25/11/2026 » est dans le futur"),
    # a financing's start and end may be ahead: the contract runs on
    ("financing", FINANCING + "F1;C1;LOA;01/12/2026;01/12/2030\n", ""),
    ("leads", LEADS + "W1;C1;Site marque;24/11/2026 23:59\n", ""),
    ("leads", LEADS + "W1;C1;Site marque;25/11/2026 00:00\n",
     "colonne « Date » : « 25/11/2026 00:00 » est dans le futur"),
    ("proposals", PROPOSALS + "P1;C1;25/11/2026;10 000\n",
     "colonne « Date » : « 25/11/2026 » est dans le futur"),
    ("proposals", PROPOSALS + "P1;C1;24/11/2026;10 000,123\n",
     "« 10 000,123 » : 3 chiffres après la virgule"),
]


@pytest.mark.parametrize(("kind", "text", "reason"), CASES,
                         ids=[f"{kind}-{n}" for n, (kind, _, _) in enumerate(CASES)])
@pytest.mark.parametrize("batch_size", [1, 5000])
def test_a_value_the_forms_refuse_is_rejected_with_its_line_column_and_reason(
        conn: sqlite3.Connection, tmp_path: Path, kind: str, text: str, reason: str, batch_size: int) -> None:
    _dealership(conn)
    table = {"repair-orders": "repair_orders", "financing": "financings"}.get(kind, kind)
    before = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    heard, counts = _import(conn, kind, path, batch_size)
    after = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if not reason:
        assert [o.action for o in heard] == ["create"], heard
        assert after == before + 1
        return
    assert [(o.row, o.action) for o in heard] == [(2, "rejected")]
    assert reason in heard[0].reason
    assert counts["rejected"] == 1
    assert after == before  # nothing half-written
    written = _rejects(path)
    assert len(written) == 1
    assert written[0].startswith("ligne 2, colonne")
    assert reason in written[0]


def test_the_import_day_is_the_one_given(conn: sqlite3.Connection, tmp_path: Path) -> None:
    _dealership(conn)
    path = tmp_path / "or.csv"
    path.write_text(ORDERS + f"OR1;20/11/2027;C1;{VIN};45 000;100\n", encoding="utf-8")
    _, counts = _import(conn, "repair-orders", path)
    assert counts["rejected"] == 1
    _, counts = _import(conn, "repair-orders", path, today=date(2027, 11, 20))
    assert counts["create"] == 1


def test_the_cli_imports_on_its_today_and_the_workshop_report_shows_no_year_to_come(
        conn: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    _dealership(conn)
    path = tmp_path / "or.csv"
    path.write_text(ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;100\nOR2;20/11/2027;C1;{VIN};46 000;100\n",
                    encoding="utf-8")
    done = run_relance("import", "repair-orders", str(path), "--db", str(db_path), "--today", "2026-11-24")
    assert done.returncode == 0, done.stderr
    assert "1 ont été créées" in done.stdout
    assert "1 rejetées" in done.stdout
    report = run_relance("report", "workshop", "--db", str(db_path), "--today", "2026-11-24",
                         "--since", "2020-01-01", "--format", "csv")
    assert report.returncode == 0, report.stderr
    assert "2026" in report.stdout
    assert "2027" not in report.stdout


# kind, the file, each line's action on the first import, the reason of the rejected line
REPEATS = [
    # the same VIN with two owners: the first line stands
    ("vehicles", VEHICLES + f"{VIN};C1;Peugeot;;;;\n{VIN};C2;Peugeot;;;;\n", ["unchanged", "rejected"],
     "VIN déjà présent ligne 2 du fichier, avec une autre valeur de N° client"),
    ("vehicles", VEHICLES + "VF1RFB00X66999999;C1;Renault;;;;\nVF1RFB00X66999999;C2;Peugeot;;;;\n",
     ["create", "rejected"],
     "VIN déjà présent ligne 2 du fichier, avec une autre valeur de N° client, Marque"),
    ("clients", CLIENTS + "C9;Martin;;;\nC8;Roux;;;\nC9;Martinez;;;\n", ["create", "create", "rejected"],
     "N° client déjà présent ligne 2 du fichier, avec une autre valeur de Nom"),
    ("clients", CLIENTS + "C1;Dupond;;;\nC1;Dupont;;;\n", ["update", "rejected"],
     "N° client déjà présent ligne 2 du fichier, avec une autre valeur de Nom"),
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;100\nOR1;21/11/2026;C1;{VIN};45 000;100\n",
     ["create", "rejected"], "N° OR déjà présent ligne 2 du fichier, avec une autre valeur de Date"),
    # repeated as is, or completed: one record, as before
    ("repair-orders", ORDERS + f"OR1;20/11/2026;C1;{VIN};45 000;100\nOR1;20/11/2026;C1;{VIN};45 000;100\n",
     ["create", "unchanged"], ""),
    ("repair-orders", ORDERS + "OR1;20/11/2026;C1;;;\nOR1;20/11/2026;C1;" + VIN + ";45 000;100\n",
     ["create", "update"], ""),
]


@pytest.mark.parametrize(("kind", "text", "actions", "reason"), REPEATS,
                         ids=[f"{kind}-{n}" for n, (kind, *_) in enumerate(REPEATS)])
@pytest.mark.parametrize("batch_size", [1, 5000])
def test_a_number_given_twice_with_other_values_is_rejected_and_a_reimport_changes_nothing(
        conn: sqlite3.Connection, tmp_path: Path, kind: str, text: str, actions: list[str], reason: str,
        batch_size: int) -> None:
    _dealership(conn)
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    heard, _ = _import(conn, kind, path, batch_size)
    assert [o.action for o in heard] == actions
    rejected = [o for o in heard if o.action == "rejected"]
    assert [o.reason for o in rejected] == ([reason] if reason else [])
    if reason:
        assert _rejects(path) == [f"ligne {rejected[0].row} : {reason}"]
    audit = conn.execute("SELECT count(*) FROM audit WHERE action = 'update'").fetchone()[0]
    for _ in range(2):
        _, counts = _import(conn, kind, path, batch_size)
        assert counts["create"] == counts["update"] == 0
        assert counts["rejected"] == len(rejected)
    assert conn.execute("SELECT count(*) FROM audit WHERE action = 'update'").fetchone()[0] == audit


def test_a_repeat_further_apart_than_the_memory_updates_as_before(
        conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.imports

    monkeypatch.setattr(store.imports, "FILE_MEMORY", 4)
    lines = [f"C{n};Nom {n};;;" for n in range(10, 20)] + ["C10;Autre;;;", "C19;Autre;;;"]
    path = tmp_path / "c.csv"
    path.write_text(CLIENTS + "\n".join(lines) + "\n", encoding="utf-8")
    heard, _ = _import(conn, "clients", path, batch_size=2)
    assert [o.action for o in heard[-2:]] == ["update", "rejected"]  # C10 forgotten, C19 not
