"""Identifiers of the demo dealership: plates, VINs, phones and a day calendar.

Plates, VINs and phones are derived from the row id through a bijection, so they are unique
without a set of every value seen (memory stays flat at a million clients) and still look random.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from store.demo_data import PLATE_LETTERS, VIN_CHARS, VIN_VALUES, VIN_WEIGHTS, VIN_YEARS
from store.normalize import display_phone

_PAIRS = [a + b for a in PLATE_LETTERS for b in PLATE_LETTERS]
# SIV plates issued since 2009 start with A to H; a multiplier coprime with the space scrambles.
_SIV_FIRST = [p for p in _PAIRS if p[0] in "ABCDEFGH"]
_SIV_SPACE = len(_SIV_FIRST) * 999 * len(_PAIRS)
# A large prime multiplier and an offset scramble ids: coprime with every space below.
_MULTIPLIER = 2_654_435_761
_OFFSET = 40_503_217
_FNI_SPACE = 9999 * len(_PAIRS)
_MOBILE_SPACE = 200_000_000
_LANDLINE_SPACE = 100_000_000
_VIN_SERIAL_SPACE = 1_000_000


def siv_plate(vehicle_id: int) -> str:
    """A plate of the current system (``AB-123-CD``), one per vehicle id."""
    value = (vehicle_id * _MULTIPLIER + _OFFSET) % _SIV_SPACE
    value, last = divmod(value, len(_PAIRS))
    first, number = divmod(value, 999)
    return f"{_SIV_FIRST[first]}-{number + 1:03d}-{_PAIRS[last]}"


def fni_plate(vehicle_id: int, department: str) -> str:
    """An old plate (``1234 AB 44``), still on cars not sold again since 2009."""
    value = (vehicle_id * _MULTIPLIER + _OFFSET) % _FNI_SPACE
    number, letters = divmod(value, len(_PAIRS))
    return f"{number + 1} {_PAIRS[letters]} {department}"


def mobile_digits(client_id: int) -> str:
    """Ten digits of a French mobile (06/07), one per client id."""
    value = (client_id * _MULTIPLIER + _OFFSET) % _MOBILE_SPACE
    prefix = "06" if value < _MOBILE_SPACE // 2 else "07"
    return f"{prefix}{value % (_MOBILE_SPACE // 2):08d}"


def landline_digits(client_id: int) -> str:
    """Ten digits of a landline in the west of France (02), one per client id."""
    return f"02{(client_id * _MULTIPLIER + 2 * _OFFSET) % _LANDLINE_SPACE:08d}"


def typed_phone(digits: str, style: int) -> str:
    """The phone as a person or an import may have typed it; ``style`` picks the habit."""
    if style == 1:
        return digits
    shown = display_phone(digits)
    if style == 0:
        return shown
    if style == 2:
        return "+33 " + shown[1:]
    return shown.replace(" ", ".")


PHONE_STYLES = 4


class VinMaker:
    """VINs with a real WMI, the model's descriptor, a correct check digit, a model year."""

    def __init__(self) -> None:
        self._prefix_sums: dict[str, int] = {}
        self._serial_high = [_digit_sum(n, VIN_WEIGHTS[11:14]) for n in range(1000)]
        self._serial_low = [_digit_sum(n, VIN_WEIGHTS[14:17]) for n in range(1000)]

    def vin(self, wmi: str, descriptor: str, year: int, plant: str, vehicle_id: int) -> str:
        """A unique VIN for ``vehicle_id``: its millions are the 8th character, the rest the serial.

        ``descriptor`` is the model's five characters (positions 4 to 8 less the last).
        """
        block, rest = divmod(vehicle_id, _VIN_SERIAL_SPACE)
        serial = (rest * _MULTIPLIER + _OFFSET) % _VIN_SERIAL_SPACE
        head = f"{wmi}{descriptor}{VIN_CHARS[block]}"
        tail = f"{VIN_YEARS[(year - 2001) % len(VIN_YEARS)]}{plant}"
        key = head + tail
        prefix_sum = self._prefix_sums.get(key)
        if prefix_sum is None:
            prefix_sum = self._prefix_sum(head, tail)
            self._prefix_sums[key] = prefix_sum
        total = prefix_sum + self._serial_high[serial // 1000] + self._serial_low[serial % 1000]
        check = total % 11
        return f"{head}{'X' if check == 10 else check}{tail}{serial:06d}"

    @staticmethod
    def _prefix_sum(head: str, tail: str) -> int:
        total = sum(VIN_VALUES[c] * w for c, w in zip(head, VIN_WEIGHTS[0:8], strict=True))
        return total + sum(VIN_VALUES[c] * w for c, w in zip(tail, VIN_WEIGHTS[9:11], strict=True))


def _digit_sum(number: int, weights: tuple[int, ...]) -> int:
    return sum(int(c) * w for c, w in zip(f"{number:03d}", weights, strict=True))


def vin_check_digit(vin: str) -> str:
    """The ISO 3779 check digit (position 9) a VIN should carry."""
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


class Calendar:
    """Days as indexes around ``today``, with their ISO text computed once."""

    YEARS_BACK = 26
    YEARS_AHEAD = 7

    def __init__(self, today: dt.date, window_years: int) -> None:
        self.first_day = today - relativedelta(years=self.YEARS_BACK)
        last_day = today + relativedelta(years=self.YEARS_AHEAD)
        count = (last_day - self.first_day).days + 1
        self.dates = [self.first_day + dt.timedelta(days=n) for n in range(count)]
        self.iso = [d.isoformat() for d in self.dates]
        self.today = (today - self.first_day).days
        self.window_start = self.index(today - relativedelta(years=window_years))
        self._months_later: dict[tuple[int, int], str] = {}

    def index(self, day: dt.date) -> int:
        """The index of ``day``."""
        return (day - self.first_day).days

    def months_later(self, day: int, months: int) -> str:
        """ISO text of ``months`` months after day ``day`` (relativedelta: month ends hold)."""
        key = (day, months)
        found = self._months_later.get(key)
        if found is None:
            found = (self.dates[day] + relativedelta(months=months)).isoformat()
            self._months_later[key] = found
        return found

    def year(self, day: int) -> int:
        """The calendar year of day index ``day``."""
        return self.dates[day].year
