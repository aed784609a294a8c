"""Merging two records of one person: both side by side, the user picks each field's value.

Everything the other record owns (contacts, vehicles, contracts, reminders, repair orders...)
moves to the kept one; the store audits it all. Only roles allowed to merge get here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from store.clients import get_client
from store.db import connect
from store.duplicates import PairVerdict, compare_clients
from store.errors import StoreError
from store.merge import MERGEABLE_FIELDS, MergeResult, merge_clients
from store.normalize import display_phone
from store.records import Client, User
from store.users import list_users
from tui.formats import day
from tui.i18n import _
from tui.screens.client_edit import FIELD_LABELS, ORIGIN_LABELS, STATE_LABELS, user_label
from tui.screens.confirm import Confirm
from tui.text import clean, plain, tone

# The order fields are shown in, the person first.
FIELD_ORDER = (
    "civility", "last_name", "first_name", "company", "birth_year", "birth_date", "phone", "phone2",
    "email", "address", "postcode", "city", "situation", "profession", "interests", "external_id",
    "kind", "origin", "assigned_user_id", "consent_phone", "consent_sms", "consent_email",
    "consent_post", "abc_segment",
)
EXTRA_LABELS = {"external_id": _("N° DMS"), "kind": _("Type"), "abc_segment": _("Segment ABC")}
KEEP, TAKE = "keep", "take"


@dataclass(frozen=True, slots=True)
class MergePair:
    """The two records as loaded, and how alike the store finds them."""

    keep: Client
    other: Client
    verdict: PairVerdict
    users: dict[int, User] = field(default_factory=dict)  # by id, inactive ones too


def field_text(client: Client, name: str, users: Mapping[int, User] | None = None) -> str:
    """One field of a client in words, as the card shows it: a phone however it was stored, a
    consent with its date and source, an origin, or a user named (from ``users``, by id)."""
    value = getattr(client, name)
    if value is None or value == "":
        return ""
    if name.startswith("consent_"):
        text = STATE_LABELS.get(str(value), str(value))
        on = getattr(client, f"{name}_on")
        source = getattr(client, f"{name}_source")
        return " ".join(p for p in (text, day(on) if on else "", source) if p)
    if name in ("phone", "phone2"):
        return display_phone(str(value))
    if name == "birth_date":
        return day(str(value))
    if name == "origin":
        return ORIGIN_LABELS.get(str(value), str(value))
    if name == "assigned_user_id":
        user = (users or {}).get(int(value))
        return user_label(user) if user else _("utilisateur n° {id}", id=value)
    return str(value)


class MergeTable(DataTable[Text]):
    """One line per field that differs; left keeps the kept record's value, right takes the other's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "screen.choose('keep')", _("Garder (gauche)"), id="merge.keep"),
        Binding("right", "screen.choose('take')", _("Reprendre (droite)"), id="merge.take"),
        Binding("space", "screen.switch_side", _("Basculer"), id="merge.toggle", show=False),
    ]


