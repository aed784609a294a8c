"""The queue screen at work: the brief, the filters, another session's writes, claims, roles."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from store.db import connect
from store.rows import update
from tests.factories import add_client, add_contact, add_reminder, add_user, add_vehicle
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.queue import QueueScreen

TODAY = date(2026, 11, 23)


def _app(db_path: Path, login: str = "martine") -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user=login, lang="fr"))


def _seed(conn: sqlite3.Connection) -> dict[str, int]:
    martine = add_user(conn, "martine", name="Martine")
    add_user(conn, "paul", name="Paul")
    dupont = add_client(conn, last_name="Dupont", first_name="Éric", consent_phone="yes",
                        assigned_user_id=martine)
    add_vehicle(conn, dupont, plate="GH-456-JK")
    add_contact(conn, dupont, outcome="no_answer", note="rappeler après 18h")
    first = add_reminder(conn, dupont, rule_id="financing_end_2m", tier=3, due_on="2026-11-20",
                         assigned_user_id=martine)
    zola = add_client(conn, last_name="Zola", first_name="Émile")
    second = add_reminder(conn, zola, subject_id=zola, rule_id="service_due", tier=4,
                          reason="Entretien dû")
    return {"martine": martine, "first": first, "second": second, "dupont": dupont}


async def _ready(app: RelanceApp) -> QueueScreen:
    await app.workers.wait_for_complete()
    assert isinstance(app.screen, QueueScreen)
    await app.screen.workers.wait_for_complete()
    return app.screen


async def test_the_brief_tells_why_who_and_what_to_say(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app)
        await pilot.pause()
        await screen.workers.wait_for_complete()
        await pilot.pause()
        text = shown(screen.query_one("#brief", Static))
        assert "3 j de retard" in text
        assert "Téléphone : oui" in text
        assert "GH-456-JK" in text
        assert "rappeler après 18h" in text
        assert "renouvellement" in text


async def test_filters_mine_department_tier(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app)
        table = screen.query_one("#queue-table", DataTable)
        assert table.row_count == 2
        for key, rows in (("m", 1), ("m", 2), ("a", 1), ("a", 1), ("a", 2), ("t", 0), ("t", 0)):
            await pilot.press(key)
            await _ready(app)
            await pilot.pause()
            assert table.row_count == rows, key
        assert "rang 1" in shown(screen.query_one("#queue-summary", Static))


def _another_session_sets(db_path: Path, reminder_id: int, status: str) -> None:
    other = connect(db_path)
    update(other, "reminders", reminder_id, 1, {"status": status}, "paul")
    other.close()


async def _rows_become(pilot: Pilot[None], screen: QueueScreen, count: int) -> None:
    """The queue shows ``count`` lines within 2 s (50 ms steps)."""
    table = screen.query_one("#queue-table", DataTable)
    for _ in range(40):
        await pilot.pause(0.05)
        await screen.workers.wait_for_complete()
        if table.row_count == count:
            break
    assert table.row_count == count


async def test_another_sessions_write_shows_within_two_seconds(conn: sqlite3.Connection,
                                                              db_path: Path) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app)
        table = screen.query_one("#queue-table", DataTable)
        assert table.row_count == 2
        _another_session_sets(db_path, ids["second"], "done")
        await _rows_become(pilot, screen, 1)


async def test_a_line_handled_elsewhere_while_a_card_is_open_is_gone_on_coming_back(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    ids = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app)
        table = screen.query_one("#queue-table", DataTable)
        assert table.row_count == 2
        await pilot.press("enter")  # the first line's card, over the queue
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        _another_session_sets(db_path, ids["second"], "dismissed")
        await _rows_become(pilot, screen, 1)  # the queue under the card hears it too
        await pilot.press("escape")
        await pilot.pause()
        back: object = app.screen  # no longer the card mypy narrowed it to
        assert back is screen


async def test_an_open_card_shows_as_taken_to_others(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    martine = _app(db_path, "martine")
    async with martine.run_test(size=(80, 24)) as pilot:
        await _ready(martine)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(martine.screen, ClientScreen)
        paul = _app(db_path, "paul")
        async with paul.run_test(size=(80, 24)) as other:
            screen = await _ready(paul)
            await other.pause()
            row = [str(cell) for cell in screen.query_one("#queue-table", DataTable).get_row_at(0)]
            assert row[2].startswith("en cours — Martine")
        await pilot.press("escape")
        await pilot.pause()
    holder = conn.execute("SELECT claimed_by FROM reminders WHERE claimed_by IS NOT NULL").fetchall()
    assert holder == []


async def test_an_unknown_login_is_read_only_and_told_whom_to_ask(conn: sqlite3.Connection,
                                                                  db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path, "stagiaire")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _ready(app)
        await pilot.pause()
        assert app.read_only
        messages = [n.message for n in app._notifications]
        assert any("relance users add stagiaire" in m for m in messages)


async def test_the_first_login_of_a_new_database_administers_it(db_path: Path) -> None:
    app = _app(db_path, "gerant")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app)
        await pilot.pause()
        assert app.user is not None
        assert app.user.role == "admin"
        assert not app.read_only
