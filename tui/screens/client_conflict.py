"""Another session saved the client while it was being edited: choose, field by field, what stays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, RadioButton, RadioSet, Static

from tui.i18n import _
from tui.text import plain


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One field both sessions changed, as the screen shows it."""

    field: str
    label: str
    mine: str
    theirs: str
    saved_by: str
    saved_at: str


class ClientConflictScreen(ModalScreen[set[str] | None]):
    """Each colliding field with « votre saisie » and what the other session saved.

    Dismissed with the fields where the user keeps their own entry, or ``None`` to go back to the
    form without saving.
    """

    CSS_PATH = "client_conflict.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", _("Enregistrer"), id="conflict_save"),
        Binding("m", "choose_all(0)", _("Tout garder (mes saisies)"), id="conflict_keep_mine"),
        Binding("t", "choose_all(1)", _("Tout reprendre (enregistré)"), id="conflict_take_theirs"),
        Binding("escape", "back", _("Retour à la saisie"), id="conflict_back"),
    ]

    def __init__(self, rows: list[ConflictRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog"):
            yield Static(
                _("Cette fiche a été enregistrée par une autre session pendant votre saisie. "
                  "Choisissez pour chaque champ :"),
                id="conflict-title",
            )
            with VerticalScroll(id="conflict-fields"):
                for row in self.rows:
                    yield Static(Text(row.label, style="bold"), classes="conflict-label")
                    with RadioSet(id=f"choice-{row.field}", classes="conflict-choice"):
                        yield RadioButton(self._choice(_("votre saisie"), row.mine), value=True)
                        yield RadioButton(self._choice(
                            _("enregistré par {user} à {time}", user=row.saved_by, time=row.saved_at),
                            row.theirs))
        yield Footer()

    @staticmethod
    def _choice(who: str, value: str) -> Text:
        shown = plain(value) if value else Text(_("(vide)"), style="italic")
        return Text.assemble(plain(who), " : ", shown)

    def action_choose_all(self, index: int) -> None:
        for choice in self.query(RadioSet):
            choice.query(RadioButton)[index].value = True

    def kept_mine(self) -> set[str]:
        """The fields where the user's own entry is chosen."""
        return {row.field for row in self.rows
                if self.query_one(f"#choice-{row.field}", RadioSet).pressed_index == 0}

    def action_apply(self) -> None:
        self.dismiss(self.kept_mine())

    def action_back(self) -> None:
        self.dismiss(None)
