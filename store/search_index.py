"""The search index: folded and phonetic keys of every client, kept current whoever writes.

SQL triggers (migration ``m002_search``) put every inserted or changed client, and the owner of
every inserted or changed vehicle, in ``search_queue``; plain SQL cannot fold accents as the
query does, so Python computes the keys here. :func:`sync_search_index` drains the queue: every
store write calls it inside its transaction, and a search calls it before reading when the
queue is not empty. After a bulk load (demo, import) call :func:`rebuild_search_index` once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from store.db import write
from store.normalize import (
    compact_code,
    email_key,
    name_key,
    name_words,
    phone_e164,
    phonetic_key,
    plate_key,
    vin_key,
)

SYNC_BATCH = 5000
_REBUILD_CHUNK = 20000

_CLIENT_COLUMNS = (
    "id, last_name, first_name, company, birth_year, postcode, phone, phone2, email,"
    " external_id, anonymized_at, merged_into"
)


@dataclass(frozen=True, slots=True)
class ClientKeys:
    """The keys of one client as stored in ``client_keys`` and ``lookup_keys``."""

    client_id: int
    name: str
    last_key: str
    first_key: str
    last_rev: str
    last_phon: str
    first_phon: str
    birth_year: int | None
    postcode: str
    lookups: tuple[str, ...]

    def row(self) -> tuple[object, ...]:
        return (self.client_id, self.name, self.last_key, self.first_key, self.last_rev,
                self.last_phon, self.first_phon, self.birth_year, self.postcode)


def client_keys(
    client_id: int,
    last_name: str,
    first_name: str,
    company: str = "",
    birth_year: int | None = None,
    postcode: str = "",
    phones: Iterable[str] = (),
    email: str = "",
    external_id: str | None = None,
    plates: Iterable[str] = (),
    vins: Iterable[str | None] = (),
) -> ClientKeys:
    """Compute the keys of one client from its fields and its vehicles' plates and VINs."""
    last = last_name if last_name.strip() else company
    last_key = name_key(last)
    first_key = name_key(first_name)
    lookups: set[str] = set()
    for phone in phones:
        e164 = phone_e164(phone)
        if e164:
            lookups.add(f"tel:{e164}")
    if email.strip():
        lookups.add(f"mail:{email_key(email)}")
    if external_id and compact_code(external_id):
        lookups.add(f"ext:{compact_code(external_id)}")
    for plate in plates:
        if plate and plate_key(plate):
            lookups.add(f"plate:{plate_key(plate)}")
    for vin in vins:
        if vin and vin_key(vin):
            lookups.add(f"vin:{vin_key(vin)}")
    return ClientKeys(
        client_id=client_id,
        name=" ".join(name_words(last) + name_words(first_name)),
        last_key=last_key,
        first_key=first_key,
        last_rev=last_key[::-1],
        last_phon=phonetic_key(last),
        first_phon=phonetic_key(first_name),
        birth_year=birth_year,
        postcode=postcode.strip(),
        lookups=tuple(sorted(lookups)),
    )


def _vehicle_codes(
    conn: sqlite3.Connection, client_ids: Sequence[int]
) -> dict[int, tuple[list[str], list[str | None]]]:
    codes: dict[int, tuple[list[str], list[str | None]]] = {}
    marks = ",".join("?" * len(client_ids))
    rows = conn.execute(
        f"SELECT client_id, plate, vin FROM vehicles WHERE client_id IN ({marks})"
        " AND status <> 'scrapped'",
        list(client_ids),
    ).fetchall()
    for client_id, plate, vin in rows:
        plates, vins = codes.setdefault(client_id, ([], []))
        plates.append(plate)
        vins.append(vin)
    return codes


def _keys_for_rows(
    rows: list[tuple[object, ...]], vehicles: dict[int, tuple[list[str], list[str | None]]]
) -> Iterator[ClientKeys]:
    for row in rows:
        (client_id, last, first, company, birth_year, postcode, phone, phone2, email,
         external_id, anonymized_at, merged_into) = row
        if anonymized_at is not None or merged_into is not None:
            continue  # nobody searches for an erased or merged record
        assert isinstance(client_id, int)
        plates, vins = vehicles.get(client_id, ([], []))
        yield client_keys(
            client_id, str(last), str(first), str(company),
            birth_year if isinstance(birth_year, int) else None, str(postcode),
            (str(phone), str(phone2)), str(email),
            str(external_id) if external_id is not None else None, plates, vins,
        )


