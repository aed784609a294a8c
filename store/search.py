"""Find a client however the name, phone, email, plate, VIN or DMS number is typed.

Candidates come from bounded index lookups (exact and prefix keys, phonetic keys, name keys read
forwards and backwards, FTS5 trigram substrings), never from the whole table; rapidfuzz then
ranks those few thousand at most.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.fuzz import WRatio, ratio

from store.normalize import (
    compact_code,
    display_phone,
    email_key,
    name_words,
    phone_e164,
    phone_prefix,
    phonetic,
)
from store.search_index import sync_search_index

PER_LOOKUP = 200
MAX_CANDIDATES = 3000
SHORTLIST = 40
_HIGH = "\U0010ffff"  # upper bound of a prefix range on text keys


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One client found, with what matched and what tells them apart from a namesake."""

    client_id: int
    name: str
    score: int
    matched: str
    city: str
    postcode: str
    birth_year: int | None
    phone: str
    email: str
    vehicle: str
    homonym: bool

    def as_json(self) -> dict[str, Any]:
        """The hit as a JSON object (for ``relance find --format json``)."""
        return asdict(self)


@dataclass(slots=True)
class _Candidate:
    score: float
    matched: str
    name: str = ""  # the folded name, shared by namesakes ("" when found by a code)


def find_clients(conn: sqlite3.Connection, query: str, limit: int = 10) -> list[SearchHit]:
    """The clients ``query`` may designate, best first, at most ``limit``.

    ``query`` is a name (any order, accents, particles, typos, phonetic spelling), a phone in any
    form, an email, a plate, a VIN or a DMS number, whole or being typed.
    """
    if not query.strip() or limit <= 0:
        return []
    sync_search_index(conn)
    found: dict[int, _Candidate] = {}
    for client_id, score, matched in _code_candidates(conn, query):
        _keep_best(found, client_id, score, matched)
    words = [w for w in name_words(query) if not any(ch.isdigit() for ch in w)]
    if words and "@" not in query:
        for client_id, score, matched, name in _name_candidates(conn, words, limit):
            _keep_best(found, client_id, score, matched, name)
    ranked = sorted(found.items(), key=lambda item: (-item[1].score, item[0]))
    return _hits(conn, _varied(ranked, limit))


_CLOSE = 5.0  # points within which another name is shown before more namesakes


def _varied(ranked: list[tuple[int, _Candidate]], limit: int) -> list[tuple[int, _Candidate]]:
    """The best ``limit``, at most half of them bearing one same name while another name scores
    as well (within :data:`_CLOSE`): a common name's namesakes must not hide « Michel Louis » or
    « Lefebvre » behind a page of « Louis Michel » or « Lefèvre »; they fill what is left."""
    cap = max(1, (limit + 1) // 2)
    chosen: list[tuple[int, _Candidate]] = []
    deferred: list[tuple[int, _Candidate]] = []
    per_name: dict[str, int] = {}
    for item in ranked:
        while deferred and len(chosen) < limit and deferred[0][1].score - item[1].score > _CLOSE:
            chosen.append(deferred.pop(0))  # nothing close enough is left: namesakes go first
        if len(chosen) >= limit:
            break
        name = item[1].name
        if name and per_name.get(name, 0) >= cap:
            deferred.append(item)
            continue
        per_name[name] = per_name.get(name, 0) + 1
        chosen.append(item)
    chosen += deferred[:max(0, limit - len(chosen))]
    return sorted(chosen, key=lambda item: (-item[1].score, item[0]))


def _keep_best(found: dict[int, _Candidate], client_id: int, score: float, matched: str,
               name: str = "") -> None:
    current = found.get(client_id)
    if current is None or score > current.score:
        found[client_id] = _Candidate(score, matched, name)
    elif name and not current.name:
        current.name = name


def _prefix_keys(
    conn: sqlite3.Connection, prefix: str, limit: int = 50
) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT key, client_id FROM lookup_keys WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
        (prefix, prefix + _HIGH, limit),
    ).fetchall()
    return [(str(key), int(client_id)) for key, client_id in rows]


_CODE_FIELDS = {"tel": "phone", "mail": "email", "plate": "plate", "vin": "vin",
                "ext": "external_id"}


