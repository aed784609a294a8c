"""Editing a client: every field, checked before saving, and never over another session's save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from rules.client_conflicts import Conflict, find_conflicts, rebase
from rules.client_fields import (
    CIVILITIES,
    FORM_FIELDS,
    ORIGINS,
    Refusal,
    TextCheck,
    changed_fields,
    complete_consents,
    form_texts,
    lexicon_check,
    parse_edits,
    value_text,
)
from rules.lexicon import Lexicon, shipped_lexicon
from store.clients import FieldEdit, assignable_users, get_client, last_field_edits, save_client
from store.db import connect
from store.errors import ConflictError, NotFoundError, StoreError
from store.records import CONSENT_CHANNELS, Client, User
from tui.context import DEALERSHIP_TZ
from tui.i18n import _, language, translated
from tui.keys import field_moves
from tui.screens.client_conflict import ClientConflictScreen, ConflictRow
from tui.screens.confirm import Confirm
from tui.screens.log_call import CHANNEL_NAMES as CONSENT_CHANNEL_NAMES
from tui.text import clean, plain
from tui.threads import show_from_thread

if TYPE_CHECKING:
    from tui.app import RelanceApp

CHANNEL_NAMES = {"phone": _("téléphone"), "sms": _("SMS"), "email": _("e-mail"), "post": _("courrier")}
FIELD_LABELS: dict[str, str] = {
    "civility": _("Civilité"),
    "last_name": _("Nom"),
    "first_name": _("Prénom"),
    "company": _("Société"),
    "birth_year": _("Année de naissance"),
    "birth_date": _("Date de naissance"),
    "situation": _("Situation"),
    "profession": _("Profession"),
    "interests": _("Centres d'intérêt"),
    "phone": _("Téléphone"),
    "phone2": _("Téléphone 2"),
    "email": _("E-mail"),
    "address": _("Adresse"),
    "postcode": _("Code postal"),
    "city": _("Ville"),
    "origin": _("Origine"),
    "assigned_user_id": _("Suivi par"),
    **{f"consent_{ch}": _("Consentement {channel}", channel=name) for ch, name in CHANNEL_NAMES.items()},
    **{f"consent_{ch}_on": _("Consentement {channel} : date", channel=name)
       for ch, name in CHANNEL_NAMES.items()},
    **{f"consent_{ch}_source": _("Consentement {channel} : source", channel=name)
       for ch, name in CHANNEL_NAMES.items()},
}
ORIGIN_LABELS = {
    "": "—", "web_lead": _("Lead site marque"), "showroom": _("Showroom"), "phone": _("Téléphone"),
    "contest": _("Jeu concours"), "referral": _("Recommandation"), "dms": "DMS",
    "aftersales": _("Après-vente"), "import": _("Import"),
}
STATE_LABELS = {"yes": _("oui"), "no": _("non"), "unknown": _("inconnu")}
PLACEHOLDERS = {"birth_date": _("jj/mm/aaaa"), "birth_year": _("aaaa")}


def user_label(user: User) -> str:
    """A user as the forms name them: the login, and the full name when it says more."""
    return f"{user.login} — {user.name}" if user.name != user.login else user.login


@dataclass(frozen=True, slots=True)
class EditData:
    """What the form needs, read in one go: the client as loaded and whom it may be assigned to."""

    client: Client
    users: list[User]
    lexicon: Lexicon


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What a save attempt found: saved, or another session's save to resolve first."""

    version: int | None = None
    current: Client | None = None
    edits: dict[str, FieldEdit] | None = None


