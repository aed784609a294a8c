"""A new client, only after looking: the form searches while it is filled and shows who is known.

The user either opens a known client (the form was about them) or confirms that the person is
someone else, a homonym; that choice is recorded with the new record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from rules.client_fields import FieldRefused, parse_field
from store.client_intake import candidates_for, create_client
from store.db import connect
from store.errors import PossibleDuplicateError, StoreError, ValidationError
from store.normalize import display_phone, fold, phone_e164, phone_prefix
from store.search import SearchHit
from tui.i18n import _, translated
from tui.keys import field_moves
from tui.screens.search import COLUMN_WIDTHS, MIN_NAME_WIDTH
from tui.text import clean, plain
from tui.threads import ScreenConnection

# The form's fields, in order; the others are filled in later on the card.
NEW_FIELDS = ("last_name", "first_name", "company", "birth_year", "phone", "email", "postcode", "city")
LABELS = {
    "last_name": _("Nom"), "first_name": _("Prénom"), "company": _("Société"),
    "birth_year": _("Année de naissance"), "phone": _("Téléphone"), "email": _("E-mail"),
    "postcode": _("Code postal"), "city": _("Ville"),
}
PLACEHOLDERS = {"birth_year": _("aaaa"), "phone": "06 12 34 56 78", "email": "nom@domaine.fr"}
CANDIDATE_LIMIT = 8


def prefill(query: str) -> dict[str, str]:
    """What a search already typed says of the new client: an email, a phone, or a name
    (first word the last name, the rest the first name)."""
    text = query.strip()
    if not text:
        return {}
    if "@" in text:
        return {"email": text}
    if phone_e164(text) or phone_prefix(text):
        return {"phone": text}
    words = text.split()
    return {"last_name": words[0], "first_name": " ".join(words[1:])}


@dataclass(frozen=True, slots=True)
class Created:
    """The create worker's answer: the new id, or the candidates to decide on first."""

    client_id: int | None = None
    pending: list[SearchHit] = field(default_factory=list)


