"""The seam between imports and find-before-create: which clients an imported row may already be.

Imports call :func:`find_duplicate_candidates` for a client row without a DMS number; a row
with candidates is reported, never created blindly (unless it is the very same record: the
import's own "unchanged" check). Candidates come from the search (:func:`candidates_for`:
phone, email and DMS number exactly, the name fuzzily and by sound, whatever the spelling), and
each is judged as :func:`store.duplicates.find_duplicates` judges a pair: a shared phone,
email, vehicle or number counts for, a different birth year or town makes a homonym, who is
not a duplicate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store.client_intake import candidates_for
from store.duplicates import DEFAULT_MIN_SCORE, ClientFacts, compare, facts_of
from store.search_index import client_keys, sync_search_index

# How many search candidates a row is compared with: namesakes of a common name come first.
SEARCH_LIMIT = 20
_FIELDS = ("last_name", "first_name", "company", "phone", "phone2", "email", "postcode",
           "external_id")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing client a row may be, with how sure we are (0..1)."""

    client_id: int
    external_id: str | None
    score: float


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _birth_year(value: Any) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def row_facts(row_fields: Mapping[str, Any]) -> ClientFacts:
    """The facts of an imported row, computed as the search index computes a client's."""
    keys = client_keys(
        0, _text(row_fields.get("last_name")), _text(row_fields.get("first_name")),
        _text(row_fields.get("company")), _birth_year(row_fields.get("birth_year")),
        _text(row_fields.get("postcode")),
        (_text(row_fields.get("phone")), _text(row_fields.get("phone2"))),
        _text(row_fields.get("email")), _text(row_fields.get("external_id")) or None,
    )
    return ClientFacts(0, keys.name, keys.last_phon, keys.first_phon, keys.birth_year,
                       keys.postcode, frozenset(keys.lookups))


def find_duplicate_candidates(conn: sqlite3.Connection, row_fields: Mapping[str, Any]
                              ) -> list[Candidate]:
    """Clients that ``row_fields`` (parsed client columns) probably is, best first."""
    fields = {name: _text(row_fields.get(name)) for name in _FIELDS if _text(row_fields.get(name))}
    hits = candidates_for(conn, fields, SEARCH_LIMIT)
    if not hits:
        return []
    mine = row_facts(row_fields)
    ids = [hit.client_id for hit in hits]
    facts = facts_of(conn, ids)
    marks = ",".join("?" * len(ids))
    numbers = dict(conn.execute(
        f"SELECT id, external_id FROM clients WHERE id IN ({marks})", ids).fetchall())
    found: list[Candidate] = []
    for client_id in ids:
        if client_id not in facts:
            continue
        verdict = compare(mine, facts[client_id])
        if not verdict.homonym and verdict.score >= DEFAULT_MIN_SCORE:
            found.append(Candidate(client_id, numbers.get(client_id), verdict.score / 100))
    return sorted(found, key=lambda c: (-c.score, c.client_id))


def same_record(conn: sqlite3.Connection, row_fields: Mapping[str, Any]) -> int | None:
    """An existing client whose every column the row gives is equal to it, whatever the duplicate
    score: a name alone scores under the threshold, yet a file imported twice must not create
    it twice. Found through the name keys (an index, never a scan of the clients), current once
    the search has run (``find_duplicate_candidates`` syncs the index first)."""
    keys = client_keys(0, _text(row_fields.get("last_name")), _text(row_fields.get("first_name")),
                       _text(row_fields.get("company")))
    if not (keys.last_key or keys.first_key) or not row_fields:
        return None
    sync_search_index(conn)
    names = list(row_fields)
    tests = " AND ".join(f"c.{name} IS ?" for name in names)
    row = conn.execute(
        "SELECT c.id FROM client_keys k JOIN clients c ON c.id = k.client_id"
        f" WHERE k.last_key = ? AND k.first_key = ? AND c.merged_into IS NULL"
        f" AND c.anonymized_at IS NULL AND {tests} ORDER BY c.id LIMIT 1",
        (keys.last_key, keys.first_key, *(row_fields[name] for name in names)),
    ).fetchone()
    return None if row is None else int(row[0])
