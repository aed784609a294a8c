"""French display forms: dd/mm/yyyy dates, ``1 234,56 €`` money, ``06 12 34 56 78`` phones."""

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


def phone(raw: str) -> str:
    """A French number in pairs (``06 12 34 56 78``); anything else as stored."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.strip().startswith("+33") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif digits.startswith("0033") and len(digits) == 13:
        digits = "0" + digits[4:]
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return raw.strip()
