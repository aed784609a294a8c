"""Editing a client in the real app at 80x24: save, refusals, forbidden words, two sessions."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet, Select, Static

from store.clients import get_client, save_client
from store.db import connect
from tests.factories import add_client, add_reminder, add_user
from tests.test_app import shown
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.client import ClientScreen
from tui.screens.client_conflict import ClientConflictScreen
from tui.screens.client_edit import ClientEditScreen
from tui.screens.confirm import Confirm

TODAY = date(2026, 11, 23)


def _app(db_path: Path) -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user="martine", lang="fr"))


def _seed(conn: sqlite3.Connection, **values: str) -> int:
    fields = {"last_name": "Dupont", "first_name": "Éric", "phone": "+33612345678", "city": "Lyon",
              "postcode": "69003", "consent_phone": "yes", "consent_phone_on": "2025-03-02",
              "consent_phone_source": "bon de commande"}
    fields.update(values)
    client_id = add_client(conn, **fields)
    add_reminder(conn, client_id, due_on="2026-11-23")
    return client_id


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.screen.workers.wait_for_complete()
    await pilot.pause()


async def _open_edit(pilot: Pilot[None]) -> ClientEditScreen:
    await _settle(pilot)
    await pilot.press("enter")
    await _settle(pilot)
    assert isinstance(pilot.app.screen, ClientScreen)
    await pilot.press("e")
    await _settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ClientEditScreen)
    return screen


async def _type_into(pilot: Pilot[None], field: str, text: str) -> None:
    """Focus a field, clear it and type ``text``, key by key."""
    widget = pilot.app.screen.query_one(f"#edit-{field}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("end", *(["backspace"] * len(widget.value)))
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def _choose(pilot: Pilot[None], field: str, moves: list[str]) -> None:
    """Open a choice list with enter, move, and pick with enter."""
    pilot.app.screen.query_one(f"#edit-{field}", Select).focus()
    await pilot.pause()
    await pilot.press("enter", *moves, "enter")
    await pilot.pause()


def _audited(conn: sqlite3.Connection, client_id: int) -> dict[str, tuple[str, str | None, str | None]]:
    rows = conn.execute(
        "SELECT field, user_login, old_value, new_value FROM audit"
        " WHERE table_name = 'clients' AND row_id = ? AND action = 'update' ORDER BY id",
        (client_id,),
    ).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


async def test_edit_city_and_consent_then_save(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_edit(pilot)
        assert screen.query_one("#edit-phone", Input).value == "06 12 34 56 78"
        await _type_into(pilot, "city", "Villeurbanne")
        await _type_into(pilot, "postcode", "69100")
        await _choose(pilot, "consent_email", ["up", "up"])  # inconnu -> oui
        assert screen.query_one("#edit-consent_email_on", Input).value == "23/11/2026"
        assert screen.query_one("#edit-consent_email_source", Input).value == "saisie martine"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ClientScreen)
        assert "Villeurbanne" in shown(app.screen.query_one("#card-identity", Static))
    client = get_client(conn, client_id)
    assert (client.city, client.postcode, client.version) == ("Villeurbanne", "69100", 2)
    assert client.consent("email").state == "yes"
    assert client.consent("email").on == "2026-11-23"
    assert client.consent("email").source == "saisie martine"
    assert client.phone == "+33612345678"  # untouched fields are not rewritten
    audited = _audited(conn, client_id)
    assert audited["city"] == ("martine", "Lyon", "Villeurbanne")
    assert audited["consent_email"] == ("martine", "unknown", "yes")
    assert set(audited) == {"city", "postcode", "consent_email", "consent_email_on",
                            "consent_email_source"}


async def test_a_typed_phone_is_stored_in_e164(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    async with _app(db_path).run_test(size=(80, 24)) as pilot:
        await _open_edit(pilot)
        await _type_into(pilot, "phone2", "04.78.12.34.56")
        await pilot.press("ctrl+s")
        await _settle(pilot)
    assert get_client(conn, client_id).phone2 == "+33478123456"


async def test_refusals_name_the_field_and_nothing_is_saved(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_edit(pilot)
        await _type_into(pilot, "postcode", "6900")
        await _type_into(pilot, "email", "dupont@")
        await _type_into(pilot, "birth_date", "31/02/1970")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is screen
        errors = shown(screen.query_one("#edit-errors", Static))
        assert "Code postal : « 6900 » : un code postal a 5 chiffres" in errors
        assert "E-mail : « dupont@ » n'est pas une adresse e-mail" in errors
        assert "Date de naissance : « 31/02/1970 » n'est pas un jour du calendrier" in errors
        assert app.focused is screen.query_one("#edit-birth_date", Input)  # the first in the form
    assert get_client(conn, client_id).version == 1
    assert _audited(conn, client_id) == {}


@pytest.mark.parametrize(
    ("field", "typed", "objection"),
    [
        ("situation", "marié, un peu obèse", "« obèse » (description physique)"),
        ("profession", "enseignante, syndiquée CGT", "« syndiquée » (appartenance syndicale)"),
        ("interests", "golf, messe le dimanche, catholique", "« catholique » (religion)"),
    ],
)
async def test_forbidden_words_are_refused_with_the_words(
    conn: sqlite3.Connection, db_path: Path, field: str, typed: str, objection: str,
) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_edit(pilot)
        await _type_into(pilot, field, typed)
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is screen
        errors = shown(screen.query_one("#edit-errors", Static))
        assert objection in errors
        assert app.focused is screen.query_one(f"#edit-{field}", Input)
        # rephrased, it is saved
        await _type_into(pilot, field, "golf")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ClientScreen)
    assert getattr(get_client(conn, client_id), field) == "golf"


async def test_two_sessions_editing_one_client(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_edit(pilot)
        other = connect(db_path)  # another SSH session saves meanwhile
        try:
            save_client(other, client_id, 1, {"city": "Bron", "postcode": "69500",
                                              "email": "eric@dupont.fr"}, "paul")
        finally:
            other.close()
        await _type_into(pilot, "city", "Villeurbanne")
        await _type_into(pilot, "postcode", "69100")
        await _type_into(pilot, "phone", "06 98 76 54 32")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        conflict = app.screen
        assert isinstance(conflict, ClientConflictScreen)
        assert [row.field for row in conflict.rows] == ["postcode", "city"]
        labels = [str(b.label) for b in conflict.query_one("#choice-city", RadioSet).query(RadioButton)]
        assert labels[0] == "votre saisie : Villeurbanne"
        assert labels[1].startswith("enregistré par paul à ")
        assert labels[1].endswith(" : Bron")
        # postcode: take theirs (down, enter); city: keep mine (the default)
        conflict.query_one("#choice-postcode", RadioSet).focus()
        await pilot.pause()
        await pilot.press("down", "enter", "ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ClientScreen)
    client = get_client(conn, client_id)
    assert (client.city, client.postcode, client.phone, client.email) == (
        "Villeurbanne", "69500", "+33698765432", "eric@dupont.fr")
    assert client.version == 3
    assert client.updated_by == "martine"


async def test_take_all_theirs_keeps_my_other_fields(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_edit(pilot)
        save_client(conn, client_id, 1, {"city": "Bron"}, "paul")
        await _type_into(pilot, "city", "Villeurbanne")
        await _type_into(pilot, "first_name", "Érik")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ClientConflictScreen)
        await pilot.press("t", "ctrl+s")
        await _settle(pilot)
    client = get_client(conn, client_id)
    assert (client.city, client.first_name, client.version) == ("Bron", "Érik", 3)


async def test_a_save_over_other_fields_needs_no_choice(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_edit(pilot)
        save_client(conn, client_id, 1, {"email": "eric@dupont.fr"}, "paul")
        await _type_into(pilot, "city", "Villeurbanne")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ClientScreen)
    client = get_client(conn, client_id)
    assert (client.city, client.email) == ("Villeurbanne", "eric@dupont.fr")


async def test_escape_asks_before_losing_changes(conn: sqlite3.Connection, db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_edit(pilot)
        await _type_into(pilot, "city", "Bron")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen_stack[-1], Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#edit-city", Input).value == "Bron"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("o")
        await _settle(pilot)
        assert isinstance(app.screen, ClientScreen)
    assert get_client(conn, client_id).city == "Lyon"


async def test_escape_without_changes_leaves_at_once(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_edit(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)


async def test_markup_in_data_is_shown_as_typed(conn: sqlite3.Connection, db_path: Path) -> None:
    add_user(conn, "martine", name="Martine")
    add_user(conn, "[i]paul", name="[b]Paul")
    client_id = _seed(conn, last_name="[b]Dupont[/b]", situation="[red]marié", city="[link=x]Lyon")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_edit(pilot)
        assert screen.query_one("#edit-last_name", Input).value == "[b]Dupont[/b]"
        assert screen.query_one("#edit-situation", Input).value == "[red]marié"
        assert "[B]DUPONT[/B] Éric" in shown(screen.query_one("#edit-title", Static))
        save_client(conn, client_id, 1, {"city": "[b]Bron"}, "[u]paul")
        await _type_into(pilot, "city", "[i]Villeurbanne")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        conflict = app.screen
        assert isinstance(conflict, ClientConflictScreen)
        labels = [str(b.label) for b in conflict.query(RadioButton)]
        assert labels[0] == "votre saisie : [i]Villeurbanne"
        assert labels[1].startswith("enregistré par [u]paul à ")
        assert labels[1].endswith(" : [b]Bron")


async def test_read_only_sessions_cannot_edit(conn: sqlite3.Connection, db_path: Path) -> None:
    add_user(conn, "paul")  # martine is not a user of this base: she may only read
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        keys = {b.key for _, b, enabled, _ in app.screen.active_bindings.values() if enabled}
        assert "e" not in keys
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)


def test_every_refusal_of_a_field_has_its_english() -> None:
    import re

    import rules.client_fields
    from tui.i18n import EN

    source = Path(rules.client_fields.__file__).read_text(encoding="utf-8")
    reasons = re.findall(r'(?:FieldRefused\(|Refusal\("\w+", )"([^"]+)"', source)
    assert len(reasons) > 10
    assert [r for r in reasons if r not in EN and r != "{objection}"] == []


async def test_a_save_typed_ahead_of_the_fields_waits_for_them(conn: sqlite3.Connection,
                                                                db_path: Path) -> None:
    client_id = _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, ClientScreen)
        edit = ClientEditScreen(client_id)
        await app.push_screen(edit)
        edit.action_save()  # ctrl+s at once, before the client is read and its fields shown
        assert not edit.loaded
        for _ in range(40):
            await _settle(pilot)
            if isinstance(app.screen, ClientScreen):
                break
        # read from the fields once they were there: nothing changed, nothing refused
        assert isinstance(app.screen, ClientScreen)
        assert "Aucune modification à enregistrer." in [n.message for n in app._notifications]
