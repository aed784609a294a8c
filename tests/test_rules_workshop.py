"""The workshop table of seed 000, figure for figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules.workshop import (
    AGE_BANDS,
    MILEAGE_BANDS,
    band_of,
    band_shares,
    div_half_up,
    workshop_row,
    workshop_table,
)
from store.reports import YearActivity

# year, days, orders, revenue (€), revenue/day (cents), revenue/order (€, as the seed shows it),
# average orders a day, potentials +1/+2/+3 (€, the seed's where it shows them)
SEED_ROWS = [
    (2006, 256, 690, 154_340, 60289, 224, 3, None),
    (2007, 263, 764, 169_851, 64582, 222, 3, None),
    (2008, 275, 848, 202_204, 73529, 238, 3, None),
    (2009, 266, 876, 195_682, 73565, 223, 3, (237_678, 297_097, 356_517)),
    (2010, 268, 969, 219_154, 81774, 226, 4, (303_061, 363_674, 424_286)),
    (2011, 118, 349, 92_001, 77967, 264, 3, None),
]


@pytest.mark.parametrize(
    ("year", "days", "orders", "revenue", "per_day", "per_order", "average", "potentials"), SEED_ROWS
)
def test_each_year_of_the_seed(year: int, days: int, orders: int, revenue: int, per_day: int,
                               per_order: int, average: int,
                               potentials: tuple[int, int, int] | None) -> None:
    row = workshop_row(year, days, orders, revenue * 100)
    assert row.revenue_per_day_cents == per_day
    assert div_half_up(row.revenue_per_order_cents, 100) == per_order
    assert row.average_orders_per_day == average
    if potentials:
        assert tuple(div_half_up(p.revenue_cents, 100) for p in row.potentials) == potentials


@pytest.mark.parametrize(
    ("extra", "gain", "progression"),
    [(1, 83_907, Decimal("38.29")), (2, 144_520, Decimal("65.94")), (3, 205_132, Decimal("93.60"))],
)
def test_the_2010_simulation_of_the_seed(extra: int, gain: int, progression: Decimal) -> None:
    row = workshop_row(2010, 268, 969, 219_154_00)
    potential = row.potentials[extra - 1]
    assert potential.extra == extra
    assert div_half_up(potential.gain_cents, 100) == gain
    assert potential.progression == progression


def test_revenue_per_order_is_not_rounded_before_multiplying() -> None:
    row = workshop_row(2010, 268, 969, 219_154_00)
    assert row.potentials[0].revenue_cents == 303_061_26  # 226 € x 1 340 would be 302 840 €


def test_totals_row_of_the_seed() -> None:
    years = [YearActivity(y, d, o, r * 100) for y, d, o, r, *_ in SEED_ROWS]
    table = workshop_table(years)
    total = table[-1]
    assert total.year is None
    assert (total.days_open, total.orders, total.revenue_cents) == (1446, 4496, 1_033_232_00)
    assert total.revenue_per_day_cents == 71454
    assert div_half_up(total.revenue_per_order_cents, 100) == 230
    assert total.average_orders_per_day == 3
    assert total.potentials == ()
    assert [r.year for r in table[:-1]] == [2006, 2007, 2008, 2009, 2010, 2011]


def test_days_set_by_the_manager_win_over_days_with_orders() -> None:
    table = workshop_table([YearActivity(2010, 250, 969, 219_154_00)], {2010: 268})
    assert table[0].days_open == 268
    assert table[0].days_set_by_manager
    assert div_half_up(table[0].potentials[0].revenue_cents, 100) == 303_061


def test_a_year_without_orders_has_no_ratios() -> None:
    row = workshop_row(2012, 0, 0, 0)
    assert row.revenue_per_day_cents == 0
    assert row.potentials == ()


def test_empty_table() -> None:
    assert workshop_table([]) == []


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 2, 3), (7, 2, 4), (4, 3, 1), (-5, 2, -3), (0, 7, 0), (969, 268, 4), (349, 118, 3)],
)
def test_div_half_up(numerator: int, denominator: int, expected: int) -> None:
    assert div_half_up(numerator, denominator) == expected


@pytest.mark.parametrize(
    ("value", "bands", "label"),
    [(0, AGE_BANDS, "0-2"), (2, AGE_BANDS, "0-2"), (3, AGE_BANDS, "3-5"),
     (8, AGE_BANDS, "6-8"), (15, AGE_BANDS, "9+"), (-1, AGE_BANDS, None),
     (29_999, MILEAGE_BANDS, "0-30k"), (150_000, MILEAGE_BANDS, "150k+")],
)
def test_bands(value: int, bands: tuple[tuple[str, int, int | None], ...], label: str | None) -> None:
    assert band_of(value, bands) == label


def test_band_shares_against_the_market() -> None:
    counts = {"0-2": 50, "3-5": 30, "6-8": 15, "9+": 5}
    market = {"6-8": Decimal("20"), "9+": Decimal("25")}
    rows = band_shares(counts, AGE_BANDS, market)
    assert [r.share for r in rows] == [Decimal("50.00"), Decimal("30.00"), Decimal("15.00"),
                                      Decimal("5.00")]
    assert rows[0].gap is None
    assert rows[3].gap == Decimal("-20.00")  # old vehicles stay away from this workshop


def test_count_by_band() -> None:
    from rules.workshop import count_by_band

    assert count_by_band({0: 2, 2: 3, 7: 1, -1: 9}, AGE_BANDS) == {"0-2": 5, "6-8": 1}
    assert count_by_band({10_000: 4, 150_000: 1, 290_000: 2}, MILEAGE_BANDS) == {"0-30k": 4, "150k+": 3}
