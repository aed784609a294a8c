"""The seam between imports and find-before-create: which clients an imported row may already be.

Imports call :func:`find_duplicate_candidates` for a client row without a DMS number; a row
with candidates is reported, never created blindly. This simple matcher (exact phone, exact
email, or exact folded last + first name + postcode) stands in for the search module's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.values import fold


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing client a row may be, with how sure we are (0..1)."""

    client_id: int
    external_id: str | None
    score: float


def find_duplicate_candidates(conn: sqlite3.Connection, row_fields: Mapping[str, Any]
                              ) -> list[Candidate]:
    """Clients that ``row_fields`` (parsed client columns) probably is, best first."""
    scores: dict[int, tuple[float, str | None]] = {}

    def consider(rows: list[Any], score: float) -> None:
        for client_id, external_id in rows:
            if scores.get(client_id, (0.0, None))[0] < score:
                scores[client_id] = (score, external_id)

    phones = [p for p in (row_fields.get("phone"), row_fields.get("phone2")) if p]
    for phone in phones:
        consider(conn.execute(
            "SELECT id, external_id FROM clients WHERE anonymized_at IS NULL"
            " AND (phone = ? OR phone2 = ?) LIMIT 50", (phone, phone)).fetchall(), 0.9)
    email = str(row_fields.get("email") or "")
    if email:
        consider(conn.execute(
            "SELECT id, external_id FROM clients WHERE anonymized_at IS NULL AND lower(email) = ?"
            " LIMIT 50", (email.lower(),)).fetchall(), 0.9)
    last, first = fold(str(row_fields.get("last_name") or "")), fold(str(row_fields.get("first_name") or ""))
    postcode = str(row_fields.get("postcode") or "")
    if last and postcode:
        rows = conn.execute(
            "SELECT id, external_id, last_name, first_name FROM clients"
            " WHERE anonymized_at IS NULL AND postcode = ? AND lower(last_name) = ? LIMIT 200",
            (postcode, str(row_fields.get("last_name") or "").strip().lower()),
        ).fetchall()
        consider([(r[0], r[1]) for r in rows if fold(r[2]) == last and fold(r[3]) == first], 0.8)
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
    return [Candidate(client_id=cid, external_id=ext,
                      score=min(1.0, score + (0.1 if _also_named(conn, cid, last) else 0.0)))
            for cid, (score, ext) in ranked]


def _also_named(conn: sqlite3.Connection, client_id: int, folded_last: str) -> bool:
    if not folded_last:
        return False
    row = conn.execute("SELECT last_name FROM clients WHERE id = ?", (client_id,)).fetchone()
    return row is not None and fold(row[0]) == folded_last
