"""The thin runner: read the facts of the window from the store, evaluate, write reminders back.

The window of occurrence dates runs from the last day the engine ran (or, on a first or full
run, from each rule's validity back) to today, so days nobody ran are caught up and the daily
run on app start reads only a day or two of facts.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from rules.consent import hold_reason
from rules.dates import is_working_day
from rules.occurrences import Occurrence, Window, occurrences, reminder_for
from rules.ruleset import Rule, RuleSet, values_used
from store.db import write
from store.facts import client_contexts, facts_between
from store.reminders import (
    NewReminder,
    expire_outdated,
    insert_reminders,
    known_occurrences,
    last_run,
    now_instant,
    open_holds_of_clients_updated_since,
    record_run,
    set_held_reasons,
)

# On a first run, look back this much beyond the validity: an occurrence is due at most a few
# days after it falls (a weekend and a bridge of holidays).
DUE_SLACK_DAYS = 7
# However long nobody ran the engine, catch up on at most this many days.
MAX_CATCH_UP_DAYS = 400


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run did. ``raised`` counts every new open reminder, of which ``caught_up`` fell
    due on a day nobody ran the engine and ``held`` may not be called (consent)."""

    day: date
    since: date
    incremental: bool
    raised: int
    known: int
    caught_up: int
    expired: int
    held: int
    holds_changed: int
    seconds: float


def first_occurrence_day(rule: Rule, today: date, last_run: date | None) -> date:
    """The earliest occurrence date a run on ``today`` looks at for ``rule``.

    After a run on day L, what fell due by L was raised; facts entered later on L (a lead at
    noon) still count for L, so L is looked at again, with the weekend or holidays just
    before it, whose occurrences were due on L. A first run looks back over the validity.
    """
    if last_run is None:
        return today - timedelta(days=rule.valid_days + DUE_SLACK_DAYS)
    floor = today - timedelta(days=MAX_CATCH_UP_DAYS)
    first = min(last_run, today)
    while first > floor and not is_working_day(first - timedelta(days=1)):
        first -= timedelta(days=1)
    return max(floor, first)


def _windows(
    rule: Rule, today: date, last_run: date | None, ran_at: str | None
) -> list[tuple[Window, str | None]]:
    """The occurrence windows of a run, each with the instant its facts must have been written
    since (``None``: all facts).

    The days after the last run are read whole. The days the last run already looked at (its
    own day too: the app starting again that day) are looked at again only for the facts
    written since it started (a lead entered at noon): every other fact of those days gave
    that run what it gives.
    """
    first = first_occurrence_day(rule, today, last_run)
    if last_run is None or ran_at is None:
        return [(Window(first, today), None)]
    fresh = last_run + timedelta(days=1)
    windows: list[tuple[Window, str | None]] = []
    if fresh <= today:
        windows.append((Window(max(first, fresh), today), None))
    seen_last = min(fresh - timedelta(days=1), today)
    if first <= seen_last:
        windows.append((Window(first, today, seen_last), ran_at))
    return windows


def rule_occurrences(
    conn: sqlite3.Connection,
    rule: Rule,
    today: date,
    last_run: date | None,
    ran_at: str | None = None,
) -> tuple[list[Occurrence], int]:
    """Every occurrence of ``rule`` due by ``today`` in its window and not raised yet, and how
    many were already known (reads only): known ones are not drafted again. ``ran_at``, when
    given, is when the last run started."""
    found: list[Occurrence] = []
    seen = 0
    known = known_occurrences(conn, rule.id, first_occurrence_day(rule, today, last_run), today)
    for window, since in _windows(rule, today, last_run, ran_at):
        for offset in rule.offsets:
            low, high = offset.anchor_window(window.first, window.last or window.today)
            facts = facts_between(conn, rule.anchor, low, high, values_used(rule), since)
            for occurrence in occurrences(rule, offset, facts, window):
                key = (
                    occurrence.fact.subject_kind,
                    occurrence.fact.subject_id,
                    occurrence.occurrence_on.isoformat(),
                )
                if key in known:
                    seen += 1
                else:
                    found.append(occurrence)
    return found, seen