class ClientEditScreen(Screen[bool]):
    """The client's every field; ``ctrl+s`` saves, escape leaves (asking when something changed).

    Dismissed with ``True`` when something was saved.
    """

    CSS_PATH = "client_edit.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Enregistrer"), id="edit_save", priority=True),
        Binding("escape", "cancel", _("Annuler"), id="edit_cancel"),
        *field_moves("edit_next_field", "edit_previous_field"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.base: Client | None = None
        self._shown = False  # the fields mounted: until then a choice list reads as blank
        self._save_asked = False  # ctrl+s typed ahead of the fields: saved once they are shown
        self.initial: dict[str, str] = {}
        self.users: list[User] = []
        self.check_text: TextCheck | None = None
        self._changes: dict[str, Any] = {}
        self._saving = False

    @property
    def relance(self) -> RelanceApp:
        from tui.app import RelanceApp

        assert isinstance(self.app, RelanceApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Chargement…"), id="edit-title")
        yield VerticalScroll(id="edit-form")
        yield Static(id="edit-errors")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="client-edit-load")
    def load(self) -> None:
        """Read the client and the users on this thread's own connection."""
        conn = connect(self.relance.db_path)
        try:
            data = EditData(get_client(conn, self.client_id), assignable_users(conn), shipped_lexicon())
        finally:
            conn.close()
        show_from_thread(self, self._show, data)

    def _show(self, data: EditData) -> None:
        self.base = data.client
        self.users = data.users
        self.check_text = lexicon_check(data.lexicon, language())
        self.initial = self._initial_texts(data.client)
        title = Text.assemble(_("Modifier la fiche : "), plain(data.client.display_name, "bold"))
        self.query_one("#edit-title", Static).update(title)
        form = self.query_one("#edit-form", VerticalScroll)
        form.mount_all(self._rows(data.client))
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        self._shown = True
        self.query_one(f"#{_widget_id('civility')}").focus()
        if self._save_asked:
            self.action_save()

    def _initial_texts(self, client: Client) -> dict[str, str]:
        return form_texts(client)

    def _rows(self, client: Client) -> list[Widget]:
        texts = self.initial
        rows: list[Widget] = []
        for name in FORM_FIELDS:
            if name.startswith("consent_"):
                continue
            rows.append(Horizontal(Label(FIELD_LABELS[name], classes="edit-label"),
                                   self._field(name, texts[name], client), classes="edit-row"))
        rows.append(Static(_("Consentements : état, date (jj/mm/aaaa), source"),
                           classes="edit-section"))
        for channel in CONSENT_CHANNELS:
            state = f"consent_{channel}"
            rows.append(Horizontal(
                Label(CONSENT_CHANNEL_NAMES[channel], classes="edit-label"),
                self._select(state, texts[state], [(STATE_LABELS[s], s) for s in STATE_LABELS]),
                self._input(f"{state}_on", texts[f"{state}_on"], _("jj/mm/aaaa"), "edit-day"),
                self._input(f"{state}_source", texts[f"{state}_source"], _("source"), "edit-source"),
                classes="edit-row",
            ))
        return rows

    def _field(self, name: str, text: str, client: Client) -> Widget:
        if name == "civility":
            return self._select(name, text, [(c or "—", c) for c in _with(CIVILITIES, text)])
        if name == "origin":
            return self._select(name, text, [(ORIGIN_LABELS.get(o, o), o) for o in _with(ORIGINS, text)])
        if name == "assigned_user_id":
            options: list[tuple[str | Text, str]] = [(_("(personne)"), "")]
            options += [(plain(user_label(u)), str(u.id)) for u in self.users]
            if text and text not in {value for _label, value in options}:
                options.append((plain(_("utilisateur n° {id}", id=text)), text))
            return self._select(name, text, options)
        return self._input(name, text, PLACEHOLDERS.get(name, ""))

    @staticmethod
    def _input(name: str, text: str, placeholder: str = "", classes: str = "") -> Input:
        return Input(text, placeholder=placeholder, id=_widget_id(name), compact=True, classes=classes)

    @staticmethod
    def _select(name: str, text: str, options: list[tuple[str | Text, str]]) -> Select[str]:
        prompts = [(label if isinstance(label, Text) else Text(label), value) for label, value in options]
        return Select(prompts, value=text, allow_blank=False, id=_widget_id(name), compact=True,
                      classes="edit-choice")

    def form(self) -> dict[str, str]:
        """The form's texts as they are now, field by field."""
        values: dict[str, str] = {}
        for name in FORM_FIELDS:
            widget = self.query_one(f"#{_widget_id(name)}")
            if isinstance(widget, Select):
                value = widget.value
                values[name] = value if isinstance(value, str) else ""
            else:
                assert isinstance(widget, Input)
                values[name] = widget.value
        return values

    @property
    def loaded(self) -> bool:
        """The client read and its fields on screen: a save typed ahead of them (``e`` then
        ``ctrl+s`` at once) is not read from half-mounted fields."""
        return self.base is not None and bool(self.initial) and self._shown

    def has_changes(self) -> bool:
        """Whether something typed differs from what was loaded."""
        return self.loaded and bool(changed_fields(self.form(), self.initial))

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()  # enter moves on, as in the paper form it replaces

    @on(Select.Changed)
    def _consent_changed(self, event: Select.Changed) -> None:
        if not self.loaded or not (event.select.id or "").startswith("edit-consent_"):
            return
        self._fill_consents()

    def _fill_consents(self) -> dict[str, str]:
        ctx = self.relance.ctx
        form = self.form()
        done = complete_consents(form, self.initial, ctx.today, ctx.user)
        for name, text in done.items():
            if text != form[name]:
                self.query_one(f"#{_widget_id(name)}", Input).value = text
        return done

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a read-only session reaching this screen anyway still cannot write
        return not (action == "save" and getattr(self.app, "read_only", False))

    def action_save(self) -> None:
        if not self.loaded:
            self._save_asked = True
            return
        if self._saving:
            return
        form = self._fill_consents()
        parsed = parse_edits(form, self.initial, self.relance.ctx.today, self.check_text)
        if parsed.refusals:
            self._refuse(parsed.refusals)
            return
        if not parsed.changes:
            self.notify(_("Aucune modification à enregistrer."))
            self.dismiss(False)
            return
        assert self.base is not None
        self._changes = parsed.changes
        self._show_errors([])
        self._save(self.base.version)

    def _refuse(self, refusals: list[Refusal]) -> None:
        self._show_errors([f"{FIELD_LABELS[r.field]} : {translated(r)}" for r in refusals])
        self.query_one(f"#{_widget_id(refusals[0].field)}").focus()

    def _show_errors(self, lines: list[str]) -> None:
        errors = self.query_one("#edit-errors", Static)
        errors.update(Text("\n".join(clean(line) for line in lines)))
        errors.set_class(bool(lines), "-shown")

    def _save(self, expected_version: int) -> None:
        self._saving = True
        self.save(dict(self._changes), expected_version)

    @work(thread=True, exclusive=True, exit_on_error=False, group="client-edit-save")
    def save(self, changes: dict[str, Any], expected_version: int) -> SaveOutcome:
        """Save against the version loaded; on a conflict, read what the other session saved."""
        conn = connect(self.relance.db_path)
        try:
            try:
                outcome = SaveOutcome(version=save_client(
                    conn, self.client_id, expected_version, changes, self.relance.ctx.user))
            except ConflictError:
                outcome = SaveOutcome(current=get_client(conn, self.client_id),
                                      edits=last_field_edits(conn, self.client_id, list(changes)))
        finally:
            conn.close()
        show_from_thread(self, self._saved, outcome)
        return outcome

    def _saved(self, outcome: SaveOutcome) -> None:
        if outcome.version is not None:
            self._saving = False
            self.notify(_("Fiche enregistrée."))
            self.dismiss(True)
            return
        assert outcome.current is not None
        assert self.base is not None
        current, base = outcome.current, self.base
        conflicts = find_conflicts(base, self._changes, current)
        self.base = current
        if not conflicts:  # the other session wrote other fields: nothing of theirs is overwritten
            self._resolve(current, [], set())
            return
        rows = [self._conflict_row(c, current, outcome.edits or {}) for c in conflicts]
        self.app.push_screen(ClientConflictScreen(rows),
                             lambda kept: self._conflict_chosen(current, conflicts, kept))

    def _conflict_chosen(self, current: Client, conflicts: list[Conflict], kept: set[str] | None) -> None:
        if kept is None:
            self._saving = False
            self._show_errors([_("Rien n'a été enregistré : la fiche a changé entre-temps. "
                                 "ctrl+s pour choisir à nouveau.")])
            return
        self._resolve(current, conflicts, kept)

    def _resolve(self, current: Client, conflicts: list[Conflict], kept: set[str]) -> None:
        self._changes = rebase(self._changes, current, conflicts, kept)
        if not self._changes:
            self._saving = False
            self.notify(_("Fiche conservée telle qu'enregistrée par l'autre session."))
            self.dismiss(True)
            return
        self._save(current.version)

    def _conflict_row(self, conflict: Conflict, current: Client, edits: dict[str, FieldEdit]) -> ConflictRow:
        edit = edits.get(conflict.field)
        by, at = (edit.user_login, edit.at) if edit else (current.updated_by, current.updated_at)
        return ConflictRow(
            field=conflict.field,
            label=FIELD_LABELS[conflict.field],
            mine=self.describe(conflict.field, conflict.mine),
            theirs=self.describe(conflict.field, conflict.theirs),
            saved_by=by,
            saved_at=_local_time(at),
        )

    def describe(self, name: str, value: object) -> str:
        """A column value in words, as the form shows it."""
        if name == "origin":
            return ORIGIN_LABELS.get(str(value or ""), str(value))
        if name.startswith("consent_") and not name.endswith(("_on", "_source")):
            return STATE_LABELS.get(str(value), str(value))
        if name == "assigned_user_id":
            if value is None:
                return _("(personne)")
            return next((u.login for u in self.users if u.id == value), str(value))
        return value_text(name, value)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        self._saving = False
        error = event.worker.error
        if isinstance(error, NotFoundError):
            self._show_errors([_("Cette fiche n'existe plus.")])
        elif isinstance(error, StoreError):
            self._show_errors([str(error)])
        else:
            self._show_errors([_("Erreur inattendue : {error}", error=error)])

    def action_cancel(self) -> None:
        if not self.has_changes():
            self.dismiss(False)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(False)

        self.app.push_screen(Confirm(_("Abandonner les modifications non enregistrées ?")), answered)


def _widget_id(name: str) -> str:
    return f"edit-{name}"


def _with(choices: tuple[str, ...], current: str) -> tuple[str, ...]:
    """The choices, plus the stored value when an import brought one the list lacks."""
    return choices if current in choices else (*choices, current)


def _local_time(utc_iso: str) -> str:
    """A stored UTC instant as the dealership reads it: ``15:32 le 23/11/2026``."""
    try:
        instant = datetime.fromisoformat(utc_iso)
    except ValueError:
        return utc_iso
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return _("{time} le {day}", time=f"{instant.astimezone(DEALERSHIP_TZ):%H:%M}",
             day=f"{instant.astimezone(DEALERSHIP_TZ):%d/%m/%Y}")
