"""Merging two records of one person: fields chosen, history moved, everything audited.

The audit rows of a merge (``merge_field``, ``merge_move``, ``merge_erase``, ``merge``) hold
every old value, so the two records as they were can be rebuilt from them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

from store.db import write
from store.errors import (
    ConflictError,
    MergeRefusedError,
    NotFoundError,
    PermissionDeniedError,
)
from store.search_index import reindex_clients

MERGE_ROLES = frozenset({"manager", "admin"})

# Tables whose rows follow the client into the kept record.
CLIENT_OWNED_TABLES = (
    "contacts", "vehicles", "financings", "reminders", "leads", "proposals", "complaints",
    "wishes", "repair_orders", "action_plan_items",
)

# Fields the user may take from the other record; a consent brings its date and source.
MERGEABLE_FIELDS = frozenset({
    "external_id", "kind", "civility", "last_name", "first_name", "company", "birth_year",
    "birth_date", "situation", "profession", "interests", "phone", "phone2", "email", "address",
    "postcode", "city", "origin", "assigned_user_id", "consent_phone", "consent_sms",
    "consent_email", "consent_post", "abc_segment",
})

# What is left of the other record: an empty shell pointing at the kept one.
_ERASED = {
    "external_id": None, "civility": "", "last_name": "", "first_name": "", "company": "",
    "birth_year": None, "birth_date": None, "situation": "", "profession": "", "interests": "",
    "phone": "", "phone2": "", "email": "", "address": "", "postcode": "", "city": "",
}


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge did: fields taken from the other record and rows moved per table."""

    kept_id: int
    merged_id: int
    fields_taken: tuple[str, ...]
    moved: dict[str, int]


def can_merge(conn: sqlite3.Connection, user: str) -> bool:
    """Whether ``user`` (a login) has a role allowed to merge clients."""
    row = conn.execute("SELECT role FROM users WHERE login = ? AND active = 1", (user,)).fetchone()
    return row is not None and row[0] in MERGE_ROLES


def _client_row(conn: sqlite3.Connection, client_id: int) -> dict[str, object]:
    cursor = conn.execute("SELECT * FROM clients WHERE id = ?", (client_id,))
    row = cursor.fetchone()
    if row is None:
        raise NotFoundError(f"client {client_id} introuvable.")
    return {d[0]: value for d, value in zip(cursor.description, row, strict=True)}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def merge_clients(
    conn: sqlite3.Connection,
    keep_id: int,
    other_id: int,
    user: str,
    take_from_other: Collection[str] = (),
    *,
    keep_version: int | None = None,
    other_version: int | None = None,
) -> MergeResult:
    """Merge ``other_id`` into ``keep_id``: the fields named in ``take_from_other`` come from the
    other record, every row it owns moves, and it is left merged and emptied.

    Raises :class:`PermissionDeniedError` unless ``user`` is a manager or admin,
    :class:`MergeRefusedError` for a client merged with itself or already merged/anonymized,
    :class:`ConflictError` when a given version is no longer the stored one.
    """
    unknown = sorted(set(take_from_other) - MERGEABLE_FIELDS)
    if unknown:
        raise MergeRefusedError(f"champs non fusionnables : {', '.join(unknown)}.")
    if keep_id == other_id:
        raise MergeRefusedError("un client ne peut pas être fusionné avec lui-même.")
    with write(conn):
        if not can_merge(conn, user):
            raise PermissionDeniedError(
                f"{user} n'a pas le droit de fusionner des clients (chef des ventes ou admin)."
            )
        keep, other = _client_row(conn, keep_id), _client_row(conn, other_id)
        for row, expected in ((keep, keep_version), (other, other_version)):
            if row["merged_into"] is not None or row["anonymized_at"] is not None:
                raise MergeRefusedError(f"le client {row['id']} est déjà fusionné ou anonymisé.")
            if expected is not None and row["version"] != expected:
                raise ConflictError("clients", int(str(row["id"])), expected,
                                    int(str(row["version"])))
        # first: frees the other's unique DMS number when the kept record takes it; otherwise
        # the emptied record keeps it, so that the next DMS import finds it merged, not new
        _erase(conn, other, keep_id, user, keep_number="external_id" not in take_from_other)
        taken = _take_fields(conn, keep, other, take_from_other, user)
        moved = {table: _move_rows(conn, table, other_id, keep_id, user)
                 for table in CLIENT_OWNED_TABLES}
        conn.execute(
            "INSERT INTO audit(user_login, action, table_name, row_id, field, new_value)"
            " VALUES (?, 'merge', 'clients', ?, 'merged_from', ?)",
            (user, keep_id, str(other_id)),
        )
        conn.execute(
            "UPDATE clients SET version = version + 1, updated_by = ?,"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%S','now'),"
            " last_contact_on = max(coalesce(last_contact_on, ''), coalesce(?, '')),"
            " last_inbound_on = max(coalesce(last_inbound_on, ''), coalesce(?, ''))"
            " WHERE id = ?",
            (user, other["last_contact_on"], other["last_inbound_on"], keep_id),
        )
        conn.execute(
            "UPDATE clients SET last_contact_on = nullif(last_contact_on, ''),"
            " last_inbound_on = nullif(last_inbound_on, '') WHERE id = ?",
            (keep_id,),
        )
        reindex_clients(conn, [keep_id, other_id])
    return MergeResult(keep_id, other_id, taken, moved)