def _code_candidates(conn: sqlite3.Connection, query: str) -> list[tuple[int, float, str]]:
    prefixes: list[str] = []
    text = query.strip()
    if "@" in text:
        prefixes.append(f"mail:{email_key(text)}")
    e164 = phone_e164(text)
    partial_phone = phone_prefix(text)
    if e164:
        prefixes.append(f"tel:{e164}")
    elif partial_phone:
        prefixes.append(f"tel:{partial_phone}")
    code = compact_code(text)
    if len(code) >= 2 and any(ch.isdigit() for ch in code) and "@" not in text:
        prefixes += [f"plate:{code}", f"vin:{code}", f"ext:{code}"]
    hits: list[tuple[int, float, str]] = []
    for prefix in prefixes:
        kind = prefix.split(":", 1)[0]
        for key, client_id in _prefix_keys(conn, prefix):
            typed = len(prefix) - len(kind) - 1
            whole = len(key) - len(kind) - 1
            score = 100.0 if key == prefix else 60.0 + 39.0 * typed / max(whole, 1)
            hits.append((client_id, score, _CODE_FIELDS[kind]))
    return hits


_GLUED_PARTICLES = ("des", "de", "du", "la", "le", "d", "l")


def _without_glued_particle(word: str) -> str | None:
    for particle in _GLUED_PARTICLES:
        if word.startswith(particle) and len(word) - len(particle) >= 4:
            return word[len(particle):]
    return None


def _splits(words: Sequence[str]) -> list[tuple[str, str]]:
    """(last, first) readings of the typed words: every cut, in both orders."""
    if len(words) == 1:
        return [(words[0], "")]
    readings: list[tuple[str, str]] = []
    for cut in range(1, len(words)):
        head, tail = "".join(words[:cut]), "".join(words[cut:])
        readings += [(head, tail), (tail, head)]
    return readings


_NAME_COLUMNS = "client_id, name"
_SPELLINGS = 20  # probable spellings of a mistyped name read, closest first
_PER_SPELLING = 25
_GOOD = 90.0  # a candidate this good needs no typo hunt


class _NameCandidates:
    """Rows gathered by bounded index lookups, ranked against the typed words."""

    def __init__(self, conn: sqlite3.Connection, words: Sequence[str]) -> None:
        self.conn = conn
        self.words = words
        self.query = " ".join(words)
        self.names: dict[int, str] = {}

    def collect(self, sql: str, args: Iterable[object], cap: int = PER_LOOKUP) -> None:
        if len(self.names) >= MAX_CANDIDATES:
            return
        for client_id, name in self.conn.execute(
            f"SELECT {_NAME_COLUMNS} FROM client_keys WHERE {sql} LIMIT {cap}", list(args)
        ).fetchall():
            self.names[client_id] = name

    def ranked(self, shortlist: int, namesakes: int) -> list[tuple[int, float, str, str]]:
        """The best candidates: a C-speed WRatio pass over the distinct names picks a shortlist
        of names, scored in full; each brings at most ``namesakes`` of its clients."""
        if not self.names:
            return []
        by_name: dict[str, list[int]] = {}
        for client_id, name in self.names.items():
            by_name.setdefault(name, []).append(client_id)
        distinct = list(by_name)
        picked = process.extract(self.query, distinct, scorer=WRatio, limit=shortlist)
        found: list[tuple[int, float, str, str]] = []
        for name, _, _ in picked:
            score, matched = _name_score(self.words, name.split())
            found += [(client_id, score, matched, name)
                      for client_id in sorted(by_name[name])[:namesakes]]
        return found


