"""The log dialog: one key for the outcome, a note, the next action typed as people say it.

``l`` on the queue (or the card) opens it on the selected reminder; « no answer, call again
tomorrow » is ``n`` then ``enter``: the next action is prefilled with ``default_next_action``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from rules.calls import ForbiddenNote, HeldCall, SavedCall, save_call
from rules.outcomes import (
    OUTCOMES,
    Outcome,
    ReminderChange,
    after_outcome,
    default_next_action,
    outcome_for_key,
)
from rules.phrases import ParsedWhen, ParseError, parse_when
from store.clients import get_client
from store.db import connect
from store.errors import ConflictError
from store.records import Reminder
from store.reminders import get_reminder
from tui.clock import local_now
from tui.i18n import _, language, translated
from tui.keys import field_moves
from tui.text import clean, plain

CHANNELS: tuple[str, ...] = ("phone", "sms", "email", "visit", "letter")
# every channel a contact or a consent is on, as the screens name it ("post": consent by mail)
CHANNEL_NAMES = {"phone": _("Téléphone"), "sms": _("SMS"), "email": _("E-mail"), "visit": _("Visite"),
                 "letter": _("Courrier"), "post": _("Courrier")}


# what was logged, when no reminder changed (a contact with no reminder): named by its channel
LOGGED = {"phone": _("Appel noté."), "sms": _("SMS noté."), "email": _("E-mail noté."),
          "visit": _("Visite notée."), "letter": _("Courrier noté.")}
# what « annule » takes back, named by its channel (filled with the client's name)
CONTACT_WITH = {"phone": "l'appel à {name}", "sms": "le SMS à {name}", "email": "l'e-mail à {name}",
                "visit": "la visite de {name}", "letter": "le courrier à {name}"}


def change_message(change: ReminderChange | None, channel: str = "phone") -> str:
    """What became of the reminder (or, without one, what was logged), in the app's language."""
    if change is None:
        return LOGGED.get(channel, LOGGED["phone"])
    return change.message_en if language() == "en" and change.message_en else change.message_fr


def held_call_message(held: HeldCall) -> str:
    """Why a phone call on a held reminder is not logged, and what can be."""
    return _("Appel retenu par la loi ({reason}) : rien n'est enregistré. Notez une visite, un "
             "e-mail ou un courrier (c pour changer de canal).", reason=held.reason)


class OutcomePicker(Static, can_focus=True):
    """The seven outcomes on two lines, the chosen one highlighted; the dialog reads the keys."""

    selected: reactive[Outcome | None] = reactive(None)
    """The outcome chosen, None until a key is pressed."""

    def render(self) -> Text:
        text = Text()
        for n, info in enumerate(OUTCOMES):
            if n == 4:
                text.append("\n")
            label = info.label_en if language() == "en" else info.label_fr
            chosen = info.outcome == self.selected
            text.append(f" {info.key} ", style="bold reverse" if chosen else "bold")
            text.append(f" {label}  ", style="reverse" if chosen else "")
        return text


