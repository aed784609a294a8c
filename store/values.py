"""Reading the values French files hold: ``1 234,56`` money, ``14/01/2027`` dates, phones in any
form, oui/non. Each parser returns the stored form or raises :class:`ValueProblem` in French.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import repeat

import phonenumbers


class ValueProblem(ValueError):
    """A cell cannot be read; the message says why (the caller adds the line and column)."""


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase ASCII with accents removed and every other run of symbols as ``_``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")


def parse_text(raw: str) -> str:
    return raw.strip()


def parse_cents(raw: str) -> int:
    """``1 234,56``, ``1234.56``, ``1.234,56 €`` or ``-12`` as integer cents."""
    whole, comma, fraction = raw.replace(" ", "").partition(",")
    if whole.isdecimal() and (not comma or (fraction.isdecimal() and len(fraction) <= 2)):
        return int(whole) * 100 + (int(fraction.ljust(2, "0")) if comma else 0)  # the usual 1 234,56
    text = raw.translate(_SPACES)
    text = text.replace("€", "").replace("EUR", "").replace("eur", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:
            raise ValueProblem(f"« {raw.strip()} » n'est pas un montant")
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")  # 1.234.567: dots group thousands
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"« {raw.strip()} » n'est pas un montant") from None
    if not amount.is_finite():
        raise ValueProblem(f"« {raw.strip()} » n'est pas un montant")
    decimals = -int(amount.as_tuple().exponent)
    if decimals > 2:  # 12,345: twelve euros and a third of a cent, or 12 345 with its space lost
        raise ValueProblem(f"« {raw.strip()} » : {decimals} chiffres après la virgule, un montant"
                           " en a au plus 2 (des milliers ? séparez-les par une espace)")
    cents = (amount * 100).quantize(Decimal(1))
    return int(cents)


_PLAIN_CENTS = re.compile(r"[0-9]+,[0-9]{2}").fullmatch


def cents_of(cells: Sequence[str]) -> list[int] | None:
    """A column of ``1 234,56`` amounts as cents, in C; None when a cell is written any other
    way (or empty): the caller then parses cell by cell with :func:`parse_cents`."""
    compact = list(map(str.replace, cells, repeat(" "), repeat("")))
    if not all(map(_PLAIN_CENTS, compact)):
        return None
    return list(map(int, map(str.replace, compact, repeat(","), repeat(""))))


def ints_of(cells: Sequence[str]) -> list[int] | None:
    """A column of plain integers, in C; None when a cell needs :func:`parse_int` (``45 000``,
    ``12 km``, empty)."""
    try:
        return list(map(int, cells))
    except ValueError:
        return None


def parse_mileage(raw: str) -> int:
    """A vehicle's mileage: :func:`parse_int`, never below zero."""
    mileage = parse_int(raw)
    if mileage < 0:
        raise ValueProblem(f"« {raw.strip()} » n'est pas un kilométrage (négatif)")
    return mileage


def mileages_of(cells: Sequence[str]) -> list[int] | None:
    """:func:`ints_of` for mileages: None (cell by cell) when one is negative."""
    values = ints_of(cells)
    return None if values is None or (values and min(values) < 0) else values


def parse_int(raw: str) -> int:
    """``45 000``, ``45000 km`` or ``45.000`` as an integer."""
    if raw.isdecimal():  # not isdigit: int() refuses the superscript ² it accepts
        return int(raw)
    text = raw.translate(_SPACES).lower().removesuffix("km").removesuffix("mois")
    if "." in text and "," not in text:
        text = text.replace(".", "")
    if text.endswith(",0") or text.endswith(",00"):
        text = text[: text.index(",")]
    try:
        return int(text)
    except ValueError:
        raise ValueProblem(f"« {raw.strip()} » n'est pas un nombre entier") from None


OLDEST_AGE = 110  # a client's age, in years, as the client forms and the imports accept it
YOUNGEST_AGE = 16


def birth_years(today: date) -> tuple[int, int]:
    """The first and last plausible birth year on ``today``: a client is 16 to 110 years old."""
    return today.year - OLDEST_AGE, today.year - YOUNGEST_AGE


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


