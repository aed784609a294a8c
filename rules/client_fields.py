"""What may be typed in a client's fields: each value checked and normalized, or refused with why.

Pure functions, texts in and column values out. Refusal reasons are French templates with their
values apart, so the interface can translate them. Phones are stored in E.164 (``+33612345678``),
the key the search also uses; dates as ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers

from rules.lexicon import Lexicon, check_text, refusal_message
from rules.said import Said, as_texts
from store.normalize import display_phone
from store.records import CONSENT_CHANNELS, Client
from store.values import OLDEST_AGE, birth_years

TextCheck = Callable[[str], str | None]
"""Looks at a free text: the refusal (which words, why) when it holds forbidden data, else None."""



def lexicon_check(lexicon: Lexicon, lang: str = "fr") -> TextCheck:
    """The free-text check of seed 001: the lexicon's refusal, naming the words, or None."""

    def check(text: str) -> str | None:
        findings = check_text(text, lexicon)
        return refusal_message(findings, lang) if findings else None

    return check


CIVILITIES = ("", "M.", "Mme")
ORIGINS = ("", "web_lead", "showroom", "phone", "contest", "referral", "dms", "aftersales", "import")
CONSENT_STATES = ("yes", "no", "unknown")
FREE_TEXT_FIELDS = ("situation", "profession", "interests")
CONSENT_FIELDS = tuple(
    name for ch in CONSENT_CHANNELS for name in (f"consent_{ch}", f"consent_{ch}_on", f"consent_{ch}_source")
)
FORM_FIELDS = (
    "civility", "last_name", "first_name", "company", "birth_year", "birth_date",
    *FREE_TEXT_FIELDS, "phone", "phone2", "email", "address", "postcode", "city", "origin",
    "assigned_user_id", *CONSENT_FIELDS,
)

_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}")
_POSTCODE = re.compile(r"\d{5}")