def _name_candidates(
    conn: sqlite3.Connection, words: Sequence[str], limit: int
) -> list[tuple[int, float, str, str]]:
    found = _NameCandidates(conn, words)
    shortlist = max(SHORTLIST, 3 * limit)
    splits = _splits(words)
    # 1. what was typed, read as prefixes of last and first names, and as sounds
    for last, first in splits:
        if first:
            # the words before the last one are typed whole: equality on them keeps the index
            # range narrow, a prefix on both would scan every name starting the same
            if words[-1].endswith(first):
                found.collect("last_key = ? AND first_key >= ? AND first_key < ?",
                              (last, first, first + _HIGH), 100)
            else:
                found.collect("first_key = ? AND last_key >= ? AND last_key < ?",
                              (first, last, last + _HIGH), 100)
            if len(last) >= 3:
                # the whole first name by sound first: a common name has more neighbours
                # sharing two sounds than one lookup may read
                found.collect("last_phon = ? AND first_phon = ?",
                              (phonetic(last), phonetic(first)), 100)
                sound = phonetic(first)[:2]
                found.collect("last_phon = ? AND first_phon >= ? AND first_phon < ?",
                              (phonetic(last), sound, sound + _HIGH), 100)
        else:
            found.collect("last_key >= ? AND last_key < ?", (last, last + _HIGH), 100)
            glued = _without_glued_particle(last)
            if glued:  # "lafontaine" for "de La Fontaine"
                found.collect("last_key >= ? AND last_key < ?", (glued, glued + _HIGH), 50)
            if len(last) >= 3:
                sound = phonetic(last)
                found.collect("last_phon >= ? AND last_phon < ?", (sound, sound + _HIGH), 100)
                found.collect("first_key >= ? AND first_key < ?", (last, last + _HIGH), 30)
    if len(words) > 1:
        joined = "".join(words)
        found.collect("last_key >= ? AND last_key < ?", (joined, joined + _HIGH), 50)
    ranked = found.ranked(shortlist, limit)
    good = [(score, name) for _, score, _, name in ranked if score >= _GOOD]
    # enough good ones, unless they are all namesakes of one reading that is not what was typed
    if len(good) >= limit and (len({name for _, name in good}) > 1
                               or _typed_as_is(words, max(good)[1].split())):
        return ranked
    # 2. typos: one name right and the other wrong anywhere
    for last, first in splits:
        if first and len(last) >= 3:
            found.collect("first_key = ? AND last_key >= ? AND last_key < ?",
                          (first, last[:2], last[:2] + _HIGH))
            rev = last[::-1][:3]
            found.collect("first_key = ? AND last_rev >= ? AND last_rev < ?",
                          (first, rev, rev + _HIGH))
            # each probable spelling read on its own: one IN list would stop at the
            # alphabetically first spellings of a common name
            for spelling in _name_corrections(conn, "first_name_keys", first)[:_SPELLINGS]:
                found.collect("last_key = ? AND first_key = ?", (last, spelling), _PER_SPELLING)
            for spelling in _name_corrections(conn, "last_name_keys", last)[:_SPELLINGS]:
                found.collect("first_key = ? AND last_key = ?", (first, spelling), _PER_SPELLING)
    # 3. substrings of the longest words ("fontaine" in "lafontaine")
    if len(found.names) < PER_LOOKUP:
        for word in sorted(words, key=len, reverse=True)[:2]:
            if len(word) >= 4:
                ids = [r[0] for r in conn.execute(
                    "SELECT rowid FROM client_fts WHERE client_fts MATCH ? LIMIT ?",
                    (f'"{word}"', PER_LOOKUP),
                ).fetchall()]
                if ids:
                    marks = ",".join("?" * len(ids))
                    found.collect(f"client_id IN ({marks})", ids)
    return found.ranked(shortlist, limit)


def _typed_as_is(words: Sequence[str], stored: Sequence[str]) -> bool:
    """Whether every typed word is a stored word, the last one maybe still being typed."""
    *whole, last = words
    return all(word in stored for word in whole) and any(word.startswith(last) for word in stored)


_vocabularies: dict[tuple[str, str, int], list[str]] = {}


def _name_corrections(conn: sqlite3.Connection, table: str, typed: str) -> list[str]:
    """Known name keys (``first_name_keys`` or ``last_name_keys``) one or two edits away from
    ``typed``: its probable spellings."""
    top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    file = str(conn.execute("PRAGMA database_list").fetchone()[2])
    cache_key = (file, table, top)  # the table only grows: its max id says when to reload
    names = _vocabularies.get(cache_key)
    if names is None:
        names = [r[0] for r in conn.execute(f"SELECT key FROM {table}").fetchall()]
        for stale in [k for k in _vocabularies if k[:2] == (file, table)]:
            del _vocabularies[stale]
        _vocabularies[cache_key] = names
    cutoff = 1 if len(typed) <= 4 else 2
    return [name for name, _, _ in process.extract(
        typed, names, scorer=OSA.distance, score_cutoff=cutoff, limit=20)
        if name != typed]


