"""End to end: `/` in the real ``relance`` in tmux finds a client by a misspelt name and a phone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli import relance_command
from tests.factories import add_client, add_reminder, add_vehicle
from tests.tmux import Terminal, terminal

pytestmark = pytest.mark.e2e


ENV = {"RELANCE_TODAY": "2026-11-23"}


def _two_clients(conn: sqlite3.Connection) -> None:
    """Dupont, due a call (the queue's line), and Lefebvre of Brest, with a car, to be found."""
    add_reminder(conn, add_client(conn, last_name="Dupont", first_name="Éric", phone="0612345600"))
    wanted = add_client(conn, last_name="Lefebvre", first_name="Philippe", phone="0698765432",
                        city="Brest")
    add_vehicle(conn, wanted, plate="GH-456-JK")


def _search_open(term: Terminal) -> None:
    term.wait_text("DUPONT Éric")
    term.press("/")
    term.wait_text("Nom, téléphone")


def test_slash_finds_by_misspelt_name_and_by_phone(conn: sqlite3.Connection, db_path: Path) -> None:
    _two_clients(conn)
    with terminal(relance_command(), {**ENV, "RELANCE_DB": str(db_path)}) as term:
        _search_open(term)
        term.press("-l", "lefevre filipe")
        screen = term.wait_text("LEFEBVRE Philippe")
        assert "Brest" in screen
        assert "DUPONT" not in screen.split("Client", 1)[1]
        term.press("Escape")
        term.wait_text("1 rappels dus")
        term.press("/")
        term.wait_text("Nom, téléphone")
        term.press("-l", "+33 6 98 76")
        # found by the phone: the placeholder gone, the "matched" column says so
        term.wait_for(lambda screen: "Nom, téléphone" not in screen and " tél." in screen)
        term.press("Enter")
        card = term.wait_text("Consentements")
        assert "LEFEBVRE Philippe" in card
        assert "GH-456-JK" in card
        term.press("Escape")
        term.wait_text("1 rappels dus")
        term.press("q")
        term.wait_text("EXIT=0")


def test_fields_typed_ahead_in_one_burst_land_each_in_its_own(conn: sqlite3.Connection,
                                                               db_path: Path) -> None:
    add_reminder(conn, add_client(conn, last_name="Dupont", first_name="Éric"))
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23"}
    with terminal(relance_command(), env, size=(100, 30)) as term:
        term.wait_text("DUPONT Éric")
        term.press("n")
        term.wait_text("on cherche pendant la saisie")
        # one write to the terminal, as a paste or a slow SSH link delivers it
        term.press("Xyzzy", "Tab", "Paul", "Tab", "Tab", "1975")
        screen = term.wait_text("1975")
        lines = {line.split()[0]: line.split()[1:] for line in screen.splitlines() if line.split()}
        assert lines["Nom"] == ["Xyzzy"]
        assert lines["Prénom"] == ["Paul"]
        term.press("C-s")
        term.wait_text("XYZZY Paul")
    created = conn.execute("SELECT last_name, first_name, birth_year FROM clients"
                           " WHERE last_name = 'Xyzzy'").fetchall()
    assert [tuple(row) for row in created] == [("Xyzzy", "Paul", 1975)]


def test_a_number_and_enter_typed_at_once_open_the_client(conn: sqlite3.Connection,
                                                          db_path: Path) -> None:
    _two_clients(conn)
    with terminal(relance_command(), {**ENV, "RELANCE_DB": str(db_path)}) as term:
        _search_open(term)
        term.press("0698765432", "Enter")  # one write, as a barcode reader or a paste sends it
        card = term.wait_text("Consentements")
        assert "LEFEBVRE Philippe" in card
