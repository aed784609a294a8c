"""RFM codes and profiles, ABC segments (seed 004)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rules import abc, rfm
from rules.rfm import Quarter, periods, profile_of, rfm_of
from store.reports import ClientPurchases


def test_periods_are_the_whole_quarters_before_today() -> None:
    window = periods(date(2026, 11, 23))
    assert [q.label for q in window] == ["T4 2025", "T1 2026", "T2 2026", "T3 2026"]
    assert periods(date(2026, 1, 1), 2) == [Quarter(2025, 3), Quarter(2025, 4)]
    with pytest.raises(ValueError, match="trimestre"):
        periods(date(2026, 1, 1), 0)


PROFILES = [
    ("0000", False, rfm.INACTIVE),
    ("1111", False, rfm.VERY_REGULAR),
    ("0011", True, rfm.NEW),  # the seed's example, a client seen for the first time in period 3
    ("0001", True, rfm.NEW),
    ("0111", True, rfm.NEW),
    ("0111", False, rfm.REGULAR),
    ("1011", False, rfm.REGULAR),
    ("1101", False, rfm.REGULAR),
    ("1110", False, rfm.LOSING_SPEED),
    ("1100", False, rfm.LOSING_SPEED),
    ("1000", False, rfm.LOSING_SPEED),
    ("0110", False, rfm.LOSING_SPEED),
    ("0010", True, rfm.LOSING_SPEED),
    ("0011", False, rfm.CYCLICAL),
    ("0001", False, rfm.CYCLICAL),
    ("1010", False, rfm.CYCLICAL),
    ("0101", False, rfm.CYCLICAL),
    ("1001", False, rfm.CYCLICAL),
    ("0101", True, rfm.CYCLICAL),
]


@pytest.mark.parametrize(("code", "new_client", "profile"), PROFILES)
def test_profile_of_each_code(code: str, new_client: bool, profile: str) -> None:
    assert profile_of(code, new_client) == profile


def test_the_seed_client_0011() -> None:
    window = periods(date(2026, 11, 23))
    client = ClientPurchases(7, "2026-04-02", "2026-08-30", (0, 0, 1, 2),
                             (0, 0, 100_000_00, 230_000_00))
    result = rfm_of(client, window)
    assert result.code == "0011"
    assert result.amounts_cents == (0, 0, 100_000_00, 230_000_00)
    assert result.frequency == 3
    assert result.amount_cents == 330_000_00
    assert result.recency_days == 32  # 30/08 to the end of September
    assert result.profile == rfm.NEW


def test_summary_counts_profiles_and_codes() -> None:
    window = periods(date(2026, 11, 23))
    clients = [ClientPurchases(1, "2020-01-01", "2026-08-01", (1, 1, 1, 1), (10_00,) * 4),
               ClientPurchases(2, "2020-01-01", "2020-01-01", (0,) * 4, (0,) * 4)]
    summary = rfm.summarize(rfm.rfm_all(clients, window))
    assert summary.clients == 2
    assert summary.codes == {"0000": 1, "1111": 1}
    by_profile = {p.profile: p for p in summary.profiles}
    assert by_profile[rfm.VERY_REGULAR].amount_cents == 40_00
    assert by_profile[rfm.INACTIVE].clients == 1


def test_abc_first_80_percent_then_15_then_the_rest() -> None:
    revenues = [(1, 50), (2, 30), (3, 10), (4, 5), (5, 3), (6, 2)]
    assert list(abc.segments(revenues, 100)) == [
        (1, "A"), (2, "A"), (3, "B"), (4, "B"), (5, "C"), (6, "C"),
    ]


def test_the_client_crossing_80_percent_is_still_a() -> None:
    assert list(abc.segments([(1, 70), (2, 20), (3, 10)], 100)) == [(1, "A"), (2, "A"), (3, "B")]


def test_abc_summary_has_the_share_of_clients() -> None:
    revenues = [(1, 50), (2, 30), (3, 10), (4, 5), (5, 3), (6, 2)]
    summary = abc.summarize(revenues, 100, all_clients=10)
    assert [(s.segment, s.clients, s.revenue_cents) for s in summary] == [
        ("A", 2, 80), ("B", 2, 15), ("C", 6, 5)]
    assert summary[0].client_share == Decimal("20.00")
    assert summary[0].revenue_share == Decimal("80.00")


def test_abc_without_revenue_is_all_c() -> None:
    assert list(abc.segments([(1, 0)], 0)) == [(1, "C")]