def _word_score(typed: str, word: str, word_phon: str, typing: bool) -> tuple[float, bool]:
    """How well a typed word matches a stored word (0..1), and whether only by sound."""
    if typed == word:
        return 1.0, False
    if word.startswith(typed):
        return (0.97 if typing else 0.9) * (0.6 + 0.4 * len(typed) / len(word)), False
    spelled = ratio(typed, word) / 100.0
    if Levenshtein.distance(typed, word) == 1:
        spelled = max(spelled, 0.9)
    if len(typed) >= 3 and spelled < 0.93 and phonetic(typed) == word_phon:
        return 0.93, True
    return spelled, False


def _name_score(words: Sequence[str], stored: Sequence[str]) -> tuple[float, str]:
    phons = [phonetic(w) for w in stored]
    total = 0.0
    weight = 0
    used: set[int] = set()
    by_sound = False
    for index, typed in enumerate(words):
        typing = index == len(words) - 1
        best, best_at, best_sound = 0.0, -1, False
        for at, word in enumerate(stored):
            if at in used:
                continue
            score, sound = _word_score(typed, word, phons[at], typing)
            if score > best:
                best, best_at, best_sound = score, at, sound
        if best_at >= 0:
            used.add(best_at)
        by_sound = by_sound or best_sound
        total += best * len(typed)
        weight += len(typed)
    # compound names typed as one word ("lefevredupont") or split differently
    joined_typed, joined_stored = "".join(words), "".join(stored)
    whole = ratio(joined_typed, joined_stored) / 100.0
    score = max(total / max(weight, 1), whole * 0.95)
    score -= 0.02 * (len(stored) - len(used))  # a name longer than what was typed ranks lower
    return max(0.0, min(100.0, 100.0 * score)), "phonetic" if by_sound else "name"


def _hits(conn: sqlite3.Connection, ranked: list[tuple[int, _Candidate]]) -> list[SearchHit]:
    if not ranked:
        return []
    ids = [client_id for client_id, _ in ranked]
    marks = ",".join("?" * len(ids))
    details = {
        row[0]: row
        for row in conn.execute(
            "SELECT c.id, c.last_name, c.first_name, c.company, c.city, c.postcode, c.birth_year,"
            " c.phone, c.email, k.last_key, k.first_key FROM clients c"
            f" LEFT JOIN client_keys k ON k.client_id = c.id WHERE c.id IN ({marks})",
            ids,
        ).fetchall()
    }
    vehicles: dict[int, str] = {}
    for client_id, plate, make, model in conn.execute(
        "SELECT client_id, plate, make, model FROM vehicles"
        f" WHERE client_id IN ({marks}) AND status = 'owned'"
        " ORDER BY coalesce(delivered_on, first_registration_on) DESC, id DESC",
        ids,
    ).fetchall():
        vehicles.setdefault(client_id, " ".join(p for p in (plate, make, model) if p))
    names: dict[tuple[str, str], int] = {}
    for row in details.values():
        names[(row[9], row[10])] = names.get((row[9], row[10]), 0) + 1
    hits: list[SearchHit] = []
    for client_id, candidate in ranked:
        row = details.get(client_id)
        if row is None:
            continue
        _, last, first, company, city, postcode, birth_year, phone, email, lk, fk = row
        person = " ".join(part for part in (str(last).upper(), str(first)) if part)
        hits.append(SearchHit(
            client_id=client_id,
            name=person or str(company),
            score=round(candidate.score),
            matched=candidate.matched,
            city=str(city),
            postcode=str(postcode),
            birth_year=birth_year,
            phone=display_phone(str(phone)),
            email=str(email),
            vehicle=vehicles.get(client_id, ""),
            homonym=lk is not None and names.get((lk, fk), 0) > 1,
        ))
    return hits