@lru_cache(maxsize=8192)  # a file holds a few thousand distinct days
def parse_date(raw: str) -> str:
    """``14/01/2027``, ``14-01-27``, ``14.01.2027`` or ``2027-01-14`` (a time after it is dropped)
    as ``2027-01-14``."""
    text = raw.strip()
    if len(text) == 10 and text[2] == "/" and text[5] == "/":  # the common case, fast
        day_, month, year = text[0:2], text[3:5], text[6:10]
    else:
        match = _YMD.match(text)
        if match:
            year, month, day_ = match.groups()
        else:
            match = _DMY.match(text)
            if not match:
                raise ValueProblem(f"« {text} » n'est pas une date jj/mm/aaaa")
            day_, month, year = match.groups()
            if len(year) == 2:
                year = ("20" if int(year) <= 69 else "19") + year
    try:
        return date(int(year), int(month), int(day_)).isoformat()
    except ValueError:
        raise ValueProblem(f"« {text} » n'est pas une date jj/mm/aaaa") from None


_TIME = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?")


def parse_instant(raw: str) -> str:
    """``14/01/2027 09:30`` or ISO as ``2027-01-14T09:30:00`` (local time as written)."""
    text = raw.strip()
    day_text = parse_date(text)
    rest = text.replace("T", " ").split(" ", 1)
    hh, mm, ss = "00", "00", "00"
    if len(rest) == 2:
        match = _TIME.search(rest[1])
        if not match:
            raise ValueProblem(f"« {text} » : heure illisible")
        hh, mm = match.group(1).zfill(2), match.group(2)
        ss = match.group(3) or "00"
        if int(hh) > 23 or int(mm) > 59 or int(ss) > 59:
            raise ValueProblem(f"« {text} » : heure illisible")
    return f"{day_text}T{hh}:{mm}:{ss}"


def parse_phone(raw: str) -> str:
    """Any way of writing a phone number, in E.164 (``+33612345678``) when it is a valid one."""
    text = raw.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        raise ValueProblem(f"« {text} » n'est pas un numéro de téléphone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueProblem(f"« {text} » n'est pas un numéro de téléphone valide")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_email(raw: str) -> str:
    text = raw.strip().lower()
    if text and not _EMAIL.fullmatch(text):
        raise ValueProblem(f"« {raw.strip()} » n'est pas une adresse e-mail")
    return text


def parse_postcode(raw: str) -> str:
    text = raw.strip().replace(" ", "")
    if text.isdigit() and len(text) == 4:
        return "0" + text  # Excel eats the leading zero of 01000-09999
    return text


_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")


@lru_cache(maxsize=65536)  # the same vehicle comes back visit after visit
def parse_vin(raw: str) -> str:
    text = raw.strip().upper().replace(" ", "").replace("-", "")
    if not _VIN.fullmatch(text):
        raise ValueProblem(f"« {raw.strip()} » n'est pas un VIN (17 caractères, sans I, O ni Q)")
    return text


def parse_plate(raw: str) -> str:
    """``ab123cd`` as ``AB-123-CD``; an old or foreign plate as written, upper case."""
    text = raw.strip().upper()
    compact = re.sub(r"[\s\-]", "", text)
    if re.fullmatch(r"[A-Z]{2}\d{3}[A-Z]{2}", compact):
        return f"{compact[:2]}-{compact[2:5]}-{compact[5:]}"
    return re.sub(r"\s+", " ", text)


def choice(mapping: dict[str, str], what: str) -> Callable[[str], str]:
    """A parser for an enumerated column: folded French or English words to a stored value."""
    folded = {fold(k): v for k, v in mapping.items()}
    allowed = ", ".join(sorted(set(mapping.values())))

    def parse(raw: str) -> str:
        key = fold(raw)
        if key in folded:
            return folded[key]
        raise ValueProblem(f"« {raw.strip()} » n'est pas {what} connu ({allowed})")

    return parse


CONSENT = choice({"oui": "yes", "o": "yes", "yes": "yes", "y": "yes", "1": "yes", "vrai": "yes",
                  "true": "yes", "x": "yes", "non": "no", "n": "no", "no": "no", "0": "no",
                  "faux": "no", "false": "no", "inconnu": "unknown",
                  "unknown": "unknown"}, "un consentement")
