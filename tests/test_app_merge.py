"""Merging from the client card in the real app: pick the other record, choose per field, confirm."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.factories import add_client, add_reminder, add_user
from tests.search_data import add_vehicle
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.confirm import Confirm
from tui.screens.merge import MergeScreen
from tui.screens.search import SearchScreen

TODAY = date(2026, 11, 23)


def _seed(conn: sqlite3.Connection) -> tuple[int, int]:
    add_user(conn, "chef", "manager")
    add_user(conn, "paul", "sales")
    keep = add_client(conn, last_name="Lefèvre", first_name="Philippe", phone="0612345678",
                      email="", city="Lyon", postcode="69003", birth_year=1970)
    add_reminder(conn, keep)
    other = add_client(conn, last_name="Lefebvre", first_name="Phillipe", phone="0612345678",
                       email="pl@exemple.fr", city="Villeurbanne", postcode="69100", birth_year=1970)
    add_vehicle(conn, other, plate="AB-123-CD")
    add_reminder(conn, other, subject_id=other, due_on="2026-12-01", occurrence_on="2026-12-01")
    return keep, other


async def _settle(app: RelanceApp, pilot: Pilot[None]) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()


async def _open_card(app: RelanceApp, pilot: Pilot[None]) -> ClientScreen:
    await _settle(app, pilot)
    await pilot.press("enter")
    await _settle(app, pilot)
    assert isinstance(app.screen, ClientScreen)
    return app.screen


async def test_a_manager_merges_choosing_field_by_field(conn: sqlite3.Connection, db_path: Path) -> None:
    keep, other = _seed(conn)
    app = RelanceApp(Context(db_path=db_path, today=TODAY, user="chef", lang="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        card = await _open_card(app, pilot)
        assert card.client_id == keep
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+n")  # picking the other record: no new client from here
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"villeurbanne")  # a town is not searched: no hit, then the name
        await _settle(app, pilot)
        await pilot.press(*["backspace"] * 12, *"lefebvre phillipe")
        await _settle(app, pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        assert search.hits[0].client_id == other
        await pilot.press("enter")
        await _settle(app, pilot)
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        assert "même téléphone" in shown(merge.query_one("#merge-verdict", Static))
        table = merge.query_one("#merge-fields", DataTable)
        assert merge.fields == ["last_name", "first_name", "email", "postcode", "city"]
        assert merge.choices["email"] == "take"  # empty on the kept record: taken by default
        assert table.has_focus
        await pilot.press("down", "right")  # first name: take "Phillipe"
        await pilot.press("right", "left")  # changed my mind: keep "Philippe"
        await pilot.press("down", "down", "right", "down", "space")  # postcode and city taken
        assert merge.taken == ["email", "postcode", "city"]
        assert str(table.get_row_at(3)[0]).startswith("→")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("o")
        await _settle(app, pilot)
        assert app.screen is card
        assert "69100 Villeurbanne" in shown(card.query_one("#card-identity", Static))
        assert "AB-123-CD" in shown(card.query_one("#card-vehicles", Static))
    row = conn.execute("SELECT last_name, first_name, email, postcode, city, version FROM clients"
                       " WHERE id = ?", (keep,)).fetchone()
    assert row == ("Lefèvre", "Philippe", "pl@exemple.fr", "69100", "Villeurbanne", 2)
    assert conn.execute("SELECT merged_into FROM clients WHERE id = ?", (other,)).fetchone() == (keep,)
    assert conn.execute("SELECT count(*) FROM reminders WHERE client_id = ?", (keep,)).fetchone() == (2,)
    audited = {r[0] for r in conn.execute("SELECT field FROM audit WHERE action = 'merge_field'"
                                          " AND user_login = 'chef'").fetchall()}
    assert audited == {"email", "postcode", "city"}


async def test_escape_on_the_question_merges_nothing(conn: sqlite3.Connection, db_path: Path) -> None:
    keep, other = _seed(conn)
    app = RelanceApp(Context(db_path=db_path, today=TODAY, user="chef", lang="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        app.push_screen(MergeScreen(db_path, "chef", keep, other))
        await _settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await _settle(app, pilot)
        assert isinstance(app.screen, MergeScreen)
    assert conn.execute("SELECT count(*) FROM clients WHERE merged_into IS NOT NULL").fetchone() == (0,)


async def test_a_salesperson_is_not_offered_the_merge(conn: sqlite3.Connection, db_path: Path) -> None:
    keep, other = _seed(conn)
    app = RelanceApp(Context(db_path=db_path, today=TODAY, user="paul", lang="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        card = await _open_card(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is card  # the key does nothing for a role that may not merge
        titles = [command.title for command in app.get_system_commands(app.screen_stack[-1])]
        assert "Fusionner" not in titles
        # reached anyway, the store still refuses, and says so
        app.push_screen(MergeScreen(db_path, "paul", keep, other))
        await _settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")
        await _settle(app, pilot)
        assert isinstance(app.screen, MergeScreen)
        errors = shown(app.screen.query_one("#merge-errors", Static))
        assert "Fusion impossible : paul n'a pas le droit de fusionner" in errors
    assert conn.execute("SELECT count(*) FROM clients WHERE merged_into IS NOT NULL").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM audit WHERE action LIKE 'merge%'").fetchone() == (0,)


def test_a_phone_stored_in_two_forms_is_not_a_difference(conn: sqlite3.Connection) -> None:
    from store.clients import get_client
    from tui.screens.merge import field_text

    one = add_client(conn, last_name="Roux", phone="06 92 52 57 20", origin="web_lead")
    two = add_client(conn, last_name="Roux", phone="+33692525720", origin="web_lead")
    first, second = get_client(conn, one), get_client(conn, two)
    assert field_text(first, "phone") == field_text(second, "phone") == "06 92 52 57 20"
    assert field_text(first, "origin") == "Lead site marque"


async def test_the_assigned_salesperson_is_named(conn: sqlite3.Connection, db_path: Path) -> None:
    add_user(conn, "chef", "manager")
    paul = add_user(conn, "paul", name="Paul Martin")
    claire = add_user(conn, "claire")
    keep = add_client(conn, last_name="Roux", assigned_user_id=paul)
    other = add_client(conn, last_name="Roux", assigned_user_id=claire)
    app = RelanceApp(Context(db_path=db_path, today=TODAY, user="chef", lang="fr"))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        app.push_screen(MergeScreen(db_path, "chef", keep, other))
        await _settle(app, pilot)
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        table = merge.query_one("#merge-fields", DataTable)
        row = table.get_row("assigned_user_id")
        assert [str(cell) for cell in row] == ["← Suivi par", "paul — Paul Martin", "claire"]


def test_a_user_is_named_from_the_users_given(conn: sqlite3.Connection) -> None:
    from store.clients import get_client
    from store.users import list_users
    from tui.screens.merge import field_text

    paul = add_user(conn, "paul", name="Paul Martin")
    client = get_client(conn, add_client(conn, last_name="Roux", assigned_user_id=paul))
    users = {user.id: user for user in list_users(conn)}
    assert field_text(client, "assigned_user_id", users) == "paul — Paul Martin"
    assert field_text(client, "assigned_user_id") == f"utilisateur n° {paul}"  # names not loaded
