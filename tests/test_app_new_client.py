"""Creating a client in the real app, only after looking: none known, one opened, a homonym."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.factories import add_client, add_reminder, add_user
from tests.search_data import add_vehicle
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.client_new import HomonymQuestion, NewClientScreen
from tui.screens.queue import QueueScreen
from tui.screens.search import SearchScreen

TODAY = date(2026, 11, 23)


def _context(db_path: Path) -> Context:
    return Context(db_path=db_path, today=TODAY, user="martine", lang="fr")


def _seed(conn: sqlite3.Connection) -> int:
    add_user(conn, "martine", "sales")
    dupont = add_client(conn, last_name="Dupont", first_name="Éric")
    add_reminder(conn, dupont)
    known = add_client(conn, last_name="Lefèvre", first_name="Philippe", phone="0612345678",
                       city="Lyon", postcode="69003", birth_year=1970)
    add_vehicle(conn, known, plate="AB-123-CD", make="Peugeot", model="308")
    return known


async def _open_form(app: RelanceApp, pilot: Pilot[None]) -> NewClientScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, QueueScreen)
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, NewClientScreen)
    return app.screen


async def _fill(pilot: Pilot[None], screen: NewClientScreen, **values: str) -> None:
    for name, text in values.items():
        screen.query_one(f"#new-{name}", Input).focus()
        await pilot.press(*text)
        await screen.workers.wait_for_complete()
        await pilot.pause()


async def _settle(app: RelanceApp, pilot: Pilot[None]) -> None:
    for _ in range(3):
        await app.screen.workers.wait_for_complete()
        await pilot.pause()


def _count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM clients").fetchone()[0])


async def test_nobody_known_creates_and_opens_the_card(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    before = _count(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        await _fill(pilot, screen, last_name="Nouveau", first_name="Jean", phone="06 98 76 54 32",
                    postcode="44000", city="Nantes")
        assert screen.query_one("#new-candidates", DataTable).row_count == 0
        assert "Personne de connu" in shown(screen.query_one("#new-candidates-title", Static))
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, ClientScreen)
        created = app.screen.client_id
        assert "NOUVEAU Jean" in shown(app.screen.query_one("#card-identity", Static))
    assert _count(conn) == before + 1
    row = conn.execute("SELECT last_name, first_name, phone, postcode, city, created_by FROM clients"
                       " WHERE id = ?", (created,)).fetchone()
    assert row == ("Nouveau", "Jean", "06 98 76 54 32", "44000", "Nantes", "martine")
    assert conn.execute("SELECT user_login FROM audit WHERE action = 'create' AND row_id = ?",
                        (created,)).fetchone() == ("martine",)


async def test_a_candidate_shown_while_typing_is_opened_instead(conn: sqlite3.Connection,
                                                                db_path: Path) -> None:
    known = _seed(conn)
    before = _count(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        await _fill(pilot, screen, last_name="lefebvre", first_name="phil")
        table = screen.query_one("#new-candidates", DataTable)
        assert table.row_count == 1
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert cells == ["LEFÈVRE Philippe", "Lyon", "1970", "06 12 34 56 78", "AB-123-CD Peugeot 308"]
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 80
        for _ in range(10):
            if table.has_focus:
                break
            await pilot.press("tab")
        assert table.has_focus
        await pilot.press("enter")
        await _settle(app, pilot)
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == known
    assert _count(conn) == before


async def test_a_homonym_is_confirmed_and_recorded(conn: sqlite3.Connection, db_path: Path) -> None:
    known = _seed(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_form(app, pilot)
        await _fill(pilot, screen, last_name="Lefèvre", first_name="Philippe", birth_year="1988",
                    city="Brest")
        assert screen.query_one("#new-candidates", DataTable).row_count == 1
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        question = app.screen
        assert isinstance(question, HomonymQuestion)
        side_by_side = shown(question.query_one("#homonym-table", Static))
        assert "1988" in side_by_side
        assert "1970" in side_by_side
        assert "Brest" in side_by_side
        assert "Lyon" in side_by_side
        typed_line, known_line = side_by_side.splitlines()[1:3]
        for typed in ("LEFÈVRE Philippe", "1988", "Brest"):
            assert typed in typed_line
        for seen in (f"n° {known}", "1970", "06 12 34 56 78"):
            assert seen in known_line
        await pilot.press("o")
        await _settle(app, pilot)
        assert isinstance(app.screen, ClientScreen)
        created = app.screen.client_id
    assert created != known
    assert conn.execute("SELECT client_id, other_id, confirmed_by FROM homonyms").fetchall() == [
        (known, created, "martine")]
    assert conn.execute("SELECT count(*) FROM audit WHERE action = 'confirm_homonym'").fetchone()[0] == 2


async def test_declining_the_homonym_creates_nothing(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    before = _count(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_form(app, pilot)
        await _fill(pilot, screen, last_name="Lefèvre", first_name="Philippe")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, HomonymQuestion)
        await pilot.press("n")
        await _settle(app, pilot)
        assert app.screen_stack[-1] is screen
        assert screen.query_one("#new-candidates", DataTable).has_focus
    assert _count(conn) == before


async def test_refusals_name_the_field_and_why(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    before = _count(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_form(app, pilot)
        await _fill(pilot, screen, first_name="Jean", phone="0612", email="jean@", postcode="7500")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        errors = shown(screen.query_one("#new-errors", Static))
        assert "Nom : un nom ou une société est obligatoire" in errors
        assert "Téléphone : « 0612 »" in errors
        assert "E-mail : « jean@ » n'est pas une adresse e-mail" in errors
        assert "Code postal : « 7500 » : un code postal a 5 chiffres" in errors
        assert screen.query_one("#new-last_name", Input).has_focus
        assert app.screen is screen
        # mended field by field, the refusals shown follow
        await _fill(pilot, screen, last_name="Martin", phone="0612345678")
        await _settle(app, pilot)
        errors = shown(screen.query_one("#new-errors", Static))
        assert "Nom :" not in errors
        assert "Téléphone :" not in errors
        assert "E-mail : « jean@ »" in errors
        await _fill(pilot, screen, email="jean@martin.fr", postcode="75001")
        await _settle(app, pilot)
        assert shown(screen.query_one("#new-errors", Static)).strip() == ""
    assert _count(conn) == before


async def test_ctrl_n_in_the_search_brings_what_was_typed(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = RelanceApp(_context(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"Martin Paul")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+n")
        await _settle(app, pilot)
        form = app.screen
        assert isinstance(form, NewClientScreen)
        assert form.form()["last_name"] == "Martin"
        assert form.form()["first_name"] == "Paul"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_read_only_session_is_not_offered_n(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = RelanceApp(Context(db_path=db_path, today=TODAY, user="stranger", lang="fr"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.read_only
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
