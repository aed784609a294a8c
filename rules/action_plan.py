"""The action plan's shape (seeds ``002``, ``004``): months of action, horizon, the yearly grid."""

from __future__ import annotations

import re

MONTH_NAMES = ("Janv", "Févr", "Mars", "Avr", "Mai", "Juin", "Juil", "Août", "Sept", "Oct", "Nov",
               "Déc")
HORIZONS = {"short": "court terme (0-6 mois)", "medium": "moyen terme (6-24 mois)",
            "long": "long terme (24 mois et +)"}

_PART = re.compile(r"^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$")


def parse_months(text: str) -> tuple[int, ...]:
    """``"1-3,9"`` as ``(1, 2, 3, 9)``; raises ValueError with the part it cannot read."""
    months: set[int] = set()
    for part in filter(str.strip, text.split(",")):
        match = _PART.match(part)
        if not match:
            raise ValueError(f"mois « {part.strip()} » illisible (ex. 1-3,9).")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= 12:
            raise ValueError(f"mois « {part.strip()} » hors de 1 à 12.")
        months.update(range(first, last + 1))
    return tuple(sorted(months))


def months_text(months: tuple[int, ...]) -> str:
    """How months are stored: ``"1,2,3,9"``."""
    return ",".join(str(m) for m in months)


def stored_months(text: str) -> tuple[int, ...]:
    """Months as stored, forgiving what is not a month."""
    return tuple(int(p) for p in text.split(",") if p.strip().isdigit() and 1 <= int(p) <= 12)


def horizon_of(months_ahead: int) -> str:
    """Short under 6 months, medium from 6 to 24, long beyond (seed ``004``)."""
    if months_ahead < 0:
        raise ValueError("l'échéance ne peut pas être dans le passé.")
    if months_ahead < 6:
        return "short"
    if months_ahead <= 24:
        return "medium"
    return "long"


def grid(months: tuple[int, ...], mark: str = "X") -> list[str]:
    """The January-December cells of an action: ``mark`` in its months, empty elsewhere."""
    return [mark if m in months else "" for m in range(1, 13)]