def draft_reminders(
    conn: sqlite3.Connection, found: list[Occurrence], today: date
) -> list[NewReminder]:
    """The reminders of the occurrences, with each client's consent and owner (reads only)."""
    clients = client_contexts(conn, (o.fact.client_id for o in found), today)
    drafts = []
    for occurrence in found:
        client = clients.get(occurrence.fact.client_id)
        if client is not None and not client.anonymized:
            drafts.append(reminder_for(occurrence, client, today))
    return drafts


def changed_holds(
    conn: sqlite3.Connection, today: date, last_run: date | None, ran_at: str | None = None
) -> list[tuple[str, int]]:
    """(new held reason, reminder id) of the open reminders whose client changed since the
    last run started (``ran_at``; else since its day): a consent given or withdrawn, and
    whose holding changes with it (reads only)."""
    if last_run is None:
        return []
    rows = open_holds_of_clients_updated_since(conn, ran_at or last_run)
    clients = client_contexts(conn, (client_id for _, client_id, _, _ in rows), today)
    changes = []
    for reminder_id, client_id, channel, held in rows:
        client = clients.get(client_id)
        if client is not None and (reason := hold_reason(channel, client)) != held:
            changes.append((reason, reminder_id))
    return changes


def run_rules(
    conn: sqlite3.Connection, today: date, rules: RuleSet, *, incremental: bool = True
) -> RunReport:
    """Raise the reminders due by ``today``; expire those past their validity; note the run.

    Idempotent: a second run raises nothing new. With ``incremental`` the window starts from
    the last day run (``rule_runs``); without, from each rule's validity back. Open reminders
    of clients changed since the last run are held or released by their current consent.
    Meant for a worker thread with its own connection: reads happen outside the write
    transactions, each a short ``BEGIN IMMEDIATE`` per rule.
    """
    started = time.perf_counter()
    started_at = now_instant()
    previous = last_run(conn) if incremental else None
    last_day, ran_at = previous if previous is not None else (None, None)
    if last_day is not None and ran_at is not None:
        # written since the last run started, or on its day: a replayed day (--today) or
        # the demo stamps rows with the day they happen, not with the clock
        ran_at = min(ran_at, last_day.isoformat())
    inserted: dict[tuple[str, bool, bool], int] = defaultdict(int)
    drafted = 0
    for rule in rules.enabled:  # one rule at a time: memory stays that of one rule's facts
        found, seen = rule_occurrences(conn, rule, today, last_day, ran_at)
        drafts = draft_reminders(conn, found, today)
        drafted += len(drafts) + seen
        groups: dict[tuple[str, bool, bool], list[NewReminder]] = defaultdict(list)
        for draft in drafts:
            late = draft.due_on < today.isoformat()
            groups[(draft.status, late, bool(draft.held_reason))].append(draft)
        with write(conn):  # short write transactions; the occurrence key makes a rerun safe
            for key, group in groups.items():
                inserted[key] += insert_reminders(conn, group)
    holds = changed_holds(conn, today, last_day, ran_at)
    with write(conn):
        outdated = expire_outdated(conn, today)
        holds_changed = set_held_reasons(conn, holds)
        raised = sum(n for (status, _, _), n in inserted.items() if status == "open")
        expired = outdated + sum(n for (status, _, _), n in inserted.items() if status == "expired")
        record_run(conn, today, raised, expired, started_at)
    since = min(
        (first_occurrence_day(rule, today, last_day) for rule in rules.enabled), default=today
    )
    return RunReport(
        day=today,
        since=since,
        incremental=last_day is not None,
        raised=raised,
        known=drafted - sum(inserted.values()),
        caught_up=sum(n for (s, late, _), n in inserted.items() if s == "open" and late),
        expired=expired,
        held=sum(n for (s, _, held), n in inserted.items() if s == "open" and held),
        holds_changed=holds_changed,
        seconds=time.perf_counter() - started,
    )
