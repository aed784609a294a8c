"""The import screen driven with Pilot: simulate, then import, keyboard only."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Select, Static

from tests.factories import add_client
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.import_ import ImportScreen


async def test_simulate_then_import(conn: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("N° client;Nom;Téléphone\nC1;[b]Dupont[/b];0612345678\nC2;Roux;12\n",
                    encoding="cp1252")
    app = RelanceApp(Context(db_path=db_path, today=date(2026, 11, 23), user="chef", lang="fr"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, ImportScreen)
        await pilot.press(*str(path))
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = shown(app.screen.query_one("#import-summary", Static))
        assert "1 seraient créées" in summary
        assert "1 rejetées" in summary
        assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
        table = app.screen.query_one("#import-problems", DataTable)
        assert table.row_count == 1
        await pilot.press("f6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 ont été créées" in shown(app.screen.query_one("#import-summary", Static))
        assert conn.execute("SELECT last_name FROM clients").fetchone() == ("[b]Dupont[/b]",)
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportScreen)


async def test_the_screen_says_which_prospects_an_import_made_clients(
        conn: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    add_client(conn, external_id="X1", kind="prospect", last_name="Lefèvre")
    path = tmp_path / "vehicles.csv"
    path.write_text("VIN;N° client;Marque\nVF1AAAAAAAAAAAA01;X1;Renault\n", encoding="utf-8")
    app = RelanceApp(Context(db_path=db_path, today=date(2026, 11, 23), user="chef", lang="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.press(*str(path))
        await pilot.press("tab", "enter", "down", "enter")  # the kind: Véhicules
        assert app.screen.query_one("#import-kind", Select).value == "vehicles"
        await pilot.press("f6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        summary = shown(app.screen.query_one("#import-summary", Static))
        assert "1 ont été créées" in summary
        assert "1 prospect(s) devenu(s) client(s)" in summary
    assert conn.execute("SELECT kind FROM clients WHERE external_id = 'X1'").fetchone() == ("client",)