class MergeScreen(Screen[bool]):
    """``other`` merged into ``keep``; dismissed with ``True`` once merged."""

    CSS_PATH = "merge.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "merge", _("Fusionner"), id="merge.confirm", priority=True),
        Binding("escape", "cancel", _("Annuler"), id="merge.cancel"),
    ]

    def __init__(self, db_path: Path | str, user: str, keep_id: int, other_id: int) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.user = user
        self.keep_id = keep_id
        self.other_id = other_id
        self.pair: MergePair | None = None
        self.fields: list[str] = []
        self.choices: dict[str, str] = {}
        self._merging = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Chargement…"), id="merge-title")
        yield Static(id="merge-verdict")
        yield MergeTable(id="merge-fields", cursor_type="row", zebra_stripes=True)
        yield Static(id="merge-errors")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-load")
    def load(self) -> MergePair:
        """Both records and the verdict, on this thread's own connection."""
        conn = connect(self.db_path, create=False)
        try:
            return MergePair(get_client(conn, self.keep_id), get_client(conn, self.other_id),
                             compare_clients(conn, self.keep_id, self.other_id),
                             {user.id: user for user in list_users(conn)})
        finally:
            conn.close()

    def _show(self, pair: MergePair) -> None:
        self.pair = pair
        keep, other = pair.keep, pair.other
        self.query_one("#merge-title", Static).update(Text.assemble(
            _("Fusionner la fiche {id} ", id=other.id), plain(other.display_name, "bold"),
            _(" dans la fiche {id} ", id=keep.id), plain(keep.display_name, "bold")))
        verdict = Text(_("Ressemblance {score} % : {reasons}", score=pair.verdict.score,
                         reasons=", ".join(pair.verdict.reasons) or "—"))
        if pair.verdict.homonym:
            verdict.append(_("  Attention : probablement deux personnes (homonymes)."),
                           style=tone("bold red"))
        verdict.append("\n" + _("←/→ par ligne : garder la valeur de gauche ou reprendre celle de droite ;"
                                " ctrl+s fusionne."), style="dim")
        self.query_one("#merge-verdict", Static).update(verdict)
        self.fields = [n for n in FIELD_ORDER if n in MERGEABLE_FIELDS
                       and self._text(keep, n) != self._text(other, n)]
        # an empty value on the kept record takes the other's by default: nothing is lost
        self.choices = {n: TAKE if not self._text(keep, n) else KEEP for n in self.fields}
        table = self.query_one("#merge-fields", MergeTable)
        table.clear(columns=True)
        table.add_column(_("Champ"), key="field")
        table.add_column(plain(_("Gardée n° {id}", id=keep.id)), key="keep")
        table.add_column(plain(_("Autre n° {id}", id=other.id)), key="other")
        for name in self.fields:
            table.add_row(*self._cells(name), key=name)
        table.focus()

    def _text(self, client: Client, name: str) -> str:
        return field_text(client, name, self.pair.users if self.pair else None)

    def _cells(self, name: str) -> tuple[Text, Text, Text]:
        assert self.pair is not None
        taken = self.choices[name] == TAKE
        mine = plain(self._text(self.pair.keep, name) or _("(vide)"),
                     "dim strike" if taken else "bold green")
        theirs = plain(self._text(self.pair.other, name) or _("(vide)"),
                       "bold green" if taken else "dim")
        label = FIELD_LABELS.get(name) or EXTRA_LABELS.get(name, name)
        return Text(("→ " if taken else "← ") + label), mine, theirs

    def _redraw(self, name: str) -> None:
        table = self.query_one("#merge-fields", MergeTable)
        for column, cell in zip(("field", "keep", "other"), self._cells(name), strict=True):
            table.update_cell(name, column, cell)

    def _current(self) -> str | None:
        row = self.query_one("#merge-fields", MergeTable).cursor_row
        return self.fields[row] if 0 <= row < len(self.fields) else None

    def action_choose(self, side: str) -> None:
        name = self._current()
        if name is not None:
            self.choices[name] = side
            self._redraw(name)

    def action_switch_side(self) -> None:
        name = self._current()
        if name is not None:
            self.action_choose(KEEP if self.choices[name] == TAKE else TAKE)

    @property
    def taken(self) -> list[str]:
        """The fields whose value comes from the other record."""
        return [n for n in self.fields if self.choices[n] == TAKE]

    def action_merge(self) -> None:
        if self.pair is None or self._merging:
            return
        taken = self.taken
        labels = ", ".join(FIELD_LABELS.get(n) or EXTRA_LABELS.get(n, n) for n in taken) or _("aucun")
        question = _("Fusionner la fiche {other} dans la fiche {keep} ? Champs repris : {fields}. "
                     "Contacts, véhicules, contrats, rappels et ordres de réparation passent sur la "
                     "fiche {keep}.", other=self.other_id, keep=self.keep_id, fields=labels)

        def answered(yes: bool | None) -> None:
            if yes and self.pair is not None:
                self._merging = True
                self.merge(taken, self.pair.keep.version, self.pair.other.version)

        self.app.push_screen(Confirm(question), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-save")
    def merge(self, taken: list[str], keep_version: int, other_version: int) -> MergeResult:
        """Merge against the versions shown: another session's edit meanwhile is refused."""
        conn = connect(self.db_path, create=False)
        try:
            return merge_clients(conn, self.keep_id, self.other_id, self.user, taken,
                                 keep_version=keep_version, other_version=other_version)
        finally:
            conn.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if event.state == WorkerState.SUCCESS and group == "merge-load":
            assert isinstance(event.worker.result, MergePair)
            self._show(event.worker.result)
        elif event.state == WorkerState.SUCCESS and group == "merge-save":
            self._merging = False
            result = event.worker.result
            assert isinstance(result, MergeResult)
            self.notify(_("Fiche {other} fusionnée dans la fiche {keep} ({n} éléments déplacés).",
                          other=result.merged_id, keep=result.kept_id, n=sum(result.moved.values())))
            self.dismiss(True)
        elif event.state == WorkerState.ERROR and group in ("merge-load", "merge-save"):
            self._merging = False
            error = event.worker.error
            text = str(error) if isinstance(error, StoreError) else _("Erreur inattendue : {error}",
                                                                      error=error)
            errors = self.query_one("#merge-errors", Static)
            errors.update(Text(clean(_("Fusion impossible : {why}", why=text))))
            errors.set_class(True, "-shown")

    def action_cancel(self) -> None:
        self.dismiss(False)
