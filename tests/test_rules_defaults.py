"""Every default rule, table-driven, without a database: facts and a day in, reminders out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from rules.consent import HELD_REFUSED, HELD_UNKNOWN
from rules.occurrences import Window, evaluate
from rules.ruleset import RuleSet, load_rules
from store.facts import ClientContext, Fact
from store.reminders import NewReminder
from tests.rules_factories import client, fact

RULES: RuleSet = load_rules()
PEUGEOT: dict[str, Any] = {"make": "Peugeot", "model": "3008", "plate": "AB-123-CD"}


def run(
    rule_id: str,
    facts: list[Fact],
    today: date,
    *,
    first: date | None = None,
    who: ClientContext | None = None,
) -> list[NewReminder]:
    """Evaluate one default rule over ``facts`` as a run on ``today`` would."""
    window = Window(first or today - timedelta(days=90), today)
    return evaluate(RULES.get(rule_id), facts, {1: who or client()}, window)


def financing(end_on: date, *, mode: str = "loa", status: str = "active", **more: Any) -> Fact:
    values = {
        "mode": mode,
        "end_on": end_on.isoformat(),
        "duration_months": 37,
        "start_on": "2024-01-01",
        **PEUGEOT,
        **more,
    }
    return fact("financing", end_on, status=status, **values)


def keys(reminders: list[NewReminder]) -> list[tuple[str, str, str]]:
    return [(r.rule_id, r.occurrence_on, r.due_on) for r in reminders]


@pytest.mark.parametrize(
    ("rule_id", "end_on", "today", "expected"),
    [
        # due on Thursday 14/01/2027 for a contract ending on 14/03/2027
        (
            "financing_end_2m",
            date(2027, 3, 14),
            date(2027, 1, 14),
            [("financing_end_2m", "2027-01-14", "2027-01-14")],
        ),
        # 31 August - 6 months: the last day of February, a Sunday in 2027 → Monday
        (
            "financing_end_6m",
            date(2027, 8, 31),
            date(2027, 3, 1),
            [("financing_end_6m", "2027-02-28", "2027-03-01")],
        ),
        # the day before, a Sunday: not due yet
        ("financing_end_6m", date(2027, 8, 31), date(2027, 2, 28), []),
        # 29 February in a leap year
        (
            "financing_end_6m",
            date(2028, 8, 29),
            date(2028, 2, 29),
            [("financing_end_6m", "2028-02-29", "2028-02-29")],
        ),
        # occurrence on Bastille Day (a Wednesday in 2027) → Thursday 15/07
        (
            "financing_end_2m",
            date(2027, 9, 14),
            date(2027, 7, 15),
            [("financing_end_2m", "2027-07-14", "2027-07-15")],
        ),
        # contract ending on a Sunday, 2 months later the occurrence is a Saturday → Monday
        (
            "financing_end_2m",
            date(2027, 4, 4),
            date(2027, 2, 8),
            [("financing_end_2m", "2027-02-04", "2027-02-04")],
        ),
        (
            "financing_end_2m",
            date(2027, 8, 1),
            date(2027, 6, 2),
            [("financing_end_2m", "2027-06-01", "2027-06-01")],
        ),
    ],
)
def test_financing_end_milestones(
    rule_id: str, end_on: date, today: date, expected: list[tuple[str, str, str]]
) -> None:
    assert keys(run(rule_id, [financing(end_on)], today)) == expected


def test_financing_reason_says_why_in_words() -> None:
    [reminder] = run("financing_end_2m", [financing(date(2027, 3, 14))], date(2027, 1, 14))
    assert reminder.reason == "LOA Peugeot 3008 AB-123-CD : fin le 14/03/2027, dans 2 mois"
    assert (
        reminder.reason_en == "Lease (LOA) Peugeot 3008 AB-123-CD: ends on 14/03/2027, in 2 months"
    )
    assert reminder.tier == 3
    assert reminder.valid_until == "2027-02-13"


@pytest.mark.parametrize(
    ("mode", "status", "raised"),
    [
        ("loa", "active", 1),
        ("lld", "active", 1),
        ("loan", "active", 1),
        ("cash", "active", 0),
        ("loa", "closed", 0),
        ("loa", "renewed", 0),
    ],
)
def test_financing_rules_need_an_active_credit_lease_or_rental(
    mode: str, status: str, raised: int
) -> None:
    facts = [financing(date(2027, 3, 14), mode=mode, status=status)]
    assert len(run("financing_end_2m", facts, date(2027, 1, 14))) == raised


def test_mid_contract_counts_from_the_middle_date() -> None:
    middle = fact(
        "financing",
        date(2027, 2, 28),
        status="active",
        mode="lld",
        duration_months=36,
        end_on="2028-08-31",
        middle_on="2027-02-28",
        **PEUGEOT,
    )
    [reminder] = run("financing_middle", [middle], date(2027, 3, 1))
    assert (reminder.occurrence_on, reminder.due_on) == ("2027-02-28", "2027-03-01")
    assert (
        reminder.reason
        == "LLD Peugeot 3008 AB-123-CD : mi-contrat le 28/02/2027, fin le 31/08/2028"
    )


def vehicle(delivered_on: date, **more: Any) -> Fact:
    values = {**PEUGEOT, "delivered_on": delivered_on.isoformat(), "sold_here": 1, **more}
    return fact("vehicle", delivered_on, status=more.pop("status", "owned"), **values)


@pytest.mark.parametrize(
    ("delivered_on", "today", "expected"),
    [
        # 29 February + 12 months → 28 February (a Sunday in 2027 → Monday 1 March)
        (date(2026, 2, 28), date(2027, 3, 1), [("loyalty_call", "2027-02-28", "2027-03-01")]),
        (date(2024, 2, 29), date(2025, 2, 28), [("loyalty_call", "2025-02-28", "2025-02-28")]),
        # +24 months from 29 February: Saturday 28/02/2026 → Monday 2 March
        (date(2024, 2, 29), date(2026, 3, 2), [("loyalty_call", "2026-02-28", "2026-03-02")]),
        (date(2024, 2, 29), date(2026, 2, 27), []),
    ],
)
def test_loyalty_calls_12_and_24_months_after_delivery(
    delivered_on: date, today: date, expected: list[tuple[str, str, str]]
) -> None:
    assert keys(run("loyalty_call", [vehicle(delivered_on)], today)) == expected


def test_loyalty_reason_and_vehicles_sold_elsewhere() -> None:
    [reminder] = run("loyalty_call", [vehicle(date(2025, 11, 23))], date(2026, 11, 23))
    assert (
        reminder.reason
        == "Fidélisation Peugeot 3008 AB-123-CD : livré le 23/11/2025, il y a 12 mois"
    )
    assert run("loyalty_call", [vehicle(date(2025, 11, 23), sold_here=0)], date(2026, 11, 23)) == []


@pytest.mark.parametrize(
    ("rule_id", "source", "status", "tier"),
    [
        ("web_lead", "brand_site", "new", 1),
        ("web_lead", "brand_site", "in_progress", 1),
        ("web_lead", "brand_site", "handled", None),
        ("web_lead", "contest", "new", None),
        ("contest_lead", "contest", "new", 4),
        ("contest_lead", "brand_site", "new", None),
    ],
)
def test_leads(rule_id: str, source: str, status: str, tier: int | None) -> None:
    lead = fact(
        "lead",
        date(2026, 11, 23),
        status=status,
        source=source,
        subject="essai 3008",
        received_on="2026-11-23",
    )
    reminders = run(rule_id, [lead], date(2026, 11, 23))
    assert [r.tier for r in reminders] == ([] if tier is None else [tier])


@pytest.mark.parametrize(
    ("last_contact_on", "status", "raised"),
    [
        (None, "open", 1),
        ("2026-11-10", "open", 1),
        ("2026-11-20", "open", 0),
        ("2026-11-21", "open", 0),
        (None, "accepted", 0),
    ],
)
def test_proposal_follow_up_without_contact_since(
    last_contact_on: str | None, status: str, raised: int
) -> None:
    proposal = fact(
        "proposal",
        date(2026, 11, 20),
        status=status,
        vehicle_offered="3008 GT",
        amount_cents=3_650_000,
        handed_on="2026-11-20",
        last_contact_on=last_contact_on,
    )
    reminders = run("proposal_follow_up", [proposal], date(2026, 11, 23))
    assert len(reminders) == raised
    if reminders:  # handed on Friday: +2 days is Sunday, due Monday; gone after 7 days
        assert (reminders[0].due_on, reminders[0].tier) == ("2026-11-23", 2)
        assert "36\u202f500,00 €" in reminders[0].reason


def test_an_open_complaint_outranks_everything() -> None:
    complaint = fact(
        "complaint",
        date(2026, 11, 2),
        status="open",
        subject="bruit moteur",
        channel="phone",
        opened_on="2026-11-02",
        resolved_on=None,
    )
    reminders = run("complaint_follow_up", [complaint], date(2026, 11, 23))
    assert [(r.occurrence_on, r.tier) for r in reminders] == [
        ("2026-11-04", 0),
        ("2026-11-09", 0),
        ("2026-11-16", 0),
    ]
    resolved = replace(complaint, status="resolved")
    assert run("complaint_follow_up", [resolved], date(2026, 11, 23)) == []


def test_resolved_complaint_gets_a_call() -> None:
    complaint = fact(
        "complaint",
        date(2026, 11, 19),
        status="resolved",
        subject="retard",
        channel="email",
        opened_on="2026-11-01",
        resolved_on="2026-11-19",
    )
    [reminder] = run("complaint_resolved_call", [complaint], date(2026, 11, 23))
    assert (reminder.due_on, reminder.tier) == ("2026-11-23", 0)


def test_satisfaction_call_two_working_days_after_a_repair_order() -> None:
    order = fact(
        "repair_order",
        date(2026, 12, 24),
        status="open",
        number="OR-1",
        opened_on="2026-12-24",
        kind="maintenance",
        revenue_cents=0,
        **PEUGEOT,
    )
    assert keys(run("satisfaction_call", [order], date(2026, 12, 28))) == []
    assert keys(run("satisfaction_call", [order], date(2026, 12, 29))) == [
        ("satisfaction_call", "2026-12-29", "2026-12-29")
    ]


def test_service_due_12_months_after_the_last_repair_order() -> None:
    car = fact(
        "vehicle",
        date(2025, 11, 20),
        status="owned",
        last_workshop_on="2025-11-20",
        number="OR-9",
        **PEUGEOT,
    )
    [reminder] = run("service_due", [car], date(2026, 11, 23))
    assert (reminder.occurrence_on, reminder.due_on) == ("2026-11-20", "2026-11-20")
    assert reminder.reason.startswith(
        "Entretien Peugeot 3008 AB-123-CD : dernier passage atelier le 20/11/2025"
    )


@pytest.mark.parametrize(
    ("registered", "mileage", "last_workshop_on", "today", "raised"),
    [
        ("2019-06-10", 80_000, "2025-08-20", "2026-11-20", 1),  # 7 years, 15 months unseen
        ("2019-06-10", 80_000, "2024-11-20", "2026-11-20", 1),  # 24 months unseen
        ("2019-06-10", 80_000, "2025-11-20", "2026-11-20", 0),  # 12 months: service_due's
        ("2023-06-10", 180_000, "2025-08-20", "2026-11-20", 1),  # 3 years but high mileage
        ("2023-06-10", 40_000, "2025-08-20", "2026-11-20", 0),  # young and little driven
        ("2021-01-10", 40_000, "2025-08-20", "2026-11-20", 0),  # 5 years at the occurrence
    ],
)
def test_old_or_high_mileage_vehicles_that_stopped_coming(
    registered: str, mileage: int, last_workshop_on: str, today: str, raised: int
) -> None:
    car = fact(
        "vehicle",
        date.fromisoformat(last_workshop_on),
        status="owned",
        mileage=mileage,
        first_registration_on=registered,
        last_workshop_on=last_workshop_on,
        number="OR-1",
        **PEUGEOT,
    )
    reminders = run("aged_vehicle_unseen", [car], date.fromisoformat(today))
    assert len(reminders) == raised
    if reminders:
        assert "pas revu à l'atelier depuis le" in reminders[0].reason


def test_untouched_record_after_24_months() -> None:
    record = fact(
        "client",
        date(2024, 11, 22),
        status="client",
        last_name="Dupont",
        first_name="Marie",
        company="",
        updated_on="2024-11-22",
        last_contact_on=None,
    )
    [reminder] = run("untouched_record", [record], date(2026, 11, 23))
    assert reminder.tier == 5
    assert (
        reminder.reason == "Fiche DUPONT Marie non modifiée depuis le 22/11/2024 (il y a 24 mois)"
    )


@pytest.mark.parametrize(
    ("consent", "company", "contract", "held"),
    [
        ("yes", "", False, ""),
        ("no", "", True, HELD_REFUSED),
        ("no", "Transports Martin", False, HELD_REFUSED),
        ("unknown", "", False, HELD_UNKNOWN),
        ("unknown", "", True, ""),  # an ongoing contract with the dealership
        ("unknown", "Transports Martin", False, ""),  # a business, not a consumer
    ],
)
def test_phone_calls_the_law_forbids_are_held(
    consent: str, company: str, contract: bool, held: str
) -> None:
    who = client(consent_phone=consent, company=company, contract=contract)
    [reminder] = run("loyalty_call", [vehicle(date(2025, 11, 23))], date(2026, 11, 23), who=who)
    assert reminder.held_reason == held
    assert reminder.status == "open"


RESOLVED_COMPLAINT = fact(
    "complaint", date(2026, 11, 19), status="resolved", subject="retard", channel="email",
    opened_on="2026-11-01", resolved_on="2026-11-19",
)
REPAIR_ORDER = fact(
    "repair_order", date(2026, 11, 19), status="open", number="OR-1", opened_on="2026-11-19",
    kind="maintenance", revenue_cents=0, **PEUGEOT,
)


@pytest.mark.parametrize(
    ("rule_id", "subject", "unknown_held"),
    [
        ("loyalty_call", vehicle(date(2025, 11, 23)), HELD_UNKNOWN),  # a sales call
        # the client's own case: not canvassing, unknown consent does not hold it
        ("complaint_resolved_call", RESOLVED_COMPLAINT, ""),
        ("satisfaction_call", REPAIR_ORDER, ""),
    ],
)
@pytest.mark.parametrize("consent", ["unknown", "no"])
def test_only_sales_calls_are_held_for_unknown_consent(
    rule_id: str, subject: Fact, unknown_held: str, consent: str
) -> None:
    assert RULES.get(rule_id).canvassing == (unknown_held != "")
    who = client(consent_phone=consent, company="", contract=False)
    [reminder] = run(rule_id, [subject], date(2026, 11, 23), who=who)
    assert reminder.held_reason == (unknown_held if consent == "unknown" else HELD_REFUSED)


def test_catch_up_after_a_long_weekend_raises_what_fell_due_and_expires_what_outlived() -> None:
    # Easter 2027: nobody ran from Friday 26/03 to Monday 29/03 (Easter Monday).
    saturday = vehicle(date(2026, 3, 27))  # 12 months → Saturday 27/03/2027, due Tuesday
    old = vehicle(date(2025, 12, 1), subject_id=2)  # due 01/12/2026, valid 45 days: gone by March
    reminders = run("loyalty_call", [saturday, old], date(2027, 3, 30), first=date(2026, 11, 1))
    by_subject = {r.subject_id: r for r in reminders}
    assert (by_subject[1].due_on, by_subject[1].status) == ("2027-03-30", "open")
    assert by_subject[2].status == "expired"


def test_evaluation_is_deterministic() -> None:
    facts = [vehicle(date(2025, 11, 23)), financing(date(2027, 1, 23))]
    first = run("loyalty_call", facts, date(2026, 11, 23))
    assert len(first) == 1
    assert run("loyalty_call", facts, date(2026, 11, 23)) == first
