"""The search screen driven like a user: type, move, choose; data shown as typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.app import App
from textual.widgets import DataTable

from tests.search_data import add_client
from tui.screens.search import SearchScreen


class Host(App[None]):
    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.chosen: list[int | None] = []

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.db_path), self.chosen.append)


async def test_type_then_enter_returns_the_client(conn: sqlite3.Connection,
                                                  db_path: Path) -> None:
    add_client(conn, "Dupont", "Marie", city="Nantes")
    wanted = add_client(conn, "Lefèvre", "Philippe", city="Lyon")
    app = Host(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"lefebvre")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert [hit.client_id for hit in app.screen.hits][:1] == [wanted]
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == [wanted]


async def test_escape_leaves_without_a_client(conn: sqlite3.Connection, db_path: Path) -> None:
    app = Host(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.chosen == [None]


async def test_markup_in_a_name_is_shown_as_typed(conn: sqlite3.Connection,
                                                  db_path: Path) -> None:
    add_client(conn, "[b]Martin[/b]", "Léa")
    app = Host(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"martin")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#hits", DataTable)
        assert "[B]MARTIN[/B] Léa" in str(table.get_row_at(0)[0])
