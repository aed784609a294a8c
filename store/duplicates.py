"""Probable duplicate clients, with a score and the reasons; homonyms told apart.

Pairs come from blocks read off the search index (same phone, email, plate, VIN or DMS number;
same phonetic name, split by postcode or birth year when the name is common), so the million
clients are never compared two by two.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz.fuzz import token_sort_ratio

from store.records import person_name
from store.search_index import sync_search_index

MAX_BLOCK = 40
DEFAULT_MIN_SCORE = 70
_PAIR_CHUNK = 20000

_KEY_REASONS = {"tel": "même téléphone", "mail": "même e-mail", "plate": "même immatriculation",
                "vin": "même VIN", "ext": "même n° client DMS"}


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """What a pair comparison reads of one client (from the search index)."""

    client_id: int
    name: str
    last_phon: str
    first_phon: str
    birth_year: int | None
    postcode: str
    keys: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class PairVerdict:
    """How alike two clients are: score 0-100, the reasons, and whether they are homonyms
    (same name, different person)."""

    score: int
    reasons: tuple[str, ...]
    homonym: bool


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two clients that are probably one person."""

    client_id: int
    other_id: int
    score: int
    reasons: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"client_id": self.client_id, "other_id": self.other_id, "score": self.score,
                "reasons": list(self.reasons)}


def compare(a: ClientFacts, b: ClientFacts) -> PairVerdict:
    """Score two clients as one person, and tell homonyms apart.

    A shared phone, email, vehicle or DMS number counts for; a different birth year, or a
    different town with nothing shared, makes same-named clients homonyms.
    """
    name_score = token_sort_ratio(a.name, b.name)
    same_sound = bool(a.last_phon) and (a.last_phon, a.first_phon) == (b.last_phon, b.first_phon)
    reasons: list[str] = []
    if name_score >= 100:
        reasons.append("même nom")
    elif same_sound:
        reasons.append("nom de même son")
        name_score = max(name_score, 92.0)
    elif name_score >= 80:
        reasons.append(f"nom proche ({round(name_score)} %)")
    score = 0.65 * name_score
    shared = a.keys & b.keys
    kinds = sorted({key.split(":", 1)[0] for key in shared})
    for kind in kinds:
        reasons.append(_KEY_REASONS[kind])
    if kinds:
        score += 25 + 5 * (len(kinds) - 1)
    differ_year = a.birth_year is not None and b.birth_year is not None and (
        a.birth_year != b.birth_year)
    if a.birth_year is not None and a.birth_year == b.birth_year:
        score += 12
        reasons.append("même année de naissance")
    if a.postcode and a.postcode == b.postcode:
        score += 10
        reasons.append("même code postal")
    differ_town = bool(a.postcode and b.postcode and a.postcode != b.postcode)
    a_phones = {k for k in a.keys if k.startswith("tel:")}
    b_phones = {k for k in b.keys if k.startswith("tel:")}
    differ_phone = bool(a_phones and b_phones and not a_phones & b_phones)
    homonym = False
    if differ_year:
        score -= 35
        reasons.append("années de naissance différentes")
        homonym = name_score >= 85
    elif not shared and (differ_town or differ_phone):
        score -= 10 * differ_town + 10 * differ_phone
        if differ_town:
            reasons.append("codes postaux différents")
        if differ_phone:
            reasons.append("téléphones différents")
        homonym = name_score >= 85 and differ_town and differ_phone
    score = max(0.0, min(100.0, score))
    return PairVerdict(round(score), tuple(reasons), homonym)


