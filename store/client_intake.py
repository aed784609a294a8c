"""Creating a client only after looking: validation, the look-up, the insert, the audit."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Collection, Mapping

import phonenumbers

from store.db import write
from store.errors import FieldError, PossibleDuplicateError, ValidationError
from store.normalize import PHONE_REGION, display_phone, fold, phone_e164
from store.search import SearchHit, find_clients
from store.search_index import reindex_clients
from store.values import birth_years

FieldValue = str | int | None

# The fields the new-client form may set.
CLIENT_FIELDS = frozenset({
    "external_id", "kind", "civility", "last_name", "first_name", "company", "birth_year",
    "birth_date", "situation", "profession", "interests", "phone", "phone2", "email", "address",
    "postcode", "city", "origin", "assigned_user_id",
})

# A client whose score reaches this is put to the user before a new record is made.
CANDIDATE_SCORE = 85

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")


def _text(fields: Mapping[str, FieldValue], name: str) -> str:
    value = fields.get(name)
    return "" if value is None else str(value).strip()


def validate_client_fields(fields: Mapping[str, FieldValue]) -> list[FieldError]:
    """Every refused field of a new or edited client, with the reason in French."""
    errors = [FieldError(name, "champ inconnu") for name in fields if name not in CLIENT_FIELDS]
    if not _text(fields, "last_name") and not _text(fields, "company"):
        errors.append(FieldError("last_name", "le nom (ou la société) est obligatoire"))
    for name in ("phone", "phone2"):
        raw = _text(fields, name)
        if raw:
            reason = _phone_problem(raw)
            if reason:
                errors.append(FieldError(name, reason))
    email = _text(fields, "email")
    if email and not _EMAIL.match(email):
        errors.append(FieldError("email", f"« {email} » n'est pas une adresse e-mail"))
    postcode = _text(fields, "postcode")
    if postcode and not _POSTCODE.match(postcode):
        errors.append(FieldError("postcode", f"« {postcode} » n'est pas un code postal français"
                                             " (5 chiffres)"))
    year = fields.get("birth_year")
    if year not in (None, ""):
        try:
            number = int(str(year))
        except ValueError:
            number = 0
        low, high = birth_years(dt.date.today())  # the form's and the imports' rule
        if not low <= number <= high:
            errors.append(FieldError("birth_year", f"« {year} » n'est pas une année de naissance"))
    return errors


def _phone_problem(raw: str) -> str | None:
    text = "+" + raw.strip()[2:] if raw.strip().startswith("00") else raw
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return f"« {raw} » n'est pas un numéro de téléphone"
    if not phonenumbers.is_possible_number(number):
        return f"« {raw} » n'a pas le bon nombre de chiffres"
    if not phonenumbers.is_valid_number(number):
        return f"« {raw} » n'est pas un numéro attribué"
    return None


def candidates_for(
    conn: sqlite3.Connection, fields: Mapping[str, FieldValue], limit: int = 8
) -> list[SearchHit]:
    """The known clients the form being filled may describe, best first.

    Phone, email and DMS number are looked up exactly; the name fuzzily. Call it on every change
    of the form to show candidates while the user types.
    """
    found: dict[int, SearchHit] = {}
    for name in ("phone", "phone2", "email", "external_id"):
        value = _text(fields, name)
        if value and (name not in ("phone", "phone2") or phone_e164(value)):
            for hit in find_clients(conn, value, limit):
                if hit.score >= 100:
                    found.setdefault(hit.client_id, hit)
    person = " ".join(p for p in (_text(fields, "last_name"), _text(fields, "first_name")) if p)
    if fold(person):
        for hit in find_clients(conn, person, limit):
            found.setdefault(hit.client_id, hit)
    return sorted(found.values(), key=lambda h: -h.score)[:limit]


def create_client(
    conn: sqlite3.Connection,
    fields: Mapping[str, FieldValue],
    user: str,
    confirmed_homonym_of: Collection[int] = (),
) -> int:
    """Create a client after looking for them; return the new id.

    Raises :class:`ValidationError` for refused fields and :class:`PossibleDuplicateError` when
    a known client scores :data:`CANDIDATE_SCORE` or more and is not in
    ``confirmed_homonym_of`` (the clients the user saw and declared to be someone else; that
    choice is recorded in ``homonyms`` and ``audit``).
    """
    errors = validate_client_fields(fields)
    if errors:
        raise ValidationError(errors)
    values = {name: value for name, value in fields.items() if value is not None}
    for name in ("phone", "phone2"):
        e164 = phone_e164(_text(fields, name))
        if e164:
            values[name] = display_phone(e164)
    if _text(fields, "email"):
        values["email"] = _text(fields, "email").lower()
    with write(conn):
        pending = [
            hit.client_id for hit in candidates_for(conn, fields)
            if hit.score >= CANDIDATE_SCORE and hit.client_id not in confirmed_homonym_of
        ]
        if pending:
            raise PossibleDuplicateError(pending)
        names = ", ".join([*values, "created_by", "updated_by"])
        marks = ", ".join("?" * (len(values) + 2))
        cursor = conn.execute(
            f"INSERT INTO clients ({names}) VALUES ({marks})", [*values.values(), user, user]
        )
        client_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO audit(user_login, action, table_name, row_id) VALUES (?, 'create',"
            " 'clients', ?)",
            (user, client_id),
        )
        for other in sorted(set(confirmed_homonym_of)):
            record_homonyms(conn, client_id, other, user)
        reindex_clients(conn, [client_id])
    return client_id


def record_homonyms(conn: sqlite3.Connection, client_id: int, other_id: int, user: str) -> None:
    """Record that two clients are different people with the same name (never proposed for a
    merge again), audited on both."""
    low, high = sorted((client_id, other_id))
    with write(conn):
        conn.execute(
            "INSERT OR IGNORE INTO homonyms(client_id, other_id, confirmed_by) VALUES (?, ?, ?)",
            (low, high, user),
        )
        conn.executemany(
            "INSERT INTO audit(user_login, action, table_name, row_id, field, new_value)"
            " VALUES (?, 'confirm_homonym', 'clients', ?, 'homonym_of', ?)",
            [(user, client_id, str(other_id)), (user, other_id, str(client_id))],
        )
