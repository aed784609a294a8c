"""The real app driven with Textual's Pilot at 80x24."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Static

from tests.factories import add_client, add_financing, add_reminder, add_vehicle
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.queue import QueueScreen

TODAY = date(2026, 11, 23)


def _context(db_path: Path) -> Context:
    return Context(db_path=db_path, today=TODAY, user="martine", lang="fr")


def _seed(conn: sqlite3.Connection) -> int:
    dupont = add_client(conn, last_name="Dupont", first_name="Éric", phone="0612345678",
                        consent_phone="yes", consent_phone_on="2025-03-02",
                        consent_phone_source="bon de commande")
    vehicle = add_vehicle(conn, dupont, plate="GH-456-JK", model="308")
    financing = add_financing(conn, dupont, vehicle, end_on="2027-01-14")
    # the occurrence key of the engine's own reminder: the app's run on opening adds nothing
    add_reminder(conn, dupont, tier=3, subject_id=financing, occurrence_on="2026-11-14",
                 due_on="2026-11-20",
                 reason="LOA Peugeot 308 GH-456-JK : fin le 14/01/2027, dans 2 mois")
    evil = add_client(conn, last_name="[b]Lefèvre[/b]", first_name="[red]Anne", phone="")
    add_reminder(conn, evil, tier=1, subject_id=evil, reason="Lead site marque [link=x]")
    return dupont


def shown(widget: Static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def _cell_texts(table: DataTable[object], row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_queue_shows_todays_reminders_in_order(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one("#queue-table", DataTable)
        assert table.row_count == 2
        first, second = _cell_texts(table, 0), _cell_texts(table, 1)
        assert first[:2] == ["1", "[B]LEFÈVRE[/B] [red]Anne"]  # markup stays text
        assert first[2] == "Lead site marque [link=x]"
        assert second[1] == "DUPONT Éric"
        assert second[3:] == ["20/11/2026", "06 12 34 56 78"]
        summary = app.screen.query_one("#queue-summary", Static)
        assert "2 rappels dus" in shown(summary)


async def test_enter_opens_the_card_and_escape_returns(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        identity = shown(app.screen.query_one("#card-identity", Static))
        assert "DUPONT Éric" in identity
        assert "06 12 34 56 78" in identity
        consent = shown(app.screen.query_one("#card-consent", Static))
        assert "oui" in consent
        assert "02/03/2025" in consent
        assert "GH-456-JK" in shown(app.screen.query_one("#card-vehicles", Static))
        financing = shown(app.screen.query_one("#card-financing", Static))
        assert "14/01/2027" in financing
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_q_quits(conn: sqlite3.Connection, db_path: Path) -> None:
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_an_empty_database_says_there_is_nothing_due(db_path: Path) -> None:
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        summary = app.screen.query_one("#queue-summary", Static)
        assert "Aucun rappel" in shown(summary)


async def test_the_footer_shows_the_keys(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        shown = {binding.description for _, binding, enabled, _ in app.screen.active_bindings.values()
                 if binding.show and enabled}
        assert {"Fiche client", "Quitter", "Aide"} <= shown


async def test_the_palette_lists_the_screens_commands(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Fiche client", "Les miens", "Retenus", "Quitter", "Aide"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"retenus")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.filters.held
