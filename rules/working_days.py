"""Working days in France: Monday to Friday, minus the public holidays (metropolitan France)."""

from __future__ import annotations

from datetime import date, timedelta

# One calendar for the whole app: the rules engine's.
from rules.dates import french_holidays, is_working_day
from rules.dates import next_working_day as working_day_on_or_after

__all__ = ["french_holidays", "is_working_day", "next_working_day", "working_day_on_or_after",
           "working_day_on_or_before"]


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day`` (« rappeler le prochain jour ouvré »)."""
    return working_day_on_or_after(day + timedelta(days=1))


def working_day_on_or_before(day: date) -> date:
    """``day`` itself when it is a working day, else the last one before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
