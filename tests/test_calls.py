"""Logging a call: the contact, the reminder's next state, forbidden notes, undo."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from rules.calls import ForbiddenNote, leaves_queue, log_call, save_call, undo_call
from rules.lexicon import load_lexicon
from rules.outcomes import Outcome, ReminderChange, ReminderStatus
from store.errors import ConflictError
from store.reminders import get_reminder
from store.rows import update
from tests.factories import add_client, add_reminder

NOW = datetime(2026, 11, 23, 10, 30)  # a Monday
LEXICON = load_lexicon()


def _setup(conn: sqlite3.Connection) -> tuple[int, int]:
    client = add_client(conn)
    return client, add_reminder(conn, client)


@pytest.mark.parametrize(("outcome", "next_action", "status", "until"), [
    (Outcome.NO_ANSWER, None, "snoozed", "2026-11-24"),
    (Outcome.VOICEMAIL, date(2026, 11, 26), "snoozed", "2026-11-26"),
    (Outcome.REACHED, None, "done", None),
    (Outcome.SALE, None, "done", None),
    (Outcome.APPOINTMENT, date(2026, 11, 30), "done", None),
    (Outcome.NOT_INTERESTED, None, "dismissed", None),
    (Outcome.WRONG_NUMBER, None, "dismissed", None),
])
def test_outcome_moves_the_reminder(conn: sqlite3.Connection, outcome: Outcome,
                                    next_action: date | None, status: str, until: str | None) -> None:
    client, reminder_id = _setup(conn)
    logged = log_call(conn, client_id=client, reminder=get_reminder(conn, reminder_id),
                      outcome=outcome, note="", next_action=next_action, user_login="martine",
                      now=NOW, lexicon=LEXICON)
    after = get_reminder(conn, reminder_id)
    assert after.status == status
    assert after.snoozed_until == until
    assert after.attempts == 1
    contact = conn.execute("SELECT outcome, reminder_id, user_login FROM contacts WHERE id = ?",
                           (logged.contact_id,)).fetchone()
    assert tuple(contact) == (outcome.value, reminder_id, "martine")
    assert conn.execute("SELECT last_contact_on FROM clients WHERE id = ?",
                        (client,)).fetchone()[0] == "2026-11-23"


def test_three_unanswered_calls_ask_for_a_decision(conn: sqlite3.Connection) -> None:
    client, reminder_id = _setup(conn)
    for _ in range(3):
        logged = log_call(conn, client_id=client, reminder=get_reminder(conn, reminder_id),
                          outcome=Outcome.NO_ANSWER, note="", next_action=None,
                          user_login="martine", now=NOW, lexicon=LEXICON)
    assert logged.change is not None
    assert logged.change.needs_decision
    assert get_reminder(conn, reminder_id).status == "open"


def test_a_forbidden_note_is_refused_and_nothing_written(conn: sqlite3.Connection) -> None:
    client, reminder_id = _setup(conn)
    with pytest.raises(ForbiddenNote, match="chauve"):
        log_call(conn, client_id=client, reminder=get_reminder(conn, reminder_id),
                 outcome=Outcome.REACHED, note="client chauve et sympathique", next_action=None,
                 user_login="martine", now=NOW, lexicon=LEXICON)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert get_reminder(conn, reminder_id).status == "open"


def test_a_stale_reminder_is_a_conflict_and_nothing_written(conn: sqlite3.Connection) -> None:
    client, reminder_id = _setup(conn)
    stale = get_reminder(conn, reminder_id)
    update(conn, "reminders", reminder_id, 1, {"status": "done"}, "paul")
    with pytest.raises(ConflictError):
        log_call(conn, client_id=client, reminder=stale, outcome=Outcome.REACHED, note="",
                 next_action=None, user_login="martine", now=NOW, lexicon=LEXICON)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


@pytest.mark.parametrize("handled", ["done", "dismissed", "expired"])
def test_a_reminder_another_session_handled_is_not_called_again(
    conn: sqlite3.Connection, handled: str
) -> None:
    client, reminder_id = _setup(conn)
    update(conn, "reminders", reminder_id, 1, {"status": handled}, "paul")
    fresh = get_reminder(conn, reminder_id)  # the form reads the reminder as it opens
    with pytest.raises(ConflictError):
        log_call(conn, client_id=client, reminder=fresh, outcome=Outcome.NO_ANSWER, note="",
                 next_action=None, user_login="martine", now=NOW, lexicon=LEXICON)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert get_reminder(conn, reminder_id) == fresh


def test_undo_takes_the_call_back(conn: sqlite3.Connection) -> None:
    client, reminder_id = _setup(conn)
    logged = log_call(conn, client_id=client, reminder=get_reminder(conn, reminder_id),
                      outcome=Outcome.SALE, note="signé", next_action=None,
                      user_login="martine", now=NOW, lexicon=LEXICON)
    undo_call(conn, logged, "martine")
    restored = get_reminder(conn, reminder_id)
    assert (restored.status, restored.attempts, restored.handled_at) == ("open", 0, None)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM audit WHERE action = 'delete'").fetchone()[0] == 1


def test_a_note_a_put_off_and_a_dismissal_are_undone(conn: sqlite3.Connection) -> None:
    from rules.calls import add_note, put_off, set_aside

    client, reminder_id = _setup(conn)
    note = add_note(conn, client_id=client, note="veut un essai", user_login="martine", now=NOW,
                    lexicon=LEXICON)
    off = put_off(conn, get_reminder(conn, reminder_id), date(2026, 11, 30), "martine")
    assert get_reminder(conn, reminder_id).snoozed_until == "2026-11-30"
    undo_call(conn, off, "martine")
    assert get_reminder(conn, reminder_id).status == "open"
    aside = set_aside(conn, get_reminder(conn, reminder_id), "a acheté ailleurs", "martine", LEXICON)
    assert get_reminder(conn, reminder_id).status == "dismissed"
    undo_call(conn, aside, "martine")
    undo_call(conn, note, "martine")
    assert get_reminder(conn, reminder_id).status == "open"
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    with pytest.raises(ForbiddenNote, match="musulman"):
        add_note(conn, client_id=client, note="musulman", user_login="martine", now=NOW, lexicon=LEXICON)


@pytest.mark.parametrize(("status", "until", "left"), [
    (ReminderStatus.SNOOZED, date(2026, 11, 24), True),
    (ReminderStatus.SNOOZED, date(2026, 11, 23), False),  # put off to today: still to call today
    (ReminderStatus.SNOOZED, None, False),
    (ReminderStatus.DONE, None, True),
    (ReminderStatus.DISMISSED, None, True),
    (ReminderStatus.OPEN, None, False),  # three unanswered calls: it stays, for a decision
])
def test_which_reminders_leave_the_queue(status: ReminderStatus, until: date | None, left: bool) -> None:
    change = ReminderChange(status=status, snoozed_until=until, attempts=1, message_fr="")
    assert leaves_queue(change, NOW.date()) is left


def test_a_note_with_no_reminder_stays_in_the_queue() -> None:
    assert leaves_queue(None, NOW.date()) is False


def test_save_call_logs_with_the_shipped_lexicon(conn: sqlite3.Connection) -> None:
    client, reminder_id = _setup(conn)
    saved = save_call(conn, client_id=client, reminder=get_reminder(conn, reminder_id),
                      outcome=Outcome.NO_ANSWER, note="", next_action=None, login="martine", now=NOW,
                      channel="sms")
    assert saved.left_queue  # put off to tomorrow
    assert conn.execute("SELECT channel, user_login FROM contacts WHERE id = ?",
                        (saved.logged.contact_id,)).fetchone() == ("sms", "martine")
    with pytest.raises(ForbiddenNote, match="chauve"):
        save_call(conn, client_id=client, reminder=None, outcome=Outcome.REACHED, note="client chauve",
                  next_action=None, login="martine", now=NOW)
