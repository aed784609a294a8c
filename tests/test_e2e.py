"""End to end: the real ``relance`` command in a real terminal (tmux), read off the screen."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli import relance_command
from tests.factories import add_client, add_financing, add_reminder, add_vehicle
from tests.tmux import terminal

pytestmark = pytest.mark.e2e


def _seed(conn: sqlite3.Connection) -> None:
    for n, (last, first) in enumerate([("Dupont", "Éric"), ("Lefèvre", "Anne"), ("Nguyen", "Paul")]):
        client = add_client(conn, last_name=last, first_name=first, phone=f"06123456{n}0")
        vehicle = add_vehicle(conn, client, plate=f"AB-12{n}-CD")
        financing = add_financing(conn, client, vehicle)
        # the occurrence key the engine gives it: the app's run on opening finds it known
        add_reminder(conn, client, subject_id=financing, occurrence_on="2026-11-14", tier=3,
                     due_on=f"2026-11-2{n}",
                     reason=f"LOA Peugeot 3008 AB-12{n}-CD : fin le 14/01/2027")


def test_morning_queue_card_and_quit(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23"}
    with terminal(relance_command(), env) as term:
        screen = term.wait_text("DUPONT Éric")
        assert "3 rappels dus" in screen
        assert "20/11/2026" in screen
        assert "06 12 34 56 00" in screen
        assert "Fiche client" in screen  # the footer shows the keys
        assert screen.index("DUPONT") < screen.index("LEFÈVRE") < screen.index("NGUYEN")
        term.press("Down", "Enter")
        card = term.wait_text("Consentements")
        assert "LEFÈVRE Anne" in card
        assert "AB-121-CD" in card
        term.press("Escape")
        term.wait_text("3 rappels dus")
        term.press("q")
        term.wait_text("EXIT=0")


def test_the_app_raises_todays_reminders_as_it_opens(conn: sqlite3.Connection, db_path: Path) -> None:
    client = add_client(conn, last_name="Dupont", first_name="Éric", consent_phone="yes")
    vehicle = add_vehicle(conn, client, plate="GH-456-JK")
    add_financing(conn, client, vehicle, start_on="2024-01-23", duration_months=36,
                  end_on="2027-01-23")
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23"}
    with terminal(relance_command(), env) as term:
        screen = term.wait_text("1 rappels dus")
        assert "DUPONT Éric" in screen
        assert "23/11/2026" in screen
        term.press("q")
        term.wait_text("EXIT=0")


def test_an_empty_database_opens_on_an_empty_queue(tmp_path: Path) -> None:
    env = {"RELANCE_DB": str(tmp_path / "neuve.db"), "RELANCE_TODAY": "2026-11-23"}
    with terminal(relance_command(), env) as term:
        term.wait_text("Aucun rappel")
        term.press("q")
        term.wait_text("EXIT=0")


@pytest.mark.parametrize("term_name", ["xterm", "screen", "linux"])
def test_plain_terminals_show_the_queue(conn: sqlite3.Connection, db_path: Path, term_name: str) -> None:
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23"}
    with terminal(relance_command(), env, term=term_name) as term:
        term.wait_text("NGUYEN Paul")
        term.press("q")
        term.wait_text("EXIT=0")


def test_a_bad_database_says_so_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite at all" * 64)
    with terminal(relance_command(), {"RELANCE_DB": str(bad)}) as term:
        screen = term.wait_text("EXIT=1")
        assert "n'est pas une base SQLite valide" in screen
        assert "Traceback" not in screen


@pytest.mark.parametrize("how", [["--lang", "en"], []])
def test_english_by_option_or_locale(conn: sqlite3.Connection, db_path: Path, how: list[str]) -> None:
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23"}
    if not how:
        env["LANG"] = "en_GB.UTF-8"
    with terminal([*relance_command(), *how], env) as term:
        screen = term.wait_text("3 callbacks due")
        assert "Client card" in screen
        assert "Quit" in screen
        term.press("q")
        term.wait_text("EXIT=0")


def test_a_dropped_connection_ends_the_process_and_frees_the_base(conn: sqlite3.Connection,
                                                                   db_path: Path) -> None:
    import os
    import time

    from tests.tmux import bare_terminal

    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23", "TERM": "xterm-256color"}
    with bare_terminal(relance_command(), env) as term:
        term.wait_text("DUPONT Éric")
        term.press("Enter")
        term.wait_text("Consentements")  # a reminder is claimed: the app has written
        pid = term.pid()
        term.hang_up()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
            time.sleep(0.05)
        assert not os.path.exists(f"/proc/{pid}"), "relance outlived its terminal"
    conn.execute("PRAGMA busy_timeout=0")
    conn.execute("BEGIN IMMEDIATE")  # nobody holds the write lock
    conn.execute("ROLLBACK")


def test_no_color_keeps_the_overdue_warning_visible(conn: sqlite3.Connection, db_path: Path) -> None:
    """Under NO_COLOR Textual greys colours by luminance (red nearly as dark as the background):
    the overdue dates are underlined instead, so the warning still shows."""
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23", "NO_COLOR": "1"}
    with terminal(relance_command(), env) as term:
        term.wait_text("NGUYEN Paul")
        styled = subprocess.run(["tmux", "capture-pane", "-e", "-p", "-t", term.name],
                                capture_output=True, text=True, check=True).stdout
        row = next(line for line in styled.splitlines() if "NGUYEN" in line)
        before_date = row[: row.index("22/11/2026")]
        last_style = before_date[before_date.rindex("\x1b["):]  # the style the date is drawn in
        assert re.fullmatch(r"\x1b\[(?:[0-9]+;)*4(?:;[0-9]+)*m", last_style), row  # underlined
        term.press("q")
        term.wait_text("EXIT=0")
