"""Whether a fact meets a rule's conditions on the day of the occurrence."""

from __future__ import annotations

from datetime import date

from rules.dates import add_months
from rules.ruleset import Conditions
from rules.vehicles import vehicle_age_years
from store.facts import Fact


def _day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def meets(conditions: Conditions, fact: Fact, occurrence: date) -> bool:
    """True when ``fact`` satisfies every condition given, judged on ``occurrence``."""
    values = fact.values
    if conditions.status and fact.status not in conditions.status:
        return False
    if conditions.modes and values.get("mode") not in conditions.modes:
        return False
    if conditions.sources and values.get("source") not in conditions.sources:
        return False
    if conditions.no_contact_since_anchor:
        last_contact = _day(values.get("last_contact_on"))
        if last_contact is not None and last_contact >= fact.anchor_on:
            return False
    if conditions.unseen_in_workshop_months is not None:
        seen = _day(values.get("last_workshop_on"))
        limit = add_months(occurrence, -conditions.unseen_in_workshop_months)
        if seen is not None and seen > limit:
            return False
    if conditions.min_duration_months is not None:
        duration = _int(values.get("duration_months"))
        if duration is None or duration < conditions.min_duration_months:
            return False
    if conditions.sold_here is not None and bool(values.get("sold_here")) != conditions.sold_here:
        return False
    return _old_or_driven(conditions, fact, occurrence)


def _old_or_driven(conditions: Conditions, fact: Fact, occurrence: date) -> bool:
    """Old enough *or* driven enough, for the conditions given (none given: true)."""
    checks: list[bool] = []
    if conditions.min_age_years is not None:
        age = vehicle_age_years(fact.values, occurrence)
        checks.append(age is not None and age >= conditions.min_age_years)
    if conditions.min_mileage_km is not None:
        mileage = _int(fact.values.get("mileage"))
        checks.append(mileage is not None and mileage >= conditions.min_mileage_km)
    return not checks or any(checks)
