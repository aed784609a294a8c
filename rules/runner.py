"""The runner: for each rule, offset and window, the dates in Python, the facts in SQLite.

Which anchor days give an occurrence, when it is due and how long it stays valid are worked
out here, with the calendar (months clamped, weekends and French holidays); the store joins
the facts of those days, checks conditions and consent and inserts, set-based
(``store.raising``): a full run over a million clients never brings its facts into Python.

The window of occurrence dates runs from the last day the engine ran (or, on a first or full
run, from each rule's validity back) to today, so days nobody ran are caught up and the daily
run on app start reads only a day or two of facts.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from rules.consent import HELD_REFUSED, HELD_UNKNOWN, hold_reason
from rules.dates import (
    Offset,
    add_months,
    distance_words,
    due_date,
    french_date,
    is_working_day,
    latest_start_of_age,
)
from rules.messages import LABELS
from rules.occurrences import Window
from rules.ruleset import Conditions, Rule, RuleSet
from store.db import write
from store.facts import client_contexts
from store.raising import Criteria, OccurrenceDay, RaiseJob, Wording, prepare, raise_reminders
from store.reminders import (
    expire_outdated,
    last_run,
    open_holds_of_clients_updated_since,
    record_run,
    set_held_reasons,
)
from store.rows import now_utc

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


def occurrence_days(rule: Rule, offset: Offset, window: Window) -> list[OccurrenceDay]:
    """The anchor days whose occurrence at ``offset`` falls in the window and is due by its
    day, each with what follows from the dates alone: due day, validity, words of distance."""
    last = window.last or window.today
    low, high = offset.anchor_window(window.first, last)
    unseen = rule.conditions.unseen_in_workshop_months
    age = rule.conditions.min_age_years
    days = []
    for anchor in (low + timedelta(days=n) for n in range((high - low).days + 1)):
        occurrence = offset.apply(anchor)
        if not window.first <= occurrence <= last:
            continue
        due = due_date(occurrence)
        if due > window.today:
            continue
        valid_until = due + timedelta(days=rule.valid_days)
        days.append(OccurrenceDay(
            anchor_on=anchor.isoformat(),
            occurrence_on=occurrence.isoformat(),
            due_on=due.isoformat(),
            valid_until=valid_until.isoformat(),
            status="expired" if valid_until < window.today else "open",
            anchor_date=french_date(anchor),
            occurrence_date=french_date(occurrence),
            distance_fr=distance_words(occurrence, anchor, "fr"),
            distance_en=distance_words(occurrence, anchor, "en"),
            unseen_limit=None if unseen is None else add_months(occurrence, -unseen).isoformat(),
            age_limit=None if age is None else latest_start_of_age(occurrence, age).isoformat(),
        ))
    return days


def raise_jobs(
    rule: Rule, today: date, last_run: date | None, ran_at: str | None = None
) -> list[RaiseJob]:
    """The statements a run on ``today`` makes for ``rule``: one per offset and window."""
    jobs = []
    for window, since in _windows(rule, today, last_run, ran_at):
        for offset in rule.offsets:
            days = occurrence_days(rule, offset, window)
            if days:
                jobs.append(RaiseJob(
                    rule_id=rule.id, anchor=rule.anchor, tier=rule.tier, channel=rule.channel,
                    canvassing=rule.canvassing,
                    message_fr=rule.message_fr, message_en=rule.message_en,
                    criteria=criteria(rule.conditions),
                    first=date.fromisoformat(days[0].anchor_on),
                    last=date.fromisoformat(days[-1].anchor_on),
                    since=since, days=days,
                ))
    return jobs


def criteria(conditions: Conditions) -> Criteria:
    """A rule's conditions as the store checks them."""
    return Criteria(
        status=conditions.status,
        modes=conditions.modes,
        sources=conditions.sources,
        no_contact_since_anchor=conditions.no_contact_since_anchor,
        unseen_in_workshop=conditions.unseen_in_workshop_months is not None,
        old_enough=conditions.min_age_years is not None,
        min_mileage_km=conditions.min_mileage_km,
        min_duration_months=conditions.min_duration_months,
        sold_here=conditions.sold_here,
    )


def wording(today: date) -> Wording:
    return Wording(today=today, labels=LABELS, held_refused=HELD_REFUSED, held_unknown=HELD_UNKNOWN)


def changed_holds(
    conn: sqlite3.Connection,
    today: date,
    last_run: date | None,
    ran_at: str | None,
    rules: RuleSet,
) -> list[tuple[str, int]]:
    """(new held reason, reminder id) of the open reminders whose client changed since the
    last run started (``ran_at``; else since its day): a consent given or withdrawn, and
    whose holding changes with it (reads only). A reminder whose rule is not in ``rules``
    any more is judged a sales call, as the law holds the most."""
    if last_run is None:
        return []
    rows = open_holds_of_clients_updated_since(conn, ran_at or last_run)
    clients = client_contexts(conn, (client_id for _, client_id, _, _, _ in rows), today)
    service = {rule.id for rule in rules.rules if not rule.canvassing}
    changes = []
    for reminder_id, client_id, rule_id, channel, held in rows:
        client = clients.get(client_id)
        if client is None:
            continue
        if (reason := hold_reason(channel, client, rule_id not in service)) != held:
            changes.append((reason, reminder_id))
    return changes


def run_rules(
    conn: sqlite3.Connection, today: date, rules: RuleSet, *, incremental: bool = True
) -> RunReport:
    """Raise the reminders due by ``today``; expire those past their validity; note the run.

    Idempotent: a second run raises nothing new. With ``incremental`` the window starts from
    the last day run (``rule_runs``); without, from each rule's validity back. Open reminders
    of clients changed since the last run are held or released by their current consent.
    Meant for a worker thread with its own connection: one write transaction per rule,
    offset and window (``store.raising.raise_reminders``), never one for the whole run.
    """
    started = time.perf_counter()
    started_at = now_utc()
    previous = last_run(conn) if incremental else None
    last_day, ran_at = previous if previous is not None else (None, None)
    if last_day is not None and ran_at is not None:
        # written since the last run started, or on its day: a replayed day (--today) or
        # the demo stamps rows with the day they happen, not with the clock
        ran_at = min(ran_at, last_day.isoformat())
    inserted: Counter[tuple[str, bool, bool]] = Counter()
    found = 0
    prepare(conn, large=last_day is None)
    words = wording(today)
    for rule in rules.enabled:
        for job in raise_jobs(rule, today, last_day, ran_at):
            raised_now = raise_reminders(conn, job, words)
            found += raised_now.found
            inserted.update(raised_now.inserted)
    holds = changed_holds(conn, today, last_day, ran_at, rules)
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
        known=found - sum(inserted.values()),
        caught_up=sum(n for (s, late, _), n in inserted.items() if s == "open" and late),
        expired=expired,
        held=sum(n for (s, _, held), n in inserted.items() if s == "open" and held),
        holds_changed=holds_changed,
        seconds=time.perf_counter() - started,
    )
