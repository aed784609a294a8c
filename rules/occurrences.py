"""The rules written plainly: facts and a day in, the reminders a rule raises out, fact by fact.

No database here. The runner does the same work set-based in SQLite (``store.raising``), a
million clients at a time; this is the specification it is held to, word for word
(``tests/test_rules_raising.py``), and what the table-driven tests of every rule read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from rules.conditions import meets
from rules.consent import hold_reason
from rules.dates import Offset, due_date
from rules.messages import Lang, message_values, render
from rules.ruleset import Rule
from store.facts import ClientContext, Fact
from store.reminders import NewReminder


@dataclass(frozen=True, slots=True)
class Window:
    """Occurrences considered: from ``first`` to ``last`` (default ``today``); only those due
    by ``today`` raise."""

    first: date
    today: date
    last: date | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A rule meeting a fact on a day: the key date and the working day it is due."""

    rule: Rule
    fact: Fact
    occurrence_on: date
    due_on: date


def occurrences(
    rule: Rule, offset: Offset, facts: Iterable[Fact], window: Window
) -> list[Occurrence]:
    """The occurrences of ``rule`` at ``offset`` in the window, due by today, conditions met."""
    found = []
    for fact in facts:
        occurrence = offset.apply(fact.anchor_on)
        if not window.first <= occurrence <= (window.last or window.today):
            continue
        due = due_date(occurrence)
        if due > window.today or not meets(rule.conditions, fact, occurrence):
            continue
        found.append(Occurrence(rule, fact, occurrence, due))
    return found


def reminder_for(occurrence: Occurrence, client: ClientContext, today: date) -> NewReminder:
    """The reminder of an occurrence: its words, validity, holding and owner."""
    rule, fact = occurrence.rule, occurrence.fact
    valid_until = occurrence.due_on + timedelta(days=rule.valid_days)
    reasons: dict[Lang, str] = {}
    languages: tuple[tuple[Lang, str], ...] = (("fr", rule.message_fr), ("en", rule.message_en))
    for lang, template in languages:
        values = message_values(fact, occurrence.occurrence_on, client.name, lang, template)
        reasons[lang] = render(template, values)
    return NewReminder(
        client_id=fact.client_id,
        rule_id=rule.id,
        subject_kind=fact.subject_kind,
        subject_id=fact.subject_id,
        occurrence_on=occurrence.occurrence_on.isoformat(),
        due_on=occurrence.due_on.isoformat(),
        valid_until=valid_until.isoformat(),
        tier=rule.tier,
        channel=rule.channel,
        reason=reasons["fr"],
        reason_en=reasons["en"],
        status="expired" if valid_until < today else "open",
        held_reason=hold_reason(rule.channel, client, rule.canvassing),
        assigned_user_id=fact.assigned_user_id or client.assigned_user_id,
    )


def evaluate(
    rule: Rule, facts: Iterable[Fact], clients: Mapping[int, ClientContext], window: Window
) -> list[NewReminder]:
    """Every reminder ``rule`` raises from ``facts`` in the window (anonymized or unknown
    clients raise nothing)."""
    facts = list(facts)
    reminders = []
    for offset in rule.offsets:
        for occurrence in occurrences(rule, offset, facts, window):
            client = clients.get(occurrence.fact.client_id)
            if client is None or client.anonymized:
                continue
            reminders.append(reminder_for(occurrence, client, window.today))
    return reminders