class CandidateTable(DataTable[Text]):
    """The known clients the form may describe; Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Ouvrir ce client"), id="new_client.open_candidate"),
    ]


class NewClientScreen(Screen[int | None]):
    """The new-client form; dismissed with the id of the client to open (the one created, or
    the known one chosen), ``None`` when left."""

    CSS_PATH = "client_new.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", _("Créer"), id="new_client.create", priority=True),
        Binding("escape", "cancel", _("Annuler"), id="new_client.cancel"),
        *field_moves("new_client.next_field", "new_client.previous_field"),
    ]

    def __init__(self, db_path: Path | str, user: str, today: date, query: str = "") -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.user = user
        self.today = today
        self.initial = prefill(query)
        self.candidates: list[SearchHit] = []
        self._db = ScreenConnection(self.db_path)
        self._creating = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Nouveau client — on cherche pendant la saisie"), id="new-title")
        with VerticalScroll(id="new-form"):
            for name in NEW_FIELDS:
                yield Horizontal(
                    Label(LABELS[name], classes="new-label"),
                    Input(self.initial.get(name, ""), placeholder=PLACEHOLDERS.get(name, ""),
                          id=f"new-{name}", compact=True),
                    classes="new-row",
                )
        yield Static(id="new-errors")
        yield Static(_("Personne de connu pour l'instant."), id="new-candidates-title")
        yield CandidateTable(id="new-candidates", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#new-candidates", CandidateTable)
        table.add_column(_("Client"), key="name", width=self._name_width())
        for key, label in (("city", _("Ville")), ("born", _("Né(e)")), ("phone", _("Téléphone")),
                           ("vehicle", _("Véhicule"))):
            table.add_column(label, key=key, width=COLUMN_WIDTHS[key])
        first_empty = next((n for n in NEW_FIELDS if not self.initial.get(n)), "last_name")
        self.query_one(f"#new-{first_empty}", Input).focus()
        if self.initial:
            self.look(self.form())

    def _name_width(self) -> int:
        widths = [COLUMN_WIDTHS[key] for key in ("city", "born", "phone", "vehicle")]
        padding = 2 * (len(widths) + 1) + 2  # cell padding, and the scrollbar
        return max(MIN_NAME_WIDTH, self.size.width - sum(widths) - padding)

    def on_resize(self) -> None:
        table = self.query_one("#new-candidates", CandidateTable)
        column = table.columns.get("name")  # type: ignore[call-overload]
        if column is not None and column.width != self._name_width():
            column.width = self._name_width()
            table.refresh()

    def form(self) -> dict[str, str]:
        """The form's texts as they are now."""
        return {name: self.query_one(f"#new-{name}", Input).value for name in NEW_FIELDS}

    # -- looking while typing ----------------------------------------------------------

    @on(Input.Changed)
    def _changed(self) -> None:
        self.look(self.form())
        if self.query_one("#new-errors", Static).has_class("-shown"):
            # the refusals shown follow the fields as they are mended, not as they were
            self._show_refusals(self.parse()[1])

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @work(thread=True, exclusive=True, exit_on_error=False, group="new-client-look")
    def look(self, texts: dict[str, str]) -> list[SearchHit]:
        """The known clients the form may describe, on the screen's own connection."""
        fields: dict[str, Any] = {name: text for name, text in texts.items() if text.strip()}
        if not fold(" ".join(fields.get(n, "") for n in ("last_name", "first_name"))) and not any(
                fields.get(n) for n in ("phone", "email")):
            return []
        with self._db.use() as conn:
            return candidates_for(conn, fields, CANDIDATE_LIMIT)

    def on_unmount(self) -> None:
        self._db.close()

    def show_candidates(self, hits: list[SearchHit]) -> None:
        """The candidates with what tells people apart; data shown as typed."""
        self.candidates = hits
        table = self.query_one("#new-candidates", CandidateTable)
        table.clear()
        for hit in hits:
            table.add_row(plain(hit.name, "bold yellow" if hit.homonym else "bold"), plain(hit.city),
                          plain(hit.birth_year or ""), plain(hit.phone), plain(hit.vehicle),
                          key=str(hit.client_id))
        title = self.query_one("#new-candidates-title", Static)
        if hits:
            text = Text(_("Déjà connu ? {n} client(s) ressemblent à cette saisie — tab puis "
                          "entrée ouvre la fiche, ctrl+s crée une autre personne.", n=len(hits)),
                        style="bold")
            if any(hit.homonym for hit in hits):
                text.append(_(" En jaune : homonymes entre eux."), style="yellow")
            title.update(text)
        else:
            title.update(Text(_("Personne de connu pour l'instant.")))

    @on(DataTable.RowSelected, "#new-candidates")
    def _candidate_chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.candidates):
            self.dismiss(self.candidates[event.cursor_row].client_id)

    # -- creating ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a read-only session cannot create, so it is not offered the key
        return not (action == "create" and getattr(self.app, "read_only", False))

    def action_create(self) -> None:
        if self._creating:
            return
        fields, refusals = self.parse()
        if refusals:
            self._show_refusals(refusals)
            self.query_one(f"#new-{refusals[0][0]}", Input).focus()
            return
        self._show_errors([])
        self._creating = True
        self.create(fields, ())

    def parse(self) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The fields as column values, and every refused field with the reason in words."""
        fields: dict[str, Any] = {}
        refusals: list[tuple[str, str]] = []
        for name, text in self.form().items():
            if not text.strip():
                continue
            try:
                value = parse_field(name, text, self.today)
            except FieldRefused as refused:
                refusals.append((name, translated(refused)))
                continue
            if value not in ("", None):
                fields[name] = value
        if not fields.get("last_name") and not fields.get("company"):
            refusals.insert(0, ("last_name", _("un nom ou une société est obligatoire")))
        return fields, refusals

    @work(thread=True, exclusive=True, exit_on_error=False, group="new-client-create")
    def create(self, fields: dict[str, Any], homonym_of: tuple[int, ...]) -> Created:
        """Create after looking once more; the candidates still to decide on come back."""
        conn = connect(self.db_path, create=False)
        try:
            try:
                return Created(client_id=create_client(conn, fields, self.user, homonym_of))
            except PossibleDuplicateError as found:
                hits = {h.client_id: h for h in candidates_for(conn, fields, CANDIDATE_LIMIT)}
                return Created(pending=[hits[c] for c in found.candidates if c in hits])
        finally:
            conn.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if event.state == WorkerState.SUCCESS and group == "new-client-look":
            if isinstance(event.worker.result, list):
                self.show_candidates(event.worker.result)
        elif event.state == WorkerState.SUCCESS and group == "new-client-create":
            self._creating = False
            result = event.worker.result
            assert isinstance(result, Created)
            self._created(result)
        elif event.state == WorkerState.ERROR and group == "new-client-create":
            self._creating = False
            error = event.worker.error
            if isinstance(error, ValidationError):
                self._show_errors([f"{LABELS.get(e.field, e.field)} : {e.message}" for e in error.errors])
            elif isinstance(error, StoreError):
                self._show_errors([str(error)])
            else:
                self._show_errors([_("Erreur inattendue : {error}", error=error)])

    def _created(self, result: Created) -> None:
        if result.client_id is not None:
            self.notify(_("Fiche créée."))
            self.dismiss(result.client_id)
            return
        fields, _refusals = self.parse()
        self.show_candidates(result.pending or self.candidates)

        def decided(homonym: bool | None) -> None:
            if homonym:
                self._creating = True
                self.create(fields, tuple(h.client_id for h in result.pending))
            else:
                self.query_one("#new-candidates", CandidateTable).focus()

        self.app.push_screen(HomonymQuestion(fields, result.pending), decided)

    def _show_refusals(self, refusals: list[tuple[str, str]]) -> None:
        self._show_errors([f"{LABELS[name]} : {reason}" for name, reason in refusals])

    def _show_errors(self, lines: list[str]) -> None:
        errors = self.query_one("#new-errors", Static)
        errors.update(Text("\n".join(clean(line) for line in lines)))
        errors.set_class(bool(lines), "-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)


class HomonymQuestion(ModalScreen[bool]):
    """The person typed beside the known clients like them: another person (a homonym)?"""

    CSS_PATH = "client_new.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "answer(True)", _("Oui, une autre personne"), id="homonym.yes"),
        Binding("n", "answer(False)", _("Non, revenir"), id="homonym.no"),
        Binding("escape", "answer(False)", _("Non, revenir"), id="homonym.cancel", show=False),
    ]

    def __init__(self, typed: dict[str, Any], known: list[SearchHit]) -> None:
        super().__init__()
        self.typed = typed
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(id="homonym-dialog"):
            yield Static(Text(_("Ces clients sont déjà connus. S'agit-il d'une autre personne "
                                "(un homonyme) ?"), style="bold"))
            yield Static(self._side_by_side(), id="homonym-table")
            yield Static(_("o : oui, créer une autre personne (noté comme homonyme)    "
                           "n : non, revenir aux fiches"), id="homonym-keys")
        yield Footer()

    def _side_by_side(self) -> Table:
        """What was typed on the first line, each known client under it, column by column."""
        table = Table(expand=True, box=None, pad_edge=False, padding=(0, 1))
        table.add_column("", no_wrap=True, width=7)
        # the short fields whole, the long ones share what is left
        for label, width, ratio in ((_("Nom"), None, 4), (_("Né(e)"), 5, None), (_("Ville"), None, 3),
                                    (_("Téléphone"), 14, None), (_("E-mail"), None, 2),
                                    (_("Véhicule"), None, 2)):
            table.add_column(label, width=width, ratio=ratio, no_wrap=True, overflow="ellipsis")
        typed = self.typed
        name = " ".join(p for p in (str(typed.get("last_name", "")).upper(), str(typed.get("first_name", "")))
                        if p) or str(typed.get("company", ""))
        table.add_row(Text(_("Saisie"), style="bold"), plain(name, "bold"),
                      plain(typed.get("birth_year", "")),
                      plain(typed.get("city") or typed.get("postcode", "")),
                      plain(display_phone(str(typed.get("phone", "")))), plain(typed.get("email", "")),
                      Text(""), end_section=True)
        for hit in self.known:
            table.add_row(plain(_("n° {id}", id=hit.client_id), "dim"), plain(hit.name),
                          plain(hit.birth_year or ""),
                          plain(hit.city or hit.postcode),
                          plain(hit.phone), plain(hit.email), plain(hit.vehicle))
        return table

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
