"""Imports: the quirky files dealerships really have, upserts, rejects and duplicates."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from store.csvfiles import detect_delimiter, detect_encoding
from store.imports import PROBLEMS, ImportFileError, ImportOptions, RowOutcome, import_file
from store.merge import merge_clients
from tests.factories import add_client, add_user, add_vehicle

CLIENTS_HEADER = "N° client;Civilité;Nom;Prénom;Téléphone;Email;Code postal;Ville\r\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def outcomes_of(conn: sqlite3.Connection, kind: str, path: Path, **options: object
                ) -> tuple[list[RowOutcome], dict[str, int]]:
    heard: list[RowOutcome] = []
    summary = import_file(conn, kind, path, ImportOptions(**options), user="chef",  # type: ignore[arg-type]
                          on_outcome=heard.append)
    return heard, summary.counts


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp1252", ";"), ("latin-1", ";"), ("utf-8-sig", ";"), ("utf-8", "\t"), ("utf-8", ",")],
)
def test_encodings_and_separators_are_detected(conn: sqlite3.Connection, tmp_path: Path,
                                               encoding: str, delimiter: str) -> None:
    text = (CLIENTS_HEADER + "1001;M.;Lefèvre;Éloïse;06 12 34 56 78;;01000;Bourg-en-Bresse\r\n"
            "1002;Mme;Çelik;Zoé;+33 6 11 22 33 44;zoe@exemple.fr;69001;Lyon\r\n").replace(";", delimiter)
    path = write(tmp_path / "clients.csv", text, encoding)
    _, counts = outcomes_of(conn, "clients", path)
    assert counts["create"] == 2
    rows = conn.execute("SELECT external_id, last_name, first_name, phone, city FROM clients"
                        " ORDER BY external_id").fetchall()
    assert rows == [("1001", "Lefèvre", "Éloïse", "+33612345678", "Bourg-en-Bresse"),
                    ("1002", "Çelik", "Zoé", "+33611223344", "Lyon")]


def test_sniffing_helpers() -> None:
    assert detect_encoding("é".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"\xef\xbb\xbfabc") == "utf-8-sig"
    assert detect_encoding("Éloïse".encode()[:-1], complete=False) == "utf-8"  # cut mid-character
    assert detect_delimiter('"a;b",c,d\n') == ","
    assert detect_delimiter("a\tb\tc\n") == "\t"


def test_quoted_multiline_fields_keep_the_line_numbers(conn: sqlite3.Connection, tmp_path: Path) -> None:
    text = ("N° client;Nom;Adresse;Ville\n"
            '1;Dupont;"12 rue des Lilas\nBâtiment B; 2e étage";Lyon\n'
            "2;Durand;3 place Bellecour;Lyon\n"
            "3;;sans nom;Lyon\n")
    heard, _ = outcomes_of(conn, "clients", write(tmp_path / "c.csv", text))
    assert [(o.row, o.action) for o in heard] == [(2, "create"), (4, "create"), (5, "rejected")]
    assert "« Nom »" in heard[2].reason
    address = conn.execute("SELECT address FROM clients WHERE external_id = '1'").fetchone()[0]
    assert address == "12 rue des Lilas\nBâtiment B; 2e étage"


def test_reimport_changes_nothing_and_a_changed_row_is_an_audited_update(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", CLIENTS_HEADER + "1;M.;Dupont;Éric;0612345678;;75001;Paris\r\n")
    outcomes_of(conn, "clients", path)
    audit_before = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    heard, counts = outcomes_of(conn, "clients", path)
    assert counts["unchanged"] == 1
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    write(path, CLIENTS_HEADER + "1;M.;Dupont;Éric;0612345678;;69003;Lyon\r\n")
    heard, counts = outcomes_of(conn, "clients", path)
    assert [o.action for o in heard] == ["update"]
    assert "Ville" in heard[0].reason
    assert conn.execute("SELECT city, version FROM clients").fetchone() == ("Lyon", 2)
    audited = conn.execute("SELECT field, old_value, new_value, user_login FROM audit"
                           " WHERE action = 'update' ORDER BY field").fetchall()
    assert audited == [("city", "Paris", "Lyon", "chef"), ("postcode", "75001", "69003", "chef")]


def test_empty_cells_do_not_erase_what_is_known(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", CLIENTS_HEADER + "1;M.;Dupont;Éric;0612345678;e@x.fr;75001;Paris\n")
    outcomes_of(conn, "clients", path)
    write(path, CLIENTS_HEADER + "1;M.;Dupont;Éric;;;75001;Paris\n")
    _, counts = outcomes_of(conn, "clients", path)
    assert counts["unchanged"] == 1
    assert conn.execute("SELECT email FROM clients").fetchone()[0] == "e@x.fr"


def test_a_row_without_number_that_matches_is_reported_not_created(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    known = add_client(conn, last_name="Martin", first_name="Claire", phone="+33612345678",
                       external_id="C77")
    path = write(tmp_path / "c.csv", CLIENTS_HEADER
                 + ";Mme;Martin;Claire;06.12.34.56.78;;69001;Lyon\n"
                 + ";M.;Nouveau;Jean;0698765432;;69001;Lyon\n")
    heard, _ = outcomes_of(conn, "clients", path)
    assert [o.action for o in heard] == ["duplicate", "create"]
    assert heard[0].candidates[0].client_id == known
    assert heard[0].candidates[0].external_id == "C77"
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
    rejects = list(csv.reader((tmp_path / "c.rejets.csv").open(encoding="utf-8"), delimiter=";"))
    assert rejects[1][-1].startswith("ligne 2 : doublon probable de la fiche")
    _, again = outcomes_of(conn, "clients", path)
    assert again["create"] == 0
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2


def test_bad_rows_go_to_the_reject_file_with_their_reason(conn: sqlite3.Connection,
                                                          tmp_path: Path) -> None:
    client = add_client(conn, external_id="C1")
    add_vehicle(conn, client, vin="VF3MCYHZRKS123456")
    text = ("N° OR\tDate\tN° client\tVIN\tKm\tCA HT\n"
            "OR1\t14/01/2025\tC1\tVF3MCYHZRKS123456\t45 000\t1 234,56\n"
            "OR2\t31/02/2025\tC1\tVF3MCYHZRKS123456\t45 000\t10\n"
            "OR3\t2025-03-01\tC9\t\t\t10\n"
            "\t2025-03-01\tC1\t\t\t10\n"
            "OR5\t01.03.2025\tC1\t\t12\tdouze\n"
            "OR6\t01/03/25\t\t\t\t1.234,5\n")
    path = write(tmp_path / "or.txt", text, "cp1252")
    heard, counts = outcomes_of(conn, "repair-orders", path)
    assert counts == {"create": 2, "update": 0, "unchanged": 0, "duplicate": 0, "rejected": 4}
    reasons = {o.row: o.reason for o in heard if o.action == "rejected"}
    assert "« Date »" in reasons[3]
    assert "31/02/2025" in reasons[3]
    assert "client « C9 » inconnu" in reasons[4]
    assert "« N° OR » vide" in reasons[5]
    assert "« CA HT »" in reasons[6]
    assert conn.execute("SELECT number, opened_on, mileage, revenue_cents FROM repair_orders"
                        " ORDER BY number").fetchall() == [("OR1", "2025-01-14", 45000, 123456),
                                                          ("OR6", "2025-03-01", None, 123450)]
    rejects = (tmp_path / "or.rejets.txt").read_bytes().decode("cp1252").splitlines()
    assert rejects[0].split("\t")[-1] == "motif du rejet"
    assert len(rejects) == 5


def test_vehicles_and_financing_resolve_their_references(conn: sqlite3.Connection,
                                                         tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    vehicles = write(tmp_path / "v.csv", "VIN;N° client;Marque;Modèle;Immatriculation;VN/VO;Date MEC\n"
                     "vf3mcyhzrks123456;C1;Peugeot;3008;ab123cd;VO;14/01/2023\n")
    _, counts = outcomes_of(conn, "vehicles", vehicles)
    assert counts["create"] == 1
    assert conn.execute("SELECT vin, plate, condition, first_registration_on FROM vehicles").fetchone() \
        == ("VF3MCYHZRKS123456", "AB-123-CD", "used", "2023-01-14")
    financing = write(tmp_path / "f.csv", "N° contrat;N° client;VIN;Type;Date début;Durée;Mensualité\n"
                      "L-1;C1;VF3MCYHZRKS123456;LOA;31/01/2024;37;1 234,56 €\n")
    _, counts = outcomes_of(conn, "financing", financing)
    assert counts["create"] == 1
    assert conn.execute("SELECT mode, start_on, end_on, monthly_payment_cents FROM financings"
                        ).fetchone() == ("loa", "2024-01-31", "2027-02-28", 123456)


def test_map_and_preset(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(tmp_path / "dms.csv", "NUMCLI;NOM;PRENOM;TEL1;Divers\nX1;Roux;Léa;0611223344;rien\n")
    _, counts = outcomes_of(conn, "clients", path, preset="dms")
    assert counts["create"] == 1
    path = write(tmp_path / "odd.csv", "Ident;Patronyme\nZ9;Blanc\n")
    _, counts = outcomes_of(conn, "clients", path, mapping={"Ident": "external_id",
                                                            "Patronyme": "last_name"})
    assert conn.execute("SELECT last_name FROM clients WHERE external_id = 'Z9'").fetchone() == ("Blanc",)
    with pytest.raises(ImportFileError, match="Patronym"):
        import_file(conn, "clients", path, ImportOptions(mapping={"Nope": "last_name"}))
    with pytest.raises(ImportFileError, match="identifiant « number »"):
        import_file(conn, "repair-orders", path)


def test_dry_run_writes_nothing(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", CLIENTS_HEADER + "1;M.;Dupont;Éric;0612345678;;;\n"
                 "1;M.;Dupont;Éric;0612345678;;69001;Lyon\n")  # the same client, completed
    heard, _ = outcomes_of(conn, "clients", path, dry_run=True)
    assert [o.action for o in heard] == ["create", "update"]
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM import_runs").fetchone()[0] == 0
    assert not (tmp_path / "c.rejets.csv").exists()


def test_leads_and_proposals(conn: sqlite3.Connection, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    leads = write(tmp_path / "leads.csv", "Référence;N° client;Source;Date;Objet\n"
                  "W-1;C1;Site marque;14/01/2026 09:30;Essai 3008\n"
                  "W-2;C1;Jeu concours;2026-01-15T10:00:00;\n"
                  "W-3;C1;Pigeon voyageur;15/01/2026;\n")
    heard, counts = outcomes_of(conn, "leads", leads)
    assert counts["create"] == 2
    assert "« Source »" in heard[2].reason
    assert conn.execute("SELECT source, received_at FROM leads ORDER BY external_id").fetchall() == [
        ("brand_site", "2026-01-14T09:30:00"), ("contest", "2026-01-15T10:00:00")]
    proposals = write(tmp_path / "p.csv", "N° offre\tN° client\tVéhicule\tMontant\tDate remise\n"
                      "P1\tC1\tPeugeot 308\t32 490,00 €\t20/11/2026\n")
    _, counts = outcomes_of(conn, "proposals", proposals)
    assert conn.execute("SELECT amount_cents, handed_on FROM proposals").fetchone() == (3249000, "2026-11-20")


def test_latin1_bytes_cp1252_lacks_are_read() -> None:
    assert detect_encoding(b"caf\xe9 \x81") == "latin-1"


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    from tui.progress import ProgressBar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet, loud = io.StringIO(), Tty()
    for out in (quiet, loud):
        bar = ProgressBar("import", out=out)
        bar.update(50, 100)
        bar.close()
    assert quiet.getvalue() == ""
    assert "50%" in loud.getvalue().replace(" ", "")


def test_a_number_repeated_after_a_row_without_number_keeps_the_values_it_adds(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", CLIENTS_HEADER
                 + "C1;M.;Dupont;Éric;0612345678;;;\n"
                 + ";Mme;Roux;Léa;0698765432;;69001;Lyon\n"
                 + "C1;M.;Dupont;Éric;0612345678;;69003;Lyon\n")
    heard, _ = outcomes_of(conn, "clients", path)
    assert [o.action for o in heard] == ["create", "create", "update"]
    assert conn.execute("SELECT city FROM clients WHERE external_id = 'C1'").fetchone() == ("Lyon",)


def test_an_accent_after_the_sniffed_part_and_a_stray_quote_do_not_stop_the_import(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    lines = ["N° client;Nom;Ville"] + [f"C{n};Martin;Lyon" for n in range(5000)]
    lines += ["X1;Lefèvre;Orléans", 'X2;"Dupont' + "x" * 200_000, "X3;Durand;Paris"]
    path = write(tmp_path / "big.csv", "\n".join(lines) + "\n", "cp1252")
    heard, counts = outcomes_of(conn, "clients", path)
    assert counts["create"] == 5002
    assert conn.execute("SELECT last_name, city FROM clients WHERE external_id = 'X1'").fetchone() \
        == ("Lefèvre", "Orléans")
    assert next(o.reason for o in heard if o.action == "rejected").startswith("CSV illisible")


OR_HEADER = "N° OR;Date;N° client;VIN;Km;CA HT;Type\n"


def _orders_base(conn: sqlite3.Connection) -> None:
    client = add_client(conn, external_id="C1")
    add_vehicle(conn, client, vin="VF3MCYHZRKS123456")


@pytest.mark.parametrize("batch_size", [1, 2, 5000])
def test_a_batch_mixing_creates_updates_unchanged_and_rejects(
        conn: sqlite3.Connection, tmp_path: Path, batch_size: int) -> None:
    _orders_base(conn)
    path = write(tmp_path / "or.csv", OR_HEADER
                 + "OR1;14/01/2025;C1;VF3MCYHZRKS123456;45 000;1 234,56;Révision\n"
                 + "OR2;15/01/2025;C1;;;10;Pneus\n", "cp1252")
    outcomes_of(conn, "repair-orders", path, batch_size=batch_size)
    ids = dict(conn.execute("SELECT number, id FROM repair_orders").fetchall())
    write(path, OR_HEADER
          + "OR1;14/01/2025;C1;VF3MCYHZRKS123456;45 000;1 234,56;Révision\n"  # unchanged
          + "OR2;15/01/2025;C1;;;12,50;\n"  # revenue changed, empty type keeps the known one
          + "OR3;16/01/2025;C1;;;;\n"  # created: empty cells take the column defaults
          + "OR4;16/01/2025;C9;;;5;\n"  # unknown client
          + "OR3;16/01/2025;C1;;46 000;;Vidange\n"  # the same number again: the insert takes it
          + "OR5;17/01/2025;C1;;;1;x;trop\n"  # a cell too many
          + "OR6;17/01/2025\n"  # a short row is padded
          + "OR7;99/01/2025;C1;;;1;\n", "cp1252")
    heard, counts = outcomes_of(conn, "repair-orders", path, batch_size=batch_size)
    assert [(o.row, o.action) for o in heard] == [
        (2, "unchanged"), (3, "update"), (4, "create"), (5, "rejected"), (6, "update"),
        (7, "rejected"), (8, "create"), (9, "rejected")]
    assert counts == {"create": 2, "update": 2, "unchanged": 1, "duplicate": 0, "rejected": 3}
    assert heard[1].reason == "modifié : CA HT"
    assert "client « C9 » inconnu" in heard[3].reason
    assert heard[3].external_id == "OR4"
    assert "8 champs au lieu de 7" in heard[5].reason
    assert heard[7].reason.startswith("colonne « Date » : « 99/01/2025 »")
    rows = conn.execute("SELECT number, revenue_cents, kind, mileage, version FROM repair_orders"
                        " ORDER BY number").fetchall()
    same_batch = batch_size > 2  # else the repeated OR3 updates the record the batch before made
    assert rows == [("OR1", 123456, "Révision", 45000, 1), ("OR2", 1250, "Pneus", None, 2),
                    ("OR3", 0, "Vidange", 46000, 1 if same_batch else 2),
                    ("OR6", 0, "maintenance", None, 1)]
    assert conn.execute("SELECT id FROM repair_orders WHERE number = 'OR2'").fetchone()[0] == ids["OR2"]
    changes = conn.execute("SELECT row_id, field, old_value, new_value, user_login FROM audit"
                           " WHERE action = 'update' AND table_name = 'repair_orders' ORDER BY id").fetchall()
    or3 = conn.execute("SELECT id FROM repair_orders WHERE number = 'OR3'").fetchone()[0]
    assert changes == [(ids["OR2"], "revenue_cents", "1000", "1250", "chef")] + (
        [] if same_batch else [(or3, "mileage", None, "46000", "chef"), (or3, "kind", "maintenance",
                                                                          "Vidange", "chef")])
    created = conn.execute("SELECT new_value, old_value FROM audit WHERE action = 'import'"
                           " AND table_name = 'repair_orders' ORDER BY id").fetchall()
    new_ids = [r[0] for r in conn.execute("SELECT id FROM repair_orders WHERE number IN ('OR3', 'OR6')"
                                          " ORDER BY id")]
    assert sum(int(value.split("(")[1].rstrip(")")) for _, value in created) == 2 + 2
    assert all(file == str(path) for file, _ in created)
    assert any(f"{new_ids[-1]}" in value for _, value in created)
    rejects = list(csv.reader((tmp_path / "or.rejets.csv").open(encoding="cp1252"), delimiter=";"))
    assert [r[-1].split(",")[0].split(" :")[0] for r in rejects[1:]] == ["ligne 5", "ligne 7", "ligne 9"]
    assert all(len(r) == 8 for r in rejects)
    _, again = outcomes_of(conn, "repair-orders", path, batch_size=batch_size)
    assert again == {"create": 0, "update": 0, "unchanged": 5, "duplicate": 0, "rejected": 3}


def test_an_interrupted_import_resumes_with_another_batch_size(conn: sqlite3.Connection,
                                                               tmp_path: Path) -> None:
    _orders_base(conn)
    lines = [f"OR{n};14/01/2025;C1;;;{n};" if n % 7 else f"OR{n};32/01/2025;C1;;;1;"
             for n in range(1, 51)]
    path = write(tmp_path / "or.csv", OR_HEADER + "\n".join(lines) + "\n")

    def stop_after_two(batches: int) -> None:
        if batches == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(conn, "repair-orders", path, ImportOptions(batch_size=10), user="chef",
                    on_batch=stop_after_two)
    assert conn.execute("SELECT count(*) FROM repair_orders").fetchone()[0] == 20 - 2
    summary = import_file(conn, "repair-orders", path, ImportOptions(batch_size=15), user="chef")
    assert summary.resumed_at_record == 20
    assert summary.counts == {"create": 43, "update": 0, "unchanged": 0, "duplicate": 0, "rejected": 7}
    assert conn.execute("SELECT count(*), count(DISTINCT number) FROM repair_orders").fetchone() == (43, 43)
    rejects = (tmp_path / "or.rejets.csv").read_text(encoding="utf-8").splitlines()
    assert [r.split(";")[0] for r in rejects[1:]] == [f"OR{n}" for n in range(7, 51, 7)]


def test_a_dry_run_remembers_a_creation_across_batches(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", CLIENTS_HEADER + "1;M.;Dupont;Éric;0612345678;;;\n"
                 "2;M.;Durand;Luc;;;75002;Paris\n"
                 "1;M.;Dupont;Éric;0612345678;;;\n"
                 "1;M.;Dupont;Éric;0612345678;;69001;Lyon\n")
    heard, _ = outcomes_of(conn, "clients", path, dry_run=True, batch_size=1)
    assert [o.action for o in heard] == ["create", "create", "unchanged", "update"]
    assert heard[3].reason == "modifié : Code postal, Ville"
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0


def test_a_file_cut_inside_a_quoted_field_rejects_the_cut_row(
        conn: sqlite3.Connection, tmp_path: Path) -> None:
    # a truncated export: the last row's quote never closes; it must not be imported half-read
    path = write(tmp_path / "cut.csv", 'N° client;Nom;Prénom\nC1;Martin;Jean\nC2;"Dupo')
    heard, counts = outcomes_of(conn, "clients", path)
    assert counts["create"] == 1
    assert [(o.row, o.action) for o in heard if o.action == "rejected"] == [(3, "rejected")]
    assert conn.execute("SELECT count(*) FROM clients WHERE external_id = 'C2'").fetchone() == (0,)


@pytest.mark.parametrize("batch_size", [1, 5000])
def test_a_dry_run_says_what_the_import_does_for_a_person_listed_twice_without_number(
        conn: sqlite3.Connection, tmp_path: Path, batch_size: int) -> None:
    path = write(tmp_path / "c.csv", "Nom;Prénom;Téléphone;Code postal\n"
                 "Zorglub;Ernest;0699887766;44000\nZorglub;Ernest;06 99 88 77 66;44000\n")
    dry, _ = outcomes_of(conn, "clients", path, dry_run=True, batch_size=batch_size)
    real, _ = outcomes_of(conn, "clients", path, batch_size=batch_size)
    assert [o.action for o in dry] == [o.action for o in real] == ["create", "unchanged"]


def test_a_merged_record_is_not_brought_back_by_the_next_dms_import(conn: sqlite3.Connection,
                                                                   tmp_path: Path) -> None:
    """Merged in Relance, still two records in the DMS: the next import neither recreates nor
    refills the merged one, says why, and attaches the other's vehicles to the kept client."""
    clients = write(tmp_path / "clients.csv", CLIENTS_HEADER
                    + "1001;M.;Lefèvre;Éloïse;06 12 34 56 78;;01000;Bourg\r\n"
                    + "1002;M.;Lefebvre;Eloise;06 12 34 56 78;;01000;Bourg\r\n")
    outcomes_of(conn, "clients", clients)
    keep, other = (row[0] for row in conn.execute("SELECT id FROM clients ORDER BY external_id"))
    add_user(conn, "chef", role="manager")
    merge_clients(conn, keep, other, "chef")
    heard, counts = outcomes_of(conn, "clients", clients)
    assert counts["unchanged"] == 1
    assert counts["rejected"] == 1
    rejected = next(o for o in heard if o.action == "rejected")
    assert rejected.external_id == "1002"
    assert f"fusionnée dans le client {keep}" in rejected.reason
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
    assert conn.execute("SELECT last_name FROM clients WHERE id = ?", (other,)).fetchone() == ("",)
    vehicles = write(tmp_path / "vehicles.csv",
                     "VIN;N° client;Marque;Modèle;Immatriculation\r\n"
                     "VF3ABCDEF12345678;1002;Peugeot;208;AB-123-CD\r\n")
    _, counts = outcomes_of(conn, "vehicles", vehicles)
    assert counts["create"] == 1
    assert conn.execute("SELECT client_id FROM vehicles").fetchone() == (keep,)


