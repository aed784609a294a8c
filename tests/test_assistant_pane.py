"""The assistant on the queue, driven with Pilot at 80x24: each intent, and « annule » checked in the base."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.factories import add_client, add_reminder, add_user, add_vehicle
from tui.app import RelanceApp
from tui.context import Context
from tui.i18n import set_language
from tui.screens.assistant import AssistantPane
from tui.screens.queue import QueueScreen
from tui.screens.search import SearchScreen

TODAY = date(2026, 11, 23)  # a Monday


pytestmark = pytest.mark.usefixtures("frozen_clock")


def _seed(conn: sqlite3.Connection) -> dict[str, int]:
    add_user(conn, "martine", name="Martine")
    ids: dict[str, int] = {}
    for n, (last, first) in enumerate([("Dupont", "Éric"), ("Lefèvre", "Anne"), ("Nguyen", "Paul")]):
        client = add_client(conn, last_name=last, first_name=first, phone=f"06123456{n}0",
                            consent_phone="yes")
        add_vehicle(conn, client, plate=f"AB-12{n}-CD")
        ids[last] = add_reminder(conn, client, subject_id=client, tier=3 if n < 2 else 4,
                                 due_on=f"2026-11-2{n + 1}", reason=f"Motif {last}")
        ids[f"{last}_client"] = client
    return ids


def _app(db_path: Path, login: str = "martine", lang: str = "fr") -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user=login, lang=lang))


async def _settle(app: RelanceApp) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        for screen in app.screen_stack:
            await screen.workers.wait_for_complete()


def conversation(app: RelanceApp) -> str:
    return "\n".join(line.plain for line in app.screen.query_one(AssistantPane).said)


async def _ask(app: RelanceApp, pilot: object, *lines: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for line in lines:
        app.screen.query_one("#assistant-input", Input).value = line
        await pilot.press("enter")
        await _settle(app)
        await pilot.pause()


async def _open(app: RelanceApp, pilot: object) -> QueueScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await _settle(app)
    await pilot.pause()
    assert isinstance(app.screen, QueueScreen)
    await pilot.press("colon")
    await pilot.pause()
    assert app.screen.query_one(AssistantPane).display
    assert isinstance(app.screen.focused, Input)
    return app.screen


async def _talk(app: RelanceApp, *lines: str) -> str:
    """The whole conversation after ``lines`` were typed to the assistant on the queue."""
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _ask(app, pilot, *lines)
        return conversation(app)


def _contacts(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return [tuple(row) for row in conn.execute(
        "SELECT client_id, outcome, next_action_on, note, reminder_id FROM contacts ORDER BY id")]


def _reminder(conn: sqlite3.Connection, reminder_id: int) -> tuple[object, ...]:
    return tuple(conn.execute("SELECT status, snoozed_until, attempts FROM reminders WHERE id = ?",
                              (reminder_id,)).fetchone())


async def test_relance_speaks_first(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        said = conversation(app)
        assert said.startswith("Bonjour Martine. Aujourd'hui : 3 appels — 2 financements et 1 fidélisation,")
        assert "dont 2 en retard" in said
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one(AssistantPane).display
        assert isinstance(app.screen.focused, DataTable)


async def test_a_call_phrase_logs_the_call_and_moves_on(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _open(app, pilot)
        await _ask(app, pilot, "appelé, pas de réponse, rappeler jeudi")
        said = conversation(app)
        assert "Compris : DUPONT Éric, pas de réponse, jeudi 26/11/2026." in said
        assert "Suivant : LEFÈVRE Anne." in said
        assert queue.current_item is not None
        assert queue.current_item.client_name == "LEFÈVRE Anne"
    assert _reminder(conn, ids["Dupont"]) == ("snoozed", "2026-11-26", 1)
    assert _contacts(conn) == [(ids["Dupont_client"], "no_answer", "2026-11-26", "", ids["Dupont"])]


async def test_an_appointment_with_its_place(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _ask(app, pilot, "rdv lundi 10h atelier")
        assert "rendez-vous, lundi 30/11/2026 à 10h00, « atelier »" in conversation(app)
    assert _reminder(conn, ids["Dupont"])[0] == "done"
    assert _contacts(conn) == [(ids["Dupont_client"], "appointment", "2026-11-30", "atelier", ids["Dupont"])]


async def test_next_moves_the_cursor_and_says_who(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _open(app, pilot)
        await _ask(app, pilot, "suivant")
        assert "Suivant : LEFÈVRE Anne — Motif Lefèvre." in conversation(app)
        assert queue.query_one("#queue-table", DataTable).cursor_row == 1
        await _ask(app, pilot, "suivant", "suivant")
        assert "C'était le dernier rappel de la liste." in conversation(app)
    assert _contacts(conn) == []


async def test_search_opens_the_search_screen_with_the_query(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _ask(app, pilot, "cherche dupont")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "dupont"


async def test_a_note_is_saved_and_a_forbidden_one_refused(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _ask(app, pilot, "note client chauve", "note veut un essai de la 3008")
        said = conversation(app)
        assert "« chauve » (description physique)" in said
        assert "Note ajoutée à la fiche de DUPONT Éric : « veut un essai de la 3008 »." in said
    assert _contacts(conn) == [(ids["Dupont_client"], "", None, "veut un essai de la 3008", None)]
    assert _reminder(conn, ids["Dupont"]) == ("open", None, 0)


async def test_annule_takes_the_last_action_back(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _open(app, pilot)
        await _ask(app, pilot, "messagerie, rappeler dans 2 jours")
        assert _reminder(conn, ids["Dupont"]) == ("snoozed", "2026-11-25", 1)
        await _ask(app, pilot, "reporter à vendredi")
        assert "reporté au vendredi 27/11/2026" in conversation(app), conversation(app)
        assert _reminder(conn, ids["Lefèvre"]) == ("snoozed", "2026-11-27", 0)
        await _ask(app, pilot, "annule")
        assert "Annulé : le rappel de LEFÈVRE Anne." in conversation(app)
        assert _reminder(conn, ids["Lefèvre"]) == ("open", None, 0)
        await _ask(app, pilot, "annule")
        assert "Annulé : l'appel à DUPONT Éric." in conversation(app)
        await _ask(app, pilot, "annule")
        assert "Rien à annuler." in conversation(app)
        assert queue.query_one("#queue-table", DataTable).row_count == 3
    assert _reminder(conn, ids["Dupont"]) == ("open", None, 0)
    assert _contacts(conn) == []
    undone = conn.execute("SELECT count(*) FROM audit WHERE action = 'undo'").fetchone()[0]
    assert undone >= 2


async def test_annule_after_the_log_dialog(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app)
        await pilot.pause()
        await pilot.press("l", "n", "enter")
        await _settle(app)
        assert _reminder(conn, ids["Dupont"]) == ("snoozed", "2026-11-24", 1)
        await pilot.press("colon")
        await _ask(app, pilot, "annule")
    assert _reminder(conn, ids["Dupont"]) == ("open", None, 0)
    assert _contacts(conn) == []


async def test_dismiss_help_and_what_is_not_understood(conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    said = await _talk(_app(db_path), "écarter a acheté ailleurs", "aide", "suivnt",
                       "pas de réponse, rappeler le 15/03/2020")
    assert "Rappel de DUPONT Éric écarté : a acheté ailleurs." in said
    assert "L'assistant comprend des commandes courtes" in said
    assert "« suivant »" in said
    assert "est passé" in said
    assert conn.execute("SELECT status, dismissed_reason FROM reminders WHERE id = ?",
                        (ids["Dupont"],)).fetchone() == ("dismissed", "a acheté ailleurs")
    assert _reminder(conn, ids["Lefèvre"]) == ("open", None, 0)  # the past date saved nothing


async def test_a_reminder_is_given_to_another_user_by_login(conn: sqlite3.Connection,
                                                             db_path: Path) -> None:
    ids = _seed(conn)
    moreau = add_user(conn, "s.moreau", name="Sophie Moreau")
    said = await _talk(_app(db_path), "confier à quelquun", "confier à", "attribuer a s.moreau")
    assert "Aucun utilisateur « quelquun ». Les utilisateurs : martine, s.moreau." in said
    assert "À qui confier ce rappel ?" in said
    assert "Rappel de DUPONT Éric confié à Sophie Moreau." in said
    assert conn.execute("SELECT assigned_user_id, status FROM reminders WHERE id = ?",
                        (ids["Dupont"],)).fetchone() == (moreau, "open")
    assert conn.execute("SELECT user_login, field, new_value FROM audit WHERE table_name = 'reminders'"
                        " AND row_id = ? AND action = 'reassign'", (ids["Dupont"],)).fetchall() == [
        ("martine", "assigned_user_id", str(moreau))]


async def test_a_read_only_user_is_told_and_nothing_is_written(conn: sqlite3.Connection,
                                                               db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path, "stagiaire")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _ask(app, pilot, "pas de réponse")
        assert "Consultation seulement" in conversation(app)
    assert _contacts(conn) == []


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("fr")


@pytest.mark.usefixtures("english")
async def test_replies_follow_the_language_and_french_commands_still_work(
        conn: sqlite3.Connection, db_path: Path) -> None:
    ids = _seed(conn)
    said = await _talk(_app(db_path, lang="en"), "42 !!", "suivnt", "aide", "rdv", "reporter au 31/02",
                       "note client chauve", "pas de réponse, rappeler jeudi")
    assert "Hello Martine. Today: 3 calls" in said
    assert "I did not understand “42 !!”. Type “aide” for the list of commands." in said
    assert "Did you mean “suivant”?" in said
    assert "The assistant understands short commands and simple phrases, in French." in said
    assert "call again on the next working day" in said
    assert "When is the appointment? For example “rdv lundi 10h atelier”." in said
    assert "31/02 does not exist." in said
    assert "Note refused: “chauve” (physical description)." in said
    assert "Understood: DUPONT Éric, no answer, Thursday 26/11/2026." in said
    for french in ("Je n'ai pas compris", "L'assistant comprend", "Quand est", "n'existe pas", "Note refusée",
                   "Compris"):
        assert french not in said
    assert _reminder(conn, ids["Dupont"]) == ("snoozed", "2026-11-26", 1)