class FieldRefused(Said, ValueError):
    """A value that cannot be saved (:class:`rules.said.Said`)."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason.format(**values))
        self.reason = reason
        self.values = as_texts(values)


@dataclass(frozen=True, slots=True)
class Refusal(Said):
    """Why ``field`` cannot be saved."""

    field: str
    reason: str
    values: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParsedEdits:
    """The column values to save, or the refusals that stop the save."""

    changes: dict[str, Any]
    refusals: list[Refusal]


def parse_phone(text: str) -> str:
    """A phone as E.164 (French numbers may be typed nationally); empty stays empty."""
    text = text.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        raise FieldRefused("« {value} » n'est pas un numéro de téléphone", value=text) from None
    if not phonenumbers.is_valid_number(number):
        raise FieldRefused("« {value} » n'est pas un numéro de téléphone valide", value=text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_email(text: str) -> str:
    """An email address, trimmed, its domain in lower case; empty stays empty."""
    text = text.strip()
    if not text:
        return ""
    if not _EMAIL.fullmatch(text) or ".." in text:
        raise FieldRefused("« {value} » n'est pas une adresse e-mail (nom@domaine.fr)", value=text)
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def parse_postcode(text: str) -> str:
    """A French postcode: five digits of a real département (01–95, 97, 98)."""
    text = text.strip().replace(" ", "")
    if not text:
        return ""
    if not _POSTCODE.fullmatch(text):
        raise FieldRefused("« {value} » : un code postal a 5 chiffres", value=text)
    if text[:2] == "00" or text[:2] in ("96", "99"):
        raise FieldRefused("« {value} » n'est pas un code postal français", value=text)
    return text


def parse_day(text: str, today: date) -> str | None:
    """A dd/mm/yyyy day, real and not after ``today``, as ISO; empty is no day."""
    text = text.strip()
    if not text:
        return None
    match = _DAY.fullmatch(text)
    if not match:
        raise FieldRefused("« {value} » : date attendue au format jj/mm/aaaa", value=text)
    d, m, y = (int(part) for part in match.groups())
    try:
        day = date(y, m, d)
    except ValueError:
        raise FieldRefused("« {value} » n'est pas un jour du calendrier", value=text) from None
    if day > today:
        raise FieldRefused("« {value} » est dans le futur", value=text)
    if day.year < today.year - OLDEST_AGE:
        raise FieldRefused("« {value} » est trop ancienne", value=text)
    return day.isoformat()


def day_text(iso: str | None) -> str:
    """An ISO day as dd/mm/yyyy; empty when unknown, as stored when not a date."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def parse_birth_year(text: str, today: date) -> int | None:
    """A plausible birth year: the client is between 16 and 110 years old."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise FieldRefused("« {value} » : une année sur 4 chiffres", value=text)
    year = int(text)
    low, high = birth_years(today)  # the imports' rule too
    if not low <= year <= high:
        raise FieldRefused("{value} n'est pas plausible (entre {low} et {high})", value=year,
                           low=low, high=high)
    return year


def value_text(name: str, value: object) -> str:
    """A column value as the form shows it."""
    if value is None:
        return ""
    if name in ("phone", "phone2"):
        return display_phone(str(value))
    if name == "birth_date" or name.endswith("_on"):
        return day_text(str(value))
    return str(value)


def form_texts(client: Client) -> dict[str, str]:
    """What the edit form starts with, field by field."""
    return {name: value_text(name, getattr(client, name)) for name in FORM_FIELDS}


def auto_consent_source(login: str) -> str:
    return f"saisie {login}"


def complete_consents(form: Mapping[str, str], initial: Mapping[str, str], today: date,
                      login: str) -> dict[str, str]:
    """The form with a changed consent dated today and sourced to ``login`` unless typed.

    When the state is set back as it was, what was filled in is taken back.
    """
    done = dict(form)
    today_text = today.strftime("%d/%m/%Y")
    auto_source = auto_consent_source(login)
    for channel in CONSENT_CHANNELS:
        state, on, source = (f"consent_{channel}", f"consent_{channel}_on", f"consent_{channel}_source")
        if done[state] != initial[state]:
            if done[on].strip() in ("", initial[on]):
                done[on] = today_text
            if done[source].strip() in ("", initial[source]):
                done[source] = auto_source
        elif (done[on], done[source]) == (today_text, auto_source):
            done[on], done[source] = initial[on], initial[source]
    return done


def changed_fields(form: Mapping[str, str], initial: Mapping[str, str]) -> list[str]:
    """The fields whose text differs from what the form started with."""
    return [name for name in FORM_FIELDS if form[name] != initial[name]]


def parse_edits(form: Mapping[str, str], initial: Mapping[str, str], today: date,
                check_text: TextCheck | None = None) -> ParsedEdits:
    """Check every changed field of ``form`` and turn it into a column value.

    Every refusal is returned, not only the first, so the user fixes them in one pass.
    """
    changes: dict[str, Any] = {}
    refusals: list[Refusal] = []
    changed = changed_fields(form, initial)
    for name in changed:
        try:
            changes[name] = parse_field(name, form[name], today, check_text)
        except FieldRefused as refused:
            refusals.append(Refusal(name, refused.reason, refused.values))
    refusals.extend(_cross_checks(form, changed, today))
    if not refusals and "birth_date" in changes and changes["birth_date"] and not form["birth_year"]:
        changes["birth_year"] = int(changes["birth_date"][:4])
    return ParsedEdits(changes={} if refusals else changes, refusals=refusals)


def parse_field(name: str, text: str, today: date, check_text: TextCheck | None = None) -> Any:
    """One field's text as its column value; raises :class:`FieldRefused`."""
    if name in ("phone", "phone2"):
        return parse_phone(text)
    if name == "email":
        return parse_email(text)
    if name == "postcode":
        return parse_postcode(text)
    if name == "birth_year":
        return parse_birth_year(text, today)
    if name == "birth_date" or name.endswith("_on"):
        return parse_day(text, today)
    if name == "assigned_user_id":
        return int(text) if text.strip() else None
    if name == "civility":
        return _choice(text, CIVILITIES)
    if name == "origin":
        return _choice(text, ORIGINS)
    if name in CONSENT_FIELDS and not name.endswith("_source"):
        return _choice(text, CONSENT_STATES)
    value = " ".join(text.split())
    if name in FREE_TEXT_FIELDS and value and check_text is not None:
        objection = check_text(value)
        if objection:
            raise FieldRefused("{objection}", objection=objection)
    return value


def _choice(text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise FieldRefused("« {value} » n'est pas un choix possible", value=text)
    return text


def _cross_checks(form: Mapping[str, str], changed: list[str], today: date) -> list[Refusal]:
    refusals = []
    named = {"last_name", "company"} & set(changed)
    if named and not form["last_name"].strip() and not form["company"].strip():
        refusals.append(Refusal("last_name", "un nom ou une société est obligatoire"))
    if not {"birth_date", "birth_year"} & set(changed):
        return refusals
    try:
        born_on = parse_day(form["birth_date"], today)
        year = parse_birth_year(form["birth_year"], today)
    except FieldRefused:
        return refusals  # already refused field by field
    if born_on and year and int(born_on[:4]) != year:
        refusals.append(Refusal("birth_year", "{year} ne correspond pas à la date de naissance {day}",
                                {"year": str(year), "day": form["birth_date"].strip()}))
    return refusals
