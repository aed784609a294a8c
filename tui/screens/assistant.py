"""The assistant: a command line (``:``) over a conversation pane, docked under the queue.

Relance speaks first (today's calls by tier, how many overdue); the user types short commands or
plain phrases, read by ``rules.assistant.parse_command`` (deterministic, offline), and the pane
answers with what it understood and what it did. « annule » takes the last action back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from rules.assistant import (
    Appointment,
    Assign,
    Dismiss,
    Help,
    Intent,
    LogCall,
    Next,
    Note,
    Refused,
    Search,
    Snooze,
    Undo,
    Unknown,
    greeting,
    help_text,
    parse_command,
)
from rules.calls import ForbiddenNote, HeldCall, add_note, put_off, save_call, set_aside, undo_call
from rules.lexicon import shipped_lexicon
from rules.outcomes import Outcome, default_next_action, label
from rules.phrases import ParsedWhen
from store.db import connect
from store.errors import ConflictError
from store.reminders import get_reminder, reassign
from store.users import find_user, list_users
from tui.clock import local_now
from tui.i18n import _, language, translated
from tui.screens.log_call import change_message, held_call_message
from tui.text import clean

if TYPE_CHECKING:
    from store.records import QueueItem
    from tui.screens.queue import QueueScreen


HELP_EXAMPLES = ("pas de réponse", "appelé, pas de réponse, rappeler jeudi", "messagerie", "joint",
                 "rdv lundi 10h atelier", "faux numéro", "pas intéressé", "vendu", "reporter à demain",
                 "écarter <motif>", "note <texte>", "cherche dupont", "suivant", "annule", "aide")
GRAMMAR_HELP = _("**Assistant** (`:`, `escape` ferme) :") + " " + " · ".join(
    f"`{example}`" for example in HELP_EXAMPLES)


KEPT_LINES = 200


class AssistantPane(Vertical):
    """The conversation and its command line; hidden until ``:``."""

    HELP = GRAMMAR_HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Fermer l'assistant"), id="assistant_close"),
    ]

    @dataclass
    class Asked(Message):
        """The user typed a line to the assistant."""

        text: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.greeted = False
        self.said: list[Text] = []  # the conversation, oldest first

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="assistant-log"):
            yield Static(id="assistant-said")
        yield Input(id="assistant-input", placeholder=_("« pas de réponse, rappeler jeudi », « aide »…"))

    def open(self) -> None:
        self.display = True
        # at once, not later: what is typed right after « : » belongs to the command line
        self.screen.set_focus(self.query_one("#assistant-input", Input))

    def action_close(self) -> None:
        self.display = False
        self.screen.query_one("#queue-table").focus()

    def say(self, answer: str) -> None:
        """Relance's turn: each line of ``answer``, shown as typed (never markup)."""
        self._add(*(Text(clean(line)) for line in answer.splitlines() or [""]))

    def _add(self, *lines: Text) -> None:
        self.said = [*self.said, *lines][-KEPT_LINES:]
        self.query_one("#assistant-said", Static).update(Text("\n").join(self.said))
        self.query_one("#assistant-log", VerticalScroll).scroll_end(animate=False)

    @on(Input.Submitted, "#assistant-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if not text:
            return
        self._add(Text("› " + clean(text), style="bold"))
        self.post_message(self.Asked(text))


def hello(screen: QueueScreen) -> str:
    """What Relance says first: today's calls, by tier, and how many are overdue."""
    app = screen.relance
    name = app.user.name if app.user else app.ctx.user
    hour = local_now(app.ctx.today).hour
    return greeting(screen.counts, screen.overdue, name, hour=hour, lang=language())


class Assistant:
    """Carries out what the user typed, on the queue screen's selected reminder."""

    def __init__(self, screen: QueueScreen) -> None:
        self.screen = screen

    def answer(self, text: str) -> str:
        """Read ``text``, do it, and say what was understood and done."""
        app = self.screen.relance
        intent = parse_command(text, local_now(app.ctx.today), shipped_lexicon(), language())
        try:
            return self._do(intent)
        except ForbiddenNote as refused:
            return refused.message_in(language())
        except HeldCall as held:
            return held_call_message(held)
        except ConflictError:
            return _("Ce rappel vient d'être modifié par une autre session : rien n'est enregistré.")

    def _do(self, intent: Intent) -> str:
        if isinstance(intent, Refused | Unknown):
            return translated(intent)
        if isinstance(intent, Help):
            return help_text(_)
        if isinstance(intent, Next):
            return self._next()
        if isinstance(intent, Search):
            self.screen.relance.action_open_search(intent.query)
            return _("Je cherche « {query} »…", query=intent.query)
        if self.screen.relance.read_only:
            from tui.screens.queue import READ_ONLY_MESSAGE

            return READ_ONLY_MESSAGE
        if isinstance(intent, Undo):
            return self._undo()
        item = self.screen.current_item
        if item is None:
            return _("Aucun rappel sélectionné.")
        if isinstance(intent, LogCall):
            return self._log(intent.outcome, intent.next, intent.note)
        if isinstance(intent, Appointment):
            note = " — ".join(p for p in (intent.place, intent.note) if p)
            return self._log(Outcome.APPOINTMENT, intent.when, note)
        if isinstance(intent, Note):
            return self._note(intent.text)
        if isinstance(intent, Snooze | Dismiss):
            return self._reminder(intent)
        if isinstance(intent, Assign):
            return self._assign(intent.login)
        return _("Je n'ai rien fait.")  # pragma: no cover - every intent is handled above

    def _next(self) -> str:
        table = self.screen.query_one("#queue-table")
        before = self.screen.current_item
        table.action_cursor_down()  # type: ignore[attr-defined]
        item = self.screen.current_item
        if item is None or (before is not None and item.reminder_id == before.reminder_id):
            return _("C'était le dernier rappel de la liste.")
        return _("Suivant : {name} — {reason}.", name=item.client_name, reason=item.reason_in(language()))

    @contextmanager
    def _selected(self) -> Iterator[tuple[QueueItem, str, sqlite3.Connection]]:
        """The selected reminder, the user's login (read-only users do not get here) and a
        connection of its own, closed afterwards."""
        item = self.screen.current_item
        assert item is not None
        app = self.screen.relance
        assert app.user is not None
        conn = connect(app.ctx.db_path)
        try:
            yield item, app.user.login, conn
        finally:
            conn.close()

    def _log(self, outcome: Outcome, when: ParsedWhen | None, note: str) -> str:
        today = self.screen.relance.ctx.today
        with self._selected() as (item, login, conn):
            reminder = get_reminder(conn, item.reminder_id)
            day = when.day if when else default_next_action(outcome, today, reminder.attempts)
            result = save_call(conn, client_id=item.client_id, reminder=reminder, outcome=outcome,
                               note=note, next_action=day, login=login, now=local_now(today),
                               channel=reminder.channel if reminder.channel != "" else "phone")
        understood = label(outcome.value, language())
        if when is not None:
            understood += ", " + when.text_in(language())
        if note:
            understood += f", « {note} »"
        self.screen.call_logged(item, result, quiet=True)
        return _("Compris : {name}, {what}. {done}", name=item.client_name, what=understood,
                 done=change_message(result.logged.change, result.logged.channel)) + self._following()

    def _following(self) -> str:
        item = self.screen.current_item
        return (" " + _("Suivant : {name}.", name=item.client_name)) if item is not None else ""

    def _note(self, text: str) -> str:
        with self._selected() as (item, login, conn):
            done = add_note(conn, client_id=item.client_id, note=text, user_login=login,
                            now=local_now(self.screen.relance.ctx.today), lexicon=shipped_lexicon())
        self.screen.remember(done, _("la note sur {name}", name=item.client_name))
        self.screen.load_brief(item)
        return _("Note ajoutée à la fiche de {name} : « {note} ».", name=item.client_name, note=text)

    def _reminder(self, intent: Snooze | Dismiss) -> str:
        with self._selected() as (item, login, conn):
            reminder = get_reminder(conn, item.reminder_id)
            if isinstance(intent, Snooze):
                done = put_off(conn, reminder, intent.when.day, login)
                said = _("Rappel de {name} reporté au {when}.", name=item.client_name,
                         when=intent.when.text_in(language()))
            else:
                done = set_aside(conn, reminder, intent.reason, login, shipped_lexicon())
                said = _("Rappel de {name} écarté : {reason}.", name=item.client_name, reason=intent.reason)
        self.screen.moved_on(item, done, "", left_queue=True)
        return said + self._following()

    def _assign(self, to: str) -> str:
        """The selected reminder given to the user ``to`` (a login); it stays in the queue, shown
        with its new owner, and leaves « mine » (``m``) of the one who gave it."""
        with self._selected() as (item, login, conn):
            user = find_user(conn, to)
            if user is None:
                known = ", ".join(u.login for u in list_users(conn))
                return _("Aucun utilisateur « {login} ». Les utilisateurs : {known}.", login=to,
                         known=known)
            reminder = get_reminder(conn, item.reminder_id)
            reassign(conn, reminder.id, reminder.version, user.id, user_login=login)
        self.screen.load(0)
        return _("Rappel de {name} confié à {user}.", name=item.client_name, user=user.name or user.login)

    def _undo(self) -> str:
        last = self.screen.forget_last()
        if last is None:
            return _("Rien à annuler.")
        done, what = last
        app = self.screen.relance
        assert app.user is not None
        conn = connect(app.ctx.db_path)
        try:
            undo_call(conn, done, app.user.login)
        except ConflictError:
            return _("Impossible d'annuler {what} : une autre session l'a modifié depuis.", what=what)
        finally:
            conn.close()
        self.screen.load(0)
        return _("Annulé : {what}.", what=what)
