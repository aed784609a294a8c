"""Logging a call: the contact, what becomes of its reminder, and the note checked for forbidden data."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from rules.lexicon import Finding, Lexicon, check_text, refusal_message, shipped_lexicon
from rules.outcomes import Outcome, ReminderChange, ReminderStatus, after_outcome
from store.contacts import NewContact, add_contact, remove_contact
from store.db import write
from store.records import Reminder
from store.reminders import dismiss, get_reminder, record_call_result, restore_reminder, snooze


class ForbiddenNote(ValueError):
    """The note holds data the law forbids; the message names the words in French
    (``message_in`` says them in another language)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(refusal_message(findings, "fr"))
        self.findings = findings

    def message_in(self, lang: str) -> str:
        return refusal_message(self.findings, lang)


class HeldCall(ValueError):
    """A phone call logged on a reminder the law holds back (``held_reason``, in French): the
    call must not be made, so it is not logged as made; another channel may be."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"appel retenu : {reason}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class LoggedCall:
    """What was written, with what is needed to take it back."""

    contact_id: int | None  # None: only the reminder changed (put off, dismissed)
    reminder_before: Reminder | None
    change: ReminderChange | None
    channel: str = "phone"  # how the client was reached: the confirmation names it


@dataclass(frozen=True, slots=True)
class SavedCall:
    """A call logged from the queue or the card, and whether its reminder left today's queue."""

    logged: LoggedCall
    left_queue: bool


def check_note(note: str, lexicon: Lexicon) -> None:
    """Refuse a note holding forbidden data, naming the words so the user can rephrase."""
    findings = check_text(note, lexicon)
    if findings:
        raise ForbiddenNote(findings)


def log_call(
    conn: sqlite3.Connection,
    *,
    client_id: int,
    reminder: Reminder | None,
    outcome: Outcome,
    note: str,
    next_action: date | None,
    user_login: str,
    now: datetime,
    lexicon: Lexicon,
    channel: str = "phone",
) -> LoggedCall:
    """Log the call and apply the outcome's policy to its reminder, in one transaction.

    Raises :class:`ForbiddenNote` before writing anything when the note is not allowed,
    :class:`HeldCall` when it is a phone call on a reminder the law holds back, and
    ``ConflictError`` (nothing written) when another session changed the reminder meanwhile.
    """
    check_note(note, lexicon)
    if reminder is not None and reminder.held_reason and channel == "phone":
        raise HeldCall(reminder.held_reason)
    today = now.date()
    change = (after_outcome(outcome, reminder.attempts, today, next_action)
              if reminder is not None else None)
    contact = NewContact(
        client_id=client_id, at=now.strftime("%Y-%m-%dT%H:%M:%S"), user_login=user_login,
        channel=channel, outcome=outcome.value, note=note.strip(),
        next_action_on=next_action.isoformat() if next_action else None,
        reminder_id=reminder.id if reminder else None,
        campaign_id=reminder.campaign_id if reminder else None,
    )
    with write(conn):
        contact_id = add_contact(conn, contact)
        if reminder is not None and change is not None:
            record_call_result(
                conn, reminder.id, reminder.version, status=change.status.value,
                attempts=change.attempts, snoozed_until=change.snoozed_until,
                dismissed_reason=change.dismissed_reason, user_login=user_login,
            )
    return LoggedCall(contact_id=contact_id, reminder_before=reminder, change=change, channel=channel)


def leaves_queue(change: ReminderChange | None, today: date) -> bool:
    """Whether the reminder is gone from today's queue once ``change`` is written."""
    if change is None:
        return False
    if change.status is ReminderStatus.SNOOZED:
        return change.snoozed_until is not None and change.snoozed_until > today
    return change.status is not ReminderStatus.OPEN


def save_call(conn: sqlite3.Connection, *, client_id: int, reminder: Reminder | None, outcome: Outcome,
              note: str, next_action: date | None, login: str, now: datetime,
              channel: str = "phone") -> SavedCall:
    """Log the call (:func:`log_call`, the shipped lexicon) and say whether the reminder left
    the queue of ``now``'s day.

    Raises ForbiddenNote, HeldCall or ConflictError, nothing written, as log_call does.
    """
    logged = log_call(conn, client_id=client_id, reminder=reminder, outcome=outcome, note=note,
                      next_action=next_action, user_login=login, now=now,
                      lexicon=shipped_lexicon(), channel=channel)
    return SavedCall(logged, leaves_queue(logged.change, now.date()))


def undo_call(conn: sqlite3.Connection, logged: LoggedCall, user_login: str) -> None:
    """Take a logged call back: the contact goes (audited), the reminder returns as it was."""
    with write(conn):
        if logged.contact_id is not None:
            remove_contact(conn, logged.contact_id, user_login)
        if logged.reminder_before is not None:
            restore_reminder(conn, logged.reminder_before, user_login=user_login)


def add_note(conn: sqlite3.Connection, *, client_id: int, note: str, user_login: str, now: datetime,
             lexicon: Lexicon, channel: str = "phone") -> LoggedCall:
    """A note about the client, with no call result (the assistant's « note ... »), checked first."""
    check_note(note, lexicon)
    if not note.strip():
        raise ValueError("empty note")
    contact_id = add_contact(conn, NewContact(
        client_id=client_id, at=now.strftime("%Y-%m-%dT%H:%M:%S"), user_login=user_login,
        channel=channel, note=note.strip()))
    return LoggedCall(contact_id=contact_id, reminder_before=None, change=None, channel=channel)


def put_off(conn: sqlite3.Connection, reminder: Reminder, until: date, user_login: str) -> LoggedCall:
    """Snooze the reminder until ``until`` without a call (ConflictError if it changed meanwhile)."""
    snooze(conn, reminder.id, reminder.version, until, user_login=user_login)
    return LoggedCall(contact_id=None, reminder_before=reminder, change=None)


def set_aside(conn: sqlite3.Connection, reminder: Reminder, reason: str, user_login: str,
              lexicon: Lexicon) -> LoggedCall:
    """Dismiss the reminder for ``reason`` (checked like a note; ConflictError if it changed)."""
    check_note(reason, lexicon)
    dismiss(conn, reminder.id, reminder.version, reason, user_login=user_login)
    return LoggedCall(contact_id=None, reminder_before=reminder, change=None)


def current_reminder(conn: sqlite3.Connection, reminder_id: int) -> Reminder:
    """The reminder as stored now (with its version, for the optimistic lock)."""
    return get_reminder(conn, reminder_id)
