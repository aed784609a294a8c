"""French display forms: dd/mm/yyyy dates and ``1 234,56 €`` money (phones: ``store.normalize``)."""

from __future__ import annotations

from datetime import date

NBSP = "\u202f"  # narrow no-break space, the French thousands separator


def day(iso: str | None) -> str:
    """``2027-01-14`` as ``14/01/2027``; empty when unknown, the raw text when not a date."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def money(cents: int | None) -> str:
    """Integer cents as ``1 234,56 €``."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", NBSP)
    return f"{sign}{grouped},{rest:02d} €"
