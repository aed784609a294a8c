"""The seed's ROI example and the measured return of a campaign."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules.campaigns import measured_return, simulate


def test_the_seed_example() -> None:
    sim = simulate(15_000_00, 200, 100_00, Decimal("0.5"))
    assert sim.revenue_cents == 20_000_00
    assert sim.gross_gain_cents == 5_000_00
    assert sim.margin_cents == 10_000_00
    assert sim.result_cents == -5_000_00
    assert sim.roi == Decimal("0.67")
    assert sim.break_even_sales == 300
    assert not sim.profitable


def test_the_seed_discount_and_cost_per_contact() -> None:
    sim = simulate(15_000_00, 200, 100_00, Decimal("0.5"), contacts=3000, discount_rate=Decimal("0.3"))
    assert sim.discount_cost_cents == 6_000_00  # 100 x 30 % x 200
    assert sim.result_after_discount_cents == -11_000_00
    assert sim.cost_per_contact_cents == 5_00


@pytest.mark.parametrize(
    ("cost", "price", "rate", "expected"),
    [(15_000_00, 100_00, "0.5", 300), (1_000_00, 30_00, "0.4", 84), (0, 100_00, "0.5", 0),
     (100, 100_00, "1", 1)],
)
def test_break_even_rounds_up_to_a_whole_sale(cost: int, price: int, rate: str, expected: int) -> None:
    assert simulate(cost, 0, price, Decimal(rate)).break_even_sales == expected


def test_no_cost_has_no_roi() -> None:
    assert simulate(0, 10, 100_00, Decimal("0.5")).roi is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"cost_cents": -1}, "coût"), ({"margin_rate": Decimal(0)}, "taux de marge"),
     ({"margin_rate": Decimal("1.01")}, "taux de marge"), ({"price_cents": 0}, "prix"),
     ({"buyers": -3}, "acheteurs"), ({"contacts": 0}, "contacts"),
     ({"discount_rate": Decimal("1.5")}, "remise")],
)
def test_impossible_input_is_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"cost_cents": 15_000_00, "buyers": 200, "price_cents": 100_00,
                               "margin_rate": Decimal("0.5")}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        simulate(**args)  # type: ignore[arg-type]


def test_measured_return_against_the_seed_claim() -> None:
    result = measured_return(1_000_00, Decimal("0.4"), contacts=100, clients_contacted=90,
                             clients_returned=18, orders=20, revenue_cents=10_000_00)
    assert result.margin_cents == 4_000_00
    assert result.return_per_euro == Decimal("4.00")
    assert result.meets_seed_claim
    assert result.conversion == Decimal("20.00")
    assert result.cost_per_contact_cents == 10_00
    cheap = measured_return(0, Decimal("0.4"), contacts=0, clients_contacted=0, clients_returned=0,
                            orders=0, revenue_cents=0)
    assert cheap.meets_seed_claim is None
    assert cheap.conversion is None
