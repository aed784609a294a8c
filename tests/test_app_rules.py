"""The app raises today's reminders in the background as it opens, after the first queue."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from datetime import date
from pathlib import Path

from textual.message import Message
from textual.widgets import DataTable
from textual.worker import Worker, WorkerFailed

from tests.factories import add_client, add_financing, add_user, add_vehicle
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.queue import QueueScreen

TODAY = date(2026, 11, 23)


def _financing_ending_in_two_months(conn: sqlite3.Connection) -> int:
    add_user(conn, "martine", name="Martine")
    dupont = add_client(conn, last_name="Dupont", first_name="Éric", consent_phone="yes")
    car = add_vehicle(conn, dupont, plate="GH-456-JK", model="308", delivered_on="2024-01-23")
    return add_financing(conn, dupont, car, start_on="2024-01-23", duration_months=36,
                         end_on="2027-01-23")


def _app(db_path: Path, login: str = "martine", rules: Path | None = None) -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user=login, lang="fr",
                              rules_path=rules))


def _reasons(app: RelanceApp) -> list[str]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [str(table.get_row_at(row)[2]) for row in range(table.row_count)]


async def _settled(app: RelanceApp) -> None:
    """Every worker done, the queue reloaded after the engine's DataChanged; a failed worker
    is the app's to report (the test checks how)."""
    for _ in range(3):
        with suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        with suppress(WorkerFailed):
            await app.screen.workers.wait_for_complete()
        await app.animator.wait_for_idle()


async def test_the_queue_shows_what_the_engine_raised_on_opening(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    financing = _financing_ending_in_two_months(conn)
    assert conn.execute("SELECT count(*) FROM reminders").fetchone() == (0,)
    order: list[str] = []
    heard: list[Message] = []

    def hook(message: Message) -> None:
        if any(message is seen for seen in heard):  # a bubbling message is heard twice
            return
        heard.append(message)
        if isinstance(message, QueueScreen.FirstPageShown):
            order.append("queue shown")
        elif isinstance(message, Worker.StateChanged) and message.worker.group == "rules":
            order.append(f"rules {message.state.name.lower()}")

    app = _app(db_path)
    async with app.run_test(size=(100, 24), message_hook=hook) as pilot:
        await _settled(app)
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert _reasons(app) == [
            "LOA Peugeot 308 GH-456-JK : fin le 23/01/2027, dans 2 mois",
        ]
    assert order[:3] == ["queue shown", "rules pending", "rules running"]
    assert order[-1] == "rules success"
    rows = conn.execute("SELECT rule_id, subject_id, status FROM reminders").fetchall()
    assert rows == [("financing_end_2m", financing, "open")]


async def test_a_read_only_user_does_not_run_the_engine(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    _financing_ending_in_two_months(conn)
    app = _app(db_path, login="inconnu")
    async with app.run_test(size=(100, 24)) as pilot:
        await _settled(app)
        await pilot.pause()
        assert app.read_only
        assert _reasons(app) == []
    assert conn.execute("SELECT count(*) FROM reminders").fetchone() == (0,)


async def test_a_bad_site_file_is_told_not_a_crash(
    conn: sqlite3.Connection, db_path: Path, tmp_path: Path
) -> None:
    _financing_ending_in_two_months(conn)
    bad = tmp_path / "site.toml"
    bad.write_text('disable = ["[b]no_such_rule"]\n', encoding="utf-8")
    app = _app(db_path, rules=bad)
    async with app.run_test(size=(100, 24)) as pilot:
        await _settled(app)
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        notes = [(n.severity, n.message) for n in app._notifications if not n.markup]
        assert ("error", "Relances du jour non calculées : "
                f"{bad}:1: « disable » : règle inconnue « [b]no_such_rule »") in notes
        await pilot.press("down")  # still at work
        assert app.is_running
    assert conn.execute("SELECT count(*) FROM reminders").fetchone() == (0,)