class LogCallForm(Vertical):
    """The log form: under the queue in place of the brief, or in a dialog over the client card.

    ``start`` fills it for a client (and the reminder it handles); ``on_done`` hears the result,
    None when cancelled. Letters that are not outcomes are kept from the screen behind (the
    queue's filters) while the form is in use.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "next_channel", _("Canal"), id="log_channel"),
        Binding("enter", "save", _("Enregistrer"), id="log_save"),
        Binding("escape", "cancel", _("Annuler"), id="log_cancel"),
        *field_moves("log_next_field", "log_previous_field"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.db_path = Path()
        self.client_id = 0
        self.login = ""
        self.today = date.min
        self.reminder: Reminder | None = None
        self.channel = "phone"
        self.client_name = ""
        self.on_done: Callable[[SavedCall | None], None] = lambda _result: None
        self._prefilled = ""  # the date the form wrote; anything else was typed and is kept

    def compose(self) -> ComposeResult:
        with Horizontal(id="log-head"):
            yield Static(id="log-reason")
            yield Static(id="log-channel")
        yield OutcomePicker(id="log-outcome")
        with Horizontal(classes="log-row"):
            yield Static(_("Note"), classes="log-label")
            yield Input(id="log-note", placeholder=_("facultative"))
        with Horizontal(classes="log-row"):
            yield Static(_("Rappeler le"), classes="log-label")
            yield Input(id="log-when", placeholder=_("demain, jeudi 14h, dans 3 jours, 15/03…"))
        yield Static(id="log-understood")

    def start(self, db_path: Path, client_id: int, reminder_id: int | None, *, login: str, today: date,
              on_done: Callable[[SavedCall | None], None]) -> None:
        """Fill the form for ``client_id`` (and its reminder), everything else empty."""
        conn = connect(db_path)
        try:
            client = get_client(conn, client_id)
            self.reminder = get_reminder(conn, reminder_id) if reminder_id else None
        finally:
            conn.close()
        self.db_path, self.client_id, self.login, self.today = db_path, client_id, login, today
        self.on_done = on_done
        self.client_name = client.display_name
        self.channel = "phone"
        reason = ""
        if self.reminder is not None:
            self.channel = self.reminder.channel if self.reminder.channel in CHANNELS else "phone"
            reason = self.reminder.reason_in(language())
            if self.reminder.held_reason:
                reason += "\n" + _("Retenu : {why}", why=self.reminder.held_reason)
        self.border_title = Text.assemble(_("Noter l'appel — "), plain(self.client_name, "bold"))
        self.query_one("#log-reason", Static).update(plain(reason or _("(sans rappel)"), "dim"))
        self.query_one(OutcomePicker).selected = None
        self._prefilled = ""
        self.query_one("#log-note", Input).value = ""
        self.query_one("#log-when", Input).value = ""
        self._show_channel()
        self._show_understood()

    @property
    def attempts(self) -> int:
        return self.reminder.attempts if self.reminder is not None else 0

    def _show_channel(self) -> None:
        self.query_one("#log-channel", Static).update(
            Text.assemble(" ", (CHANNEL_NAMES[self.channel], "bold"), (" " + _("(c pour changer)"), "dim")))

    def action_next_channel(self) -> None:
        self.channel = CHANNELS[(CHANNELS.index(self.channel) + 1) % len(CHANNELS)]
        self._show_channel()

    def _when(self) -> ParsedWhen | ParseError | None:
        text = self.query_one("#log-when", Input).value.strip()
        return parse_when(text, local_now(self.today)) if text else None

    @on(Input.Changed, "#log-when")
    def _date_changed(self) -> None:
        self._show_understood()

    @on(Input.Changed, "#log-note")
    def _note_changed(self) -> None:
        self._show_understood()

    def on_key(self, event: Key) -> None:
        """An outcome's letter or digit, anywhere but in a text field (a text field keeps the keys
        it types). Not judged by the focus now: a key typed ahead may arrive after a priority
        ``tab`` moved it. Other letters stop here: the queue's filters are not for now."""
        if not event.character:
            return
        outcome = outcome_for_key(event.character)
        if outcome is not None:
            event.stop()
            event.prevent_default()
            self.choose(outcome)
        elif event.character.isalnum() and event.character != "c":
            event.stop()
            event.prevent_default()

    def choose(self, outcome: Outcome) -> None:
        """Pick ``outcome``; prefill the next action with its default unless the user typed one."""
        self.query_one(OutcomePicker).selected = outcome
        when = self.query_one("#log-when", Input)
        # judged by the value, not by events: a date typed ahead may land before this key is read
        if when.value.strip() in ("", self._prefilled):
            default = default_next_action(outcome, self.today, self.attempts)
            self._prefilled = f"{default:%d/%m/%Y}" if default else ""
            when.value = self._prefilled
        self._show_understood()

    def _show_understood(self) -> None:
        """The date understood and what will become of the reminder, before anything is saved."""
        line = self.query_one("#log-understood", Static)
        when = self._when()
        if isinstance(when, ParseError):
            line.set_class(True, "-error")
            line.update(Text(clean(translated(when))))
            return
        line.set_class(False, "-error")
        said = when.text_in(language()) if when else _("aucune date")
        outcome = self.query_one(OutcomePicker).selected
        text = Text.assemble(("→ ", "bold"), (said, "bold"))
        if outcome is not None and self.reminder is not None:
            change = after_outcome(outcome, self.attempts, self.today, when.day if when else None)
            text.append("  " + change_message(change), style="dim")
        elif outcome is None:
            text.append("  " + _("choisissez un résultat : une lettre ou un chiffre"), style="dim")
        line.update(text)

    def _refuse(self, message: str, focus: str) -> None:
        line = self.query_one("#log-understood", Static)
        line.set_class(True, "-error")
        line.update(Text(clean(message)))
        self.screen.set_focus(self.query_one(focus))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        outcome = self.query_one(OutcomePicker).selected
        if outcome is None:
            self._refuse(_("Choisissez d'abord le résultat : j, n, m, f, r, p ou v (ou 1 à 7)."),
                         "#log-outcome")
            return
        when = self._when()
        if isinstance(when, ParseError):
            self._refuse(translated(when), "#log-when")
            return
        conn = connect(self.db_path)
        try:
            saved = save_call(conn, client_id=self.client_id, reminder=self.reminder, outcome=outcome,
                              note=self.query_one("#log-note", Input).value,
                              next_action=when.day if when else None, login=self.login,
                              now=local_now(self.today), channel=self.channel)
        except ForbiddenNote as refused:
            self._refuse(refused.message_in(language()), "#log-note")
            return
        except HeldCall as held:
            self._refuse(held_call_message(held), "#log-outcome")
            return
        except ConflictError:
            self._refuse(_("Ce rappel vient d'être modifié par une autre session : rien n'est "
                           "enregistré. Échap puis recommencez."), "#log-outcome")
            return
        finally:
            conn.close()
        self.on_done(saved)

    def action_cancel(self) -> None:
        self.on_done(None)


class LogCallDialog(ModalScreen[SavedCall | None]):
    """The log form over the client card (the queue shows it in place of the brief)."""

    CSS_PATH = "log_call.tcss"

    def __init__(self, db_path: Path, client_id: int, reminder_id: int | None, *, login: str,
                 today: date) -> None:
        super().__init__()
        self._start = partial(LogCallForm.start, db_path=db_path, client_id=client_id,
                              reminder_id=reminder_id, login=login, today=today)

    def compose(self) -> ComposeResult:
        yield LogCallForm(id="log-form")
        yield Footer()

    def on_mount(self) -> None:
        form = self.query_one(LogCallForm)
        def done(result: SavedCall | None) -> None:
            self.dismiss(result)

        self._start(form, on_done=done)
        self.set_focus(form.query_one(OutcomePicker))
