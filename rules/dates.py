"""Date arithmetic of the rules: offsets like ``-6 months``, working days in France.

Month arithmetic is ``relativedelta``'s (computed without allocating one per date): 31 August
+ 6 months is the last day of February, 29 February + 12 months is 28 February. A due date on
a weekend or a French public holiday moves to the next working day.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

from dateutil.easter import easter

Unit = Literal["days", "working_days", "weeks", "months", "years"]

_OFFSET = re.compile(
    r"^\s*(?P<sign>[+-])\s*(?P<amount>\d{1,4})\s+(?P<unit>working\s+days?|days?|weeks?|months?|years?)\s*$"
)
# The widest gap, in calendar days, between a date and the same date moved by one unit of
# month arithmetic (clamping 31 → 28) or by working days (a weekend plus a bridge of holidays).
_CLAMP_SLACK_DAYS = 4
_MAX_HOLIDAY_RUN = 5


class OffsetError(ValueError):
    """An offset that is not written like ``-6 months`` or ``+2 working days``."""


@dataclass(frozen=True, slots=True)
class Offset:
    """A signed distance from an anchor date: ``amount`` (negative before) in ``unit``."""

    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Offset:
        """``"-6 months"`` → ``Offset(-6, "months")``; raises :class:`OffsetError`."""
        match = _OFFSET.match(text)
        if match is None:
            raise OffsetError(
                f"décalage illisible {text!r} : écrire par exemple '-6 months', '+12 months', "
                "'+2 working days', '+7 days', '+1 year'"
            )
        amount = int(match["amount"]) * (-1 if match["sign"] == "-" else 1)
        word = re.sub(r"\s+", "_", match["unit"])
        unit: Unit = "working_days" if word.startswith("working") else _PLURAL[word.rstrip("s")]
        return cls(amount, unit)

    def __str__(self) -> str:
        sign = "-" if self.amount < 0 else "+"
        return f"{sign}{abs(self.amount)} {self.unit.replace('_', ' ')}"

    def apply(self, anchor: date) -> date:
        """The anchor moved by this offset; always a real calendar day."""
        if self.unit == "working_days":
            return add_working_days(anchor, self.amount)
        if self.unit == "days":
            return anchor + timedelta(days=self.amount)
        if self.unit == "weeks":
            return anchor + timedelta(weeks=self.amount)
        if self.unit == "months":
            return add_months(anchor, self.amount)
        return add_months(anchor, 12 * self.amount)

    def anchor_window(self, first: date, last: date) -> tuple[date, date]:
        """Anchor dates that may land in ``[first, last]`` once moved by this offset.

        Tight (a daily run reads one day of anchors) yet a superset: month clamping sends the
        last days of a month to the end of a shorter one, and an anchor on a weekend lands
        where the Friday before does. Callers filter exactly with :meth:`apply`.
        """
        if self.unit == "working_days":
            low = add_working_days(first, -self.amount)
            high = add_working_days(last, -self.amount)
            if self.amount < 0:
                low, high = low - timedelta(days=_MAX_HOLIDAY_RUN), high
            while not is_working_day(high + timedelta(days=1)):
                high += timedelta(days=1)
            return low, high
        inverse = Offset(-self.amount, self.unit)
        low, high = inverse.apply(first), inverse.apply(last)
        if self.unit in ("months", "years") and (last + timedelta(days=1)).day == 1:
            high += timedelta(days=_CLAMP_SLACK_DAYS)  # 29-31 August all land on 28 February
        return low, high


_PLURAL: dict[str, Unit] = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


# Public holidays of metropolitan France (Code du travail, L3133-1): fixed days, and those
# counted from Easter. Alsace-Moselle's Good Friday and 26 December are not national.
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
_EASTER_HOLIDAYS = (1, 39, 50)  # Easter Monday, Ascension Thursday, Whit Monday
_NO_WHIT_MONDAY = range(2005, 2008)  # the « journée de solidarité » replaced it, 2005-2007


@cache
def french_holidays(year: int) -> frozenset[date]:
    """The public holidays of metropolitan France in ``year`` (from 1982, when 8 May
    became a holiday again)."""
    easter_sunday = easter(year)
    days = {date(year, month, day) for month, day in _FIXED_HOLIDAYS}
    for offset in _EASTER_HOLIDAYS:
        if offset != 50 or year not in _NO_WHIT_MONDAY:
            days.add(easter_sunday + timedelta(days=offset))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a French public holiday."""
    return day.weekday() < 5 and day not in french_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """``count`` working days after (or before, when negative) ``day``."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def due_date(occurrence: date) -> date:
    """The day a reminder is due: its occurrence, moved to the next working day."""
    return next_working_day(occurrence)


def add_months(day: date, months: int) -> date:
    """``day + relativedelta(months=months)``, a day past the month's end clamped to it.

    The same arithmetic without building a relativedelta per call: a full run adds months to
    hundreds of thousands of dates (the tests hold it equal to relativedelta).
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day <= 28:
        return date(year, month0 + 1, day.day)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def french_date(day: date) -> str:
    """``14/01/2027``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is before), as
    ``relativedelta(end, start)`` counts them."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end >= start and add_months(start, months) > end:
        months -= 1
    elif end < start and add_months(start, months) < end:
        months += 1
    return months


def whole_years(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on`` (an age)."""
    return months_between(start, on) // 12 if on >= start else -(months_between(on, start) // 12)


def latest_start_of_age(on: date, years: int) -> date:
    """The latest day something can have started and be ``years`` whole years old on ``on``
    (ages grow as the start moves back: older is any start on or before it)."""
    start = add_months(on, -12 * years)
    while whole_years(start + timedelta(days=1), on) >= years:
        start += timedelta(days=1)
    return start


def distance_words(today: date, day: date, lang: Literal["fr", "en"]) -> str:
    """« dans 2 mois », « il y a 12 mois », « aujourd'hui »: how far ``day`` is from ``today``."""
    months = months_between(today, day)
    days = (day - today).days
    if abs(months) >= 1:
        amount, fr_unit, en_unit = abs(months), "mois", "month" if abs(months) == 1 else "months"
    elif days == 0:
        return "aujourd'hui" if lang == "fr" else "today"
    else:
        amount = abs(days)
        fr_unit = "jour" if amount == 1 else "jours"
        en_unit = "day" if amount == 1 else "days"
    if lang == "fr":
        return f"dans {amount} {fr_unit}" if days > 0 else f"il y a {amount} {fr_unit}"
    return f"in {amount} {en_unit}" if days > 0 else f"{amount} {en_unit} ago"
