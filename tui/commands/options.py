"""Reading the report commands' values: euros, rates, counts, ids; one clear line when wrong."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tui.context import UsageError

_SPACES = re.compile(r"[\s\u00a0\u202f_]")


def number(text: str, option: str) -> Decimal:
    """``15 000,50`` / ``15000.5`` / ``15000 €`` as a Decimal."""
    cleaned = _SPACES.sub("", text).removesuffix("€").removesuffix("%").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UsageError(f"{option} : « {text} » n'est pas un nombre.") from None
    if not value.is_finite():
        raise UsageError(f"{option} : « {text} » n'est pas un nombre.")
    return value


def cents(text: str, option: str, *, allow_negative: bool = False) -> int:
    """An amount in euros as integer cents; refuses more than two decimals."""
    value = number(text, option)
    if value < 0 and not allow_negative:
        raise UsageError(f"{option} : « {text} » ne peut pas être négatif.")
    scaled = value * 100
    if scaled != scaled.to_integral_value():
        raise UsageError(f"{option} : « {text} » a plus de deux décimales.")
    return int(scaled)


def rate(text: str, option: str, *, allow_zero: bool = False) -> Decimal:
    """A percentage (``50``, ``50 %``, ``12,5``) as a fraction; above 0 (or 0) and at most 100."""
    value = number(text, option)
    low_ok = value >= 0 if allow_zero else value > 0
    if not low_ok or value > 100:
        bound = "entre 0 et 100" if allow_zero else "supérieur à 0 et au plus 100"
        raise UsageError(f"{option} : « {text} » doit être un pourcentage {bound}.")
    return value / 100


def count(text: str, option: str, *, minimum: int = 0) -> int:
    """A whole number at least ``minimum``."""
    try:
        value = int(_SPACES.sub("", text))
    except ValueError:
        raise UsageError(f"{option} : « {text} » n'est pas un nombre entier.") from None
    if value < minimum:
        raise UsageError(f"{option} : « {text} » doit valoir au moins {minimum}.")
    return value


def basis_points(fraction: Decimal) -> int:
    """A fraction as stored: 0.5 -> 5000."""
    return int((fraction * 10_000).to_integral_value())