def facts_of(conn: sqlite3.Connection, client_ids: Sequence[int]) -> dict[int, ClientFacts]:
    """The facts of these clients, read from the search index."""
    facts: dict[int, ClientFacts] = {}
    for start in range(0, len(client_ids), 500):
        chunk = list(client_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        keys: dict[int, set[str]] = {}
        for key, client_id in conn.execute(
            f"SELECT key, client_id FROM lookup_keys WHERE client_id IN ({marks})", chunk
        ).fetchall():
            keys.setdefault(client_id, set()).add(key)
        for client_id, name, last_phon, first_phon, birth_year, postcode in conn.execute(
            "SELECT client_id, name, last_phon, first_phon, birth_year, postcode"
            f" FROM client_keys WHERE client_id IN ({marks})",
            chunk,
        ).fetchall():
            facts[client_id] = ClientFacts(client_id, name, last_phon, first_phon, birth_year,
                                           postcode, frozenset(keys.get(client_id, ())))
    return facts


def _pairs_of(groups: Iterable[str]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for group in groups:
        ids = sorted(int(x) for x in group.split(","))
        pairs.update(combinations(ids, 2))
    return pairs


def candidate_pairs(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    """Pairs worth comparing: sharing an exact key, or a phonetic name in a small block."""
    pairs = _pairs_of(row[0] for row in conn.execute(
        "SELECT group_concat(client_id) FROM lookup_keys GROUP BY key"
        " HAVING count(*) BETWEEN 2 AND ?",
        (MAX_BLOCK,),
    ).fetchall())
    pairs |= _pairs_of(row[0] for row in conn.execute(
        "SELECT group_concat(client_id) FROM client_keys WHERE last_phon <> ''"
        " GROUP BY last_phon, first_phon HAVING count(*) BETWEEN 2 AND ?",
        (MAX_BLOCK,),
    ).fetchall())
    # common names: compare within a birth year, or a town (towns are big: smaller blocks)
    for split, block in (("birth_year", MAX_BLOCK // 2), ("postcode", MAX_BLOCK // 4)):
        pairs |= _pairs_of(row[0] for row in conn.execute(
            f"SELECT group_concat(client_id) FROM client_keys WHERE last_phon <> ''"
            f" AND coalesce({split}, '') <> '' GROUP BY last_phon, first_phon, {split}"
            " HAVING count(*) BETWEEN 2 AND ?",
            (block,),
        ).fetchall())
    return pairs


# The best score of a pair _contradicted holds for, unless homonyms (see compare): 0.65 * 85
# for the name + 10 for the postcode - 35 for the birth years; such pairs are never listed.
_CONTRADICTED_MAX = 31


def _contradicted(a: ClientFacts, b: ClientFacts) -> bool:
    """Cheap pre-check: different birth years and no phone, email, vehicle or number shared."""
    return (a.birth_year is not None and b.birth_year is not None
            and a.birth_year != b.birth_year and not a.keys & b.keys)


def find_duplicates(
    conn: sqlite3.Connection, min_score: int = DEFAULT_MIN_SCORE, limit: int | None = None
) -> list[DuplicatePair]:
    """Probable duplicate pairs, best first; homonyms and pairs confirmed as different people
    are left out."""
    sync_search_index(conn)
    confirmed = {(a, b) for a, b in conn.execute(
        "SELECT client_id, other_id FROM homonyms").fetchall()}
    pairs = sorted(candidate_pairs(conn) - confirmed)
    found: list[DuplicatePair] = []
    for start in range(0, len(pairs), _PAIR_CHUNK):  # facts of a chunk at a time: bounded memory
        chunk = pairs[start:start + _PAIR_CHUNK]
        facts = facts_of(conn, sorted({cid for pair in chunk for cid in pair}))
        for a, b in chunk:
            if a not in facts or b not in facts:
                continue
            if min_score > _CONTRADICTED_MAX and _contradicted(facts[a], facts[b]):
                continue
            verdict = compare(facts[a], facts[b])
            if not verdict.homonym and verdict.score >= min_score:
                found.append(DuplicatePair(a, b, verdict.score, verdict.reasons))
    found.sort(key=lambda p: (-p.score, p.client_id, p.other_id))
    return found if limit is None else found[:limit]


def client_names(conn: sqlite3.Connection, client_ids: Sequence[int]) -> dict[int, str]:
    """« NOM Prénom » (or the company) of these clients, to print a pair."""
    names: dict[int, str] = {}
    for start in range(0, len(client_ids), 500):
        chunk = list(client_ids[start:start + 500])
        marks = ",".join("?" * len(chunk))
        for client_id, last, first, company in conn.execute(
            f"SELECT id, last_name, first_name, company FROM clients WHERE id IN ({marks})", chunk
        ).fetchall():
            names[client_id] = person_name(last, first, company)
    return names


def compare_clients(conn: sqlite3.Connection, client_id: int, other_id: int) -> PairVerdict:
    """The verdict on two given clients (for the merge screen and the new-client form)."""
    sync_search_index(conn)
    facts = facts_of(conn, sorted({client_id, other_id}))
    if client_id not in facts or other_id not in facts:
        return PairVerdict(0, ("client fusionné ou anonymisé",), False)
    return compare(facts[client_id], facts[other_id])