def _take_fields(
    conn: sqlite3.Connection,
    keep: dict[str, object],
    other: dict[str, object],
    names: Collection[str],
    user: str,
) -> tuple[str, ...]:
    columns: list[str] = []
    for name in sorted(names):
        columns.append(name)
        if name.startswith("consent_"):
            columns += [f"{name}_on", f"{name}_source"]
    changed = [c for c in columns if keep[c] != other[c]]
    for column in changed:
        conn.execute(
            "INSERT INTO audit(user_login, action, table_name, row_id, field, old_value,"
            " new_value) VALUES (?, 'merge_field', 'clients', ?, ?, ?, ?)",
            (user, keep["id"], column, _text(keep[column]), _text(other[column])),
        )
        conn.execute(f"UPDATE clients SET {column} = ? WHERE id = ?", (other[column], keep["id"]))
    return tuple(changed)


def _move_rows(conn: sqlite3.Connection, table: str, other_id: int, keep_id: int,
               user: str) -> int:
    conn.execute(
        "INSERT INTO audit(user_login, action, table_name, row_id, field, old_value, new_value)"
        f" SELECT ?, 'merge_move', ?, id, 'client_id', ?, ? FROM {table} WHERE client_id = ?",
        (user, table, str(other_id), str(keep_id), other_id),
    )
    return conn.execute(
        f"UPDATE {table} SET client_id = ? WHERE client_id = ?", (keep_id, other_id)
    ).rowcount


def _erase(conn: sqlite3.Connection, other: dict[str, object], keep_id: int, user: str, *,
           keep_number: bool) -> None:
    """Audit every value of the other record, then leave it empty, merged into ``keep_id``
    (with its DMS number still, when ``keep_number``)."""
    erased = {column: value for column, value in _ERASED.items()
              if not (keep_number and column == "external_id")}
    conn.executemany(
        "INSERT INTO audit(user_login, action, table_name, row_id, field, old_value)"
        " VALUES (?, 'merge_erase', 'clients', ?, ?, ?)",
        [(user, other["id"], column, _text(value)) for column, value in other.items()
         if column != "id" and value not in (None, "")],
    )
    assignments = ", ".join(f"{column} = ?" for column in erased)
    conn.execute(
        f"UPDATE clients SET {assignments}, merged_into = ?, version = version + 1,"
        " anonymized_at = strftime('%Y-%m-%dT%H:%M:%S','now'), updated_by = ?,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%S','now') WHERE id = ?",
        [*erased.values(), keep_id, user, other["id"]],
    )


def resolve_client_id(conn: sqlite3.Connection, client_id: int) -> int:
    """The record a client id now lives in, following merges (an old id in a bookmark or an
    export still finds the person)."""
    seen = {client_id}
    while True:
        row = conn.execute("SELECT merged_into FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"client {client_id} introuvable.")
        if row[0] is None or row[0] in seen:
            return client_id
        client_id = int(row[0])
        seen.add(client_id)
