"""Working days in France: Monday to Friday, minus the public holidays (metropolitan France)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def french_holidays(year: int) -> frozenset[date]:
    """The French public holidays of ``year``."""
    return frozenset(holidays.country_holidays("FR", years=year).keys())


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a French public holiday."""
    return day.weekday() < 5 and day not in french_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day`` (« rappeler le prochain jour ouvré »)."""
    return working_day_on_or_after(day + timedelta(days=1))


def working_day_on_or_after(day: date) -> date:
    """``day`` itself when it is a working day, else the next one (a due date moved off a holiday)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_day_on_or_before(day: date) -> date:
    """``day`` itself when it is a working day, else the last one before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
