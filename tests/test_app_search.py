"""Find from anywhere in the real app: `/`, type, Enter opens the card."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from tests.factories import add_client, add_reminder
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.client_edit import ClientEditScreen
from tui.screens.queue import QueueScreen
from tui.screens.search import SearchScreen

TODAY = date(2026, 11, 23)


def _context(db_path: Path) -> Context:
    return Context(db_path=db_path, today=TODAY, user="martine", lang="fr")


async def test_slash_searches_on_each_key_and_enter_opens_the_card(
        conn: sqlite3.Connection, db_path: Path) -> None:
    dupont = add_client(conn, last_name="Dupont", first_name="Éric")
    add_reminder(conn, dupont)
    wanted = add_client(conn, last_name="Lefèvre", first_name="Philippe", phone="0698765432",
                        city="Brest")
    add_client(conn, last_name="Lefort", first_name="Anne", phone="0611111111", city="Nantes")
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        table = screen.query_one("#hits", DataTable)
        seen: list[int] = []
        for key in "lefe":
            await pilot.press(key)
            await screen.workers.wait_for_complete()
            await pilot.pause()
            seen.append(table.row_count)
        assert seen[-1] == 2  # Lefèvre and Lefort, none of Dupont
        for key in "bvre":
            await pilot.press(key)
            await screen.workers.wait_for_complete()
            await pilot.pause()
        assert screen.query_one("#query", Input).value == "lefebvre"
        assert [hit.client_id for hit in screen.hits][:1] == [wanted]
        assert "Brest" in str(table.get_row_at(0)[1])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == wanted
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert "LEFÈVRE Philippe" in shown(app.screen.query_one("#card-identity", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_slash_works_from_the_card_and_is_in_the_palette(
        conn: sqlite3.Connection, db_path: Path) -> None:
    dupont = add_client(conn, last_name="Dupont", first_name="Éric")
    add_reminder(conn, dupont)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Rechercher" in titles
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"06/12")  # a slash typed in the search box is text, not a new search
        await pilot.pause()
        assert app.screen.query_one("#query", Input).value == "06/12"
        assert len(app.screen_stack) == 4  # default, queue, card, search
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)


async def test_slash_in_a_form_field_is_text(conn: sqlite3.Connection, db_path: Path) -> None:
    dupont = add_client(conn, last_name="Dupont", first_name="Éric")
    add_reminder(conn, dupont)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ClientEditScreen)
        field = app.screen.query_one("#edit-address", Input)
        field.focus()
        await pilot.press("end", "slash", "b")
        assert field.value.endswith("/b")
        assert isinstance(app.screen, ClientEditScreen)


async def test_namesakes_are_marked_and_every_column_fits_80(conn: sqlite3.Connection,
                                                              db_path: Path) -> None:
    add_client(conn, last_name="Martin", first_name="Claire", city="Lyon", birth_year=1970)
    add_client(conn, last_name="Martin", first_name="Claire", city="Brest", birth_year=1990,
               phone="0698765432")
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"martin claire")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert "homonymes" in shown(screen.query_one("#status", Static))
        table = screen.query_one("#hits", DataTable)
        assert {str(table.get_row_at(row)[1]) for row in range(2)} == {"Lyon", "Brest"}
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 80
