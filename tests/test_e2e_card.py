"""The client card in a real terminal at 80x24, in French and in English: the workshop, the
pending reminders and the contacts are reached by scrolling, their codes named in the language."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli import relance_command
from tests.factories import add_client, add_contact, add_reminder, add_repair_order, add_vehicle
from tests.tmux import terminal

pytestmark = pytest.mark.e2e


def _seed(conn: sqlite3.Connection) -> None:
    client = add_client(conn, last_name="Bertrand", first_name="Louis", consent_phone="yes",
                        company="")
    polo = add_vehicle(conn, client, make="Volkswagen", model="Polo", plate="CX-384-XW")
    add_repair_order(conn, client, "2026-09-15", 20000, vehicle_id=polo, kind="maintenance",
                     mileage=88000, number="OR-POLO-1")
    add_reminder(conn, client, rule_id="service_due", subject_kind="vehicle", subject_id=polo,
                 occurrence_on="2026-11-20", due_on="2026-11-20", tier=5, channel="sms",
                 reason="Entretien Volkswagen Polo CX-384-XW",
                 reason_en="Service Volkswagen Polo CX-384-XW")
    add_contact(conn, client, at="2026-05-06T11:07:00", channel="visit", direction="in",
                outcome="sale", user_login="s.moreau")


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ["Atelier : derniers ordres de réparation", "15/09/2026  OR-POLO-1  entretien",
            "Relances en cours", "Entretien Volkswagen Polo", "non attribuée",
            "06/05/2026 11:07  Visite  vente"]),
    ("en", ["Workshop: latest repair orders", "15/09/2026  OR-POLO-1  service",
            "Pending reminders", "Service Volkswagen Polo", "not assigned",
            "06/05/2026 11:07  Visit  sale"]),
])
def test_the_card_reads_at_80x24_in_each_language(conn: sqlite3.Connection, db_path: Path,
                                                  lang: str, words: list[str]) -> None:
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-24"}
    with terminal([*relance_command(), "--lang", lang], env) as term:
        term.wait_text("BERTRAND Louis")
        term.press("Enter")
        seen = term.wait_text("OR-POLO-1")
        for _ in range(4):  # the card scrolls: every section comes into view
            term.press("PageDown")
            seen += term.screen()
        term.wait_text(words[-1])
        for text in words:
            assert text in seen or text in term.screen(), text
        assert "visit" not in seen
        assert "maintenance" not in seen
        term.press("q")
        term.wait_text("EXIT=0")
