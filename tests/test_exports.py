"""Exports: Excel CSV, JSON, iCalendar (RFC 5545) and vCard, through the real command."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from rules.consent import HELD_REFUSED
from store.contentlines import escape_text, fold
from store.csvfiles import spreadsheet_text
from store.ics import calendar
from store.vcard import vcards
from tests.cli import run_relance
from tests.factories import add_client, add_reminder, add_user, add_vehicle


def _seed(conn: sqlite3.Connection) -> int:
    paul = add_user(conn, "paul")
    client = add_client(conn, external_id="C1", last_name="Lefèvre", first_name="Éloïse",
                        phone="+33612345678", postcode="01000", city="Bourg; en, Bresse",
                        address="12 rue des Lilas\nBât. B", assigned_user_id=paul,
                        last_contact_on="2026-01-14")
    add_vehicle(conn, client, vin="VF3MCYHZRKS123456", first_registration_on="2023-01-14")
    add_reminder(conn, client, assigned_user_id=paul, due_on="2026-11-20",
                 reason="LOA ; fin, le 14/01/2027 \\ vraiment " + "é" * 80)
    return client


def test_clients_csv_opens_in_french_excel_and_imports_back(conn: sqlite3.Connection, db_path: Path,
                                                            tmp_path: Path) -> None:
    _seed(conn)
    out = tmp_path / "clients.csv"
    result = run_relance("export", "clients", "--db", str(db_path), "--output", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:3] == ["Id Relance", "N° client", "Type"]
    assert first["Téléphone"] == "06 12 34 56 78"
    assert first["Code postal"] == "01000"
    assert first["Dernier contact"] == "14/01/2026"
    assert first["Adresse"] == "12 rue des Lilas\nBât. B"
    back = run_relance("import", "clients", str(out), "--db", str(db_path), "--format", "json")
    assert json.loads(back.stdout)["counts"]["unchanged"] == 1


def test_json_exports_and_the_queue(conn: sqlite3.Connection, db_path: Path) -> None:
    client = _seed(conn)
    vehicles = json.loads(run_relance("export", "vehicles", "--db", str(db_path), "--format",
                                      "json").stdout)
    assert vehicles[0]["vin"] == "VF3MCYHZRKS123456"
    assert vehicles[0]["client_external_id"] == "C1"
    assert vehicles[0]["first_registration_on"] == "2023-01-14"
    queue = run_relance("export", "queue", "--db", str(db_path), "--today", "2026-11-23")
    rows = list(csv.reader(io.StringIO(queue.stdout.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][1] == str(client)
    assert rows[1][6] == "20/11/2026"


def test_calendar_follows_rfc_5545(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    text = calendar(conn, "paul")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode()) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20261120" in unfolded
    assert "UID:reminder-1@relance" in unfolded
    assert "LOA \\; fin\\, le 14/01/2027 \\\\ vraiment" in unfolded
    assert "DTSTAMP:2" in unfolded
    assert calendar(conn, "paul") == text  # stable: a subscribed phone sees no change
    assert "VEVENT" not in calendar(conn, "nobody")
    cli = run_relance("export", "ics", "--db", str(db_path), "--user", "paul")
    assert cli.stdout.replace("\r\n ", "") .count("BEGIN:VEVENT") == 1


def test_no_export_proposes_a_call_the_law_holds_back(conn: sqlite3.Connection, db_path: Path) -> None:
    allowed = _seed(conn)
    refused = add_client(conn, last_name="HOARAU", first_name="Stéphanie", phone="+33764129199",
                         consent_phone="no")
    add_reminder(conn, refused, due_on="2026-11-20", rule_id="web_lead", tier=1, channel="phone",
                 reason="Lead site marque reçu le 10/11/2026", held_reason=HELD_REFUSED)
    db = ("--db", str(db_path), "--today", "2026-11-23")
    ics = run_relance("export", "ics", *db).stdout.replace("\r\n ", "")
    assert ics.count("BEGIN:VEVENT") == 1
    for shown in ("HOARAU", "07 64 12 91 99", "+33764129199"):
        assert shown not in ics
    assert f"X-RELANCE-CLIENT:{allowed}" in ics
    queue = json.loads(run_relance("export", "queue", *db, "--format", "json").stdout)
    assert [row["client_id"] for row in queue] == [allowed]
    held = run_relance("export", "queue", *db, "--held")
    rows = list(csv.reader(io.StringIO(held.stdout.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][-1] == "Retenu car"
    assert [(row[1], row[-1]) for row in rows[1:]] == [(str(refused), HELD_REFUSED)]
    refused_option = run_relance("export", "ics", *db, "--held")
    assert refused_option.returncode != 0
    assert "--held ne vaut que pour « export queue »" in refused_option.stderr
    assert refused_option.stdout == ""


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcards_are_escaped_and_folded(conn: sqlite3.Connection, version: str) -> None:
    _seed(conn)
    card = "".join(vcards(conn, version))
    unfolded = card.replace("\r\n ", "")
    assert f"VERSION:{version}\r\n" in card
    assert "N:Lefèvre;Éloïse;;;\r\n" in unfolded
    assert "ADR;TYPE=" in unfolded
    assert ";;12 rue des Lilas\\nBât. B;Bourg\\; en\\, Bresse;;01000;France" in unfolded
    tel = "tel:+33612345678" if version == "4.0" else ":+33612345678"
    assert tel in unfolded


@pytest.mark.parametrize(
    ("version", "stored", "line"),
    [("4.0", "06 12 34 56 78", "TEL;VALUE=uri;TYPE=cell,voice:tel:+33612345678"),
     ("4.0", "0033 6 12 34 56 78", "TEL;VALUE=uri;TYPE=cell,voice:tel:+33612345678"),
     ("4.0", "+44 20 7946 0958", "TEL;VALUE=uri;TYPE=cell,voice:tel:+442079460958"),
     ("4.0", "bureau; poste 12", "TEL;TYPE=cell,voice:bureau\\; poste 12"),
     ("3.0", "06.12.34.56.78", "TEL;TYPE=CELL,VOICE:+33612345678"),
     ("3.0", "bureau; poste 12", "TEL;TYPE=CELL,VOICE:bureau\\; poste 12")],
)
def test_vcard_phones_are_dialable(conn: sqlite3.Connection, version: str, stored: str, line: str) -> None:
    add_client(conn, last_name="Roux", phone=stored)
    assert f"\r\n{line}\r\n" in "".join(vcards(conn, version)).replace("\r\n ", "")


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line
    assert escape_text("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"


def test_a_formula_typed_as_a_name_is_exported_as_text(conn: sqlite3.Connection, db_path: Path,
                                                        tmp_path: Path) -> None:
    """CSV injection: a cell starting with = + - @ would run in Excel; numbers stay numbers."""
    add_client(conn, external_id="C9", last_name='=HYPERLINK("http://x.example","Cliquez")',
               first_name="@SUM(A1)", city="-Ville")
    out = tmp_path / "clients.csv"
    assert run_relance("export", "clients", "--db", str(db_path), "--output", str(out)).returncode == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Nom"] == '\'=HYPERLINK("http://x.example","Cliquez")'
    assert first["Prénom"] == "'@SUM(A1)"
    assert first["Ville"] == "'-Ville"
    assert first["N° client"] == "C9"
    add_user(conn, "v.formule", name="=2+5+cmd|' /C calc'!A0")
    listed = run_relance("users", "list", "--db", str(db_path), "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    users = {row[0]: row[1] for row in csv.reader(io.StringIO(listed.stdout.lstrip("\ufeff")), delimiter=";")}
    assert users["v.formule"] == "'=2+5+cmd|' /C calc'!A0"
    assert [spreadsheet_text(t) for t in ("-12,50", "+33 6 12", "1 234,56", "=1+1", "\tx")] == [
        "-12,50", "+33 6 12", "1 234,56", "'=1+1", "'\tx"]