def _remove(conn: sqlite3.Connection, client_ids: Sequence[int]) -> None:
    marks = ",".join("?" * len(client_ids))
    conn.execute(
        "INSERT INTO client_fts(client_fts, rowid, name) SELECT 'delete', client_id, name"
        f" FROM client_keys WHERE client_id IN ({marks})",
        list(client_ids),
    )
    conn.execute(f"DELETE FROM client_keys WHERE client_id IN ({marks})", list(client_ids))
    conn.execute(f"DELETE FROM lookup_keys WHERE client_id IN ({marks})", list(client_ids))


def _store(conn: sqlite3.Connection, keys: list[ClientKeys], *, fts: bool = True) -> None:
    conn.executemany(
        "INSERT INTO client_keys(client_id, name, last_key, first_key, last_rev, last_phon,"
        " first_phon, birth_year, postcode) VALUES (?,?,?,?,?,?,?,?,?)",
        [k.row() for k in keys],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO lookup_keys(key, client_id) VALUES (?, ?)",
        [(lookup, k.client_id) for k in keys for lookup in k.lookups],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO first_name_keys(key) VALUES (?)",
        [(k.first_key,) for k in keys if k.first_key],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO last_name_keys(key) VALUES (?)",
        [(k.last_key,) for k in keys if k.last_key],
    )
    if fts:
        conn.executemany(
            "INSERT INTO client_fts(rowid, name) VALUES (?, ?)",
            [(k.client_id, k.name) for k in keys],
        )


def reindex_clients(conn: sqlite3.Connection, client_ids: Sequence[int]) -> None:
    """Recompute the keys of these clients now; call inside a write transaction."""
    ids = sorted(set(client_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {_CLIENT_COLUMNS} FROM clients WHERE id IN ({marks})", chunk
        ).fetchall()
        _remove(conn, chunk)
        _store(conn, list(_keys_for_rows(rows, _vehicle_codes(conn, chunk))))
        conn.execute(f"DELETE FROM search_queue WHERE client_id IN ({marks})", chunk)


def search_backlog(conn: sqlite3.Connection) -> int:
    """How many clients wait for their keys (0 when the index is current)."""
    return int(conn.execute("SELECT count(*) FROM search_queue").fetchone()[0])


def sync_search_index(conn: sqlite3.Connection, limit: int = SYNC_BATCH) -> int:
    """Index up to ``limit`` queued clients; return how many remain queued.

    Cheap when the queue is empty (one indexed read, no write).
    """
    if conn.execute("SELECT 1 FROM search_queue LIMIT 1").fetchone() is None:
        return 0
    with write(conn):
        ids = [r[0] for r in conn.execute(
            "SELECT client_id FROM search_queue ORDER BY client_id LIMIT ?", (limit,)
        ).fetchall()]
        reindex_clients(conn, ids)
    return search_backlog(conn)


def rebuild_search_index(conn: sqlite3.Connection) -> int:
    """Recompute every client's keys from scratch (after a bulk load); return how many clients
    are indexed. One write transaction; about a minute for a million clients."""
    with write(conn):
        conn.execute("DELETE FROM client_keys")
        conn.execute("DELETE FROM lookup_keys")
        conn.execute("DELETE FROM search_queue")
        conn.execute("DELETE FROM first_name_keys")
        conn.execute("DELETE FROM last_name_keys")
        conn.execute("INSERT INTO client_fts(client_fts) VALUES ('delete-all')")
        # loading into index-less tables then indexing once is several times faster
        indexes = [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('client_keys', 'lookup_keys')"
        ).fetchall()]
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('client_keys', 'lookup_keys')"
        ).fetchall():
            conn.execute(f"DROP INDEX {name}")
        total = 0
        last_id = -1
        while True:  # by id ranges, so a million clients never sit in memory at once
            rows = conn.execute(
                f"SELECT {_CLIENT_COLUMNS} FROM clients WHERE id > ? ORDER BY id LIMIT ?",
                (last_id, _REBUILD_CHUNK),
            ).fetchall()
            if not rows:
                break
            first_id, last_id = rows[0][0], rows[-1][0]
            vehicles: dict[int, tuple[list[str], list[str | None]]] = {}
            for client_id, plate, vin in conn.execute(
                "SELECT client_id, plate, vin FROM vehicles WHERE client_id BETWEEN ? AND ?"
                " AND status <> 'scrapped'",
                (first_id, last_id),
            ).fetchall():
                plates, vins = vehicles.setdefault(client_id, ([], []))
                plates.append(plate)
                vins.append(vin)
            keys = list(_keys_for_rows(rows, vehicles))
            _store(conn, keys, fts=False)
            total += len(keys)
        for sql in indexes:
            conn.execute(sql)
        conn.execute("INSERT INTO client_fts(client_fts) VALUES ('rebuild')")
    return total
