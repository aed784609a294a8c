"""The reports screen driven with Pilot at 80x24."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.widgets import Static

from tests.factories import add_client, add_repair_order
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.reports import ReportsScreen, bar


async def test_reports_screen_shows_workshop_abc_and_rfm(conn: sqlite3.Connection, db_path: Path) -> None:
    big = add_client(conn, last_name="[b]Gros[/b]")
    small = add_client(conn, last_name="Petit")
    for day in ("2025-11-15", "2026-02-15", "2026-05-15", "2026-08-15"):
        add_repair_order(conn, big, day, 1_000_00, number=f"B{day}")
    add_repair_order(conn, small, "2026-08-20", 100_00)
    app = RelanceApp(Context(db_path=db_path, today=date(2026, 11, 23), user="chef", lang="fr"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        app.push_screen(ReportsScreen())
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        workshop = shown(app.screen.query_one("#reports-workshop", Static))
        assert "2025" in workshop
        assert "Total" in workshop
        abc_text = shown(app.screen.query_one("#reports-abc", Static))
        assert "1 clients (50,00 %)" in abc_text
        rfm_text = shown(app.screen.query_one("#reports-rfm", Static))
        assert "très régulier" in rfm_text
        await pilot.press("r")
        await app.screen.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportsScreen)


def test_bar_scales_to_the_largest() -> None:
    assert bar(10, 10, width=4).plain == "████"
    assert bar(5, 10, width=4).plain == "██"
    assert bar(0, 10).plain == ""
    assert bar(1, 1000, width=4).plain == "▏"


async def test_ctrl_r_opens_the_reports_from_the_queue(db_path: Path) -> None:
    app = RelanceApp(Context(db_path=db_path, today=date(2026, 11, 23), user="chef", lang="fr"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        await app.screen.workers.wait_for_complete()
        await pilot.press("ctrl+r")  # already there: not stacked twice
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportsScreen)
