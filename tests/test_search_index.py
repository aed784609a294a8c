"""The index stays current whoever writes: plain INSERTs, updates, deletes, vehicles, rebuilds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store.db import connect, write
from store.search import find_clients
from store.search_index import rebuild_search_index, search_backlog, sync_search_index
from tests.search_data import add_client, add_vehicle


def ids(conn: sqlite3.Connection, query: str) -> list[int]:
    return [hit.client_id for hit in find_clients(conn, query)]


def test_plain_insert_is_found_at_once(conn: sqlite3.Connection) -> None:
    client = add_client(conn, "Lefèvre", "Anaïs", phone="0612345678")
    assert search_backlog(conn) == 1  # queued by the trigger
    assert ids(conn, "lefevre anais") == [client]
    assert search_backlog(conn) == 0


def test_renamed_client_is_found_by_the_new_name_only(conn: sqlite3.Connection) -> None:
    client = add_client(conn, "Durand", "Lucie")
    assert ids(conn, "durand") == [client]
    with write(conn):
        conn.execute("UPDATE clients SET last_name = 'Morel' WHERE id = ?", (client,))
    assert ids(conn, "durand") == []
    assert ids(conn, "morel lucie") == [client]


def test_changed_phone_replaces_the_old_key(conn: sqlite3.Connection) -> None:
    client = add_client(conn, "Roux", "Paul", phone="0612345678")
    with write(conn):
        conn.execute("UPDATE clients SET phone = '07 11 22 33 44' WHERE id = ?", (client,))
    assert ids(conn, "0612345678") == []
    assert ids(conn, "+33711223344") == [client]


def test_deleted_client_leaves_the_index(conn: sqlite3.Connection) -> None:
    client = add_client(conn, "Blanc", "Éric")
    assert ids(conn, "blanc") == [client]
    with write(conn):
        conn.execute("DELETE FROM clients WHERE id = ?", (client,))
    assert ids(conn, "blanc") == []


def test_vehicle_plate_follows_its_owner(conn: sqlite3.Connection) -> None:
    first = add_client(conn, "Garnier", "Léo")
    second = add_client(conn, "Faure", "Inès")
    vehicle = add_vehicle(conn, first, plate="GH-456-JK")
    assert ids(conn, "GH456JK") == [first]
    with write(conn):
        conn.execute("UPDATE vehicles SET client_id = ? WHERE id = ?", (second, vehicle))
    assert ids(conn, "GH456JK") == [second]
    with write(conn):
        conn.execute("DELETE FROM vehicles WHERE id = ?", (vehicle,))
    assert ids(conn, "GH456JK") == []


def test_anonymized_client_is_not_found(conn: sqlite3.Connection) -> None:
    client = add_client(conn, "Chevalier", "Rose")
    with write(conn):
        conn.execute("UPDATE clients SET anonymized_at = '2026-01-01T00:00:00' WHERE id = ?",
                     (client,))
    assert ids(conn, "chevalier") == []


def test_other_connection_sees_what_one_wrote(conn: sqlite3.Connection, db_path: Path) -> None:
    other = connect(db_path)
    try:
        client = add_client(other, "Lambert", "Yves")
        assert ids(conn, "lambert") == [client]
    finally:
        other.close()


def test_rebuild_gives_the_same_index_as_the_triggers(conn: sqlite3.Connection) -> None:
    for n in range(30):
        client = add_client(conn, f"Nom{chr(97 + n % 26)}", "Jean", phone=f"06123456{n:02d}")
        add_vehicle(conn, client, plate=f"AA-{n:03d}-BB")
    sync_search_index(conn)
    before = conn.execute("SELECT * FROM client_keys ORDER BY client_id").fetchall()
    lookups = conn.execute("SELECT * FROM lookup_keys ORDER BY key, client_id").fetchall()
    assert rebuild_search_index(conn) == 30
    assert conn.execute("SELECT * FROM client_keys ORDER BY client_id").fetchall() == before
    assert conn.execute("SELECT * FROM lookup_keys ORDER BY key, client_id").fetchall() == lookups
    assert ids(conn, "AA-007-BB") == [8]
    assert ids(conn, "jean nomh")[0] == 8


def test_sync_drains_in_bounded_batches(conn: sqlite3.Connection) -> None:
    for n in range(12):
        add_client(conn, f"Client{n}", "Test")
    assert sync_search_index(conn, limit=5) == 7
    assert sync_search_index(conn, limit=5) == 2
    assert sync_search_index(conn, limit=5) == 0
