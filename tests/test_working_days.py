"""Working days: weekends and French public holidays are skipped."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.working_days import (
    french_holidays,
    is_working_day,
    next_working_day,
    working_day_on_or_after,
    working_day_on_or_before,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 11, 11), False),  # Armistice
        (date(2026, 12, 25), False),  # Christmas
        (date(2027, 1, 1), False),  # New Year
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 5, 1), False),  # Labour Day
        (date(2026, 5, 8), False),  # Victory in Europe
        (date(2026, 5, 14), False),  # Ascension
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 7, 14), False),  # Bastille Day
        (date(2026, 8, 15), False),  # Assumption (a Saturday anyway)
        (date(2026, 12, 24), True),  # Christmas Eve is worked
        (date(2026, 12, 26), False),  # Saturday; Saint-Étienne is Alsace-Moselle only
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 24)),  # Monday -> Tuesday
        (date(2026, 11, 27), date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 28), date(2026, 11, 30)),  # Saturday -> Monday
        (date(2026, 11, 10), date(2026, 11, 12)),  # over Armistice
        (date(2026, 12, 24), date(2026, 12, 28)),  # over Christmas and the weekend
        (date(2026, 12, 31), date(2027, 1, 4)),  # over New Year and the weekend
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday is worked; Easter Monday is not
        (date(2026, 5, 13), date(2026, 5, 15)),  # over Ascension
        (date(2026, 7, 13), date(2026, 7, 15)),  # over Bastille Day
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "after", "before"),
    [
        (date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 23)),
        (date(2026, 11, 28), date(2026, 11, 30), date(2026, 11, 27)),
        (date(2026, 11, 11), date(2026, 11, 12), date(2026, 11, 10)),
        (date(2026, 5, 1), date(2026, 5, 4), date(2026, 4, 30)),
    ],
)
def test_on_or_after_and_before(day: date, after: date, before: date) -> None:
    assert working_day_on_or_after(day) == after
    assert working_day_on_or_before(day) == before


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_next_working_day_is_the_first_working_day_after(day: date) -> None:
    found = next_working_day(day)
    assert found > day
    assert is_working_day(found)
    assert found - day <= timedelta(days=5)
    between = day + timedelta(days=1)
    while between < found:
        assert not is_working_day(between)
        between += timedelta(days=1)


@pytest.mark.parametrize(
    ("year", "moving"),
    [
        # Easter Monday, Ascension Thursday, Whit Monday: Easter Sunday + 1, 39, 50 days
        (2025, [date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)]),
        (2026, [date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)]),
        (2027, [date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)]),
        (2038, [date(2038, 4, 26), date(2038, 6, 3), date(2038, 6, 14)]),  # the latest Easter
        # the « journée de solidarité » replaced Whit Monday as a holiday from 2005 to 2007
        (2006, [date(2006, 4, 17), date(2006, 5, 25)]),
    ],
)
def test_french_holidays_of_a_year(year: int, moving: list[date]) -> None:
    fixed = [date(year, m, d) for m, d in ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1),
                                           (11, 11), (12, 25))]
    assert sorted(french_holidays(year)) == sorted(fixed + moving)
