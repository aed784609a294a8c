"""Complaint figures and the action plan's months and horizons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rules.action_plan import grid, horizon_of, parse_months
from rules.complaints import days_to_resolve, summarize
from store.records import Complaint


def _complaint(opened: str, resolved: str | None, status: str = "resolved", channel: str = "phone"
               ) -> Complaint:
    return Complaint(1, 1, opened, channel, "bruit", status, "", resolved, "u", 1)


def test_time_to_resolve() -> None:
    assert days_to_resolve(_complaint("2026-11-01", "2026-11-04")) == 3
    assert days_to_resolve(_complaint("2026-11-01", None, "open")) is None


def test_summary() -> None:
    summary = summarize([
        _complaint("2026-11-01", "2026-11-04"), _complaint("2026-11-01", "2026-11-02", channel="email"),
        _complaint("2026-10-01", None, "open"),
    ], date(2026, 11, 23))
    assert summary.total == 3
    assert summary.by_status == {"resolved": 2, "open": 1}
    assert summary.by_channel == {"phone": 2, "email": 1}
    assert summary.average_days_to_resolve == Decimal("2.0")
    assert summary.longest_days_to_resolve == 3
    assert summary.oldest_open_days == 53


@pytest.mark.parametrize(
    ("text", "months"),
    [("1-3,9", (1, 2, 3, 9)), ("12", (12,)), ("3, 1", (1, 3)), ("", ()), ("1-12", tuple(range(1, 13)))],
)
def test_parse_months(text: str, months: tuple[int, ...]) -> None:
    assert parse_months(text) == months


@pytest.mark.parametrize("text", ["13", "0", "3-1", "janvier", "1-"])
def test_bad_months_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="mois"):
        parse_months(text)


@pytest.mark.parametrize(("ahead", "horizon"), [(0, "short"), (5, "short"), (6, "medium"),
                                                (24, "medium"), (25, "long")])
def test_horizon(ahead: int, horizon: str) -> None:
    assert horizon_of(ahead) == horizon


def test_grid() -> None:
    assert grid((1, 12)) == ["X", *[""] * 10, "X"]
