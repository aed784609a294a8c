"""Date arithmetic of the rules: offsets, month ends, 29 February, French working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from rules.dates import (
    Offset,
    OffsetError,
    add_months,
    add_working_days,
    distance_words,
    due_date,
    is_working_day,
    latest_start_of_age,
    months_between,
    next_working_day,
    whole_years,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-6 months", Offset(-6, "months")),
        ("+12 months", Offset(12, "months")),
        ("+1 month", Offset(1, "months")),
        ("+2 working days", Offset(2, "working_days")),
        ("+0 days", Offset(0, "days")),
        ("-2 weeks", Offset(-2, "weeks")),
        ("+6 years", Offset(6, "years")),
        ("  +1 year ", Offset(1, "years")),
    ],
)
def test_offsets_are_read(text: str, expected: Offset) -> None:
    assert Offset.parse(text) == expected


@pytest.mark.parametrize("text", ["6 months", "+6 mois", "+six months", "", "+6", "+-6 months"])
def test_unreadable_offsets_are_refused(text: str) -> None:
    with pytest.raises(OffsetError):
        Offset.parse(text)


@pytest.mark.parametrize(
    ("anchor", "offset", "expected"),
    [
        (date(2027, 8, 31), "-6 months", date(2027, 2, 28)),  # month end clamps
        (date(2028, 8, 31), "-6 months", date(2028, 2, 29)),  # leap year
        (date(2024, 2, 29), "+12 months", date(2025, 2, 28)),  # 29 February, next year
        (date(2024, 2, 29), "+48 months", date(2028, 2, 29)),
        (date(2026, 1, 31), "+1 month", date(2026, 2, 28)),
        (date(2026, 3, 31), "-2 months", date(2026, 1, 31)),
        (date(2026, 12, 24), "+2 working days", date(2026, 12, 29)),  # Christmas + weekend
        (date(2027, 4, 30), "+1 working day", date(2027, 5, 3)),  # 1 May on a Saturday
    ],
)
def test_offsets_land_on_real_days(anchor: date, offset: str, expected: date) -> None:
    assert Offset.parse(offset).apply(anchor) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),  # a Monday
        (date(2027, 1, 17), date(2027, 1, 18)),  # Sunday → Monday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas on a Friday → Monday
        (date(2026, 7, 14), date(2026, 7, 15)),  # Bastille Day
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension
        (date(2027, 3, 27), date(2027, 3, 30)),  # Easter weekend and Easter Monday
        (date(2026, 5, 23), date(2026, 5, 26)),  # Pentecost weekend and Monday
        (date(2027, 5, 1), date(2027, 5, 3)),  # 1 May on a Saturday
    ],
)
def test_due_dates_move_to_the_next_working_day(day: date, expected: date) -> None:
    assert due_date(day) == expected


@pytest.mark.parametrize(
    ("today", "day", "fr", "en"),
    [
        (date(2026, 11, 14), date(2027, 1, 14), "dans 2 mois", "in 2 months"),
        (date(2027, 2, 28), date(2026, 2, 28), "il y a 12 mois", "12 months ago"),
        (date(2026, 11, 14), date(2026, 11, 14), "aujourd'hui", "today"),
        (date(2026, 11, 14), date(2026, 11, 15), "dans 1 jour", "in 1 day"),
    ],
)
def test_distances_are_said_in_words(today: date, day: date, fr: str, en: str) -> None:
    assert distance_words(today, day, "fr") == fr
    assert distance_words(today, day, "en") == en


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
month_offsets = st.builds(
    Offset, st.integers(min_value=-120, max_value=120), st.sampled_from(["months", "years"])
)
any_offsets = st.one_of(
    month_offsets,
    st.builds(Offset, st.integers(-400, 400), st.sampled_from(["days", "weeks"])),
    st.builds(Offset, st.integers(-30, 30), st.just("working_days")),
)


@given(days, month_offsets)
def test_month_arithmetic_never_overflows_the_month(anchor: date, offset: Offset) -> None:
    moved = offset.apply(anchor)
    assert moved.day <= anchor.day
    assert moved.day == anchor.day or (moved + timedelta(days=1)).day == 1


@given(days, st.integers(min_value=-400, max_value=400))
def test_month_arithmetic_is_relativedelta(day: date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


@given(days, days)
def test_months_between_counts_as_relativedelta(start: date, end: date) -> None:
    delta = relativedelta(end, start)
    assert months_between(start, end) == delta.years * 12 + delta.months
    if end >= start:
        assert whole_years(start, end) == delta.years


@given(days)
def test_next_working_day_is_a_working_day_within_a_week(day: date) -> None:
    moved = next_working_day(day)
    assert is_working_day(moved)
    assert day <= moved < day + timedelta(days=7)
    assert all(not is_working_day(day + timedelta(days=n)) for n in range((moved - day).days))


@given(days, st.integers(min_value=1, max_value=40))
def test_working_days_count_working_days(day: date, count: int) -> None:
    moved = add_working_days(day, count)
    between = [day + timedelta(days=n) for n in range(1, (moved - day).days + 1)]
    assert is_working_day(moved)
    assert sum(is_working_day(d) for d in between) == count


@given(days, any_offsets, st.integers(min_value=0, max_value=60))
def test_anchor_window_holds_every_anchor_landing_in_the_window(
    anchor: date, offset: Offset, width: int
) -> None:
    landed = offset.apply(anchor)
    for first, last in (
        (landed - timedelta(days=width), landed),
        (landed, landed + timedelta(width)),
    ):
        low, high = offset.anchor_window(first, last)
        assert low <= anchor <= high


@given(on=st.dates(date(2000, 1, 1), date(2040, 12, 31)), years=st.integers(1, 40))
def test_latest_start_of_age_is_the_last_old_enough_day(on: date, years: int) -> None:
    start = latest_start_of_age(on, years)
    assert whole_years(start, on) >= years
    assert whole_years(start + timedelta(days=1), on) < years
