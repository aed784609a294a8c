"""The log dialog driven with Pilot at 80x24: keys, dates understood, refusals, and what is saved."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from rules.consent import HELD_REFUSED
from tests.factories import add_client, add_reminder, add_user, add_vehicle
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.log_call import LogCallDialog, LogCallForm, OutcomePicker
from tui.screens.queue import QueueScreen

TODAY = date(2026, 11, 23)  # a Monday


pytestmark = pytest.mark.usefixtures("frozen_clock")


def _app(db_path: Path, login: str = "martine") -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user=login, lang="fr"))


def _seed(conn: sqlite3.Connection) -> dict[str, int]:
    add_user(conn, "martine", name="Martine")
    ids: dict[str, int] = {}
    for n, (last, first) in enumerate([("Dupont", "Éric"), ("Lefèvre", "Anne"), ("Nguyen", "Paul")]):
        client = add_client(conn, last_name=last, first_name=first, phone=f"06123456{n}0",
                            consent_phone="yes")
        add_vehicle(conn, client, plate=f"AB-12{n}-CD")
        ids[last] = add_reminder(conn, client, subject_id=client, tier=3, due_on=f"2026-11-2{n}",
                                 reason=f"LOA Peugeot 3008 AB-12{n}-CD : fin le 14/01/2027")
        ids[f"{last}_client"] = client
    return ids


async def _settle(app: RelanceApp) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await app.screen.workers.wait_for_complete()
        if isinstance(app.screen, LogCallDialog) or _form_open(app):
            return
        for screen in app.screen_stack:
            await screen.workers.wait_for_complete()
    await app.workers.wait_for_complete()


async def _open_queue(app: RelanceApp) -> QueueScreen:
    await _settle(app)
    assert isinstance(app.screen, QueueScreen)
    return app.screen


def _form_open(app: RelanceApp) -> bool:
    """The log form is in use: in place of the brief on the queue, or in its dialog on the card."""
    forms = app.screen.query(LogCallForm)
    return bool(forms) and forms.first().display


def _understood(app: RelanceApp) -> str:
    return shown(app.screen.query_one("#log-understood", Static))


async def test_no_answer_call_again_tomorrow_is_three_keys(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        queue = await _open_queue(app)
        await pilot.pause()
        await pilot.press("l", "n", "enter")  # the three keys; what follows is what they did
        await _settle(app)
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        assert app.screen is queue
        assert queue.current_item is not None
        assert queue.current_item.client_name == "LEFÈVRE Anne"  # the next call, with its brief
        brief = queue.query_one("#brief", Static)
        assert "LEFÈVRE Anne" in shown(brief)
        assert "DUPONT Éric — Pas de réponse : à rappeler le mardi 24/11/2026." in str(brief.border_title)
        table = queue.query_one("#queue-table", DataTable)
        for _ in range(40):  # the line handled leaves with the reload that follows the write (< 2 s)
            await pilot.pause(0.05)
            if table.row_count == 2:
                break
        assert table.row_count == 2
        assert queue.current_item is not None
        assert queue.current_item.client_name == "LEFÈVRE Anne"
    row = conn.execute("SELECT status, snoozed_until, attempts, claimed_by FROM reminders WHERE id = ?",
                       (ids["Dupont"],)).fetchone()
    assert tuple(row) == ("snoozed", "2026-11-24", 1, None)
    contact = conn.execute("SELECT client_id, channel, outcome, next_action_on, reminder_id, user_login"
                           " FROM contacts").fetchall()
    assert [tuple(c) for c in contact] == [
        (ids["Dupont_client"], "phone", "no_answer", "2026-11-24", ids["Dupont"], "martine")]


async def test_the_dialog_is_prefilled_and_shows_the_date_understood(conn: sqlite3.Connection,
                                                                     db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("l")
        await pilot.pause()
        assert _form_open(app)
        assert "DUPONT Éric" in str(app.screen.query_one(LogCallForm).border_title)
        assert "AB-120-CD" in shown(app.screen.query_one("#log-reason", Static))
        assert "Téléphone" in shown(app.screen.query_one("#log-channel", Static))
        assert "choisissez un résultat" in _understood(app)
        await pilot.press("2")  # the digit works as the letter
        assert app.screen.query_one(OutcomePicker).selected == "no_answer"
        assert app.screen.query_one("#log-when", Input).value == "24/11/2026"
        assert "mardi 24/11/2026" in _understood(app)
        await pilot.press("c")
        assert "SMS" in shown(app.screen.query_one("#log-channel", Static))
        await pilot.press("tab", "tab")
        when = app.screen.query_one("#log-when", Input)
        assert app.screen.focused is when
        when.value = ""
        await pilot.press(*"jeudi 14h")
        await pilot.pause()
        assert "jeudi 26/11/2026 à 14h00" in _understood(app)
        await pilot.press("escape")  # cancels, even from a text field
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert not _form_open(app)
        assert app.screen.query_one("#brief").display
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM reminders WHERE claimed_by IS NOT NULL").fetchone()[0] == 0


@pytest.mark.parametrize(("typed", "message"), [
    ("15/03/2020", "est passé"),
    ("12", "ambigu"),
    ("31/02", "n'existe pas"),
    ("la semaine des quatre jeudis", "Je ne"),
])
async def test_a_past_or_ambiguous_date_is_refused(conn: sqlite3.Connection, db_path: Path,
                                                   typed: str, message: str) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("l", "m", "tab", "tab")
        app.screen.query_one("#log-when", Input).value = typed
        await pilot.pause()
        assert message in _understood(app)
        await pilot.press("enter")
        await pilot.pause()
        assert _form_open(app)  # still open: nothing saved
        assert message in _understood(app)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM reminders WHERE status = 'open'").fetchone()[0] == 3


async def test_a_typed_date_reschedules_the_reminder(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("l", "m", "tab", "tab")
        app.screen.query_one("#log-when", Input).value = "dans 2 semaines"
        await pilot.press("enter")
        await _settle(app)
    row = conn.execute("SELECT status, snoozed_until FROM reminders WHERE id = ?",
                       (ids["Dupont"],)).fetchone()
    assert tuple(row) == ("snoozed", "2026-12-07")
    assert conn.execute("SELECT outcome FROM contacts").fetchone()[0] == "voicemail"


async def test_a_forbidden_note_is_refused_with_its_words(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("l", "j", "tab")
        await pilot.press(*"client chauve et catholique")
        await pilot.press("enter")
        await pilot.pause()
        assert _form_open(app)
        refusal = _understood(app)
        assert "« chauve » (description physique)" in refusal
        assert "« catholique » (religion)" in refusal
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
        note = app.screen.query_one("#log-note", Input)
        assert app.screen.focused is note
        note.value = "veut un essai de la 3008"
        await pilot.press("enter")
        await _settle(app)
        assert not _form_open(app)
    assert conn.execute("SELECT outcome, note FROM contacts").fetchone() == ("reached",
                                                                             "veut un essai de la 3008")
    assert conn.execute("SELECT status FROM reminders WHERE id = ?", (ids["Dupont"],)).fetchone()[0] == "done"


async def test_enter_without_an_outcome_asks_for_one(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("l", "enter")
        await pilot.pause()
        assert _form_open(app)
        assert "Choisissez d'abord le résultat" in _understood(app)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


async def test_a_read_only_user_cannot_log(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path, "stagiaire")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _open_queue(app)
        await pilot.press("l", "n", "enter")
        await _settle(app)
        assert not _form_open(app)
        assert any("Consultation seulement" in n.message for n in app._notifications)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


async def test_log_from_the_client_card(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("enter")
        await _settle(app)
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("l", "r", "tab", "tab")
        app.screen.query_one("#log-when", Input).value = "lundi 10h"
        await pilot.press("enter")
        await pilot.pause()
        await _settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert "rendez-vous" in shown(app.screen.query_one("#card-contacts", Static))
    assert tuple(conn.execute("SELECT outcome, next_action_on, reminder_id FROM contacts").fetchone()) == (
        "appointment", "2026-11-30", ids["Dupont"])
    assert conn.execute("SELECT status FROM reminders WHERE id = ?", (ids["Dupont"],)).fetchone()[0] == "done"


async def test_a_typed_date_survives_a_change_of_outcome(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("l", "n")
        when = app.screen.query_one("#log-when", Input)
        assert when.value == "24/11/2026"
        await pilot.press("j")  # reached: no default date, the prefilled one goes
        assert when.value == ""
        await pilot.press("m")
        assert when.value == "24/11/2026"
        when.value = "fin du mois"
        await pilot.press("n")  # what the user typed stays
        await pilot.pause()
        assert when.value == "fin du mois"
        assert "lundi 30/11/2026" in _understood(app)


async def test_letters_in_the_form_do_not_reach_the_queue(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _open_queue(app)
        await pilot.press("l", "t", "h", "a", "q", "l")  # tier, held, department, quit, log again
        await pilot.pause()
        assert _form_open(app)
        assert queue.filters == type(queue.filters)()
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert not _form_open(app)
        assert app.focused is queue.query_one("#queue-table")


async def test_a_call_the_law_holds_back_is_not_logged_as_made(conn: sqlite3.Connection,
                                                                 db_path: Path) -> None:
    add_user(conn, "martine", name="Martine")
    client = add_client(conn, last_name="Hoarau", first_name="Stéphanie", consent_phone="no")
    held = add_reminder(conn, client, held_reason=HELD_REFUSED)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await pilot.press("h")  # the held lines
        await _settle(app)
        await pilot.press("l")
        await pilot.pause()
        assert f"Retenu : {HELD_REFUSED}" in shown(app.screen.query_one("#log-reason", Static))
        await pilot.press("j", "enter")
        await pilot.pause()
        assert _form_open(app)
        assert f"Appel retenu par la loi ({HELD_REFUSED}) : rien n'est enregistré" in _understood(app)
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
        await pilot.press("c", "c", "c")  # phone, sms, e-mail: the client came to the desk
        await pilot.press("enter")
        await _settle(app)
        assert not _form_open(app)
    assert conn.execute("SELECT channel, outcome FROM contacts").fetchall() == [("visit", "reached")]
    assert conn.execute("SELECT status FROM reminders WHERE id = ?", (held,)).fetchone()[0] == "done"


async def test_a_card_found_by_search_logs_the_call_the_client_is_due(conn: sqlite3.Connection,
                                                                      db_path: Path) -> None:
    ids = _seed(conn)
    client = ids["Lefèvre_client"]
    put_off = add_reminder(conn, client, rule_id="web_lead", subject_kind="lead", tier=1,
                           status="snoozed", snoozed_until="2026-11-25", reason="Demande web")
    held = add_reminder(conn, client, rule_id="loyalty_call", subject_kind="vehicle", tier=0,
                        held_reason=HELD_REFUSED)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await app.push_screen(ClientScreen(client))  # as a search opens it: no line chosen
        await _settle(app)
        await pilot.press("l")
        await pilot.pause()
        assert "Demande web" in shown(app.screen.query_one("#log-reason", Static))
        await pilot.press("j", "enter")
        await _settle(app)
        await pilot.press("l")  # a second contact is about the client alone
        await pilot.pause()
        assert "(sans rappel)" in shown(app.screen.query_one("#log-reason", Static))
    status = dict(conn.execute("SELECT id, status FROM reminders").fetchall())
    assert (status[put_off], status[held], status[ids["Lefèvre"]]) == ("done", "open", "open")


async def test_a_visit_logged_from_a_card_without_reminder_is_called_a_visit(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    _seed(conn)
    walk_in = add_client(conn, last_name="Martin", first_name="Léa", consent_phone="yes")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_queue(app)
        await app.push_screen(ClientScreen(walk_in))
        await _settle(app)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("c", "c", "c", "j", "enter")  # phone, sms, e-mail, visit
        await _settle(app)
        assert not _form_open(app)
        assert "Visite notée." in [n.message for n in app._notifications]
    assert conn.execute("SELECT channel, reminder_id FROM contacts WHERE client_id = ?",
                        (walk_in,)).fetchall() == [("visit", None)]
