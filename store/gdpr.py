"""What the GDPR asks of the store: everything held on a person, their anonymization, and the
people whose retention period is over."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.db import write
from store.errors import NotFoundError, StoreError
from store.rows import now_utc

# Tables holding a client_id, and the free-text or identifying columns erasure blanks in each.
_RELATED: dict[str, dict[str, Any]] = {
    "vehicles": {"plate": "", "vin": None},
    "financings": {"external_id": None},
    "wishes": {"needs": ""},
    "leads": {"subject": "", "external_id": None},
    "proposals": {"external_id": None},
    "contacts": {"note": ""},
    "reminders": {"reason": "effacé (RGPD)", "reason_en": "erased (GDPR)", "claimed_by": None},
    "repair_orders": {},  # invoices are kept ten years, whole
    "complaints": {"subject": "", "resolution": ""},
    "action_plan_items": {},
}

_CLIENT_ERASED: dict[str, Any] = {
    "civility": "", "last_name": "ANONYME", "first_name": "", "company": "", "birth_year": None,
    "birth_date": None, "situation": "", "profession": "", "interests": "", "phone": "",
    "phone2": "", "email": "", "address": "", "postcode": "", "city": "",
    "consent_phone": "no", "consent_sms": "no", "consent_email": "no", "consent_post": "no",
    "consent_phone_source": "rgpd", "consent_sms_source": "rgpd", "consent_email_source": "rgpd",
    "consent_post_source": "rgpd",
}


ERASED_PREFIX = "rgpd:"


def erased_external_id(external_id: str) -> str:
    """What an erased client keeps of their DMS number: a one-way hash, so that the next DMS
    import recognises the person and does not bring them back, yet nobody can read the number."""
    return ERASED_PREFIX + hashlib.sha256(external_id.encode("utf-8")).hexdigest()[:24]


class AmbiguousClientError(StoreError):
    """The reference names two different clients."""


def find_client_id(conn: sqlite3.Connection, reference: str) -> int:
    """A client by Relance id (``123`` or ``id:123``) or DMS number (``1001`` or ``dms:1001``)."""
    text = reference.strip()
    if text.startswith("id:"):
        by_id = _by_id(conn, text[3:])
        if by_id is None:
            raise NotFoundError(f"client {text} introuvable.")
        return by_id
    if text.startswith("dms:"):
        text_ext = text[4:]
        row = conn.execute("SELECT id FROM clients WHERE external_id = ?", (text_ext,)).fetchone()
        if row is None:
            raise NotFoundError(f"client de n° DMS « {text_ext} » introuvable.")
        return int(row[0])
    by_id = _by_id(conn, text)
    row = conn.execute("SELECT id FROM clients WHERE external_id = ?", (text,)).fetchone()
    by_ext = int(row[0]) if row else None
    if by_id is not None and by_ext is not None and by_id != by_ext:
        raise AmbiguousClientError(
            f"« {text} » est la fiche {by_id} et le n° DMS de la fiche {by_ext} : "
            f"écrivez id:{text} ou dms:{text}.")
    found = by_id if by_id is not None else by_ext
    if found is None:
        raise NotFoundError(f"client « {text} » introuvable (ni id Relance, ni n° DMS).")
    return found


def _by_id(conn: sqlite3.Connection, text: str) -> int | None:
    # ASCII digits only ("²".isdigit() is True) and within SQLite's INTEGER range.
    if not (text.isascii() and text.isdigit()) or int(text) > 2**63 - 1:
        return None
    row = conn.execute("SELECT id FROM clients WHERE id = ?", (int(text),)).fetchone()
    return int(row[0]) if row else None


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def subject_access(conn: sqlite3.Connection, client_id: int) -> dict[str, Any]:
    """Everything held on a person (GDPR art. 15), as JSON-ready data."""
    conn.execute("BEGIN")  # one consistent read
    try:
        client = _rows(conn, "SELECT * FROM clients WHERE id = ?", (client_id,))
        if not client:
            raise NotFoundError(f"client {client_id} introuvable.")
        data: dict[str, Any] = {"client": client[0]}
        for table in _RELATED:
            data[table] = _rows(conn, f"SELECT * FROM {table} WHERE client_id = ? ORDER BY id",
                                (client_id,))
        data["assigned_user"] = _rows(conn, "SELECT login, name FROM users WHERE id = ?",
                                      (client[0]["assigned_user_id"],))
        data["audit"] = _rows(conn, "SELECT at, user_login, action, field, old_value, new_value"
                                    " FROM audit WHERE table_name = 'clients' AND row_id = ?"
                                    " ORDER BY id", (client_id,))
    finally:
        conn.execute("ROLLBACK")
    return data


def anonymize(conn: sqlite3.Connection, client_id: int, user: str) -> None:
    """Erase a person (GDPR art. 17): identity, contact details and free text blanked, consents
    refused; repair orders, amounts and dates kept for invoices and statistics. Old values are
    purged from the audit, and the erasure itself is audited (who, when)."""
    stamp = now_utc()
    with write(conn):
        found = conn.execute("SELECT external_id FROM clients WHERE id = ?", (client_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"client {client_id} introuvable.")
        external_id = found[0]
        if external_id and not str(external_id).startswith(ERASED_PREFIX):
            external_id = erased_external_id(str(external_id))
        changes = {**_CLIENT_ERASED, "external_id": external_id, "anonymized_at": stamp,
                   "consent_phone_on": stamp[:10], "consent_sms_on": stamp[:10],
                   "consent_email_on": stamp[:10], "consent_post_on": stamp[:10]}
        assignments = ", ".join(f"{name} = ?" for name in changes)
        conn.execute(f"UPDATE clients SET {assignments}, version = version + 1, updated_at = ?,"
                     " updated_by = ? WHERE id = ?", [*changes.values(), stamp, user, client_id])
        for table, blanked in _RELATED.items():
            ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE client_id = ?",
                                              (client_id,)).fetchall()]
            if blanked and ids:
                sets = ", ".join(f"{name} = ?" for name in blanked)
                conn.executemany(f"UPDATE {table} SET {sets}, version = version + 1, updated_at = ?,"
                                 " updated_by = ? WHERE id = ?",
                                 [[*blanked.values(), stamp, user, i] for i in ids])
                conn.executemany(
                    f"UPDATE audit SET old_value = NULL, new_value = NULL WHERE table_name = ?"
                    f" AND row_id = ? AND field IN ({', '.join('?' for _ in blanked)})",
                    [[table, i, *blanked] for i in ids])
        conn.execute("UPDATE reminders SET status = 'dismissed', dismissed_reason = 'RGPD : effacement'"
                     " WHERE client_id = ? AND status IN ('open', 'snoozed')", (client_id,))
        conn.execute("UPDATE audit SET old_value = NULL, new_value = NULL"
                     " WHERE table_name = 'clients' AND row_id = ?", (client_id,))
        conn.execute("INSERT INTO audit (at, user_login, action, table_name, row_id, field)"
                     " VALUES (?, ?, 'anonymize', 'clients', ?, 'rgpd')", (stamp, user, client_id))


@dataclass(frozen=True, slots=True)
class RetentionDue:
    """A person whose retention period is over."""

    client_id: int
    external_id: str | None
    kind: str  # as judged from the facts: a 'prospect' record with a repair order is a 'client'
    last_name: str
    first_name: str
    company: str
    last_on: str  # the last contact from the prospect, or the end of the relationship


# A client is whoever owns or owned a vehicle, had a repair order, a financing or accepted a
# proposal, whatever the record's kind says: a DMS file without a Type column makes prospects.
_HAS_BOUGHT = """(EXISTS (SELECT 1 FROM vehicles v WHERE v.client_id = c.id)
    OR EXISTS (SELECT 1 FROM repair_orders o WHERE o.client_id = c.id)
    OR EXISTS (SELECT 1 FROM financings f WHERE f.client_id = c.id)
    OR EXISTS (SELECT 1 FROM proposals p WHERE p.client_id = c.id AND p.status = 'accepted'))"""

_LAST_FROM_PERSON = """max(coalesce(c.last_inbound_on, ''), substr(c.created_at, 1, 10),
    coalesce((SELECT max(substr(k.at, 1, 10)) FROM contacts k
              WHERE k.client_id = c.id AND k.direction = 'in'), ''))"""

_RELATIONSHIP_END = f"""max({_LAST_FROM_PERSON},
    coalesce((SELECT max(o.opened_on) FROM repair_orders o WHERE o.client_id = c.id), ''),
    coalesce((SELECT max(coalesce(f.end_on, f.start_on)) FROM financings f WHERE f.client_id = c.id), ''),
    coalesce((SELECT max(v.delivered_on) FROM vehicles v WHERE v.client_id = c.id), ''),
    coalesce((SELECT max(p.handed_on) FROM proposals p WHERE p.client_id = c.id), ''))"""


def retention_due(conn: sqlite3.Connection, prospect_cutoff: date, client_cutoff: date,
                  limit: int = 100_000) -> list[RetentionDue]:
    """Prospects with no contact from them since ``prospect_cutoff``, and clients or former
    clients whose relationship ended before ``client_cutoff``; anonymized people excluded.
    Who is a client is judged from the facts (vehicle, repair order, financing, accepted
    proposal) as well as from the record's kind."""
    rows = conn.execute(
        f"""SELECT id, external_id, judged, last_name, first_name, company, last_on FROM (
              SELECT id, external_id, judged, last_name, first_name, company,
                     CASE judged WHEN 'prospect' THEN {_LAST_FROM_PERSON} ELSE {_RELATIONSHIP_END}
                     END AS last_on
              FROM (SELECT c.*, CASE WHEN c.kind <> 'prospect' THEN c.kind
                                     WHEN {_HAS_BOUGHT} THEN 'client' ELSE 'prospect' END AS judged
                    FROM clients c WHERE c.anonymized_at IS NULL) AS c)
            WHERE last_on < CASE judged WHEN 'prospect' THEN ? ELSE ? END
            ORDER BY last_on, id LIMIT ?""",
        (prospect_cutoff.isoformat(), client_cutoff.isoformat(), limit),
    ).fetchall()
    return [RetentionDue(*row) for row in rows]


def user_role(conn: sqlite3.Connection, login: str) -> str | None:
    """The role of an active user, None when the login is unknown or inactive."""
    row = conn.execute("SELECT role FROM users WHERE login = ? AND active = 1", (login,)).fetchone()
    return str(row[0]) if row else None
