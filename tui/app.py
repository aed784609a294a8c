"""The Relance Textual application."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui.context import Context
from tui.screens.queue import QueueScreen


class RelanceApp(App[None]):
    """Today's callback queue, the client cards, keyboard only."""

    CSS_PATH = "app.tcss"
    TITLE = "Relance"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quitter", id="quit"),
        Binding("ctrl+o", "open_import", "Importer", id="open_import"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    @property
    def db_path(self) -> Path:
        return self.ctx.db_path

    def on_mount(self) -> None:
        self.sub_title = f"{self.ctx.user} — {self.ctx.today:%d/%m/%Y}"
        self.push_screen(QueueScreen())


    def action_open_import(self) -> None:
        from tui.screens.import_ import ImportScreen

        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())


def run_app(ctx: Context) -> int:
    """Open the app on ``ctx``'s database; the database is checked before the screen is taken."""
    from store.db import connect

    connect(ctx.db_path).close()  # refuse a bad path with a one-line message, not a traceback
    RelanceApp(ctx).run()
    return 0
