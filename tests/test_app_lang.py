"""The screen speaks one language: Textual's own words in French too, footers showing what works."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Input, Select
from textual.widgets._footer import FooterKey
from textual.widgets._key_panel import BindingsTable

from tests.cli import relance_command
from tests.factories import add_client, add_reminder, add_user
from tests.tmux import terminal
from tui.app import RelanceApp
from tui.context import Context
from tui.screens.log_call import change_message
from tui.screens.queue import QueueScreen
from tui.textual_words import FR, translate_textual_bindings

TODAY = date(2026, 11, 23)


def _app(db_path: Path) -> RelanceApp:
    return RelanceApp(Context(db_path=db_path, today=TODAY, user="martine", lang="fr"))


def _seed(conn: sqlite3.Connection, channel: str = "phone") -> None:
    add_user(conn, "martine", name="Martine")
    dupont = add_client(conn, last_name="Dupont", first_name="Éric", phone="0612345678")
    add_reminder(conn, dupont, tier=3, due_on="2026-11-20", reason="Fin de LOA", channel=channel)


async def _ready(app: RelanceApp) -> QueueScreen:
    await app.workers.wait_for_complete()
    assert isinstance(app.screen, QueueScreen)
    await app.screen.workers.wait_for_complete()
    return app.screen


def _footer(app: RelanceApp) -> dict[str, FooterKey]:
    return {key.description: key for key in app.screen.query(FooterKey)}


def _visible(app: RelanceApp, description: str) -> bool:
    """The footer key is on screen at its width, not under the palette key at the right."""
    keys = _footer(app)
    if description not in keys:
        return False
    region = keys[description].region
    palette = next((k.region for k in keys.values() if k.action == "command_palette"), None)
    return region.right <= app.size.width and (palette is None or region.right <= palette.x)


async def test_the_help_panel_says_textuals_own_keys_in_french(conn: sqlite3.Connection,
                                                              db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app)
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=120, file=io.StringIO(), record=True)
        console.print(app.screen.query_one(BindingsTable).render_bindings_table())
        text = console.export_text()
    for french in ("Ligne précédente", "Page précédente", "Début", "Champ suivant",
                   "Copier le texte sélectionné", "Fiche client", "Aide"):
        assert french in text
    for english in ("Cursor up", "Page up", "Top", "Focus Next", "Copy selected text", "Quit the app"):
        assert english not in text


async def test_the_palette_speaks_french(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Thème", "Touches", "Capture d'écran", "Quitter", "Fiche client"} <= titles
        assert not {"Theme", "Keys", "Maximize", "Screenshot", "Quit", "palette"} & titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "Rechercher une commande…"


async def test_an_open_choice_list_is_closed_in_french(db_path: Path) -> None:
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#import-kind", Select).focus()
        await pilot.press("enter")  # opens the list
        await pilot.pause()
        keys = _footer(app)
    assert "Fermer la liste" in keys
    assert "Dismiss menu" not in keys


def test_every_textual_key_description_has_its_french() -> None:
    """A Textual upgrade that adds or rewords a key of a widget the app uses fails here."""
    import textual.widgets as widgets
    from textual import app, command, containers, screen
    from textual.widgets._select import SelectOverlay

    used = [app.App, screen.Screen, widgets.DataTable, widgets.Input, widgets.Select, SelectOverlay,
            widgets.OptionList, widgets.Button, widgets.RadioSet, widgets.RadioButton,
            containers.VerticalScroll, command.CommandPalette]
    translate_textual_bindings()  # as the app does when a screen brings new widgets
    described = {binding.description for cls in used for base in cls.__mro__
               if base.__module__.startswith("textual.")
               for binding in base.__dict__.get("BINDINGS", [])
               if isinstance(binding, Binding) and binding.description}
    # a description left in English is not one of FR's French values
    assert described <= set(FR.values()), described - set(FR.values())


async def test_the_queue_footer_shows_help_at_80_columns(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app)
        await pilot.pause()
        assert _visible(app, "Aide")
        assert _visible(app, "Fiche client")
        assert _visible(app, "Nouveau client")


async def test_the_call_forms_footer_shows_only_what_works_there(conn: sqlite3.Connection,
                                                                db_path: Path) -> None:
    _seed(conn)
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app)
        await pilot.press("l")
        await pilot.pause()
        keys = _footer(app)
        assert "Nouveau client" not in keys  # « n » is « no answer » here
        assert "Quitter" not in keys  # « q » does nothing in the form
        for shown in ("Canal", "Enregistrer", "Annuler", "Aide"):
            assert _visible(app, shown), shown
        await pilot.press("escape")
        await pilot.pause()
        assert {"Nouveau client", "Quitter"} <= set(_footer(app))  # back on the queue


@pytest.mark.parametrize(("channel", "said"), [("phone", "Appel noté."), ("visit", "Visite notée."),
                                               ("email", "E-mail noté."), ("letter", "Courrier noté.")])
def test_what_was_logged_is_named_by_its_channel(channel: str, said: str) -> None:
    assert change_message(None, channel) == said


async def test_undoing_a_visit_says_visit(conn: sqlite3.Connection, db_path: Path) -> None:
    _seed(conn, channel="visit")
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _ready(app)
        await pilot.press("l", "j", "enter")
        await pilot.pause()
        assert screen.undoable[-1][1] == "la visite de DUPONT Éric"


@pytest.mark.e2e
def test_english_says_the_brief_and_textuals_keys_in_english(conn: sqlite3.Connection,
                                                            db_path: Path) -> None:
    _seed(conn)
    env = {"RELANCE_DB": str(db_path), "RELANCE_TODAY": "2026-11-23"}
    with terminal([*relance_command(), "--lang", "en"], env) as term:
        screen = term.wait_text("Phone: unknown")
        assert "Phone : " not in screen
        term.press("?")
        assert "Cursor up" in term.wait_text("Cursor up")
        term.press("q")
        term.wait_text("EXIT=0")


LATE_WIDGET = """
import asyncio, sys
from datetime import date
from pathlib import Path
from tui.app import RelanceApp
from tui.context import Context

assert "textual.widgets._radio_set" not in sys.modules  # loaded late, as a screen's module does
app = RelanceApp(Context(db_path=Path(sys.argv[1]), today=date(2026, 11, 23), user="martine", lang="fr"))

async def main() -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        from textual.screen import Screen
        from textual.widgets import RadioButton, RadioSet

        class Late(Screen[None]):
            def compose(self):
                with RadioSet():
                    yield RadioButton("un")

        app.push_screen(Late())
        await pilot.pause()
        app.screen.query_one(RadioSet).focus()
        await pilot.pause()
        print(sorted({b.binding.description for b in app.screen.active_bindings.values()}))

asyncio.run(main())
"""


def test_a_widget_textual_loads_late_speaks_french_too(db_path: Path) -> None:
    """A screen pushed after the app started may bring a widget Textual had not loaded yet."""
    done = subprocess.run([sys.executable, "-c", LATE_WIDGET, str(db_path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Choix suivant" in done.stdout
    assert "Next option" not in done.stdout
