"""End to end, a salesperson's morning: the real ``relance`` on a small demo, in tmux, then the base checked.

Open the app, log « no answer » with ``l n enter``, put the next call off with the assistant,
move on with « suivant », log the one after with a date typed as said, quit.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from store.db import connect
from tests.cli import relance_command, run_relance
from tests.tmux import terminal
from tui.context import current_login

pytestmark = pytest.mark.e2e

TODAY = "2026-11-23"  # a Monday


def _due(screen: str) -> int:
    found = re.search(r"(\d+) rappels dus", screen)
    assert found, screen
    return int(found.group(1))


def test_a_morning_of_calls(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {"RELANCE_DB": str(db), "RELANCE_TODAY": TODAY}
    assert run_relance("demo", "--clients", "300", env=env).returncode == 0
    login = current_login()
    assert run_relance("users", "add", login, "--role", "sales", "--name", "Martine", env=env).returncode == 0
    listed = run_relance("queue", "--format", "json", "--limit", "4", env=env)
    first, second, third, fourth = json.loads(listed.stdout)

    with terminal(relance_command(), env) as term:
        screen = term.wait_text(first["client_name"])
        due = _due(screen)
        term.press("l", "n", "Enter")  # no answer, call again tomorrow: three keys
        term.wait_for(lambda s: f"{due - 1} rappels dus" in s and second["client_name"] in s)

        term.press(":")
        term.wait_text("Aujourd'hui")  # Relance speaks first
        term.press("reporter à jeudi", "Enter")
        term.wait_for(lambda s: "reporté au" in s)
        term.press("suivant", "Enter")
        term.wait_text(f"Suivant : {fourth['client_name']}")
        term.press("Escape")
        term.wait_for(lambda s: "Fermer l'assistant" not in s and "Noter l'appel" in s)

        term.press("l")
        term.wait_text("Rappeler le")
        term.press("m")
        term.wait_text("Messagerie : à rappeler le mardi 24/11/2026")  # the date prefilled
        term.press("Tab", "Tab", "dans 2 semaines")  # replaces the prefilled date, selected on focus
        term.wait_text("lundi 07/12/2026")  # the date understood, before saving
        term.press("Enter")
        term.wait_text(f"{due - 3} rappels dus")  # three reminders handled, one passed by
        term.press("q")
        term.wait_text("EXIT=0")

    conn = connect(db)
    try:
        _check(conn, login, first, second, third, fourth)
    finally:
        conn.close()


def _check(conn: sqlite3.Connection, login: str, *items: dict[str, object]) -> None:
    first, second, third, fourth = items

    def reminder(item: dict[str, object]) -> tuple[object, ...]:
        return tuple(conn.execute("SELECT status, snoozed_until, attempts FROM reminders WHERE id = ?",
                                  (item["reminder_id"],)).fetchone())

    def contacts(item: dict[str, object]) -> list[tuple[object, ...]]:
        return [tuple(row) for row in conn.execute(
            "SELECT outcome, next_action_on, user_login FROM contacts WHERE reminder_id = ?",
            (item["reminder_id"],))]

    assert reminder(first)[:2] == ("snoozed", "2026-11-24")
    assert contacts(first) == [("no_answer", "2026-11-24", login)]
    assert reminder(second)[:2] == ("snoozed", "2026-11-26")  # put off, no call logged
    assert contacts(second) == []
    assert reminder(third)[0] == "open"  # « suivant » passed it by
    assert reminder(fourth)[:2] == ("snoozed", "2026-12-07")
    assert contacts(fourth) == [("voicemail", "2026-12-07", login)]
    held = conn.execute("SELECT count(*) FROM reminders WHERE claimed_by IS NOT NULL").fetchone()[0]
    assert held == 0  # quitting gave every claim back
