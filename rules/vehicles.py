"""What the rules say about a vehicle: its age."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rules.dates import whole_years
from store.facts import Value


def vehicle_age_years(values: Mapping[str, Value], on: date) -> int | None:
    """Whole years since first registration (or, lacking it, delivery) on ``on``."""
    start = values.get("first_registration_on") or values.get("delivered_on")
    return None if start is None else whole_years(date.fromisoformat(str(start)[:10]), on)
