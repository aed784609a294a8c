"""French display of report figures beside money: percentages and ratios with a decimal comma."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

from tui.formats import NBSP
from tui.output import emit


def decimal(value: Decimal | None, places: int = 2) -> str:
    """``Decimal('0.67')`` as ``0,67``; empty when unknown."""
    if value is None:
        return ""
    return f"{value:,.{places}f}".replace(",", NBSP).replace(".", ",")


def percent(value: Decimal | None, places: int = 2) -> str:
    """``Decimal('38.29')`` (already in percent) as ``38,29 %``."""
    if value is None:
        return ""
    return f"{decimal(value, places)} %"  # the same plain space as before € in money()


def rate(fraction: Decimal | None) -> str:
    """A fraction (``0.5``) as a percentage (``50 %``), decimals only when there are some."""
    if fraction is None:
        return ""
    value = (fraction * 100).normalize()
    places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
    return percent(value, places)


Figure = tuple[str, str, str, object]  # key, French label, as shown, raw value for JSON


def raw(value: object) -> object:
    """A JSON-friendly raw value: Decimals as exact strings (``"0.67"``)."""
    return str(value) if isinstance(value, Decimal) else value


def emit_figures(figures: list[Figure], fmt: str) -> None:
    """A list of named figures: two columns as a table or CSV, one object as JSON."""
    if fmt == "json":
        json.dump({key: raw(value) for key, _, _, value in figures}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    emit([{"label": label, "value": shown} for _, label, shown, _ in figures],
         [("label", "indicateur"), ("value", "valeur")], fmt)