def test_a_caller_hears_only_the_actions_it_asks_for(conn: sqlite3.Connection, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = write(tmp_path / "or.csv", "N° OR;Date;N° client\nOR1;14/01/2025;C1\nOR2;32/01/2025;C1\n"
                 "OR3;15/01/2025;C9\nOR4;16/01/2025;C1\n")
    heard: list[RowOutcome] = []
    summary = import_file(conn, "repair-orders", path, on_outcome=heard.append, report=PROBLEMS)
    assert [(o.row, o.action) for o in heard] == [(3, "rejected"), (4, "rejected")]
    assert summary.counts["create"] == 2
    assert summary.counts["rejected"] == 2


def test_a_superscript_in_a_whole_number_rejects_the_row(conn: sqlite3.Connection, tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = write(tmp_path / "or.csv", "N° OR;Date;N° client;Kilométrage\nOR1;14/01/2025;C1;²\n"
                 "OR2;14/01/2025;C1;45 000\n")
    heard, counts = outcomes_of(conn, "repair-orders", path)
    assert [(o.row, o.action) for o in heard] == [(2, "rejected"), (3, "create")]
    assert counts["rejected"] == 1
    assert "n'est pas un nombre entier" in heard[0].reason
    assert conn.execute("SELECT mileage FROM repair_orders").fetchall() == [(45000,)]


def test_the_importing_user_is_stored_as_typed_whatever_the_quotes(conn: sqlite3.Connection,
                                                                   tmp_path: Path) -> None:
    add_client(conn, external_id="C1")
    path = write(tmp_path / "or.csv", "N° OR;Date;N° client\nOR1;14/01/2025;C1\n")
    import_file(conn, "repair-orders", path, user="o'brien'); --")
    assert conn.execute("SELECT created_by, updated_by FROM repair_orders").fetchall() == [
        ("o'brien'); --", "o'brien'); --")]


def test_a_row_with_only_a_name_is_not_created_again_by_a_reimport(conn: sqlite3.Connection,
                                                                   tmp_path: Path) -> None:
    # a name alone scores under the duplicate threshold: the identical record must still be found
    path = write(tmp_path / "names.csv", "Nom;Prénom;Ville\nMartin;Claire;Lyon\nMartin;Claire;Lyon\n"
                 "Martin;Claire;Brest\n")
    first, counts = outcomes_of(conn, "clients", path)
    assert [o.action for o in first] == ["create", "unchanged", "create"]
    again, counts = outcomes_of(conn, "clients", path)
    assert [o.action for o in again] == ["unchanged"] * 3
    assert counts["create"] == 0
    cities = conn.execute("SELECT city FROM clients WHERE last_name = 'Martin' ORDER BY city")
    assert [city for (city,) in cities] == ["Brest", "Lyon"]


def test_a_dry_run_of_a_reimport_of_names_alone_creates_nothing(conn: sqlite3.Connection,
                                                               tmp_path: Path) -> None:
    path = write(tmp_path / "names.csv", "Nom;Prénom;Ville\nMartin;Claire;Lyon\n")
    outcomes_of(conn, "clients", path)
    dry, _ = outcomes_of(conn, "clients", path, dry_run=True)
    assert [o.action for o in dry] == ["unchanged"]
