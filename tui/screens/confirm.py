"""A yes/no question asked before something cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.i18n import _
from tui.text import plain


class Confirm(ModalScreen[bool]):
    """Asks ``question``; ``o`` answers yes, ``n`` or escape no."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "answer(True)", _("Oui"), id="confirm_yes"),
        Binding("n", "answer(False)", _("Non"), id="confirm_no"),
        Binding("escape", "answer(False)", _("Non"), id="confirm_cancel", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(plain(self.question), id="confirm-question")
            yield Static(_("o : oui    n : non"), id="confirm-keys")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
