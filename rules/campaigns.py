"""What a commercial action costs and returns (seeds ``002`` and ``000``).

Money is integer cents; rates are ``Decimal`` fractions (0.5 for 50 %). Ratios are rounded half
up to two decimals, so the seed's ROI 10 000 / 15 000 shows as 0,67.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from rules.workshop import div_half_up

SEED_RETURN_PER_EURO = Decimal(4)  # seed 000: 1 € of relational marketing returns 4 € of margin
RETURN_WINDOW_DAYS = 30


def cents_times_rate(cents: int, rate: Decimal) -> int:
    """``cents x rate``, rounded half up to the cent."""
    return int((Decimal(cents) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """``numerator / denominator`` with two decimals, or None when the denominator is zero."""
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_rate(rate: Decimal, what: str) -> None:
    """A margin rate must be above 0 and at most 100 %."""
    if not Decimal(0) < rate <= Decimal(1):
        raise ValueError(f"{what} doit être compris entre 0 (exclu) et 100 %.")


@dataclass(frozen=True, slots=True)
class Simulation:
    cost_cents: int
    contacts: int | None
    cost_per_contact_cents: int | None
    buyers: int
    price_cents: int
    margin_rate: Decimal
    revenue_cents: int
    gross_gain_cents: int  # revenue - cost
    margin_cents: int
    result_cents: int  # margin - cost
    roi: Decimal | None  # margin / cost
    break_even_sales: int | None  # (cost / margin rate) / price, rounded up to a whole sale
    discount_rate: Decimal | None
    discount_cost_cents: int  # price x discount x buyers
    result_after_discount_cents: int

    @property
    def profitable(self) -> bool:
        return self.result_after_discount_cents > 0


def simulate(
    cost_cents: int,
    buyers: int,
    price_cents: int,
    margin_rate: Decimal,
    *,
    contacts: int | None = None,
    discount_rate: Decimal | None = None,
) -> Simulation:
    """The seed's calculation of a commercial action; raises ValueError on impossible input."""
    if cost_cents < 0:
        raise ValueError("le coût ne peut pas être négatif.")
    if buyers < 0:
        raise ValueError("le nombre d'acheteurs ne peut pas être négatif.")
    if price_cents <= 0:
        raise ValueError("le prix de vente doit être positif.")
    check_rate(margin_rate, "le taux de marge")
    if contacts is not None and contacts <= 0:
        raise ValueError("le nombre de contacts doit être positif.")
    if discount_rate is not None and not Decimal(0) <= discount_rate <= Decimal(1):
        raise ValueError("la remise doit être comprise entre 0 et 100 %.")
    revenue = buyers * price_cents
    margin = cents_times_rate(revenue, margin_rate)
    discount_cost = cents_times_rate(revenue, discount_rate) if discount_rate is not None else 0
    break_even = None
    if cost_cents > 0:
        sales = Decimal(cost_cents) / margin_rate / Decimal(price_cents)
        break_even = int(sales.to_integral_value(rounding=ROUND_CEILING))
    elif cost_cents == 0:
        break_even = 0
    return Simulation(
        cost_cents=cost_cents,
        contacts=contacts,
        cost_per_contact_cents=div_half_up(cost_cents, contacts) if contacts else None,
        buyers=buyers,
        price_cents=price_cents,
        margin_rate=margin_rate,
        revenue_cents=revenue,
        gross_gain_cents=revenue - cost_cents,
        margin_cents=margin,
        result_cents=margin - cost_cents,
        roi=ratio(margin, cost_cents),
        break_even_sales=break_even,
        discount_rate=discount_rate,
        discount_cost_cents=discount_cost,
        result_after_discount_cents=margin - cost_cents - discount_cost,
    )


@dataclass(frozen=True, slots=True)
class MeasuredReturn:
    """A real campaign's return: the margin of the repair orders its contacts brought back."""

    cost_cents: int
    contacts: int
    clients_contacted: int
    clients_returned: int
    orders: int
    revenue_cents: int
    margin_rate: Decimal
    margin_cents: int
    result_cents: int
    return_per_euro: Decimal | None  # margin / cost: the seed claims 4
    cost_per_contact_cents: int | None
    conversion: Decimal | None  # clients who came back / clients contacted, percent

    @property
    def meets_seed_claim(self) -> bool | None:
        """Whether 1 € returned at least the seed's 4 € of margin (None without a cost)."""
        if self.return_per_euro is None:
            return None
        return self.return_per_euro >= SEED_RETURN_PER_EURO


def measured_return(
    cost_cents: int,
    margin_rate: Decimal,
    *,
    contacts: int,
    clients_contacted: int,
    clients_returned: int,
    orders: int,
    revenue_cents: int,
) -> MeasuredReturn:
    """The return measured from the data, against the campaign's cost."""
    check_rate(margin_rate, "le taux de marge")
    margin = cents_times_rate(revenue_cents, margin_rate)
    conversion = None
    if clients_contacted:
        conversion = (Decimal(clients_returned) * 100 / Decimal(clients_contacted)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
    return MeasuredReturn(
        cost_cents=cost_cents,
        contacts=contacts,
        clients_contacted=clients_contacted,
        clients_returned=clients_returned,
        orders=orders,
        revenue_cents=revenue_cents,
        margin_rate=margin_rate,
        margin_cents=margin,
        result_cents=margin - cost_cents,
        return_per_euro=ratio(margin, cost_cents),
        cost_per_contact_cents=div_half_up(cost_cents, contacts) if contacts else None,
        conversion=conversion,
    )
