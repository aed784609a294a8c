"""Workshop activity per year (seed ``000``): days open, orders, revenue, and the potential of
one, two or three more repair orders a day.

Integer arithmetic on cents throughout; every division rounds half up, like the seed's sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from store.reports import YearActivity

EXTRA_ORDERS_PER_DAY = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Potential:
    """The revenue of ``extra`` more orders a day over the rounded average, and its gain."""

    extra: int
    revenue_cents: int
    gain_cents: int
    progression: Decimal  # percent, two decimals: 38.29


@dataclass(frozen=True, slots=True)
class WorkshopRow:
    """One line of the seed's table (a year, or the totals when ``year`` is None)."""

    year: int | None
    days_open: int
    days_set_by_manager: bool
    orders: int
    revenue_cents: int
    revenue_per_day_cents: int
    revenue_per_order_cents: int
    average_orders_per_day: int
    potentials: tuple[Potential, ...]


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero, in integers."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def percent(part: int, whole: int) -> Decimal:
    """``part / whole`` in percent, two decimals, half up (``Decimal('38.29')``)."""
    if whole == 0:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def workshop_row(
    year: int | None,
    days_open: int,
    orders: int,
    revenue_cents: int,
    *,
    days_set_by_manager: bool = False,
    extras: Sequence[int] = EXTRA_ORDERS_PER_DAY,
) -> WorkshopRow:
    """One line of the table.

    The seed shows revenue per order rounded to the euro but multiplies the unrounded value:
    potential = (rounded average + n) x days x revenue / orders, so 2010 gives 303 061 €, not
    the 302 840 € that 226 € x 1 340 would give.
    """
    if days_open < 0 or orders < 0:
        raise ValueError("days and orders cannot be negative")
    if days_open == 0 or orders == 0:
        return WorkshopRow(year, days_open, days_set_by_manager, orders, revenue_cents,
                           0, 0, 0, ())
    average = div_half_up(orders, days_open)
    potentials = []
    for extra in extras:
        potential = div_half_up((average + extra) * days_open * revenue_cents, orders)
        gain = potential - revenue_cents
        potentials.append(Potential(extra, potential, gain, percent(gain, revenue_cents)))
    return WorkshopRow(
        year=year,
        days_open=days_open,
        days_set_by_manager=days_set_by_manager,
        orders=orders,
        revenue_cents=revenue_cents,
        revenue_per_day_cents=div_half_up(revenue_cents, days_open),
        revenue_per_order_cents=div_half_up(revenue_cents, orders),
        average_orders_per_day=average,
        potentials=tuple(potentials),
    )


def workshop_table(
    years: Sequence[YearActivity], days_set: Mapping[int, int] | None = None
) -> list[WorkshopRow]:
    """The seed's table: one row per year, oldest first, then the totals row (``year`` None).

    A year's days open are the days with at least one repair order unless ``days_set`` (the
    manager's figure) says otherwise. The totals row has no potential, as in the seed.
    """
    days_set = days_set or {}
    rows = []
    for activity in sorted(years, key=lambda a: a.year):
        set_days = days_set.get(activity.year)
        days = set_days if set_days is not None else activity.days_with_orders
        rows.append(workshop_row(activity.year, days, activity.orders, activity.revenue_cents,
                                 days_set_by_manager=set_days is not None))
    if rows:
        total = workshop_row(None, sum(r.days_open for r in rows), sum(r.orders for r in rows),
                             sum(r.revenue_cents for r in rows), extras=())
        rows.append(total)
    return rows


# Visits by band against the market -------------------------------------------------------

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-2", 0, 3), ("3-5", 3, 6), ("6-8", 6, 9), ("9+", 9, None),
)
MILEAGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30k", 0, 30_000), ("30-60k", 30_000, 60_000),
    ("60-100k", 60_000, 100_000), ("100-150k", 100_000, 150_000),
    ("150k+", 150_000, None),
)


def band_of(value: int, bands: Sequence[tuple[str, int, int | None]]) -> str | None:
    """The label of the band holding ``value`` (lower bound included, upper excluded)."""
    for label, low, high in bands:
        if value >= low and (high is None or value < high):
            return label
    return None


@dataclass(frozen=True, slots=True)
class BandShare:
    """A band's share of the workshop's repair orders against the market's share."""

    band: str
    orders: int
    share: Decimal  # percent of the orders whose band is known
    market_share: Decimal | None  # what the manager set, percent
    gap: Decimal | None  # share - market_share, in points: negative = these vehicles stay away


def band_shares(
    counts: Mapping[str, int],
    bands: Sequence[tuple[str, int, int | None]],
    market: Mapping[str, Decimal],
) -> list[BandShare]:
    """Each band's share of the orders next to the market average, in the bands' order."""
    total = sum(counts.get(label, 0) for label, _, _ in bands)
    rows = []
    for label, _, _ in bands:
        orders = counts.get(label, 0)
        share = percent(orders, total)
        market_share = market.get(label)
        gap = None if market_share is None else share - market_share
        rows.append(BandShare(label, orders, share, market_share, gap))
    return rows


def count_by_band(counts: Mapping[int, int], bands: Sequence[tuple[str, int, int | None]]
                  ) -> dict[str, int]:
    """Orders per band from orders per value (age in years, or mileage step's lower bound)."""
    result: dict[str, int] = {}
    for value, orders in counts.items():
        label = band_of(value, bands)
        if label is not None:
            result[label] = result.get(label, 0) + orders
    return result
