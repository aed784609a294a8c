"""GDPR: subject access, erasure by managers only, and the CNIL retention list."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rules.gdpr import client_cutoff, erase_refusal, prospect_cutoff
from store.gdpr import anonymize, find_client_id, retention_due
from store.rows import insert, update
from tests.cli import run_relance
from tests.factories import (
    add_client,
    add_financing,
    add_reminder,
    add_repair_order,
    add_user,
    add_vehicle,
)


def _person(conn: sqlite3.Connection) -> int:
    client = add_client(conn, external_id="C1", last_name="Lefèvre", first_name="Éloïse",
                        email="eloise@exemple.fr", phone="+33612345678")
    update(conn, "clients", client, 1, {"city": "Bourg-en-Bresse"}, user="paul")
    vehicle = add_vehicle(conn, client, vin="VF3MCYHZRKS123456", plate="AB-123-CD")
    insert(conn, "repair_orders", {"number": "OR1", "opened_on": "2025-01-14", "client_id": client,
                                   "vehicle_id": vehicle, "revenue_cents": 123456}, user="test")
    insert(conn, "contacts", {"client_id": client, "at": "2025-02-01T10:00:00", "channel": "phone",
                              "direction": "in", "note": "rappeler sa femme Sophie"}, user="paul")
    add_reminder(conn, client, reason="LOA Peugeot 3008 AB-123-CD : fin le 14/01/2027")
    return client


def _as(login: str) -> dict[str, str]:
    return {"USER": login, "LOGNAME": login, "LNAME": login, "USERNAME": login}


def test_export_holds_everything_on_the_person(conn: sqlite3.Connection, db_path: Path) -> None:
    client = _person(conn)
    result = run_relance("gdpr", "export", "dms:C1", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["client"]["id"] == client
    assert data["client"]["email"] == "eloise@exemple.fr"
    assert data["vehicles"][0]["plate"] == "AB-123-CD"
    assert data["repair_orders"][0]["number"] == "OR1"
    assert data["contacts"][0]["note"] == "rappeler sa femme Sophie"
    assert [a["field"] for a in data["audit"] if a["action"] == "update"] == ["city"]


def test_erase_is_for_managers_and_keeps_the_invoices(conn: sqlite3.Connection, db_path: Path) -> None:
    client = _person(conn)
    add_user(conn, "paul", "sales")
    add_user(conn, "chef", "manager")
    refused = run_relance("gdpr", "erase", str(client), "--db", str(db_path), env=_as("paul"))
    assert refused.returncode == 1
    assert "« paul » a le rôle sales" in refused.stderr
    stranger = run_relance("gdpr", "erase", str(client), "--db", str(db_path), env=_as("inconnu"))
    assert "n'est pas dans la table des utilisateurs" in stranger.stderr
    done = run_relance("gdpr", "erase", str(client), "--db", str(db_path), env=_as("chef"))
    assert done.returncode == 0, done.stderr
    row = conn.execute("SELECT last_name, first_name, email, phone, external_id, anonymized_at,"
                       " consent_phone FROM clients WHERE id = ?", (client,)).fetchone()
    assert row[:4] == ("ANONYME", "", "", "")
    assert row[4].startswith("rgpd:")
    assert "C1" not in row[4]
    assert row[5] is not None
    assert row[6] == "no"
    assert conn.execute("SELECT number, revenue_cents FROM repair_orders").fetchone() == ("OR1", 123456)
    assert conn.execute("SELECT plate, vin FROM vehicles").fetchone() == ("", None)
    assert conn.execute("SELECT note FROM contacts").fetchone() == ("",)
    assert conn.execute("SELECT status, reason FROM reminders").fetchone() == ("dismissed", "effacé (RGPD)")
    dump = "\n".join(str(r) for r in conn.execute("SELECT * FROM audit").fetchall())
    assert "Bourg-en-Bresse" not in dump
    assert conn.execute("SELECT user_login FROM audit WHERE action = 'anonymize'").fetchone() == ("chef",)
    export = json.loads(run_relance("gdpr", "export", str(client), "--db", str(db_path)).stdout)
    text = json.dumps(export, ensure_ascii=False)
    for personal in ("Lefèvre", "eloise@", "AB-123-CD", "Sophie", "+33612345678"):
        assert personal not in text


def test_an_erased_person_is_not_brought_back_by_the_next_dms_import(
        conn: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    client = _person(conn)
    anonymize(conn, client, "chef")
    dms = tmp_path / "clients.csv"
    dms.write_text("N° client;Nom;Prénom\nC1;Lefèvre;Éloïse\nC2;Autre;Jean\n", encoding="utf-8")
    result = json.loads(run_relance("import", "clients", str(dms), "--db", str(db_path),
                                    "--format", "json").stdout)
    assert result["counts"]["create"] == 1
    assert result["problems"][0]["reason"].startswith("personne effacée à sa demande")
    assert conn.execute("SELECT count(*) FROM clients WHERE last_name = 'Lefèvre'").fetchone()[0] == 0


def test_retention_lists_silent_prospects_and_ended_relationships(conn: sqlite3.Connection,
                                                                  db_path: Path) -> None:
    silent = add_client(conn, kind="prospect", last_name="Ancien", last_inbound_on="2022-01-10")
    conn.execute("UPDATE clients SET created_at = '2021-05-01T10:00:00' WHERE id = ?", (silent,))
    talking = add_client(conn, kind="prospect", last_name="Actif", last_inbound_on="2022-01-10")
    conn.execute("UPDATE clients SET created_at = '2021-05-01T10:00:00' WHERE id = ?", (talking,))
    insert(conn, "contacts", {"client_id": talking, "at": "2025-06-01T09:00:00", "channel": "phone",
                              "direction": "in"})
    former = add_client(conn, kind="former", last_name="Parti")
    conn.execute("UPDATE clients SET created_at = '2015-05-01T10:00:00' WHERE id = ?", (former,))
    insert(conn, "repair_orders", {"number": "OR9", "opened_on": "2022-03-01", "client_id": former})
    today = date(2026, 11, 23)
    due = retention_due(conn, prospect_cutoff(today), client_cutoff(today))
    assert [(d.client_id, d.last_on) for d in due] == [(silent, "2022-01-10"), (former, "2022-03-01")]
    result = run_relance("gdpr", "due", "--db", str(db_path), "--today", "2026-11-23", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows[0]["reason"] == "prospect sans contact de sa part depuis le 10/01/2022 (plus de 3 ans)"
    assert rows[1]["reason"].startswith("relation commerciale terminée le 01/03/2022")


def _old_prospect_record(conn: sqlite3.Connection, last_name: str) -> int:
    """A record of kind 'prospect' (a DMS file without a Type column) created in 2019."""
    client = add_client(conn, kind="prospect", last_name=last_name)
    conn.execute("UPDATE clients SET created_at = '2019-05-01T10:00:00' WHERE id = ?", (client,))
    return client


def _repair_order(conn: sqlite3.Connection, client: int, on: str) -> None:
    add_repair_order(conn, client, on, 15000)


def _vehicle(conn: sqlite3.Connection, client: int, on: str) -> None:
    add_vehicle(conn, client, delivered_on=on, plate="")


def _financing(conn: sqlite3.Connection, client: int, on: str) -> None:
    add_financing(conn, client, add_vehicle(conn, client, delivered_on="2019-06-01", plate=""),
                  start_on="2019-06-01", end_on=on)


def _purchase(conn: sqlite3.Connection, client: int, on: str) -> None:
    insert(conn, "proposals", {"client_id": client, "handed_on": on, "status": "accepted"}, user="test")


@pytest.mark.parametrize("fact", [_repair_order, _vehicle, _financing, _purchase])
def test_retention_judges_a_prospect_record_with_a_purchase_as_a_client(
        conn: sqlite3.Connection, db_path: Path, fact: Any) -> None:
    kept = _old_prospect_record(conn, "Atelier")  # a workshop customer seen in 2024: kept
    fact(conn, kept, "2024-06-01")
    gone = _old_prospect_record(conn, "Parti")  # last seen in 2022: due, as a former client
    fact(conn, gone, "2022-03-01")
    silent = _old_prospect_record(conn, "Silencieux")  # a true prospect, silent since 2019
    today = date(2026, 11, 23)
    due = retention_due(conn, prospect_cutoff(today), client_cutoff(today))
    assert [(d.client_id, d.kind, d.last_on) for d in due] == [
        (silent, "prospect", "2019-05-01"), (gone, "client", "2022-03-01")]
    rows = json.loads(run_relance("gdpr", "due", "--db", str(db_path), "--today", "2026-11-23",
                                  "--format", "json").stdout)
    assert [(r["client_id"], r["kind"]) for r in rows] == [(silent, "prospect"), (gone, "client")]
    assert rows[1]["reason"] == "relation commerciale terminée le 01/03/2022 (plus de 3 ans)"


def test_a_refused_proposal_does_not_make_a_client(conn: sqlite3.Connection) -> None:
    prospect = _old_prospect_record(conn, "Hésitant")
    insert(conn, "proposals", {"client_id": prospect, "handed_on": "2024-06-01", "status": "refused"},
           user="test")
    today = date(2026, 11, 23)
    due = retention_due(conn, prospect_cutoff(today), client_cutoff(today))
    assert [(d.client_id, d.kind, d.last_on) for d in due] == [(prospect, "prospect", "2019-05-01")]


def test_policy_and_client_references(conn: sqlite3.Connection) -> None:
    assert erase_refusal("chef", "manager") is None
    assert erase_refusal("root", "admin") is None
    assert erase_refusal("paul", "aftersales") is not None
    first = add_client(conn)
    second = add_client(conn, external_id=str(first))
    with pytest.raises(Exception, match="id:1 ou dms:1"):
        find_client_id(conn, str(first))
    assert find_client_id(conn, f"dms:{first}") == second
    assert find_client_id(conn, f"id:{first}") == first
